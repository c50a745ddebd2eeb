/* SPDX-License-Identifier: GPL-2.0-only */
/* Internet checksum (RFC 1071). */
#ifndef PROXY_CSUM_H
#define PROXY_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* One's complement sum of len bytes, added to sum, not folded. */
uint32_t csum_partial(const uint8_t *p, size_t len, uint32_t sum);
uint16_t csum_fold(uint32_t sum);

/* Checksum of an IPv4 header, with its checksum field taken as zero. */
uint16_t ipv4_header_csum(const uint8_t *hdr, size_t len);

/* Set the UDP checksum of an IPv6 packet whose UDP header is at udp. */
void udp6_set_csum(const uint8_t *ip6, uint8_t *udp, size_t udp_len);

#endif /* PROXY_CSUM_H */
