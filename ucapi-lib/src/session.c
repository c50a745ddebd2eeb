// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Session life cycle, backend selection and the key calls.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct ucapi_backend_ops *const backends[] = {
	[UCAPI_BACKEND_SYSCALL] = &ucapi_syscall_backend,
	[UCAPI_BACKEND_AF_ALG] = &ucapi_afalg_backend,
	[UCAPI_BACKEND_OPENSSL] = &ucapi_openssl_backend,
};

UCAPI_API const char *ucapi_backend_name(enum ucapi_backend backend)
{
	switch (backend) {
	case UCAPI_BACKEND_AUTO:
		return "auto";
	case UCAPI_BACKEND_SYSCALL:
		return "syscall";
	case UCAPI_BACKEND_AF_ALG:
		return "af_alg";
	case UCAPI_BACKEND_OPENSSL:
		return "openssl";
	}
	return "unknown";
}

static bool syscalls_advertised(void)
{
	const struct ucapi_syscall_nrs *nrs;

	return ucapi_syscall_table(&nrs) == 0;
}

UCAPI_API enum ucapi_backend ucapi_default_backend(void)
{
	if (syscalls_advertised())
		return UCAPI_BACKEND_SYSCALL;
	if (ucapi_afalg_present())
		return UCAPI_BACKEND_AF_ALG;
	return UCAPI_BACKEND_OPENSSL;
}

/* Parse UCAPI_BACKEND; unset or empty means AUTO. */
static int backend_from_env(enum ucapi_backend *backend)
{
	const char *env = getenv("UCAPI_BACKEND");

	*backend = UCAPI_BACKEND_AUTO;
	if (!env || !*env || !strcmp(env, "auto"))
		return 0;
	if (!strcmp(env, "syscall"))
		*backend = UCAPI_BACKEND_SYSCALL;
	else if (!strcmp(env, "af_alg"))
		*backend = UCAPI_BACKEND_AF_ALG;
	else if (!strcmp(env, "openssl"))
		*backend = UCAPI_BACKEND_OPENSSL;
	else
		return -EINVAL;
	return 0;
}

/*
 * Copy the caller's options into *out.  Fields beyond opts->sz keep their
 * defaults, and bytes past this library's structure must be zero.
 */
static int read_open_opts(const struct ucapi_open_opts *opts,
			  struct ucapi_open_opts *out)
{
	const unsigned char *tail;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!opts)
		return 0;
	if (opts->sz < offsetof(struct ucapi_open_opts, backend) +
		       sizeof(opts->backend))
		return -EINVAL;
	memcpy(out, opts, opts->sz < sizeof(*out) ? opts->sz : sizeof(*out));
	tail = (const unsigned char *)opts;
	for (i = sizeof(*out); i < opts->sz; i++)
		if (tail[i])
			return -E2BIG;
	if (out->flags & ~UCAPI_F_CLOEXEC_OFF)
		return -EINVAL;
	if ((unsigned int)out->backend > UCAPI_BACKEND_OPENSSL)
		return -EINVAL;
	return 0;
}

static struct ucapi_session *session_alloc(const char *alg_name,
					   enum ucapi_type type)
{
	struct ucapi_session *sess = calloc(1, sizeof(*sess));

	if (!sess)
		return NULL;
	if (pthread_mutex_init(&sess->lock, NULL)) {
		free(sess);
		return NULL;
	}
	strcpy(sess->alg_name, alg_name);
	sess->type = type;
	return sess;
}

static void session_free(struct ucapi_session *sess)
{
	pthread_mutex_destroy(&sess->lock);
	ucapi_wipe(sess, sizeof(*sess));
	free(sess);
}

static int open_with(struct ucapi_session *sess, enum ucapi_backend backend,
		     unsigned int flags)
{
	int err;

	sess->backend = backends[backend];
	sess->syscalls = 0;
	memset(&sess->params, 0, sizeof(sess->params));
	err = sess->backend->open(sess, flags);
	if (err)
		sess->backend = NULL;
	return err;
}

/*
 * Try the backends in order of preference.  A backend that is absent, or
 * that does not have the algorithm, passes the request on to the next one;
 * OpenSSL comes last and its error is the result.
 */
static int open_auto(struct ucapi_session *sess, unsigned int flags)
{
	static const enum ucapi_backend order[] = {
		UCAPI_BACKEND_SYSCALL, UCAPI_BACKEND_AF_ALG,
		UCAPI_BACKEND_OPENSSL,
	};
	size_t i;
	int err = -ENOENT;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (order[i] == UCAPI_BACKEND_SYSCALL && !syscalls_advertised())
			continue;
		if (order[i] == UCAPI_BACKEND_AF_ALG && !ucapi_afalg_present())
			continue;
		err = open_with(sess, order[i], flags);
		if (!err || err == -EINVAL || err == -ENOMEM)
			return err;
	}
	return err;
}

static bool type_valid(enum ucapi_type type)
{
	return type == UCAPI_AEAD || type == UCAPI_SKCIPHER ||
	       type == UCAPI_HASH;
}

UCAPI_API int ucapi_open(struct ucapi_session **sessp, const char *alg_name,
			 enum ucapi_type type,
			 const struct ucapi_open_opts *opts)
{
	struct ucapi_open_opts o;
	enum ucapi_backend backend;
	struct ucapi_session *sess;
	int err;

	if (!sessp || !alg_name || !type_valid(type))
		return -EINVAL;
	if (strlen(alg_name) >= UCAPI_LIB_ALG_NAME_LEN)
		return -ENAMETOOLONG;
	if (!*alg_name)
		return -ENOENT;
	err = read_open_opts(opts, &o);
	if (err)
		return err;
	backend = o.backend;
	if (backend == UCAPI_BACKEND_AUTO) {
		err = backend_from_env(&backend);
		if (err)
			return err;
	}

	sess = session_alloc(alg_name, type);
	if (!sess)
		return -ENOMEM;
	if (backend == UCAPI_BACKEND_AUTO)
		err = open_auto(sess, o.flags);
	else
		err = open_with(sess, backend, o.flags);
	if (err)
		goto free_session;
	*sessp = sess;
	return 0;

free_session:
	session_free(sess);
	return err;
}

UCAPI_API void ucapi_close(struct ucapi_session *sess)
{
	if (!sess)
		return;
	sess->backend->close(sess);
	session_free(sess);
}

UCAPI_API int ucapi_setkey(struct ucapi_session *sess, const void *key,
			   size_t key_len)
{
	int err;

	if (!sess || (!key && key_len))
		return -EINVAL;
	if (key_len > UCAPI_LIB_MAX_KEY_LEN)
		return -EINVAL;
	if (sess->params.unkeyed)
		return -EOPNOTSUPP;

	pthread_mutex_lock(&sess->lock);
	err = sess->backend->setkey(sess, key, key_len);
	sess->key_set = !err;
	pthread_mutex_unlock(&sess->lock);
	return err;
}

UCAPI_API int ucapi_setkey_serial(struct ucapi_session *sess, int32_t serial)
{
	int err;

	if (!sess)
		return -EINVAL;
	if (sess->params.unkeyed)
		return -EOPNOTSUPP;

	pthread_mutex_lock(&sess->lock);
	err = sess->backend->setkey_serial(sess, serial);
	sess->key_set = !err;
	pthread_mutex_unlock(&sess->lock);
	return err;
}

UCAPI_API int ucapi_set_authsize(struct ucapi_session *sess,
				 unsigned int authsize)
{
	int err;

	if (!sess)
		return -EINVAL;
	if (sess->type != UCAPI_AEAD)
		return -EOPNOTSUPP;
	if (authsize > sess->params.maxauthsize)
		return -EINVAL;

	pthread_mutex_lock(&sess->lock);
	err = sess->backend->set_authsize(sess, authsize);
	if (!err)
		sess->params.authsize = authsize;
	pthread_mutex_unlock(&sess->lock);
	return err;
}
