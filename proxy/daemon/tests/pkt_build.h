/* SPDX-License-Identifier: GPL-2.0-only */
/* Building test packets: IPv4/IPv6 headers with TCP, UDP or ICMP. */
#ifndef PROXYD_TESTS_PKT_BUILD_H
#define PROXYD_TESTS_PKT_BUILD_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The L4 header of proto with the ports, then payload; returns its length. */
static inline size_t build_l4(uint8_t *p, uint8_t proto, uint16_t sport,
			      uint16_t dport, const void *payload, size_t len)
{
	size_t hdr = proto == IPPROTO_TCP ? 20 : 8;

	memset(p, 0, hdr);
	if (proto == IPPROTO_TCP || proto == IPPROTO_UDP) {
		put16(p, sport);
		put16(p + 2, dport);
	}
	if (proto == IPPROTO_TCP)
		p[12] = 5 << 4;
	if (proto == IPPROTO_UDP)
		put16(p + 4, (uint16_t)(8 + len));
	memcpy(p + hdr, payload, len);
	return hdr + len;
}

static inline size_t build_ipv4(uint8_t *p, const char *src, const char *dst,
				uint8_t proto, uint16_t sport, uint16_t dport,
				const void *payload, size_t len)
{
	size_t l4;

	memset(p, 0, 20);
	p[0] = 0x45;
	p[8] = 64;
	p[9] = proto;
	inet_pton(AF_INET, src, p + 12);
	inet_pton(AF_INET, dst, p + 16);
	l4 = build_l4(p + 20, proto, sport, dport, payload, len);
	put16(p + 2, (uint16_t)(20 + l4));
	return 20 + l4;
}

static inline size_t build_ipv6(uint8_t *p, const char *src, const char *dst,
				uint8_t proto, uint16_t sport, uint16_t dport,
				const void *payload, size_t len)
{
	size_t l4;

	memset(p, 0, 40);
	p[0] = 0x60;
	p[6] = proto;
	p[7] = 64;
	inet_pton(AF_INET6, src, p + 8);
	inet_pton(AF_INET6, dst, p + 24);
	l4 = build_l4(p + 40, proto, sport, dport, payload, len);
	put16(p + 4, (uint16_t)l4);
	return 40 + l4;
}

#endif
