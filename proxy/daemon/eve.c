// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counter.h"
#include "eve.h"
#include "json.h"
#include "log.h"

struct eve {
	int fd;
	char *path;		/* NULL for standard output */
	uint64_t lines;
	uint64_t errors;
};

static int open_path(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);

	return fd < 0 ? -errno : fd;
}

int eve_open(const char *path, struct eve **out)
{
	struct eve *eve = calloc(1, sizeof(*eve));
	int ret;

	if (!eve)
		return -ENOMEM;
	if (!strcmp(path, "-")) {
		eve->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
		ret = eve->fd < 0 ? -errno : 0;
	} else {
		eve->path = strdup(path);
		ret = eve->path ? open_path(path) : -ENOMEM;
		eve->fd = ret;
		ret = ret < 0 ? ret : 0;
	}
	if (ret) {
		log_err("eve: cannot open %s: %s", path, strerror(-ret));
		free(eve->path);
		free(eve);
		return ret;
	}
	*out = eve;
	return 0;
}

int eve_reopen(struct eve *eve)
{
	int fd;

	if (!eve->path)
		return 0;
	fd = open_path(eve->path);
	if (fd < 0) {
		log_err("eve: cannot reopen %s: %s", eve->path, strerror(-fd));
		return fd;
	}
	/* dup3() swaps the file under the same descriptor in one step. */
	if (dup3(fd, eve->fd, O_CLOEXEC) < 0) {
		int err = -errno;

		close(fd);
		log_err("eve: cannot reopen %s: %s", eve->path, strerror(-err));
		return err;
	}
	close(fd);
	return 0;
}

void eve_close(struct eve *eve)
{
	if (!eve)
		return;
	close(eve->fd);
	free(eve->path);
	free(eve);
}

static const char *proto_name(uint8_t proto, char *buf, size_t size)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_ICMP:
		return "ICMP";
	case IPPROTO_ICMPV6:
		return "IPv6-ICMP";
	case IPPROTO_SCTP:
		return "SCTP";
	case IPPROTO_GRE:
		return "GRE";
	}
	snprintf(buf, size, "%u", proto);
	return buf;
}

/* Suricata's form: local time, microseconds, numeric UTC offset. */
static void put_timestamp(struct json_writer *w, const struct timespec *ts)
{
	char date[32], zone[8], text[64];
	struct tm tm;

	localtime_r(&ts->tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	snprintf(text, sizeof(text), "%s.%06ld%s", date, ts->tv_nsec / 1000,
		 zone);
	json_string(w, text, strlen(text));
}

static void put_endpoints(struct json_writer *w, const struct packet_info *p)
{
	char addr[64], proto[8];
	const char *name;

	json_key(w, "src_ip");
	packet_addr_str(p->family, p->src, addr, sizeof(addr));
	json_string(w, addr, strlen(addr));
	if (p->has_ports) {
		json_key(w, "src_port");
		json_uint(w, p->sport);
	}
	json_key(w, "dest_ip");
	packet_addr_str(p->family, p->dst, addr, sizeof(addr));
	json_string(w, addr, strlen(addr));
	if (p->has_ports) {
		json_key(w, "dest_port");
		json_uint(w, p->dport);
	}
	json_key(w, "proto");
	name = proto_name(p->proto, proto, sizeof(proto));
	json_string(w, name, strlen(name));
}

ssize_t eve_format_alert(const struct eve_alert *a, char *buf, size_t size)
{
	const char *ipsec = a->ipsec_proto == IPPROTO_AH ? "ah" : "esp";
	const char *action = a->blocked ? "blocked" : "allowed";
	struct json_writer w;
	char spi[16];

	json_init(&w, buf, size);
	json_raw(&w, "{");
	json_key(&w, "timestamp");
	put_timestamp(&w, &a->time);
	if (a->in_iface) {
		json_key(&w, "in_iface");
		json_string(&w, a->in_iface, strlen(a->in_iface));
	}
	json_key(&w, "event_type");
	json_raw(&w, "\"alert\"");
	put_endpoints(&w, a->pkt);

	json_key(&w, "ipsec");
	json_raw(&w, "{");
	json_key(&w, "spi");
	snprintf(spi, sizeof(spi), "0x%08x", a->spi);
	json_string(&w, spi, strlen(spi));
	json_key(&w, "protocol");
	json_string(&w, ipsec, strlen(ipsec));
	json_raw(&w, "}");

	json_key(&w, "alert");
	json_raw(&w, "{");
	json_key(&w, "action");
	json_string(&w, action, strlen(action));
	json_key(&w, "gid");
	json_uint(&w, 1);
	json_key(&w, "signature_id");
	json_uint(&w, a->sid);
	json_key(&w, "rev");
	json_uint(&w, a->rev);
	json_key(&w, "signature");
	json_string(&w, a->msg ? a->msg : "", a->msg ? strlen(a->msg) : 0);
	json_raw(&w, "}}\n");
	return w.overflow ? -ENOSPC : (ssize_t)w.len;
}

int eve_write_alert(struct eve *eve, const struct eve_alert *alert)
{
	char line[EVE_LINE_MAX];
	ssize_t len, n;

	len = eve_format_alert(alert, line, sizeof(line));
	if (len < 0) {
		counter_add_shared(&eve->errors, 1);
		log_limited(LOG_LEVEL_ERR, log_key("eve-long", alert->sid),
			    "eve: alert of sid %u does not fit in %d bytes",
			    alert->sid, EVE_LINE_MAX);
		return (int)len;
	}
	n = write(eve->fd, line, (size_t)len);
	if (n != len) {
		int err = n < 0 ? -errno : -EIO;

		counter_add_shared(&eve->errors, 1);
		log_limited(LOG_LEVEL_ERR, log_key("eve-write", 0),
			    "eve: writing an alert failed: %s",
			    n < 0 ? strerror(-err) : "short write");
		return err;
	}
	counter_add_shared(&eve->lines, 1);
	return 0;
}

void eve_get_stats(struct eve *eve, struct eve_stats *stats)
{
	stats->lines = counter_read(&eve->lines);
	stats->errors = counter_read(&eve->errors);
}
