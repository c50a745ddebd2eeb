// SPDX-License-Identifier: GPL-2.0-only
/* Outer packet parser: offsets it reports for ESP, AH and ESP in UDP. */
#include <arpa/inet.h>
#include <string.h>

#include "bytes.h"
#include "csum.h"
#include "pkt.h"
#include "tap.h"

static size_t ipv4(uint8_t *b, uint8_t proto, size_t opt_len, size_t payload)
{
	size_t hl = 20 + opt_len;

	memset(b, 0, hl + payload);
	b[0] = (uint8_t)(0x40 | hl / 4);
	put_be16(b + 2, (uint16_t)(hl + payload));
	b[8] = 64;
	b[9] = proto;
	inet_pton(AF_INET, "10.1.1.1", b + 12);
	inet_pton(AF_INET, "10.2.2.2", b + 16);
	memset(b + 20, 1, opt_len);		/* No Operation options */
	put_be16(b + 10, ipv4_header_csum(b, hl));
	return hl + payload;
}

static void test_ipv4(void)
{
	uint8_t b[256];
	struct pkt_info info;
	const char *why;
	size_t n;

	n = ipv4(b, 50, 8, 40);
	tap_ok(pkt_parse(b, n, NULL, &info, &why) == VERDICT_OUTPUT &&
	       info.version == 4 && info.ipsec_off == 28 &&
	       info.proto == 50 && info.proto_field == 9 &&
	       info.net_hdr_len == 28 && !info.udp_encap && info.len == n &&
	       info.dst == b + 16, "IPv4 options before ESP");

	n = ipv4(b, 51, 0, 40);
	b[21] = 4;				/* AH of 24 bytes */
	tap_ok(pkt_parse(b, n, NULL, &info, &why) == VERDICT_OUTPUT &&
	       info.proto == 51 && info.ipsec_off == 20, "IPv4 AH");
	b[21] = 9;				/* 44 bytes: beyond 40 */
	tap_ok(pkt_parse(b, n, NULL, &info, &why) == VERDICT_DROP_MALFORMED,
	       "AH length beyond the packet");

	n = ipv4(b, 17, 0, 8 + 20);
	put_be16(b + 20, 40000);
	put_be16(b + 22, 4501);
	put_be16(b + 24, 28);
	put_be32(b + 28, 0x1234);
	tap_ok(pkt_parse(b, n, NULL, &info, &why) == VERDICT_NOT_IPSEC,
	       "UDP to port 4501 is not IPsec by default");
	{
		static const uint16_t ports[] = { 4501 };
		struct pkt_parse_opts opts = { ports, 1 };

		tap_ok(pkt_parse(b, n, &opts, &info, &why) == VERDICT_OUTPUT &&
		       info.udp_encap && info.udp_off == 20 &&
		       info.ipsec_off == 28 && info.proto == 50 &&
		       info.proto_field == 9 && info.net_hdr_len == 20,
		       "UDP port from an SA's encap carries ESP");
	}
	n = ipv4(b, 6, 0, 20);
	tap_ok(pkt_parse(b, n, NULL, &info, &why) == VERDICT_NOT_IPSEC,
	       "TCP is not IPsec");
	tap_ok(pkt_parse(b, 0, NULL, &info, &why) == VERDICT_DROP_MALFORMED,
	       "empty packet is malformed");
}

static void test_ipv6(void)
{
	uint8_t b[256];
	struct pkt_info info;
	const char *why;

	memset(b, 0, sizeof(b));
	b[0] = 0x60;
	put_be16(b + 4, 16 + 24);
	b[6] = 0;			/* Hop-by-Hop */
	b[40] = 60;			/* then Destination Options */
	b[48] = 50;			/* then ESP */
	put_be32(b + 56, 0x77);
	tap_ok(pkt_parse(b, 40 + 16 + 24, NULL, &info, &why) == VERDICT_OUTPUT &&
	       info.version == 6 && info.ipsec_off == 56 &&
	       info.proto_field == 48 && info.net_hdr_len == 56 &&
	       info.dst == b + 24, "IPv6 extension headers before ESP");

	b[48] = 17;
	put_be16(b + 56, 4500);
	put_be16(b + 58, 4500);
	put_be16(b + 60, 24);
	put_be32(b + 64, 0x77);
	tap_ok(pkt_parse(b, 40 + 16 + 24, NULL, &info, &why) == VERDICT_OUTPUT &&
	       info.udp_encap && info.udp_off == 56 && info.ipsec_off == 64 &&
	       info.proto_field == 48, "IPv6 ESP in UDP behind extensions");

	put_be32(b + 64, 0);
	tap_ok(pkt_parse(b, 40 + 16 + 24, NULL, &info, &why) == VERDICT_IKE,
	       "IPv6 IKE on port 4500");
	tap_ok(pkt_parse(b, 39, NULL, &info, &why) == VERDICT_DROP_MALFORMED &&
	       why && strstr(why, "IPv6"), "IPv6 header truncated");
}

int main(void)
{
	test_ipv4();
	test_ipv6();
	return tap_done();
}
