/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The view of a decrypted inner packet that inspection and alerts use:
 * addresses, L4 protocol, ports and the L4 payload.
 */
#ifndef PROXYD_PACKET_H
#define PROXYD_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PACKET_EXT_HDR_MAX	8	/* IPv6 extension headers walked */

struct packet_info {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t src[16];		/* IPv4 uses the first 4 bytes */
	uint8_t dst[16];
	uint8_t proto;			/* L4 protocol number */
	bool has_ports;			/* TCP or UDP header present */
	bool fragment;			/* not the first fragment: no L4 header */
	uint16_t sport;			/* host byte order */
	uint16_t dport;
	const uint8_t *payload;		/* L4 payload, or IP payload */
	size_t payload_len;
};

/*
 * Fill info from an IPv4 or IPv6 packet starting at its IP header.  The
 * payload is what follows the TCP, UDP, ICMP or ICMPv6 header.  For other
 * protocols and for non-first fragments it is the IP payload.  It points
 * into pkt.  Returns 0, or -EBADMSG for a truncated or malformed header.
 */
int packet_parse_ip(const uint8_t *pkt, size_t len, struct packet_info *info);

/* Write the address as text; buf must hold INET6_ADDRSTRLEN bytes. */
const char *packet_addr_str(int family, const uint8_t *addr, char *buf,
			    size_t size);

#endif
