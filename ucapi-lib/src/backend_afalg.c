// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Backend on AF_ALG sockets (crypto/af_alg.c).  A session has the bound
 * transform socket and one accepted operation socket, and every operation is
 * one sendmsg() carrying the direction, IV and AAD length as control
 * messages with the source data, and one recvmsg() of the result.
 *
 * The kernel refuses setsockopt() on a transform socket with a keyed
 * operation socket open (-EBUSY), so setkey and set_authsize close the
 * operation socket and accept a new one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_alg.h>

#include "internal.h"

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif
/* Linux 6.2 added ALG_SET_KEY_BY_KEY_SERIAL; older headers lack it. */
#ifndef ALG_SET_KEY_BY_KEY_SERIAL
#define ALG_SET_KEY_BY_KEY_SERIAL 7
#endif

struct afalg_state {
	int tfm_fd;
	int op_fd;
	int sock_flags;		/* SOCK_CLOEXEC or 0 */
};

bool ucapi_afalg_present(void)
{
	int fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static const char *salg_type(enum ucapi_type type)
{
	switch (type) {
	case UCAPI_AEAD:
		return "aead";
	case UCAPI_SKCIPHER:
		return "skcipher";
	default:
		return "hash";
	}
}

static int bind_alg(struct ucapi_session *sess, int fd)
{
	union {
		struct sockaddr_alg sa;
		unsigned char raw[offsetof(struct sockaddr_alg, salg_name) +
				  UCAPI_LIB_ALG_NAME_LEN];
	} addr;
	size_t name_len = strlen(sess->alg_name);

	memset(&addr, 0, sizeof(addr));
	addr.sa.salg_family = AF_ALG;
	strcpy((char *)addr.sa.salg_type, salg_type(sess->type));
	memcpy(addr.raw + offsetof(struct sockaddr_alg, salg_name),
	       sess->alg_name, name_len + 1);
	ucapi_count_syscalls(sess, 1);
	if (bind(fd, (struct sockaddr *)&addr,
		 offsetof(struct sockaddr_alg, salg_name) + name_len + 1))
		return -errno;
	return 0;
}

static int accept_op(struct ucapi_session *sess)
{
	struct afalg_state *st = sess->priv;
	int fd;

	ucapi_count_syscalls(sess, 1);
	fd = accept4(st->tfm_fd, NULL, NULL, st->sock_flags);
	if (fd < 0)
		return -errno;
	st->op_fd = fd;
	return 0;
}

static void close_op(struct ucapi_session *sess)
{
	struct afalg_state *st = sess->priv;

	if (st->op_fd < 0)
		return;
	ucapi_count_syscalls(sess, 1);
	close(st->op_fd);
	st->op_fd = -1;
}

/* Parameters from NETLINK_CRYPTO, else from the library's own table. */
static int load_params(struct ucapi_session *sess)
{
	struct ucapi_known_alg known;
	int err;

	err = ucapi_netlink_alg_info(sess->alg_name, sess->type,
				     &sess->params);
	if (!err)
		return 0;
	if (ucapi_lookup_known_alg(sess->alg_name, sess->type, &known))
		return -EOPNOTSUPP;
	sess->params = known.params;
	strcpy(sess->params.driver_name, "unknown");
	return 0;
}

static int afalg_open(struct ucapi_session *sess, unsigned int flags)
{
	struct afalg_state *st;
	int err;

	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->op_fd = -1;
	st->sock_flags = flags & UCAPI_F_CLOEXEC_OFF ? 0 : SOCK_CLOEXEC;
	sess->priv = st;

	ucapi_count_syscalls(sess, 1);
	st->tfm_fd = socket(AF_ALG, SOCK_SEQPACKET | st->sock_flags, 0);
	if (st->tfm_fd < 0) {
		err = -errno;
		goto free_state;
	}
	err = bind_alg(sess, st->tfm_fd);
	if (err)
		goto close_tfm;
	err = load_params(sess);
	if (err)
		goto close_tfm;
	/* Key checks are the kernel's: its operations return -ENOKEY. */
	sess->params.keyed = false;
	sess->params.unkeyed = false;
	err = accept_op(sess);
	if (err)
		goto close_tfm;
	return 0;

close_tfm:
	close(st->tfm_fd);
free_state:
	free(st);
	sess->priv = NULL;
	return err;
}

static void afalg_close(struct ucapi_session *sess)
{
	struct afalg_state *st = sess->priv;

	close_op(sess);
	close(st->tfm_fd);
	free(st);
	sess->priv = NULL;
}

/* Run a setsockopt() on the transform socket between operation sockets. */
static int tfm_setsockopt(struct ucapi_session *sess, int name,
			  const void *val, socklen_t len)
{
	struct afalg_state *st = sess->priv;
	int err = 0, accept_err;

	close_op(sess);
	ucapi_count_syscalls(sess, 1);
	if (setsockopt(st->tfm_fd, SOL_ALG, name, val, len))
		err = -errno;
	accept_err = accept_op(sess);
	return err ? err : accept_err;
}

/* AF_ALG returns -ENOSYS for unkeyed hashes, the ucapi call -EOPNOTSUPP. */
static int afalg_setkey(struct ucapi_session *sess, const void *key,
			size_t key_len)
{
	int err = tfm_setsockopt(sess, ALG_SET_KEY, key, (socklen_t)key_len);

	return err == -ENOSYS ? -EOPNOTSUPP : err;
}

static int afalg_setkey_serial(struct ucapi_session *sess, int32_t serial)
{
	int err = tfm_setsockopt(sess, ALG_SET_KEY_BY_KEY_SERIAL, &serial,
				 sizeof(serial));

	return err == -ENOSYS ? -EOPNOTSUPP : err;
}

/* ALG_SET_AEAD_AUTHSIZE takes the size in optlen and no value. */
static int afalg_set_authsize(struct ucapi_session *sess,
			      unsigned int authsize)
{
	return tfm_setsockopt(sess, ALG_SET_AEAD_AUTHSIZE, NULL, authsize);
}

#define CMSG_OP_SPACE	CMSG_SPACE(sizeof(uint32_t))
#define CMSG_IV_SPACE	CMSG_SPACE(sizeof(struct af_alg_iv) + \
				   UCAPI_LIB_MAX_IV_LEN)
#define CMSG_AAD_SPACE	CMSG_SPACE(sizeof(uint32_t))

union afalg_cmsg_buf {
	struct cmsghdr align;
	unsigned char buf[CMSG_OP_SPACE + CMSG_IV_SPACE + CMSG_AAD_SPACE];
};

static struct cmsghdr *put_u32_cmsg(struct cmsghdr *c, int type,
				    uint32_t val)
{
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = type;
	c->cmsg_len = CMSG_LEN(sizeof(val));
	memcpy(CMSG_DATA(c), &val, sizeof(val));
	return c;
}

/* Build the control messages of a cipher operation; returns their length. */
static size_t build_cipher_cmsgs(struct ucapi_session *sess,
				 const struct ucapi_op *op,
				 union afalg_cmsg_buf *cbuf,
				 struct msghdr *msg)
{
	struct af_alg_iv iv_head = { .ivlen = op->iv_len };
	struct cmsghdr *c;
	uint32_t alg_op = op->op == UCAPI_ENCRYPT ? ALG_OP_ENCRYPT :
						    ALG_OP_DECRYPT;
	size_t len;

	memset(cbuf, 0, sizeof(*cbuf));
	msg->msg_control = cbuf->buf;
	msg->msg_controllen = sizeof(cbuf->buf);

	c = CMSG_FIRSTHDR(msg);
	put_u32_cmsg(c, ALG_SET_OP, alg_op);
	len = CMSG_SPACE(sizeof(uint32_t));

	c = CMSG_NXTHDR(msg, c);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_IV;
	c->cmsg_len = CMSG_LEN(sizeof(iv_head) + op->iv_len);
	memcpy(CMSG_DATA(c), &iv_head, sizeof(iv_head));
	if (op->iv_len)
		memcpy(CMSG_DATA(c) + sizeof(iv_head), op->iv, op->iv_len);
	len += CMSG_SPACE(sizeof(iv_head) + op->iv_len);

	if (sess->type == UCAPI_AEAD) {
		c = CMSG_NXTHDR(msg, c);
		put_u32_cmsg(c, ALG_SET_AEAD_ASSOCLEN, op->aad_len);
		len += CMSG_SPACE(sizeof(uint32_t));
	}
	return len;
}

/*
 * An error can leave data queued on the operation socket, and the kernel
 * would take it as the start of the next operation.  A fresh socket drops
 * it.  (An authentication failure consumes the request and needs no reset.)
 */
static int reset_after_error(struct ucapi_session *sess, int err)
{
	close_op(sess);
	accept_op(sess);
	return err;
}

static int afalg_run_op(struct ucapi_session *sess, struct ucapi_op *op,
			uint32_t out_len)
{
	struct afalg_state *st = sess->priv;
	union afalg_cmsg_buf cbuf;
	struct iovec iov = {
		.iov_base = (void *)op->src, .iov_len = op->src_len,
	};
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	unsigned char scratch[1];
	ssize_t n;

	if (st->op_fd < 0 && accept_op(sess))
		return -EBADF;
	if (sess->type != UCAPI_HASH)
		msg.msg_controllen = build_cipher_cmsgs(sess, op, &cbuf, &msg);

	ucapi_count_syscalls(sess, 1);
	n = sendmsg(st->op_fd, &msg, 0);
	if (n < 0)
		return reset_after_error(sess, -errno);
	if ((size_t)n != op->src_len)
		return reset_after_error(sess, -EIO);

	/*
	 * The kernel runs an AEAD request only while the receive buffer has
	 * room left (aead_recvmsg()), so an operation without output, such
	 * as decrypting a bare tag, receives into a scratch byte.  Otherwise
	 * the tag would go unchecked and the data would stay queued.
	 */
	iov.iov_base = out_len ? op->dst : scratch;
	iov.iov_len = out_len ? out_len : sizeof(scratch);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	ucapi_count_syscalls(sess, 1);
	n = recvmsg(st->op_fd, &msg, 0);
	if (n < 0 && errno == EBADMSG) {
		/* AF_ALG decrypts into dst before it checks the tag. */
		if (out_len > op->aad_len)
			explicit_bzero((unsigned char *)op->dst + op->aad_len,
				       out_len - op->aad_len);
		return -EBADMSG;
	}
	if (n < 0)
		return reset_after_error(sess, -errno);
	if ((size_t)n != out_len)
		return reset_after_error(sess, -EIO);
	op->out_len = out_len;
	return 0;
}

const struct ucapi_backend_ops ucapi_afalg_backend = {
	.id = UCAPI_BACKEND_AF_ALG,
	.name = "af_alg",
	.open = afalg_open,
	.close = afalg_close,
	.setkey = afalg_setkey,
	.setkey_serial = afalg_setkey_serial,
	.set_authsize = afalg_set_authsize,
	.run_op = afalg_run_op,
};
