/* SPDX-License-Identifier: GPL-2.0-only */
/* Running as a daemon: detaching, the pid file and the signals. */
#ifndef PROXY_GW_DAEMON_H
#define PROXY_GW_DAEMON_H

#include <signal.h>

/*
 * Detach from the terminal.  The parent waits until the child reports its
 * startup with gw_daemon_ready() and exits with the status reported, so
 * a setup failure after detaching still fails the command.  Returns the
 * fd to report on in the child, or a negative errno.
 */
int gw_daemonize(void);
void gw_daemon_ready(int fd, int status);

int gw_pidfile_write(const char *path);
void gw_pidfile_remove(const char *path);

/*
 * Block SIGHUP, SIGINT and SIGTERM in the calling thread, and so in every
 * thread it starts, ignore SIGPIPE, and return a signalfd for the three.
 */
int gw_signals_open(void);

#endif /* PROXY_GW_DAEMON_H */
