/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Outer packet parsing: find the ESP or AH header of an IPv4 or IPv6 packet,
 * directly or inside UDP (RFC 3948), behind IPv4 options and IPv6
 * extension headers.
 */
#ifndef PROXY_PKT_H
#define PROXY_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verdict.h"

#define IPV4_HDR_MIN	20
#define IPV6_HDR_LEN	40
#define UDP_HDR_LEN	8
#define ESP_HDR_LEN	8	/* SPI and sequence number */
#define AH_HDR_MIN	12	/* up to the sequence number */
#define IPV6_EXT_MAX	16	/* extension headers before giving up */

#define IPPROTO_NUM_HOPOPTS	0
#define IPPROTO_NUM_IPIP	4
#define IPPROTO_NUM_UDP		17
#define IPPROTO_NUM_IPV6	41
#define IPPROTO_NUM_ROUTING	43
#define IPPROTO_NUM_FRAGMENT	44
#define IPPROTO_NUM_NONE	59
#define IPPROTO_NUM_DSTOPTS	60

struct pkt_info {
	unsigned int version;	/* 4 or 6 */
	size_t len;		/* IP datagram length, link padding trimmed */
	size_t net_hdr_len;	/* IPv4 header, or IPv6 header and extensions */
	const uint8_t *src;	/* 4 or 16 bytes inside the packet */
	const uint8_t *dst;
	uint8_t proto;		/* IPPROTO_ESP_NUM or IPPROTO_AH_NUM */
	size_t proto_field;	/* offset of the byte that names proto or UDP */
	bool udp_encap;		/* ESP inside UDP: udp_off is valid */
	size_t udp_off;
	size_t ipsec_off;	/* offset of the ESP or AH header */
};

struct pkt_parse_opts {
	/* UDP ports that carry ESP (RFC 3948), as source or destination */
	const uint16_t *encap_ports;
	unsigned int nr_encap_ports;
};

/*
 * Classify the IP packet at p.  Returns VERDICT_OUTPUT when info describes
 * an ESP or AH packet to decapsulate, else the verdict for the packet
 * (VERDICT_NOT_IPSEC, VERDICT_IKE, VERDICT_KEEPALIVE, VERDICT_DROP_*), with
 * *why set to a short reason for drops.
 */
enum verdict pkt_parse(const uint8_t *p, size_t len,
		       const struct pkt_parse_opts *opts,
		       struct pkt_info *info, const char **why);

/* Whether an IPv6 next-header value names an extension header. */
bool ipv6_is_ext_header(uint8_t nh);

/* Length of the IPv6 extension header at p, or 0 when it does not fit. */
size_t ipv6_ext_len(uint8_t type, const uint8_t *p, size_t avail);

#endif /* PROXY_PKT_H */
