// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dropping privileges, checked from /proc/self/status and by trying
 * operations.  Each case runs in a child process, since dropping cannot be
 * undone.  Needs root.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "privs.h"
#include "tap.h"

#define BIT(cap)	(1ull << (cap))

/* What a child reports back through a pipe. */
struct report {
	int ret;
	unsigned long long eff, prm, inh, bnd, amb;
	int no_new_privs;
	unsigned int uid;
	int packet_socket_errno;	/* 0: socket(AF_PACKET) worked */
	int chown_errno;		/* 0: chown to another uid worked */
};

static unsigned long long status_field(const char *name)
{
	char line[256];
	unsigned long long v = ~0ull;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, strlen(name)))
			v = strtoull(line + strlen(name), NULL, 16);
	}
	if (f)
		fclose(f);
	return v;
}

static void fill_report(struct report *r)
{
	char path[512];
	int fd;

	r->eff = status_field("CapEff:");
	r->prm = status_field("CapPrm:");
	r->inh = status_field("CapInh:");
	r->bnd = status_field("CapBnd:");
	r->amb = status_field("CapAmb:");
	r->no_new_privs = (int)status_field("NoNewPrivs:");
	r->uid = (unsigned int)getuid();
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	r->packet_socket_errno = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "%s/chown-me", tap_tmpdir());
	r->chown_errno = chown(path, 12345, 12345) < 0 ? errno : 0;
}

static void *idle(void *arg)
{
	sleep(5);
	return arg;
}

static struct report run_child(const struct privs_config *cfg, bool extra_thread)
{
	struct report r = { .ret = -999 };
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return r;
	pid = fork();
	if (pid == 0) {
		pthread_t t;

		close(fds[0]);
		if (extra_thread)
			pthread_create(&t, NULL, idle, NULL);
		r.ret = privs_drop(cfg);
		fill_report(&r);
		if (write(fds[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &r, sizeof(r)) != sizeof(r))
		r.ret = -998;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return r;
}

int main(void)
{
	const unsigned long long kept_caps = BIT(CAP_NET_RAW) | BIT(CAP_NET_ADMIN);
	struct privs_config cfg = { 0 };
	struct report r;
	char path[512];
	int fd;

	log_open(LOG_TARGET_STDERR, LOG_LEVEL_WARN, "privs_test");
	if (geteuid() != 0) {
		tap_skip("not root", "privilege tests");
		return tap_done();
	}
	snprintf(path, sizeof(path), "%s/chown-me", tap_tmpdir());
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);

	r = run_child(&cfg, false);
	tap_ok(r.ret == 0, "privs_drop as root succeeds");
	tap_ok(r.eff == kept_caps && r.prm == kept_caps,
	       "effective and permitted: NET_RAW and NET_ADMIN only (%llx)", r.eff);
	tap_ok(r.inh == 0 && r.amb == 0 && r.bnd == 0,
	       "inheritable, ambient and bounding sets empty");
	tap_ok(r.no_new_privs == 1, "no_new_privs set");
	tap_ok(r.packet_socket_errno == 0, "AF_PACKET socket still allowed");
	tap_ok(r.chown_errno == EPERM, "chown to another user denied (CAP_CHOWN gone)");

	cfg.keep_sys_admin = true;
	r = run_child(&cfg, false);
	tap_ok(r.ret == 0 && r.eff == (kept_caps | BIT(CAP_SYS_ADMIN)),
	       "keep_sys_admin keeps CAP_SYS_ADMIN too");

	cfg.keep_sys_admin = false;
	cfg.user = "nobody";
	r = run_child(&cfg, false);
	tap_ok(r.ret == 0 && r.uid == 65534, "switches to user nobody");
	tap_ok(r.eff == kept_caps && r.prm == kept_caps && r.bnd == 0,
	       "nobody keeps NET_RAW and NET_ADMIN only");
	tap_ok(r.packet_socket_errno == 0, "nobody can open AF_PACKET sockets");

	cfg.user = "no-such-user-proxyd";
	r = run_child(&cfg, false);
	tap_ok(r.ret == -ENOENT, "unknown user rejected");

	cfg.user = NULL;
	r = run_child(&cfg, true);
	tap_ok(r.ret == -EBUSY && r.eff != kept_caps,
	       "refused with a second thread running, nothing dropped");
	return tap_done();
}
