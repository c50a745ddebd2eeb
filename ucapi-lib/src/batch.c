// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ucapi_batch() and the single-operation helpers built on it.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

/*
 * Run each operation through the backend's run_op after the common checks.
 * Like the kernel, stop before the operation that would take the batch
 * over its length limit and return the count done.
 */
static int run_ops(struct ucapi_session *sess, struct ucapi_op *ops,
		   unsigned int nr_ops)
{
	bool key_missing = sess->params.keyed && !sess->key_set;
	unsigned int i, done = ucapi_batch_prefix(ops, nr_ops);
	uint32_t out_len;
	int err;

	for (i = 0; i < done; i++) {
		struct ucapi_op *op = &ops[i];

		op->out_len = 0;
		err = ucapi_check_op(sess->type, &sess->params, key_missing,
				     op, &out_len);
		if (!err)
			err = sess->backend->run_op(sess, op, out_len);
		op->status = err;
	}
	return (int)done;
}

UCAPI_API int ucapi_batch(struct ucapi_session *sess, struct ucapi_op *ops,
			  unsigned int nr_ops)
{
	int ret;

	if (!sess)
		return -EINVAL;
	if (!nr_ops)
		return 0;
	if (nr_ops > UCAPI_LIB_MAX_OPS)
		return -EINVAL;
	if (!ops)
		return -EFAULT;

	pthread_mutex_lock(&sess->lock);
	if (sess->backend->batch)
		ret = sess->backend->batch(sess, ops, nr_ops);
	else
		ret = run_ops(sess, ops, nr_ops);
	pthread_mutex_unlock(&sess->lock);
	return ret;
}

/* Run one operation; returns its out_len or a negative errno. */
static int run_single(struct ucapi_session *sess, struct ucapi_op *op)
{
	int ret = ucapi_batch(sess, op, 1);

	if (ret < 0)
		return ret;
	if (ret != 1)
		return -EINTR;
	if (op->status)
		return op->status;
	return (int)op->out_len;
}

static bool lengths_fit(size_t a, size_t b, size_t c)
{
	return a <= UINT32_MAX && b <= UINT32_MAX && c <= UINT32_MAX;
}

static int aead_single(struct ucapi_session *sess, uint32_t kind,
		       const void *iv, size_t iv_len, const void *src,
		       size_t src_len, size_t aad_len, void *dst,
		       size_t dst_len)
{
	struct ucapi_op op = {
		.op = kind, .iv = iv, .src = src, .dst = dst,
		.src_len = (uint32_t)src_len, .dst_len = (uint32_t)dst_len,
		.aad_len = (uint32_t)aad_len, .iv_len = (uint32_t)iv_len,
	};

	if (!sess)
		return -EINVAL;
	if (!lengths_fit(src_len, dst_len, aad_len) || iv_len > UINT32_MAX)
		return -EINVAL;
	if (sess->type != UCAPI_AEAD)
		return -EINVAL;
	return run_single(sess, &op);
}

UCAPI_API int ucapi_aead_encrypt(struct ucapi_session *sess, const void *iv,
				 size_t iv_len, const void *src, size_t src_len,
				 size_t aad_len, void *dst, size_t dst_len)
{
	return aead_single(sess, UCAPI_ENCRYPT, iv, iv_len, src, src_len,
			   aad_len, dst, dst_len);
}

UCAPI_API int ucapi_aead_decrypt(struct ucapi_session *sess, const void *iv,
				 size_t iv_len, const void *src, size_t src_len,
				 size_t aad_len, void *dst, size_t dst_len)
{
	return aead_single(sess, UCAPI_DECRYPT, iv, iv_len, src, src_len,
			   aad_len, dst, dst_len);
}

static int skcipher_single(struct ucapi_session *sess, uint32_t kind,
			   const void *iv, size_t iv_len, const void *src,
			   void *dst, size_t len)
{
	struct ucapi_op op = {
		.op = kind, .iv = iv, .src = src, .dst = dst,
		.src_len = (uint32_t)len, .dst_len = (uint32_t)len,
		.iv_len = (uint32_t)iv_len,
	};

	if (!sess)
		return -EINVAL;
	if (!lengths_fit(len, iv_len, 0))
		return -EINVAL;
	if (sess->type != UCAPI_SKCIPHER)
		return -EINVAL;
	return run_single(sess, &op);
}

UCAPI_API int ucapi_skcipher_encrypt(struct ucapi_session *sess,
				     const void *iv, size_t iv_len,
				     const void *src, void *dst, size_t len)
{
	return skcipher_single(sess, UCAPI_ENCRYPT, iv, iv_len, src, dst, len);
}

UCAPI_API int ucapi_skcipher_decrypt(struct ucapi_session *sess,
				     const void *iv, size_t iv_len,
				     const void *src, void *dst, size_t len)
{
	return skcipher_single(sess, UCAPI_DECRYPT, iv, iv_len, src, dst, len);
}

UCAPI_API int ucapi_digest(struct ucapi_session *sess, const void *data,
			   size_t len, void *digest, size_t digest_len)
{
	struct ucapi_op op = {
		.op = UCAPI_DIGEST, .src = data, .dst = digest,
		.src_len = (uint32_t)len, .dst_len = (uint32_t)digest_len,
	};

	if (!sess)
		return -EINVAL;
	if (!lengths_fit(len, digest_len, 0))
		return -EINVAL;
	if (sess->type != UCAPI_HASH)
		return -EINVAL;
	return run_single(sess, &op);
}
