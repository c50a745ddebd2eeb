// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the ucapi selftests.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/if_alg.h>
#include <linux/rtnetlink.h>

#include "ucapi_util.h"

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

int sys_ucapi_open(const char *alg_name, unsigned int type,
		   unsigned int flags)
{
	return syscall(__NR_ucapi_open, alg_name, type, flags);
}

long sys_ucapi_ctl(int fd, unsigned int cmd, void *arg, size_t size)
{
	return syscall(__NR_ucapi_ctl, fd, cmd, arg, size);
}

long sys_ucapi_batch(int fd, struct ucapi_op *ops, unsigned int nr_ops,
		     size_t op_size, unsigned int flags)
{
	return syscall(__NR_ucapi_batch, fd, ops, nr_ops, op_size, flags);
}

int ucapi_set_key(int fd, const void *key, uint32_t key_len)
{
	struct ucapi_key args = {
		.key = (uintptr_t)key,
		.key_len = key_len,
	};

	return sys_ucapi_ctl(fd, UCAPI_CTL_SET_KEY, &args, sizeof(args)) ?
	       -errno : 0;
}

int ucapi_set_authsize(int fd, uint32_t authsize)
{
	struct ucapi_authsize args = { .authsize = authsize };

	return sys_ucapi_ctl(fd, UCAPI_CTL_SET_AUTHSIZE, &args,
			     sizeof(args)) ? -errno : 0;
}

int ucapi_get_info(int fd, struct ucapi_info *info)
{
	long ret = sys_ucapi_ctl(fd, UCAPI_CTL_GET_INFO, info, sizeof(*info));

	if (ret < 0)
		return -errno;
	return ret == sizeof(*info) ? 0 : -EIO;
}

int ucapi_open_keyed(const char *alg, unsigned int type, const void *key,
		     uint32_t key_len)
{
	int fd = sys_ucapi_open(alg, type, UCAPI_OPEN_CLOEXEC);
	int err;

	if (fd < 0)
		return -errno;
	err = ucapi_set_key(fd, key, key_len);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

void ucapi_op_init(struct ucapi_op *op, uint32_t code, const void *iv,
		   uint32_t iv_len, const void *src, uint32_t src_len,
		   void *dst, uint32_t dst_len, uint32_t aad_len)
{
	memset(op, 0, sizeof(*op));
	op->op = code;
	op->iv = (uintptr_t)iv;
	op->iv_len = iv_len;
	op->src = (uintptr_t)src;
	op->src_len = src_len;
	op->dst = (uintptr_t)dst;
	op->dst_len = dst_len;
	op->aad_len = aad_len;
	/* Poison the output fields so that a missing write-back shows. */
	op->status = 1;
	op->out_len = 0xdeadbeef;
}

int ucapi_run_one(int fd, struct ucapi_op *op)
{
	long ret = sys_ucapi_batch(fd, op, 1, sizeof(*op), 0);

	if (ret < 0)
		return -errno;
	if (ret != 1)
		return -EIO;
	return op->status;
}

size_t authenc_key(uint8_t *out, const uint8_t *auth_key, size_t auth_len,
		   const uint8_t *enc_key, size_t enc_len)
{
	struct rtattr rta = {
		.rta_len = RTA_LENGTH(4),
		.rta_type = 1,	/* CRYPTO_AUTHENC_KEYA_PARAM */
	};
	uint32_t enc_len_be = htobe32(enc_len);

	memcpy(out, &rta, sizeof(rta));
	memcpy(out + sizeof(rta), &enc_len_be, 4);
	memcpy(out + RTA_LENGTH(4), auth_key, auth_len);
	memcpy(out + RTA_LENGTH(4) + auth_len, enc_key, enc_len);
	return RTA_LENGTH(4) + auth_len + enc_len;
}

static int afalg_bind(const char *type, const char *alg, const void *key,
		      size_t key_len, uint32_t authsize)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	int tfm;

	snprintf((char *)sa.salg_type, sizeof(sa.salg_type), "%s", type);
	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", alg);
	tfm = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (tfm < 0)
		return -errno;
	if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)))
		goto fail;
	if (key_len && setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, key_len))
		goto fail;
	if (authsize &&
	    setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, authsize))
		goto fail;
	return tfm;

fail:
	close(tfm);
	return -errno;
}

/* Send src with the operation, IV and AAD length as control messages. */
static int afalg_send(int op_fd, int decrypt, const void *iv, size_t iv_len,
		      const void *src, size_t src_len, size_t aad_len,
		      int aead)
{
	char cbuf[CMSG_SPACE(4) + CMSG_SPACE(4 + UCAPI_MAX_IV_LEN) +
		  CMSG_SPACE(4)] = { 0 };
	struct iovec iov = { .iov_base = (void *)src, .iov_len = src_len };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = CMSG_SPACE(4) + CMSG_SPACE(4 + iv_len) +
				  (aead ? CMSG_SPACE(4) : 0),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	struct af_alg_iv *alg_iv;
	uint32_t v;

	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_OP;
	c->cmsg_len = CMSG_LEN(4);
	v = decrypt ? ALG_OP_DECRYPT : ALG_OP_ENCRYPT;
	memcpy(CMSG_DATA(c), &v, 4);

	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_IV;
	c->cmsg_len = CMSG_LEN(4 + iv_len);
	alg_iv = (struct af_alg_iv *)CMSG_DATA(c);
	alg_iv->ivlen = iv_len;
	memcpy(alg_iv->iv, iv, iv_len);

	if (aead) {
		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = SOL_ALG;
		c->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
		c->cmsg_len = CMSG_LEN(4);
		v = aad_len;
		memcpy(CMSG_DATA(c), &v, 4);
	}
	return sendmsg(op_fd, &msg, 0) == (ssize_t)src_len ? 0 : -errno;
}

ssize_t afalg_run(const char *type, const char *alg, const void *key,
		  size_t key_len, uint32_t authsize, int decrypt,
		  const void *iv, size_t iv_len, const void *src,
		  size_t src_len, size_t aad_len, void *dst, size_t dst_len)
{
	int hash = !strcmp(type, "hash");
	int tfm, op_fd;
	ssize_t ret;

	tfm = afalg_bind(type, alg, key, key_len, authsize);
	if (tfm < 0)
		return tfm;
	op_fd = accept4(tfm, NULL, NULL, SOCK_CLOEXEC);
	if (op_fd < 0) {
		ret = -errno;
		goto close_tfm;
	}

	if (hash)
		ret = send(op_fd, src, src_len, 0) == (ssize_t)src_len ?
		      0 : -errno;
	else
		ret = afalg_send(op_fd, decrypt, iv, iv_len, src, src_len,
				 aad_len, !strcmp(type, "aead"));
	if (!ret) {
		ret = read(op_fd, dst, dst_len);
		if (ret < 0)
			ret = -errno;
	}

	close(op_fd);
close_tfm:
	close(tfm);
	return ret;
}

void fill_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0) {
			perror("getrandom");
			exit(1);
		}
		p += n;
		len -= n;
	}
}

int count_open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!dir)
		return -errno;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	/* Do not count the descriptor of the directory stream itself. */
	return n - 1;
}
