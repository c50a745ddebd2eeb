// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Session introspection: ucapi_get_info() and the backend and system-call
 * counters.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "internal.h"

/* Smallest sz a caller may pass: the fields up to and including key_set. */
#define UCAPI_INFO_MIN_SZ \
	(offsetof(struct ucapi_info, key_set) + sizeof(int))

static void fill_info(struct ucapi_session *sess, struct ucapi_info *info)
{
	const struct ucapi_alg_params *p = &sess->params;

	memset(info, 0, sizeof(*info));
	strcpy(info->alg_name, sess->alg_name);
	strcpy(info->driver_name, p->driver_name);
	info->type = sess->type;
	info->backend = sess->backend->id;
	info->ivsize = p->ivsize == UCAPI_IVSIZE_UNKNOWN ? 0 : p->ivsize;
	info->blocksize = p->blocksize;
	info->maxauthsize = p->maxauthsize;
	info->authsize = p->authsize;
	info->digestsize = p->digestsize;
	info->min_keysize = p->min_keysize;
	info->max_keysize = p->max_keysize;
	info->max_ops = UCAPI_LIB_MAX_OPS;
	info->max_op_len = UCAPI_LIB_MAX_OP_LEN;
	info->max_batch_len = UCAPI_LIB_MAX_BATCH_LEN;
	info->key_set = sess->key_set;
}

UCAPI_API int ucapi_get_info(struct ucapi_session *sess,
			     struct ucapi_info *info)
{
	struct ucapi_info full;
	size_t sz;
	int err = 0;

	if (!sess || !info)
		return -EINVAL;
	sz = info->sz;
	if (sz < UCAPI_INFO_MIN_SZ)
		return -EINVAL;

	pthread_mutex_lock(&sess->lock);
	fill_info(sess, &full);
	if (sess->backend->refresh_info)
		err = sess->backend->refresh_info(sess, &full);
	pthread_mutex_unlock(&sess->lock);
	if (err)
		return err;

	/* A caller built against a newer header reads zero in later fields. */
	full.sz = sz;
	if (sz > sizeof(full)) {
		memset((char *)info + sizeof(full), 0, sz - sizeof(full));
		sz = sizeof(full);
	}
	memcpy(info, &full, sz);
	return 0;
}

UCAPI_API enum ucapi_backend ucapi_session_backend(const struct ucapi_session *sess)
{
	if (!sess)
		return UCAPI_BACKEND_AUTO;
	return sess->backend->id;
}

UCAPI_API uint64_t ucapi_session_syscalls(const struct ucapi_session *sess)
{
	if (!sess)
		return 0;
	return __atomic_load_n(&sess->syscalls, __ATOMIC_RELAXED);
}
