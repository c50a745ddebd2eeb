// SPDX-License-Identifier: GPL-2.0-only
#include <cap-ng.h>
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "log.h"
#include "privs.h"

static int count_threads(void)
{
	struct dirent *de;
	DIR *dir = opendir("/proc/self/task");
	int n = 0;

	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (de->d_name[0] != '.')
			n++;
	}
	closedir(dir);
	return n;
}

static int lookup_user(const char *name, uid_t *uid, gid_t *gid)
{
	struct passwd pw, *res = NULL;
	long size = sysconf(_SC_GETPW_R_SIZE_MAX);
	char *buf;
	int ret;

	if (size < 0)
		size = 16384;
	buf = malloc((size_t)size);
	if (!buf)
		return -ENOMEM;
	ret = getpwnam_r(name, &pw, buf, (size_t)size, &res);
	if (!ret && !res)
		ret = ENOENT;
	if (!ret) {
		*uid = pw.pw_uid;
		*gid = pw.pw_gid;
	}
	free(buf);
	return -ret;
}

/* Check the result, since a failed capset would leave everything in place. */
static int verify(const struct privs_config *cfg)
{
	static const unsigned int kept[] = { CAP_NET_RAW, CAP_NET_ADMIN };
	unsigned int i;

	capng_get_caps_process();
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		if (!capng_have_capability(CAPNG_EFFECTIVE, kept[i]))
			return -EPERM;
	}
	if (!cfg->keep_sys_admin &&
	    capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_ADMIN))
		return -EPERM;
	if (capng_have_capability(CAPNG_EFFECTIVE, CAP_SETUID) ||
	    capng_have_capability(CAPNG_PERMITTED, CAP_DAC_OVERRIDE))
		return -EPERM;
	return 0;
}

int privs_drop(const struct privs_config *cfg)
{
	capng_type_t sets = CAPNG_EFFECTIVE | CAPNG_PERMITTED;
	uid_t uid = 0;
	gid_t gid = 0;
	int threads, ret;

	threads = count_threads();
	if (threads != 1) {
		log_err("privileges: %d threads are running; drop privileges before starting threads",
			threads);
		return threads < 0 ? threads : -EBUSY;
	}
	if (cfg->user) {
		ret = lookup_user(cfg->user, &uid, &gid);
		if (ret) {
			log_err("privileges: user '%s' not found: %s", cfg->user,
				strerror(-ret));
			return ret;
		}
	}

	capng_clear(CAPNG_SELECT_ALL);
	if (capng_updatev(CAPNG_ADD, sets, CAP_NET_RAW, CAP_NET_ADMIN, -1) ||
	    (cfg->keep_sys_admin &&
	     capng_update(CAPNG_ADD, sets, CAP_SYS_ADMIN))) {
		log_err("privileges: cannot build the capability set");
		return -EINVAL;
	}
	if (cfg->user)
		ret = capng_change_id((int)uid, (int)gid,
				      CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING |
				      CAPNG_CLEAR_AMBIENT);
	else
		ret = capng_apply(CAPNG_SELECT_ALL);
	if (ret) {
		log_err("privileges: dropping capabilities failed (libcap-ng error %d)",
			ret);
		return -EPERM;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		ret = -errno;
		log_err("privileges: setting no_new_privs failed: %s",
			strerror(-ret));
		return ret;
	}
	ret = verify(cfg);
	if (ret) {
		log_err("privileges: the capability sets are not what was requested");
		return ret;
	}
	log_info("privileges: kept CAP_NET_RAW, CAP_NET_ADMIN%s; running as uid %u",
		 cfg->keep_sys_admin ? ", CAP_SYS_ADMIN" : "",
		 (unsigned int)getuid());
	return 0;
}
