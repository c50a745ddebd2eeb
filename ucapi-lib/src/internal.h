/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Definitions shared by the session layer and the backends of libucapi.
 */
#ifndef UCAPI_INTERNAL_H
#define UCAPI_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "ucapi.h"

/* Limits of the kernel ABI, which every backend enforces alike. */
#define UCAPI_LIB_MAX_OPS	256
#define UCAPI_LIB_MAX_OP_LEN	(65536 + 512)
#define UCAPI_LIB_MAX_BATCH_LEN	(4U << 20)
#define UCAPI_LIB_MAX_KEY_LEN	1024
#define UCAPI_LIB_MAX_IV_LEN	32
#define UCAPI_LIB_ALG_NAME_LEN	128

/* Value of ucapi_alg_params.ivsize when no source gave the IV size. */
#define UCAPI_IVSIZE_UNKNOWN	UINT32_MAX

/* Properties of a transform that the common operation checks use. */
struct ucapi_alg_params {
	char driver_name[UCAPI_LIB_ALG_NAME_LEN];
	uint32_t ivsize;
	uint32_t blocksize;
	uint32_t maxauthsize;
	uint32_t authsize;
	uint32_t digestsize;
	uint32_t min_keysize;
	uint32_t max_keysize;
	bool keyed;		/* the library returns -ENOKEY until a key is set */
	bool unkeyed;		/* the library rejects setkey: -EOPNOTSUPP */
};

struct ucapi_session;

/*
 * Backend operations.  The session lock is held around every call except
 * open and close.  A backend implements either batch, which takes the whole
 * array, or run_op: the session layer then checks each operation, loops, and
 * passes the length the operation must write to dst.  run_op sets out_len.
 */
struct ucapi_backend_ops {
	enum ucapi_backend id;
	const char *name;
	int (*open)(struct ucapi_session *sess, unsigned int flags);
	void (*close)(struct ucapi_session *sess);
	int (*setkey)(struct ucapi_session *sess, const void *key,
		      size_t key_len);
	int (*setkey_serial)(struct ucapi_session *sess, int32_t serial);
	int (*set_authsize)(struct ucapi_session *sess, unsigned int authsize);
	int (*refresh_info)(struct ucapi_session *sess, struct ucapi_info *info);
	int (*batch)(struct ucapi_session *sess, struct ucapi_op *ops,
		     unsigned int nr_ops);
	int (*run_op)(struct ucapi_session *sess, struct ucapi_op *op,
		      uint32_t out_len);
};

struct ucapi_session {
	pthread_mutex_t lock;
	const struct ucapi_backend_ops *backend;
	enum ucapi_type type;
	char alg_name[UCAPI_LIB_ALG_NAME_LEN];
	struct ucapi_alg_params params;
	bool key_set;
	uint64_t syscalls;	/* written under lock, read atomically */
	void *priv;		/* backend state */
};

extern const struct ucapi_backend_ops ucapi_syscall_backend;
extern const struct ucapi_backend_ops ucapi_afalg_backend;
extern const struct ucapi_backend_ops ucapi_openssl_backend;

static inline void ucapi_count_syscalls(struct ucapi_session *sess,
					unsigned int n)
{
	__atomic_add_fetch(&sess->syscalls, n, __ATOMIC_RELAXED);
}

/* validate.c */
unsigned int ucapi_batch_prefix(const struct ucapi_op *ops,
				unsigned int nr_ops);
int ucapi_check_op(enum ucapi_type type, const struct ucapi_alg_params *params,
		   bool key_missing, const struct ucapi_op *op,
		   uint32_t *out_len);

/* alg_table.c: the transforms that the OpenSSL backend implements */
enum ucapi_alg_kind {
	UCAPI_ALG_GCM,
	UCAPI_ALG_RFC4106,
	UCAPI_ALG_RFC4543,
	UCAPI_ALG_RFC7539ESP,
	UCAPI_ALG_AUTHENC,
	UCAPI_ALG_CBC,
	UCAPI_ALG_CTR,
	UCAPI_ALG_HASH,
	UCAPI_ALG_HMAC,
};

struct ucapi_known_alg {
	enum ucapi_alg_kind kind;
	enum ucapi_type type;
	const char *digest;	/* OpenSSL digest name for hash, hmac, authenc */
	struct ucapi_alg_params params;
};

int ucapi_lookup_known_alg(const char *alg_name, enum ucapi_type type,
			   struct ucapi_known_alg *alg);

/* afalg_netlink.c */
int ucapi_netlink_alg_info(const char *alg_name, enum ucapi_type type,
			   struct ucapi_alg_params *params);

/* syscall_table.c */
struct ucapi_syscall_nrs {
	long open;
	long ctl;
	long batch;
};

#define UCAPI_SYSFS_SYSCALLS	"/sys/kernel/ucapi/syscalls"
#define UCAPI_SYSFS_ABI_VERSION	"/sys/kernel/ucapi/abi_version"
#define UCAPI_KNOWN_ABI_VERSION	1

int ucapi_parse_syscall_table(const char *syscalls_path,
			      const char *abi_version_path,
			      struct ucapi_syscall_nrs *nrs);
int ucapi_syscall_table(const struct ucapi_syscall_nrs **nrs);

/* backend_afalg.c */
bool ucapi_afalg_present(void);

/* Wipe secrets so that the compiler cannot drop the store. */
void ucapi_wipe(void *buf, size_t len);

#endif /* UCAPI_INTERNAL_H */
