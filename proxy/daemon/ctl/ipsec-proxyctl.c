// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipsec-proxyctl: send one command to ipsec-proxyd's control socket and
 * print the response body.  Exit status: 0 when the daemon responded OK,
 * 1 when it responded ERR, 2 for usage, connection and protocol errors.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "control.h"

#define EXIT_DAEMON_ERR	1
#define EXIT_TOOL_ERR	2
#define TIMEOUT_DEFAULT	30

struct reader {
	int fd;
	char buf[65536];
	size_t start;
	size_t end;
	int64_t deadline_ms;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ipsec-proxyctl [-s SOCKET] [-t SECONDS] COMMAND...\n"
		"Send COMMAND to ipsec-proxyd and print the response.\n"
		"\n"
		"  -s, --socket PATH    control socket (default %s)\n"
		"  -t, --timeout SECS   wait at most SECS for the response (default %d)\n"
		"  -h, --help           show this help\n"
		"  -V, --version        show the version\n"
		"\n"
		"Commands: help, stats, sa list, sa reload, rules reload, metrics\n",
		CONTROL_DEFAULT_PATH, TIMEOUT_DEFAULT);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int connect_socket(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "ipsec-proxyctl: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		fprintf(stderr, "ipsec-proxyctl: cannot connect to %s: %s (is ipsec-proxyd running? see -s)\n",
			path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read one line into *line without its '\n'; returns 1, 0 at EOF, or -errno. */
static int read_line(struct reader *r, char **line)
{
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
		int64_t left;
		ssize_t n;

		if (nl) {
			*nl = '\0';
			*line = r->buf + r->start;
			r->start = (size_t)(nl - r->buf) + 1;
			return 1;
		}
		if (r->start) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end == sizeof(r->buf))
			return -EMSGSIZE;
		left = r->deadline_ms - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ETIMEDOUT;
		n = recv(r->fd, r->buf + r->end, sizeof(r->buf) - r->end, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		r->end += (size_t)n;
	}
}

static int join_command(int argc, char **argv, char *req, size_t size)
{
	size_t len = 0;
	int i;

	for (i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (strchr(argv[i], '\n') || len + n + 2 > size)
			return -EINVAL;
		if (i)
			req[len++] = ' ';
		memcpy(req + len, argv[i], n);
		len += n;
	}
	req[len++] = '\n';
	req[len] = '\0';
	return 0;
}

/* Print the response body and return the exit status. */
static int print_response(struct reader *r)
{
	bool ok;
	char *line;
	FILE *body;
	int ret;

	ret = read_line(r, &line);
	if (ret <= 0)
		goto broken;
	if (!strcmp(line, "OK")) {
		ok = true;
	} else if (!strncmp(line, "ERR", 3)) {
		ok = false;
		fprintf(stderr, "ipsec-proxyd: %s\n", line[3] ? line + 4 : "error");
	} else {
		fprintf(stderr, "ipsec-proxyctl: invalid status line from the daemon: %.80s\n",
			line);
		return EXIT_TOOL_ERR;
	}
	body = ok ? stdout : stderr;
	while ((ret = read_line(r, &line)) > 0) {
		if (!strcmp(line, "."))
			return ok ? EXIT_SUCCESS : EXIT_DAEMON_ERR;
		fprintf(body, "%s\n", line[0] == '.' ? line + 1 : line);
	}
broken:
	if (ret == -ETIMEDOUT)
		fprintf(stderr, "ipsec-proxyctl: no complete response within the timeout (see -t)\n");
	else if (ret == 0)
		fprintf(stderr, "ipsec-proxyctl: the daemon closed the connection before the response ended\n");
	else
		fprintf(stderr, "ipsec-proxyctl: reading the response failed: %s\n",
			strerror(-ret));
	return EXIT_TOOL_ERR;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CONTROL_DEFAULT_PATH;
	char req[CONTROL_LINE_MAX + 1], *end;
	static struct reader r;
	long timeout = TIMEOUT_DEFAULT;
	int opt, status, err;

	while ((opt = getopt_long(argc, argv, "+s:t:hV", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 't':
			timeout = strtol(optarg, &end, 10);
			if (*end || timeout <= 0 || timeout > 86400) {
				fprintf(stderr, "ipsec-proxyctl: invalid timeout '%s': expected seconds in 1..86400\n",
					optarg);
				return EXIT_TOOL_ERR;
			}
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("ipsec-proxyctl %s\n", PROXYD_VERSION);
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return EXIT_TOOL_ERR;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return EXIT_TOOL_ERR;
	}
	if (join_command(argc - optind, argv + optind, req, sizeof(req))) {
		fprintf(stderr, "ipsec-proxyctl: invalid command: longer than %d bytes or containing a newline\n",
			CONTROL_LINE_MAX - 1);
		return EXIT_TOOL_ERR;
	}

	r.fd = connect_socket(path);
	if (r.fd < 0)
		return EXIT_TOOL_ERR;
	r.deadline_ms = now_ms() + timeout * 1000;
	err = send_all(r.fd, req, strlen(req));
	if (err) {
		fprintf(stderr, "ipsec-proxyctl: sending the command failed: %s\n",
			strerror(-err));
		close(r.fd);
		return EXIT_TOOL_ERR;
	}
	status = print_response(&r);
	close(r.fd);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "ipsec-proxyctl: writing the output failed: %s\n",
			strerror(errno));
		return EXIT_TOOL_ERR;
	}
	return status;
}
