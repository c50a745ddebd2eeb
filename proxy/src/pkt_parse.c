// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "bytes.h"
#include "csum.h"
#include "pkt.h"
#include "sa.h"

#define IPV4_FLAG_MF		0x2000
#define IPV4_FRAG_OFFSET	0x1fff

static enum verdict malformed(const char **why, const char *reason)
{
	*why = reason;
	return VERDICT_DROP_MALFORMED;
}

bool ipv6_is_ext_header(uint8_t nh)
{
	return nh == IPPROTO_NUM_HOPOPTS || nh == IPPROTO_NUM_ROUTING ||
	       nh == IPPROTO_NUM_FRAGMENT || nh == IPPROTO_NUM_DSTOPTS;
}

size_t ipv6_ext_len(uint8_t type, const uint8_t *p, size_t avail)
{
	size_t len;

	if (avail < 8)
		return 0;
	len = type == IPPROTO_NUM_FRAGMENT ? 8 : ((size_t)p[1] + 1) * 8;
	return len <= avail ? len : 0;
}

/* Options are type-length-value except End of Option List and No Operation. */
static bool ipv4_options_valid(const uint8_t *opt, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (opt[i] == 0)
			return true;
		if (opt[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= len || opt[i + 1] < 2 || opt[i + 1] > len - i)
			return false;
		i += opt[i + 1];
	}
	return true;
}

static enum verdict parse_ipv4(const uint8_t *p, size_t len,
			       struct pkt_info *info, const char **why)
{
	size_t ihl, total;
	uint16_t frag;

	if (len < IPV4_HDR_MIN)
		return malformed(why, "truncated IPv4 header");
	ihl = (size_t)(p[0] & 0x0f) * 4;
	total = get_be16(p + 2);
	if (ihl < IPV4_HDR_MIN)
		return malformed(why, "IPv4 header length below 20");
	if (total < ihl || total > len)
		return malformed(why, "IPv4 total length exceeds the packet");
	if (csum_fold(csum_partial(p, ihl, 0)))
		return malformed(why, "bad IPv4 header checksum");
	if (!ipv4_options_valid(p + IPV4_HDR_MIN, ihl - IPV4_HDR_MIN))
		return malformed(why, "bad IPv4 option length");

	frag = get_be16(p + 6);
	if (frag & (IPV4_FLAG_MF | IPV4_FRAG_OFFSET)) {
		*why = "outer IPv4 fragment";
		return VERDICT_DROP_FRAGMENT;
	}
	info->version = 4;
	info->len = total;
	info->net_hdr_len = ihl;
	info->src = p + 12;
	info->dst = p + 16;
	info->proto = p[9];
	info->proto_field = 9;
	return VERDICT_OUTPUT;
}

/*
 * Walk the extension headers up to the first upper-layer header.  RFC 8200
 * section 4.1 puts Hop-by-Hop first and allows each header once, except
 * Destination Options twice; packets breaking that are malformed.
 */
static enum verdict walk_ipv6_ext(const uint8_t *p, struct pkt_info *info,
				  const char **why)
{
	unsigned int count = 0, routing = 0, fragment = 0, dstopts = 0;
	size_t off = IPV6_HDR_LEN, ext;
	uint8_t nh = p[6];

	info->proto_field = 6;
	while (ipv6_is_ext_header(nh)) {
		if (++count > IPV6_EXT_MAX)
			return malformed(why, "too many IPv6 extension headers");
		if (nh == IPPROTO_NUM_HOPOPTS && off != IPV6_HDR_LEN)
			return malformed(why, "Hop-by-Hop Options header not first");
		if ((nh == IPPROTO_NUM_ROUTING && ++routing > 1) ||
		    (nh == IPPROTO_NUM_FRAGMENT && ++fragment > 1) ||
		    (nh == IPPROTO_NUM_DSTOPTS && ++dstopts > 2))
			return malformed(why, "repeated IPv6 extension header");

		ext = ipv6_ext_len(nh, p + off, info->len - off);
		if (!ext)
			return malformed(why, "truncated IPv6 extension header");
		if (nh == IPPROTO_NUM_FRAGMENT && (get_be16(p + off + 2) & 0xfff9)) {
			*why = "outer IPv6 fragment";
			return VERDICT_DROP_FRAGMENT;
		}
		info->proto_field = off;
		nh = p[off];
		off += ext;
	}
	info->proto = nh;
	info->net_hdr_len = off;
	return VERDICT_OUTPUT;
}

static enum verdict parse_ipv6(const uint8_t *p, size_t len,
			       struct pkt_info *info, const char **why)
{
	size_t total;

	if (len < IPV6_HDR_LEN)
		return malformed(why, "truncated IPv6 header");
	total = IPV6_HDR_LEN + get_be16(p + 4);
	if (total > len)
		return malformed(why, "IPv6 payload length exceeds the packet");
	info->version = 6;
	info->len = total;
	info->src = p + 8;
	info->dst = p + 24;
	return walk_ipv6_ext(p, info, why);
}

static bool is_encap_port(const struct pkt_parse_opts *opts, uint16_t port)
{
	unsigned int i;

	if (port == ESP_IN_UDP_PORT)
		return true;
	for (i = 0; opts && i < opts->nr_encap_ports; i++)
		if (opts->encap_ports[i] == port)
			return true;
	return false;
}

/* RFC 3948 section 2: ESP, IKE with the non-ESP marker, or keepalive. */
static enum verdict parse_udp(const uint8_t *p, struct pkt_info *info,
			      const struct pkt_parse_opts *opts,
			      const char **why)
{
	size_t off = info->net_hdr_len, ulen, payload;
	const uint8_t *udp = p + off;

	if (info->len - off < UDP_HDR_LEN)
		return malformed(why, "truncated UDP header");
	if (!is_encap_port(opts, get_be16(udp)) &&
	    !is_encap_port(opts, get_be16(udp + 2)))
		return VERDICT_NOT_IPSEC;
	ulen = get_be16(udp + 4);
	if (ulen < UDP_HDR_LEN || ulen > info->len - off)
		return malformed(why, "bad UDP length");
	info->len = off + ulen;
	payload = ulen - UDP_HDR_LEN;

	if (payload == 1 && udp[UDP_HDR_LEN] == 0xff)
		return VERDICT_KEEPALIVE;
	if (payload >= 4 && !get_be32(udp + UDP_HDR_LEN))
		return VERDICT_IKE;
	if (payload < ESP_HDR_LEN)
		return malformed(why, "UDP-encapsulated ESP shorter than its header");
	info->udp_encap = true;
	info->udp_off = off;
	info->ipsec_off = off + UDP_HDR_LEN;
	info->proto = IPPROTO_ESP_NUM;
	return VERDICT_OUTPUT;
}

enum verdict pkt_parse(const uint8_t *p, size_t len,
		       const struct pkt_parse_opts *opts,
		       struct pkt_info *info, const char **why)
{
	enum verdict v;

	memset(info, 0, sizeof(*info));
	*why = NULL;
	if (!len)
		return malformed(why, "empty packet");
	switch (p[0] >> 4) {
	case 4:
		v = parse_ipv4(p, len, info, why);
		break;
	case 6:
		v = parse_ipv6(p, len, info, why);
		break;
	default:
		return VERDICT_NOT_IPSEC;
	}
	if (v != VERDICT_OUTPUT)
		return v;

	switch (info->proto) {
	case IPPROTO_NUM_UDP:
		return parse_udp(p, info, opts, why);
	case IPPROTO_ESP_NUM:
		info->ipsec_off = info->net_hdr_len;
		if (info->len - info->ipsec_off < ESP_HDR_LEN)
			return malformed(why, "truncated ESP header");
		return VERDICT_OUTPUT;
	case IPPROTO_AH_NUM:
		info->ipsec_off = info->net_hdr_len;
		if (info->len - info->ipsec_off < AH_HDR_MIN ||
		    ((size_t)p[info->ipsec_off + 1] + 2) * 4 >
		    info->len - info->ipsec_off)
			return malformed(why, "truncated AH header");
		return VERDICT_OUTPUT;
	default:
		return VERDICT_NOT_IPSEC;
	}
}
