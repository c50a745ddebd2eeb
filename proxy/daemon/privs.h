/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dropping privileges after startup with libcap-ng.  What stays:
 *
 *   CAP_NET_RAW    the AF_PACKET sockets of the capture path, when they
 *                  are reopened (e.g. an interface that came back)
 *   CAP_NET_ADMIN  reading SAs with their keys from XFRM netlink, and
 *                  SO_RCVBUFFORCE
 *   CAP_SYS_ADMIN  only with keep_sys_admin: setns() into a network
 *                  namespace after startup.  The XFRM source enters its
 *                  namespace once, in xfrm_source_open(), so a daemon that
 *                  opens it before dropping privileges does not need it.
 *
 * Everything else is dropped from the effective, permitted, inheritable,
 * ambient and bounding sets, and no_new_privs is set.  With a user name
 * the process also switches to that user and its primary group, dropping
 * supplementary groups, and keeps only the capabilities above.
 *
 * Capabilities belong to each thread: call privs_drop() while the process
 * has one thread, before starting workers.  It returns -EBUSY otherwise.
 */
#ifndef PROXYD_PRIVS_H
#define PROXYD_PRIVS_H

#include <stdbool.h>

struct privs_config {
	const char *user;	/* NULL: keep the current user */
	bool keep_sys_admin;
};

int privs_drop(const struct privs_config *cfg);

#endif
