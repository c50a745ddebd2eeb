/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IP header work shared by ESP and AH: checking a tunnel's inner packet,
 * removing or inserting the IPsec header in transport mode, and building
 * tunnel outer headers.
 */
#ifndef PROXY_IPHDR_H
#define PROXY_IPHDR_H

#include <stddef.h>
#include <stdint.h>

#include "sa.h"
#include "verdict.h"

/*
 * Check the inner packet that tunnel-mode next header nh announces and
 * return its length, which may be shorter than len: what follows it is
 * TFC padding (RFC 4303 section 2.7).  Returns 0 and sets *v and *why when
 * the packet is invalid.
 */
size_t inner_packet_len(const uint8_t *p, size_t len, uint8_t nh,
			enum verdict *v, const char **why);

/*
 * Set the byte at proto_field of the IP header at hdr to proto, and the
 * length fields to a datagram of total bytes.  For IPv4 also recompute the
 * header checksum.
 */
void ip_header_finish(uint8_t *hdr, size_t hdr_len, size_t proto_field,
		      uint8_t proto, size_t total);

/*
 * Build a transport-mode packet in out: the hdr_len bytes of IP header and
 * IPv6 extension headers at hdr, then the payload, finished by
 * ip_header_finish() with protocol nh.  Returns the packet length.
 */
size_t transport_join(uint8_t *out, const uint8_t *hdr, size_t hdr_len,
		      size_t proto_field, uint8_t nh, const uint8_t *payload,
		      size_t payload_len);

/*
 * Find where a transport-mode IPsec header goes in the IP packet p: after
 * the IPv4 header, or after the IPv6 header and the Hop-by-Hop, Routing and
 * Fragment headers and the Destination Options before a Routing header.
 * Returns 0 or -EINVAL for a malformed packet.
 */
int transport_split(const uint8_t *p, size_t len, size_t *hdr_len,
		    size_t *proto_field, uint8_t *nh);

/* Length of the outer header tunnel mode adds for sa: 20 or 40. */
size_t tunnel_header_len(const struct sa *sa);

/*
 * Write the outer IPv4 or IPv6 header of a tunnel-mode packet carrying
 * payload_len bytes of protocol proto.  The DSCP and ECN bits come from the
 * inner packet (RFC 4301 section 5.1.2.1).
 */
void tunnel_header_write(uint8_t *out, const struct sa *sa, uint8_t proto,
			 size_t payload_len, const uint8_t *inner,
			 uint16_t ip_id);

#endif /* PROXY_IPHDR_H */
