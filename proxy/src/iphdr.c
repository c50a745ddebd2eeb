// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "bytes.h"
#include "csum.h"
#include "iphdr.h"
#include "pkt.h"

#define IPV4_DEFAULT_TTL	64
#define IPV6_DEFAULT_HOPS	64

size_t inner_packet_len(const uint8_t *p, size_t len, uint8_t nh,
			enum verdict *v, const char **why)
{
	size_t ihl, total;

	*v = VERDICT_DROP_MALFORMED;
	if (nh == IPPROTO_NUM_IPIP) {
		if (len < IPV4_HDR_MIN) {
			*why = "inner IPv4 header truncated";
			return 0;
		}
		if (p[0] >> 4 != 4) {
			*v = VERDICT_DROP_BAD_NEXT_HEADER;
			*why = "next header 4 but the inner packet is not IPv4";
			return 0;
		}
		ihl = (size_t)(p[0] & 0x0f) * 4;
		total = get_be16(p + 2);
		if (ihl < IPV4_HDR_MIN || total < ihl || total > len) {
			*why = "inner IPv4 length invalid";
			return 0;
		}
		return total;
	}
	if (nh == IPPROTO_NUM_IPV6) {
		if (len < IPV6_HDR_LEN) {
			*why = "inner IPv6 header truncated";
			return 0;
		}
		if (p[0] >> 4 != 6) {
			*v = VERDICT_DROP_BAD_NEXT_HEADER;
			*why = "next header 41 but the inner packet is not IPv6";
			return 0;
		}
		total = IPV6_HDR_LEN + get_be16(p + 4);
		if (total > len) {
			*why = "inner IPv6 length invalid";
			return 0;
		}
		return total;
	}
	*v = VERDICT_DROP_BAD_NEXT_HEADER;
	*why = "tunnel mode needs next header 4 or 41";
	return 0;
}

void ip_header_finish(uint8_t *hdr, size_t hdr_len, size_t proto_field,
		      uint8_t proto, size_t total)
{
	hdr[proto_field] = proto;
	if (hdr[0] >> 4 == 4) {
		put_be16(hdr + 2, (uint16_t)total);
		put_be16(hdr + 10, ipv4_header_csum(hdr, hdr_len));
	} else {
		put_be16(hdr + 4, (uint16_t)(total - IPV6_HDR_LEN));
	}
}

size_t transport_join(uint8_t *out, const uint8_t *hdr, size_t hdr_len,
		      size_t proto_field, uint8_t nh, const uint8_t *payload,
		      size_t payload_len)
{
	memmove(out, hdr, hdr_len);
	memmove(out + hdr_len, payload, payload_len);
	ip_header_finish(out, hdr_len, proto_field, nh, hdr_len + payload_len);
	return hdr_len + payload_len;
}

static int ipv6_split(const uint8_t *p, size_t len, size_t *hdr_len,
		      size_t *proto_field, uint8_t *nh)
{
	size_t off = IPV6_HDR_LEN, ext;
	bool routing_seen = false;
	uint8_t next = p[6];

	*proto_field = 6;
	while (next == IPPROTO_NUM_HOPOPTS || next == IPPROTO_NUM_ROUTING ||
	       next == IPPROTO_NUM_FRAGMENT ||
	       (next == IPPROTO_NUM_DSTOPTS && !routing_seen &&
		off < len && p[off] == IPPROTO_NUM_ROUTING)) {
		ext = ipv6_ext_len(next, p + off, len - off);
		if (!ext)
			return -EINVAL;
		if (next == IPPROTO_NUM_ROUTING)
			routing_seen = true;
		*proto_field = off;
		next = p[off];
		off += ext;
	}
	*hdr_len = off;
	*nh = next;
	return 0;
}

int transport_split(const uint8_t *p, size_t len, size_t *hdr_len,
		    size_t *proto_field, uint8_t *nh)
{
	size_t ihl;

	if (len >= IPV4_HDR_MIN && p[0] >> 4 == 4) {
		ihl = (size_t)(p[0] & 0x0f) * 4;
		if (ihl < IPV4_HDR_MIN || ihl > len || get_be16(p + 2) != len)
			return -EINVAL;
		*hdr_len = ihl;
		*proto_field = 9;
		*nh = p[9];
		return 0;
	}
	if (len >= IPV6_HDR_LEN && p[0] >> 4 == 6 &&
	    (size_t)IPV6_HDR_LEN + get_be16(p + 4) == len)
		return ipv6_split(p, len, hdr_len, proto_field, nh);
	return -EINVAL;
}

size_t tunnel_header_len(const struct sa *sa)
{
	return sa->dst.family == AF_INET6 ? IPV6_HDR_LEN : IPV4_HDR_MIN;
}

static uint8_t inner_traffic_class(const uint8_t *inner)
{
	if (inner[0] >> 4 == 4)
		return inner[1];
	return (uint8_t)((inner[0] & 0x0f) << 4 | inner[1] >> 4);
}

void tunnel_header_write(uint8_t *out, const struct sa *sa, uint8_t proto,
			 size_t payload_len, const uint8_t *inner,
			 uint16_t ip_id)
{
	uint8_t tc = inner_traffic_class(inner);

	if (sa->dst.family == AF_INET6) {
		memset(out, 0, IPV6_HDR_LEN);
		out[0] = (uint8_t)(0x60 | tc >> 4);
		out[1] = (uint8_t)(tc << 4);
		put_be16(out + 4, (uint16_t)payload_len);
		out[6] = proto;
		out[7] = IPV6_DEFAULT_HOPS;
		memcpy(out + 8, sa->src.bytes, 16);
		memcpy(out + 24, sa->dst.bytes, 16);
		return;
	}
	memset(out, 0, IPV4_HDR_MIN);
	out[0] = 0x45;
	out[1] = tc;
	put_be16(out + 2, (uint16_t)(IPV4_HDR_MIN + payload_len));
	put_be16(out + 4, ip_id);
	out[8] = IPV4_DEFAULT_TTL;
	out[9] = proto;
	memcpy(out + 12, sa->src.bytes, 4);
	memcpy(out + 16, sa->dst.bytes, 4);
	put_be16(out + 10, ipv4_header_csum(out, IPV4_HDR_MIN));
}
