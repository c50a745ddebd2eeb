// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "gw_daemon.h"
#include "log.h"

static void redirect_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

int gw_daemonize(void)
{
	int fds[2], ret;
	unsigned char status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		close(fds[0]);
		close(fds[1]);
		return ret;
	}
	if (pid > 0) {
		close(fds[1]);
		if (read(fds[0], &status, 1) != 1)
			status = 2;	/* the daemon died during startup */
		_exit(status);
	}
	close(fds[0]);
	if (setsid() < 0)
		log_warn("daemon: setsid failed: %s", strerror(errno));
	return fds[1];
}

void gw_daemon_ready(int fd, int status)
{
	unsigned char byte = (unsigned char)status;

	if (fd < 0)
		return;
	if (write(fd, &byte, 1) != 1)
		log_warn("daemon: reporting the startup failed: %s",
			 strerror(errno));
	close(fd);
	if (status == 0)
		redirect_stdio();
}

int gw_pidfile_write(const char *path)
{
	char text[32];
	int fd, len, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		log_err("daemon: cannot write the pid file %s: %s", path,
			strerror(-ret));
		return ret;
	}
	len = snprintf(text, sizeof(text), "%d\n", (int)getpid());
	if (write(fd, text, (size_t)len) != len) {
		ret = -EIO;
		log_err("daemon: writing the pid file %s failed", path);
	}
	close(fd);
	return ret;
}

void gw_pidfile_remove(const char *path)
{
	if (path && unlink(path) && errno != ENOENT)
		log_warn("daemon: removing the pid file %s failed: %s", path,
			 strerror(errno));
}

int gw_signals_open(void)
{
	sigset_t set;
	int fd;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}
