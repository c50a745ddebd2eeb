// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Checks of batch descriptors that do not depend on the backend.  They run
 * in the order and with the errors of the kernel's ucapi_batch(), so that
 * every backend gives a bad descriptor the same status.  Checks that depend
 * on the algorithm (block multiples, ESP AAD lengths) belong to the backend
 * that runs it.
 */
#include <errno.h>
#include <stdint.h>

#include "internal.h"

/*
 * Count the leading operations whose src_len add up to at most the batch
 * limit; the kernel stops before the first one that would exceed it.
 * Operations longer than the per-operation limit fail alone and do not
 * count.
 */
unsigned int ucapi_batch_prefix(const struct ucapi_op *ops,
				unsigned int nr_ops)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < nr_ops; i++) {
		if (ops[i].src_len > UCAPI_LIB_MAX_OP_LEN)
			continue;
		total += ops[i].src_len;
		if (total > UCAPI_LIB_MAX_BATCH_LEN)
			break;
	}
	return i;
}

static bool op_kind_valid(enum ucapi_type type, uint32_t kind)
{
	if (type == UCAPI_HASH)
		return kind == UCAPI_DIGEST;
	return kind == UCAPI_ENCRYPT || kind == UCAPI_DECRYPT;
}

static bool iv_len_valid(const struct ucapi_alg_params *params,
			 const struct ucapi_op *op)
{
	if (op->iv_len > UCAPI_LIB_MAX_IV_LEN)
		return false;
	if (params->ivsize != UCAPI_IVSIZE_UNKNOWN &&
	    op->iv_len != params->ivsize)
		return false;
	return op->iv_len || !op->iv;
}

/* Output length of an operation, or a negative errno. */
static int64_t output_len(enum ucapi_type type,
			  const struct ucapi_alg_params *params,
			  const struct ucapi_op *op)
{
	if (type != UCAPI_AEAD) {
		if (op->aad_len)
			return -EINVAL;
		return type == UCAPI_SKCIPHER ? op->src_len :
						params->digestsize;
	}
	if (op->aad_len > op->src_len)
		return -EINVAL;
	if (op->op == UCAPI_ENCRYPT)
		return (int64_t)op->src_len + params->authsize;
	if (op->src_len - op->aad_len < params->authsize)
		return -EINVAL;
	return op->src_len - params->authsize;
}

/*
 * Check one operation against the limits, the transform's parameters and
 * the key state.  On success stores the length the operation writes to
 * dst in *out_len.  A NULL buffer of nonzero length is -EFAULT, checked
 * last as the kernel only finds it when it copies.
 */
int ucapi_check_op(enum ucapi_type type, const struct ucapi_alg_params *params,
		   bool key_missing, const struct ucapi_op *op,
		   uint32_t *out_len)
{
	int64_t need;

	if (op->flags || !op_kind_valid(type, op->op))
		return -EINVAL;
	if (op->src_len > UCAPI_LIB_MAX_OP_LEN ||
	    op->dst_len > UCAPI_LIB_MAX_OP_LEN)
		return -EINVAL;
	if (!iv_len_valid(params, op))
		return -EINVAL;

	need = output_len(type, params, op);
	if (need < 0)
		return (int)need;
	if (need > UCAPI_LIB_MAX_OP_LEN)
		return -EINVAL;
	if (need > op->dst_len)
		return -ENOSPC;
	if (key_missing)
		return -ENOKEY;

	if ((!op->iv && op->iv_len) || (!op->src && op->src_len) ||
	    (!op->dst && need))
		return -EFAULT;
	*out_len = (uint32_t)need;
	return 0;
}
