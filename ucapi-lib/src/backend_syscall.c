// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Backend on the ucapi system calls: one ucapi_batch() call runs the whole
 * array, which the kernel reads in place.  The system-call numbers come from
 * /sys/kernel/ucapi/syscalls only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel_abi.h"

struct syscall_state {
	const struct ucapi_syscall_nrs *nrs;
	int fd;
};

static long ucapi_syscall(struct ucapi_session *sess, long nr, long a1,
			  long a2, long a3, long a4, long a5)
{
	long ret;

	ucapi_count_syscalls(sess, 1);
	ret = syscall(nr, a1, a2, a3, a4, a5);
	return ret < 0 ? -errno : ret;
}

/* Returns 0 or a negative errno; GET_INFO returns its length, ignored. */
static int ctl(struct ucapi_session *sess, unsigned int cmd, void *arg,
	       size_t size)
{
	struct syscall_state *st = sess->priv;
	long ret = ucapi_syscall(sess, st->nrs->ctl, st->fd, cmd, (long)arg,
				 (long)size, 0);

	return ret < 0 ? (int)ret : 0;
}

static int read_kernel_info(struct ucapi_session *sess,
			    struct ucapi_kernel_info *kinfo)
{
	memset(kinfo, 0, sizeof(*kinfo));
	return ctl(sess, UCAPI_CTL_GET_INFO, kinfo, sizeof(*kinfo));
}

static void store_params(struct ucapi_session *sess,
			 const struct ucapi_kernel_info *kinfo)
{
	struct ucapi_alg_params *p = &sess->params;

	memcpy(p->driver_name, kinfo->driver_name, sizeof(p->driver_name));
	p->driver_name[sizeof(p->driver_name) - 1] = '\0';
	p->ivsize = kinfo->ivsize;
	p->blocksize = kinfo->blocksize;
	p->maxauthsize = kinfo->maxauthsize;
	p->authsize = kinfo->authsize;
	p->digestsize = kinfo->digestsize;
	p->min_keysize = kinfo->min_keysize;
	p->max_keysize = kinfo->max_keysize;
	/* The kernel decides whether a key is needed and returns -ENOKEY. */
	p->keyed = false;
	p->unkeyed = false;
	sess->key_set = !!(kinfo->flags & UCAPI_INFO_KEY_SET);
}

static int syscall_open(struct ucapi_session *sess, unsigned int flags)
{
	struct ucapi_kernel_info kinfo;
	struct syscall_state *st;
	unsigned int kflags = UCAPI_OPEN_CLOEXEC;
	long fd;
	int err;

	if (__SIZEOF_POINTER__ != 8)
		return -ENOSYS;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	if (ucapi_syscall_table(&st->nrs)) {
		err = -ENOSYS;
		goto free_state;
	}
	if (flags & UCAPI_F_CLOEXEC_OFF)
		kflags = 0;

	fd = ucapi_syscall(sess, st->nrs->open, (long)sess->alg_name,
			   sess->type, kflags, 0, 0);
	if (fd < 0) {
		err = (int)fd;
		goto free_state;
	}
	st->fd = (int)fd;
	sess->priv = st;

	err = read_kernel_info(sess, &kinfo);
	if (err)
		goto close_fd;
	store_params(sess, &kinfo);
	return 0;

close_fd:
	close(st->fd);
	sess->priv = NULL;
free_state:
	free(st);
	return err;
}

static void syscall_close(struct ucapi_session *sess)
{
	struct syscall_state *st = sess->priv;

	close(st->fd);
	free(st);
	sess->priv = NULL;
}

static int syscall_setkey(struct ucapi_session *sess, const void *key,
			  size_t key_len)
{
	struct ucapi_kernel_key k = {
		.key = (uintptr_t)key,
		.key_len = (uint32_t)key_len,
	};

	return ctl(sess, UCAPI_CTL_SET_KEY, &k, sizeof(k));
}

static int syscall_setkey_serial(struct ucapi_session *sess, int32_t serial)
{
	struct ucapi_kernel_key_serial k = { .serial = serial };

	return ctl(sess, UCAPI_CTL_SET_KEY_SERIAL, &k, sizeof(k));
}

static int syscall_set_authsize(struct ucapi_session *sess,
				unsigned int authsize)
{
	struct ucapi_kernel_authsize a = { .authsize = authsize };

	return ctl(sess, UCAPI_CTL_SET_AUTHSIZE, &a, sizeof(a));
}

/* The kernel's view is authoritative for the driver and the key state. */
static int syscall_refresh_info(struct ucapi_session *sess,
				struct ucapi_info *info)
{
	struct ucapi_kernel_info kinfo;
	int err;

	err = read_kernel_info(sess, &kinfo);
	if (err)
		return err;
	store_params(sess, &kinfo);
	memcpy(info->driver_name, sess->params.driver_name,
	       sizeof(info->driver_name));
	info->ivsize = kinfo.ivsize;
	info->blocksize = kinfo.blocksize;
	info->maxauthsize = kinfo.maxauthsize;
	info->authsize = kinfo.authsize;
	info->digestsize = kinfo.digestsize;
	info->min_keysize = kinfo.min_keysize;
	info->max_keysize = kinfo.max_keysize;
	info->max_ops = kinfo.max_ops;
	info->max_op_len = kinfo.max_op_len;
	info->max_batch_len = kinfo.max_batch_len;
	info->key_set = sess->key_set;
	return 0;
}

static int syscall_batch(struct ucapi_session *sess, struct ucapi_op *ops,
			 unsigned int nr_ops)
{
	struct syscall_state *st = sess->priv;

	return (int)ucapi_syscall(sess, st->nrs->batch, st->fd, (long)ops,
				  nr_ops, sizeof(struct ucapi_op), 0);
}

const struct ucapi_backend_ops ucapi_syscall_backend = {
	.id = UCAPI_BACKEND_SYSCALL,
	.name = "syscall",
	.open = syscall_open,
	.close = syscall_close,
	.setkey = syscall_setkey,
	.setkey_serial = syscall_setkey_serial,
	.set_authsize = syscall_set_authsize,
	.refresh_info = syscall_refresh_info,
	.batch = syscall_batch,
};
