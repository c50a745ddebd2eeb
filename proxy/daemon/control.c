// SPDX-License-Identifier: GPL-2.0-only
/* The control socket server: listening, connections, request lines. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"
#include "log.h"

#define EPOLL_BATCH	16

struct client {
	int fd;
	char in[CONTROL_LINE_MAX + 1];
	size_t in_len;
	struct outbuf out;
	size_t out_off;
	bool closing;		/* close once out is sent */
	struct ucred cred;
};

struct control {
	int listen_fd;
	int epoll_fd;
	int wake_fd;
	int lock_fd;
	char *path;
	dev_t dev;
	ino_t ino;
	const struct control_ops *ops;
	void *ctx;
	struct client *clients[CONTROL_CLIENTS_MAX];
	pthread_t thread;
	bool thread_started;
	bool stop;
};

/* epoll tags for the two fds that are not clients */
static char tag_listen, tag_wake;

static int make_addr(const char *path, struct sockaddr_un *addr)
{
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(addr->sun_path))
		return -ENAMETOOLONG;
	strcpy(addr->sun_path, path);
	return 0;
}

/* Take path.lock so that no other daemon uses path meanwhile. */
static int take_lock(struct control *ctl)
{
	char lock[sizeof(((struct sockaddr_un *)0)->sun_path) + 8];
	int fd;

	snprintf(lock, sizeof(lock), "%s.lock", ctl->path);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int err = errno == EWOULDBLOCK ? -EADDRINUSE : -errno;

		close(fd);
		return err;
	}
	ctl->lock_fd = fd;
	return 0;
}

/* An existing path may be replaced only when it is a socket. */
static int check_existing(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	return 0;
}

/*
 * Bind to a temporary name, set the mode and listen, then rename onto
 * path: the socket is never reachable with a wider mode, and a stale
 * socket is replaced in one step.
 */
static int bind_socket(struct control *ctl)
{
	struct sockaddr_un addr;
	char tmp[sizeof(addr.sun_path) + 32];
	struct stat st;
	int fd, ret;

	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", ctl->path, (int)getpid());
	ret = make_addr(tmp, &addr);
	if (ret)
		return ret;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (unlink(tmp) < 0 && errno != ENOENT)
		goto fail;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		goto fail;
	if (chmod(tmp, 0600) < 0 || listen(fd, 16) < 0 ||
	    rename(tmp, ctl->path) < 0 || stat(ctl->path, &st) < 0)
		goto fail_unlink;
	ctl->dev = st.st_dev;
	ctl->ino = st.st_ino;
	ctl->listen_fd = fd;
	return 0;

fail_unlink:
	ret = -errno;
	unlink(tmp);
	close(fd);
	return ret;
fail:
	ret = -errno;
	close(fd);
	return ret;
}

static int epoll_add(struct control *ctl, int fd, void *tag, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = tag };

	return epoll_ctl(ctl->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

static int setup_fds(struct control *ctl)
{
	struct sockaddr_un addr;
	int ret;

	ret = make_addr(ctl->path, &addr);
	if (!ret)
		ret = take_lock(ctl);
	if (ret)
		return ret;
	ret = check_existing(ctl->path);
	if (!ret)
		ret = bind_socket(ctl);
	if (ret)
		return ret;
	ctl->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	ctl->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ctl->epoll_fd < 0 || ctl->wake_fd < 0)
		return -errno;
	ret = epoll_add(ctl, ctl->listen_fd, &tag_listen, EPOLLIN);
	if (!ret)
		ret = epoll_add(ctl, ctl->wake_fd, &tag_wake, EPOLLIN);
	return ret;
}

static void release_fds(struct control *ctl)
{
	struct stat st;

	/* Remove the path only while it is still this daemon's socket. */
	if (ctl->listen_fd >= 0 && stat(ctl->path, &st) == 0 &&
	    st.st_dev == ctl->dev && st.st_ino == ctl->ino)
		unlink(ctl->path);
	if (ctl->listen_fd >= 0)
		close(ctl->listen_fd);
	if (ctl->epoll_fd >= 0)
		close(ctl->epoll_fd);
	if (ctl->wake_fd >= 0)
		close(ctl->wake_fd);
	if (ctl->lock_fd >= 0)
		close(ctl->lock_fd);
}

int control_open(const struct control_config *cfg, struct control **out)
{
	struct control *ctl = calloc(1, sizeof(*ctl));
	const char *path = cfg->path ? cfg->path : CONTROL_DEFAULT_PATH;
	int ret;

	if (!ctl)
		return -ENOMEM;
	ctl->listen_fd = ctl->epoll_fd = ctl->wake_fd = ctl->lock_fd = -1;
	ctl->ops = cfg->ops;
	ctl->ctx = cfg->ctx;
	ctl->path = strdup(path);
	ret = ctl->path ? setup_fds(ctl) : -ENOMEM;
	if (ret) {
		if (ret == -EADDRINUSE)
			log_err("control: another daemon uses %s", path);
		else if (ret == -EEXIST)
			log_err("control: %s exists and is not a socket; remove it or choose another path",
				path);
		else
			log_err("control: cannot listen on %s: %s", path,
				strerror(-ret));
		release_fds(ctl);
		free(ctl->path);
		free(ctl);
		return ret;
	}
	log_info("control: listening on %s", path);
	*out = ctl;
	return 0;
}

static void client_close(struct control *ctl, struct client *c)
{
	size_t i;

	for (i = 0; i < CONTROL_CLIENTS_MAX; i++) {
		if (ctl->clients[i] == c)
			ctl->clients[i] = NULL;
	}
	/*
	 * close() alone does not remove the fd from epoll while a forked
	 * child still shares the file, and epoll would then report events
	 * for freed memory.
	 */
	epoll_ctl(ctl->epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	outbuf_free(&c->out);
	free(c);
}

static void accept_client(struct control *ctl)
{
	socklen_t len = sizeof(struct ucred);
	struct client *c;
	size_t slot;
	int fd;

	fd = accept4(ctl->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0) {
		if (errno != EAGAIN && errno != EINTR)
			log_limited(LOG_LEVEL_WARN, log_key("ctl-accept", 0),
				    "control: accept failed: %s", strerror(errno));
		return;
	}
	for (slot = 0; slot < CONTROL_CLIENTS_MAX && ctl->clients[slot]; slot++)
		;
	c = slot < CONTROL_CLIENTS_MAX ? calloc(1, sizeof(*c)) : NULL;
	if (!c) {
		log_limited(LOG_LEVEL_WARN, log_key("ctl-full", 0),
			    "control: connection rejected, %d clients connected",
			    CONTROL_CLIENTS_MAX);
		close(fd);
		return;
	}
	c->fd = fd;
	outbuf_init(&c->out, CONTROL_RESPONSE_MAX);
	getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c->cred, &len);
	if (epoll_add(ctl, fd, c, EPOLLIN)) {
		close(fd);
		free(c);
		return;
	}
	ctl->clients[slot] = c;
}

static void set_events(struct control *ctl, struct client *c, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	epoll_ctl(ctl->epoll_fd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Send what is queued; returns false when the client is gone. */
static bool client_flush(struct control *ctl, struct client *c)
{
	while (c->out_off < c->out.len) {
		ssize_t n = send(c->fd, c->out.data + c->out_off,
				 c->out.len - c->out_off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			set_events(ctl, c, EPOLLOUT);
			return true;
		}
		if (n < 0) {
			client_close(ctl, c);
			return false;
		}
		c->out_off += (size_t)n;
	}
	outbuf_reset(&c->out);
	c->out_off = 0;
	if (c->closing) {
		client_close(ctl, c);
		return false;
	}
	set_events(ctl, c, EPOLLIN);
	return true;
}

static void run_line(struct control *ctl, struct client *c, const char *line)
{
	bool quit;

	if (!strncmp(line, "rules reload", 12) || !strncmp(line, "sa reload", 9))
		log_info("control: '%s' requested by uid %u pid %d", line,
			 (unsigned int)c->cred.uid, (int)c->cred.pid);
	if (control_execute(ctl->ops, ctl->ctx, line, &c->out, &quit)) {
		log_warn("control: response to '%s' does not fit in %u bytes",
			 line, CONTROL_RESPONSE_MAX);
		outbuf_reset(&c->out);
		outbuf_printf(&c->out, "ERR response too large\n.\n");
	}
	if (quit)
		c->closing = true;
}

/* Run every complete line in the input buffer. */
static void run_lines(struct control *ctl, struct client *c)
{
	char *nl;

	while (!c->closing && (nl = memchr(c->in, '\n', c->in_len))) {
		size_t used = (size_t)(nl - c->in) + 1;

		*nl = '\0';
		run_line(ctl, c, c->in);
		memmove(c->in, c->in + used, c->in_len - used);
		c->in_len -= used;
	}
	if (!c->closing && c->in_len == CONTROL_LINE_MAX) {
		outbuf_printf(&c->out, "ERR request line longer than %d bytes\n.\n",
			      CONTROL_LINE_MAX);
		c->closing = true;
	}
}

static void client_read(struct control *ctl, struct client *c)
{
	ssize_t n;

	n = recv(c->fd, c->in + c->in_len, CONTROL_LINE_MAX - c->in_len, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_close(ctl, c);
		return;
	}
	c->in_len += (size_t)n;
	run_lines(ctl, c);
	client_flush(ctl, c);
}

int control_fd(struct control *ctl)
{
	return ctl->epoll_fd;
}

int control_dispatch(struct control *ctl, int timeout_ms)
{
	struct epoll_event ev[EPOLL_BATCH];
	int i, n;

	n = epoll_wait(ctl->epoll_fd, ev, EPOLL_BATCH, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		void *tag = ev[i].data.ptr;

		if (tag == &tag_listen) {
			accept_client(ctl);
		} else if (tag == &tag_wake) {
			uint64_t v;

			if (read(ctl->wake_fd, &v, sizeof(v)) == sizeof(v))
				__atomic_store_n(&ctl->stop, true, __ATOMIC_RELAXED);
		} else if (ev[i].events & EPOLLOUT) {
			client_flush(ctl, tag);
		} else {
			client_read(ctl, tag);
		}
	}
	return 0;
}

static void *control_thread(void *arg)
{
	struct control *ctl = arg;

	while (!__atomic_load_n(&ctl->stop, __ATOMIC_RELAXED)) {
		int ret = control_dispatch(ctl, -1);

		if (ret) {
			log_err("control: epoll_wait failed: %s", strerror(-ret));
			break;
		}
	}
	return NULL;
}

int control_start(struct control *ctl)
{
	int ret = pthread_create(&ctl->thread, NULL, control_thread, ctl);

	if (ret)
		return -ret;
	ctl->thread_started = true;
	return 0;
}

void control_close(struct control *ctl)
{
	uint64_t wake_value = 1;
	size_t i;

	if (!ctl)
		return;
	if (ctl->thread_started) {
		if (write(ctl->wake_fd, &wake_value, sizeof(wake_value)) !=
		    sizeof(wake_value))
			log_err("control: cannot wake the control thread: %s",
				strerror(errno));
		pthread_join(ctl->thread, NULL);
	}
	for (i = 0; i < CONTROL_CLIENTS_MAX; i++) {
		if (ctl->clients[i])
			client_close(ctl, ctl->clients[i]);
	}
	release_fds(ctl);
	free(ctl->path);
	free(ctl);
}
