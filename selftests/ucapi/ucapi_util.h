/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the ucapi selftests: system-call wrappers,
 * operation setup and an AF_ALG reference implementation.
 */
#ifndef UCAPI_UTIL_H
#define UCAPI_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/ucapi.h>

/* Largest input the known-answer tables use, with room for AAD and tag. */
#define UCAPI_TEST_BUF_LEN	512

int sys_ucapi_open(const char *alg_name, unsigned int type,
		   unsigned int flags);
long sys_ucapi_ctl(int fd, unsigned int cmd, void *arg, size_t size);
long sys_ucapi_batch(int fd, struct ucapi_op *ops, unsigned int nr_ops,
		     size_t op_size, unsigned int flags);

int ucapi_set_key(int fd, const void *key, uint32_t key_len);
int ucapi_set_authsize(int fd, uint32_t authsize);
int ucapi_get_info(int fd, struct ucapi_info *info);

/* Open a session of type for alg and set key; return the fd or -errno. */
int ucapi_open_keyed(const char *alg, unsigned int type, const void *key,
		     uint32_t key_len);

void ucapi_op_init(struct ucapi_op *op, uint32_t code, const void *iv,
		   uint32_t iv_len, const void *src, uint32_t src_len,
		   void *dst, uint32_t dst_len, uint32_t aad_len);

/* Run one operation and return its status, or -errno of the call. */
int ucapi_run_one(int fd, struct ucapi_op *op);

/*
 * Build an authenc() key: the rtattr header with the encryption key length,
 * then the authentication key, then the encryption key.  Return its length.
 */
size_t authenc_key(uint8_t *out, const uint8_t *auth_key, size_t auth_len,
		   const uint8_t *enc_key, size_t enc_len);

/*
 * Run one operation through AF_ALG: type is "aead", "skcipher" or "hash".
 * For AEAD, src and dst have the ucapi layout (AAD first).  Return the
 * output length, or -errno.
 */
ssize_t afalg_run(const char *type, const char *alg, const void *key,
		  size_t key_len, uint32_t authsize, int decrypt,
		  const void *iv, size_t iv_len, const void *src,
		  size_t src_len, size_t aad_len, void *dst, size_t dst_len);

void fill_random(void *buf, size_t len);

int count_open_fds(void);

#endif /* UCAPI_UTIL_H */
