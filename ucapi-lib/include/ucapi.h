/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libucapi: Linux kernel Crypto API transforms from user space.
 *
 * A session binds one transform, named as the kernel names it
 * ("rfc4106(gcm(aes))", "authenc(hmac(sha256),cbc(aes))", "sha256", ...),
 * to one backend:
 *
 *   syscall  the ucapi system calls: one call runs a whole batch
 *   af_alg   AF_ALG sockets, one sendmsg/recvmsg pair per operation
 *   openssl  OpenSSL EVP in the calling process
 *
 * Every call returns 0 (or a count) on success and a negative errno value on
 * failure; ucapi_strerror() describes it.  All backends produce the same bytes
 * for the same inputs, and all use the kernel's buffer layout:
 *
 *   AEAD encrypt   src: | AAD | plaintext           |
 *                  dst: | AAD | ciphertext | tag    |
 *   AEAD decrypt   src: | AAD | ciphertext | tag    |
 *                  dst: | AAD | plaintext           |
 *   skcipher       src: | data |   dst: | data |
 *   hash           src: | data |   dst: | digest |
 *
 * Thread safety: a session may be used from several threads at once; calls
 * on one session are serialized by a mutex of the session.  Use one session
 * per thread for parallelism.  ucapi_close() is the exception: no other call
 * may use the session while or after it runs.  Calls that take no session are
 * safe from any thread.
 *
 * Errors: a NULL session or NULL argument is -EINVAL; a NULL buffer inside an
 * operation descriptor is -EFAULT in that operation's status.  The man pages
 * list the errors of each call.
 */
#ifndef UCAPI_H
#define UCAPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UCAPI_API __attribute__((visibility("default")))

enum ucapi_type {
	UCAPI_AEAD = 1,
	UCAPI_SKCIPHER = 2,
	UCAPI_HASH = 3,
};

enum ucapi_backend {
	UCAPI_BACKEND_AUTO = 0,
	UCAPI_BACKEND_SYSCALL = 1,
	UCAPI_BACKEND_AF_ALG = 2,
	UCAPI_BACKEND_OPENSSL = 3,
};

enum ucapi_op_kind {
	UCAPI_ENCRYPT = 1,
	UCAPI_DECRYPT = 2,
	UCAPI_DIGEST = 3,
};

/* Flags of struct ucapi_open_opts */
#define UCAPI_F_CLOEXEC_OFF	(1U << 0)	/* let the session fd survive exec */

/*
 * Options of ucapi_open().  Set sz to sizeof(struct ucapi_open_opts); fields
 * added later are read only when sz covers them.  NULL means all defaults.
 */
struct ucapi_open_opts {
	size_t sz;
	enum ucapi_backend backend;	/* AUTO: env UCAPI_BACKEND, then probe */
	unsigned int flags;		/* UCAPI_F_* */
};

/*
 * One operation of a batch: the kernel's struct ucapi_op on 64-bit systems.
 * dst may equal src or overlap it: every backend reads all of src first.
 */
struct ucapi_op {
	uint32_t op;		/* enum ucapi_op_kind */
	uint32_t flags;		/* must be 0 */
	const void *iv;		/* iv_len bytes; NULL for hash */
	const void *src;
	void *dst;		/* may equal or overlap src */
	uint32_t src_len;
	uint32_t dst_len;	/* capacity of dst */
	uint32_t aad_len;	/* AEAD only */
	uint32_t iv_len;	/* must equal the transform's IV size */
	int32_t status;		/* out: 0 or a negative errno (-EBADMSG, ...) */
	uint32_t out_len;	/* out: bytes written to dst */
};

struct ucapi_info {
	size_t sz;			/* set by the caller: sizeof(struct ucapi_info) */
	char alg_name[128];
	char driver_name[128];		/* e.g. "generic-gcm-aesni" or "openssl" */
	enum ucapi_type type;
	enum ucapi_backend backend;
	unsigned int ivsize;
	unsigned int blocksize;
	unsigned int maxauthsize;
	unsigned int authsize;
	unsigned int digestsize;
	unsigned int min_keysize;	/* 0 where the Crypto API gives none */
	unsigned int max_keysize;
	unsigned int max_ops;		/* per ucapi_batch() call */
	unsigned int max_op_len;	/* src_len and dst_len */
	int key_set;
	unsigned int max_batch_len;	/* sum of src_len over one batch */
};

struct ucapi_session;

/* Open a session; *sessp is set on success only.  Thread-safe. */
UCAPI_API int ucapi_open(struct ucapi_session **sessp, const char *alg_name,
			 enum ucapi_type type,
			 const struct ucapi_open_opts *opts);
/* Close a session and wipe its key; NULL is a no-op.  Not concurrent-safe. */
UCAPI_API void ucapi_close(struct ucapi_session *sess);

/*
 * The calls below until ucapi_authenc_key() lock the session and may be
 * called from several threads on one session.  A failed setkey leaves the
 * session without a key, as the kernel does.
 */

UCAPI_API int ucapi_setkey(struct ucapi_session *sess, const void *key,
			   size_t key_len);
UCAPI_API int ucapi_setkey_serial(struct ucapi_session *sess, int32_t serial);
UCAPI_API int ucapi_set_authsize(struct ucapi_session *sess,
				 unsigned int authsize);
UCAPI_API int ucapi_get_info(struct ucapi_session *sess,
			     struct ucapi_info *info);

/*
 * Run nr_ops operations.  Returns how many were processed, each with its own
 * status.  A count below nr_ops means the call stopped early: on a signal, a
 * fault on the ops array, or before the operation that would take the sum of
 * src_len over max_batch_len.  Returns a negative errno when none was
 * processed, and 0 for nr_ops 0.
 */
UCAPI_API int ucapi_batch(struct ucapi_session *sess, struct ucapi_op *ops,
			  unsigned int nr_ops);

/* Single-operation helpers; they return out_len or a negative errno. */
UCAPI_API int ucapi_aead_encrypt(struct ucapi_session *sess, const void *iv,
				 size_t iv_len, const void *src, size_t src_len,
				 size_t aad_len, void *dst, size_t dst_len);
UCAPI_API int ucapi_aead_decrypt(struct ucapi_session *sess, const void *iv,
				 size_t iv_len, const void *src, size_t src_len,
				 size_t aad_len, void *dst, size_t dst_len);
UCAPI_API int ucapi_skcipher_encrypt(struct ucapi_session *sess,
				     const void *iv, size_t iv_len,
				     const void *src, void *dst, size_t len);
UCAPI_API int ucapi_skcipher_decrypt(struct ucapi_session *sess,
				     const void *iv, size_t iv_len,
				     const void *src, void *dst, size_t len);
UCAPI_API int ucapi_digest(struct ucapi_session *sess, const void *data,
			   size_t len, void *digest, size_t digest_len);

/*
 * Build the key of an authenc(...) transform: an rtattr header of type
 * CRYPTO_AUTHENC_KEYA_PARAM carrying enckeylen (big endian), then the
 * authentication key, then the encryption key.  Returns the blob length, or
 * -ENOSPC when out_len is too small for it.
 */
UCAPI_API int ucapi_authenc_key(void *out, size_t out_len,
				const void *auth_key, size_t auth_key_len,
				const void *enc_key, size_t enc_key_len);

UCAPI_API enum ucapi_backend ucapi_session_backend(const struct ucapi_session *sess);
UCAPI_API const char *ucapi_backend_name(enum ucapi_backend backend);
/* Backend AUTO would pick now: syscall, else af_alg, else openssl. */
UCAPI_API enum ucapi_backend ucapi_default_backend(void);
/*
 * System calls the session has made into the kernel for crypto so far: 0 for
 * openssl.  Reads a counter atomically without taking the session lock.
 */
UCAPI_API uint64_t ucapi_session_syscalls(const struct ucapi_session *sess);

/* Thread-safe; the returned strings are static. */
UCAPI_API const char *ucapi_version(void);
UCAPI_API const char *ucapi_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* UCAPI_H */
