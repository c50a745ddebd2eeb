// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "packet.h"

#define IPV4_HDR_MIN	20
#define IPV6_HDR_LEN	40
#define TCP_HDR_MIN	20
#define UDP_HDR_LEN	8
#define ICMP_HDR_LEN	8	/* type, code, checksum and 4 bytes of rest */

static uint16_t load_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Parse the L4 header at l4 and set the ports and the payload. */
static int parse_l4(struct packet_info *info, const uint8_t *l4, size_t len)
{
	size_t hdr_len;

	info->payload = l4;
	info->payload_len = len;
	if (info->fragment)
		return 0;

	switch (info->proto) {
	case IPPROTO_TCP:
		if (len < TCP_HDR_MIN)
			return -EBADMSG;
		hdr_len = (size_t)(l4[12] >> 4) * 4;
		if (hdr_len < TCP_HDR_MIN || hdr_len > len)
			return -EBADMSG;
		break;
	case IPPROTO_UDP:
		if (len < UDP_HDR_LEN)
			return -EBADMSG;
		hdr_len = UDP_HDR_LEN;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		hdr_len = len < ICMP_HDR_LEN ? len : ICMP_HDR_LEN;
		break;
	default:
		return 0;
	}
	if (info->proto == IPPROTO_TCP || info->proto == IPPROTO_UDP) {
		info->has_ports = true;
		info->sport = load_be16(l4);
		info->dport = load_be16(l4 + 2);
	}
	info->payload = l4 + hdr_len;
	info->payload_len = len - hdr_len;
	return 0;
}

static int parse_ipv4(const uint8_t *pkt, size_t len, struct packet_info *info)
{
	size_t hdr_len, total;
	uint16_t frag;

	if (len < IPV4_HDR_MIN)
		return -EBADMSG;
	hdr_len = (size_t)(pkt[0] & 0x0f) * 4;
	total = load_be16(pkt + 2);
	if (hdr_len < IPV4_HDR_MIN || total < hdr_len || total > len)
		return -EBADMSG;
	info->family = AF_INET;
	memcpy(info->src, pkt + 12, 4);
	memcpy(info->dst, pkt + 16, 4);
	info->proto = pkt[9];
	frag = load_be16(pkt + 6);
	info->fragment = (frag & 0x1fff) != 0;
	return parse_l4(info, pkt + hdr_len, total - hdr_len);
}

static bool ipv6_ext_header(uint8_t nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING ||
	       nh == IPPROTO_DSTOPTS || nh == IPPROTO_FRAGMENT ||
	       nh == IPPROTO_AH;
}

static int parse_ipv6(const uint8_t *pkt, size_t len, struct packet_info *info)
{
	size_t off = IPV6_HDR_LEN, end, ext_len;
	unsigned int n;
	uint8_t nh;

	if (len < IPV6_HDR_LEN)
		return -EBADMSG;
	end = IPV6_HDR_LEN + load_be16(pkt + 4);
	if (end > len)
		return -EBADMSG;
	info->family = AF_INET6;
	memcpy(info->src, pkt + 8, 16);
	memcpy(info->dst, pkt + 24, 16);
	nh = pkt[6];

	for (n = 0; ipv6_ext_header(nh); n++) {
		if (n == PACKET_EXT_HDR_MAX || end - off < 8)
			return -EBADMSG;
		if (nh == IPPROTO_FRAGMENT) {
			ext_len = 8;
			if (load_be16(pkt + off + 2) & 0xfff8)
				info->fragment = true;
		} else if (nh == IPPROTO_AH) {
			ext_len = ((size_t)pkt[off + 1] + 2) * 4;
		} else {
			ext_len = ((size_t)pkt[off + 1] + 1) * 8;
		}
		if (ext_len > end - off)
			return -EBADMSG;
		nh = pkt[off];
		off += ext_len;
		if (info->fragment)
			break;
	}
	info->proto = nh;
	return parse_l4(info, pkt + off, end - off);
}

int packet_parse_ip(const uint8_t *pkt, size_t len, struct packet_info *info)
{
	memset(info, 0, sizeof(*info));
	if (len < 1)
		return -EBADMSG;
	switch (pkt[0] >> 4) {
	case 4:
		return parse_ipv4(pkt, len, info);
	case 6:
		return parse_ipv6(pkt, len, info);
	default:
		return -EBADMSG;
	}
}

const char *packet_addr_str(int family, const uint8_t *addr, char *buf,
			    size_t size)
{
	if (!inet_ntop(family, addr, buf, (socklen_t)size))
		snprintf(buf, size, "?");
	return buf;
}
