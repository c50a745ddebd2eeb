/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ucapi: Crypto API sessions and batched operations through system calls.
 *
 * A session is a file descriptor bound to one Crypto API transform.  The
 * caller keys it once and then submits arrays of operations, each with its
 * own direction, IV, buffers and status, in one system call.
 *
 *   fd = ucapi_open(alg_name, UCAPI_TYPE_AEAD, UCAPI_OPEN_CLOEXEC);
 *   ucapi_ctl(fd, UCAPI_CTL_SET_KEY, &key_args, sizeof(key_args));
 *   done = ucapi_batch(fd, ops, nr_ops, sizeof(struct ucapi_op), 0);
 *
 * Buffer layout of one operation, as the Crypto API defines it:
 *
 *   AEAD encrypt   src: | AAD | plaintext           |
 *                  dst: | AAD | ciphertext | tag    |
 *   AEAD decrypt   src: | AAD | ciphertext | tag    |
 *                  dst: | AAD | plaintext           |
 *   skcipher       src: | data |   dst: | data |      (same length)
 *   hash           src: | data |   dst: | digest |
 *
 * AAD is aad_len bytes.  For rfc4106 and rfc7539esp the last 8 bytes of the
 * AAD are the IV, as ESP lays it out: the transform skips them without
 * authenticating them and takes the IV from iv, so callers put the same 8
 * bytes in both places.  rfc4106 and rfc4543 accept an aad_len of 16 or 20
 * only, and rfc7539esp one of at least 8.
 */
#ifndef _UAPI_LINUX_UCAPI_H
#define _UAPI_LINUX_UCAPI_H

#include <linux/types.h>

/* ucapi_open() types */
#define UCAPI_TYPE_AEAD		1
#define UCAPI_TYPE_SKCIPHER	2
#define UCAPI_TYPE_HASH		3

/* ucapi_open() flags */
#define UCAPI_OPEN_CLOEXEC	(1U << 0)

/* ucapi_ctl() commands */
#define UCAPI_CTL_SET_KEY	1	/* arg: struct ucapi_key */
#define UCAPI_CTL_SET_KEY_SERIAL 2	/* arg: struct ucapi_key_serial */
#define UCAPI_CTL_SET_AUTHSIZE	3	/* arg: struct ucapi_authsize */
#define UCAPI_CTL_GET_INFO	4	/* arg: struct ucapi_info (written) */

/* struct ucapi_op.op */
#define UCAPI_OP_ENCRYPT	1
#define UCAPI_OP_DECRYPT	2
#define UCAPI_OP_DIGEST		3

/* Limits */
#define UCAPI_MAX_OPS		256	/* operations per ucapi_batch() call */
#define UCAPI_MAX_OP_LEN	(65536 + 512)	/* src_len and dst_len */
#define UCAPI_MAX_BATCH_LEN	(4U << 20)	/* sum of src_len over a batch */
#define UCAPI_MAX_KEY_LEN	1024
#define UCAPI_MAX_IV_LEN	32
#define UCAPI_ALG_NAME_LEN	128	/* CRYPTO_MAX_ALG_NAME */

struct ucapi_key {
	__aligned_u64 key;	/* user pointer to key_len bytes */
	__u32 key_len;
	__u32 flags;		/* must be 0 */
};

#define UCAPI_KEY_SIZE_VER0	16

struct ucapi_key_serial {
	__s32 serial;		/* key_serial_t of a "logon" or "user" key */
	__u32 flags;		/* must be 0 */
};

#define UCAPI_KEY_SERIAL_SIZE_VER0 8

struct ucapi_authsize {
	__u32 authsize;		/* AEAD tag size in bytes */
	__u32 flags;		/* must be 0 */
};

#define UCAPI_AUTHSIZE_SIZE_VER0 8

/* ucapi_info.flags */
#define UCAPI_INFO_KEY_SET	(1U << 0)
#define UCAPI_INFO_ASYNC	(1U << 1)	/* driver completes asynchronously */

struct ucapi_info {
	char alg_name[UCAPI_ALG_NAME_LEN];	/* cra_name */
	char driver_name[UCAPI_ALG_NAME_LEN];	/* cra_driver_name */
	__u32 type;			/* UCAPI_TYPE_* */
	__u32 flags;			/* UCAPI_INFO_* */
	__u32 ivsize;
	__u32 blocksize;
	__u32 maxauthsize;		/* AEAD: maximum tag size */
	__u32 authsize;			/* AEAD: current tag size */
	__u32 digestsize;		/* hash: digest size */
	__u32 min_keysize;		/* skcipher only; 0 where the API has none */
	__u32 max_keysize;		/* skcipher only; 0 where the API has none */
	__u32 max_ops;			/* UCAPI_MAX_OPS */
	__u32 max_op_len;		/* UCAPI_MAX_OP_LEN */
	__u32 max_batch_len;		/* UCAPI_MAX_BATCH_LEN */
};

#define UCAPI_INFO_SIZE_VER0	304

/*
 * One operation of a batch.  The kernel reads op..aad_len and writes status
 * and out_len; it never writes src, and writes dst only up to out_len.
 */
struct ucapi_op {
	__u32 op;		/* UCAPI_OP_* */
	__u32 flags;		/* must be 0 */
	__aligned_u64 iv;	/* user pointer to iv_len bytes, or 0 for hash */
	__aligned_u64 src;	/* user pointer to src_len bytes */
	__aligned_u64 dst;	/* user pointer to dst_len bytes; may equal src */
	__u32 src_len;
	__u32 dst_len;		/* capacity of dst */
	__u32 aad_len;		/* AEAD only; 0 otherwise */
	__u32 iv_len;		/* must equal the transform's ivsize */
	__s32 status;		/* written: 0 or a negative errno */
	__u32 out_len;		/* written: bytes stored at dst */
};

#define UCAPI_OP_SIZE_VER0	56

#endif /* _UAPI_LINUX_UCAPI_H */
