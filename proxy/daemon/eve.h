/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Alerts as EVE JSON lines, the format of Suricata's eve.json, one object
 * a line:
 *
 *   {"timestamp":"2024-05-01T10:00:00.123456+0000","event_type":"alert",
 *    "src_ip":"10.0.0.1","src_port":40000,"dest_ip":"10.0.0.2",
 *    "dest_port":80,"proto":"TCP",
 *    "ipsec":{"spi":"0x00001000","protocol":"esp"},
 *    "alert":{"action":"blocked","gid":1,"signature_id":1000,"rev":1,
 *             "signature":"..."}}
 *
 * Each line is written with one write() on a file opened with O_APPEND,
 * so lines from several workers never interleave in a regular file.
 */
#ifndef PROXYD_EVE_H
#define PROXYD_EVE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "packet.h"

#define EVE_LINE_MAX	8192

struct eve_alert {
	struct timespec time;		/* CLOCK_REALTIME */
	const struct packet_info *pkt;	/* the inner packet */
	const char *in_iface;		/* NULL to leave out */
	uint32_t spi;
	uint8_t ipsec_proto;		/* IPPROTO_ESP or IPPROTO_AH */
	bool blocked;			/* the packet was dropped */
	uint32_t sid;
	uint32_t rev;
	const char *msg;
};

struct eve_stats {
	uint64_t lines;
	uint64_t errors;	/* failed or short writes, lines too long */
};

struct eve;

/* Open path for appending, or standard output when path is "-". */
int eve_open(const char *path, struct eve **out);

/* Reopen the file after log rotation; writers may run meanwhile. */
int eve_reopen(struct eve *eve);
void eve_close(struct eve *eve);

/* Format one alert line with its newline; returns its length or -ENOSPC. */
ssize_t eve_format_alert(const struct eve_alert *alert, char *buf,
			 size_t size);

/* Format and write one line; safe from several threads at once. */
int eve_write_alert(struct eve *eve, const struct eve_alert *alert);

void eve_get_stats(struct eve *eve, struct eve_stats *stats);

#endif
