// SPDX-License-Identifier: GPL-2.0-only
/* Parsing decrypted inner packets into addresses, ports and payload. */
#include <errno.h>
#include <stdio.h>

#include "packet.h"
#include "pkt_build.h"
#include "tap.h"

static void test_ipv4_tcp(void)
{
	uint8_t pkt[256];
	struct packet_info pi;
	size_t len = build_ipv4(pkt, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000,
				80, "GET / HTTP/1.1", 14);
	char addr[64];

	tap_ok(packet_parse_ip(pkt, len, &pi) == 0, "ipv4 tcp parses");
	tap_ok(pi.family == AF_INET && pi.proto == IPPROTO_TCP,
	       "ipv4 tcp family and protocol");
	tap_ok(!strcmp(packet_addr_str(pi.family, pi.src, addr, sizeof(addr)),
		       "10.0.0.1"), "ipv4 source address");
	tap_ok(pi.has_ports && pi.sport == 40000 && pi.dport == 80,
	       "ipv4 tcp ports");
	tap_ok(pi.payload_len == 14 && !memcmp(pi.payload, "GET /", 5),
	       "ipv4 tcp payload after the header");
	tap_ok(packet_parse_ip(pkt, len + 10, &pi) == 0 && pi.payload_len == 14,
	       "trailing padding ignored");
	tap_ok(packet_parse_ip(pkt, len - 1, &pi) == -EBADMSG,
	       "truncated packet rejected");
	pkt[32] = 0x40;	/* TCP data offset 16 words: past the end */
	tap_ok(packet_parse_ip(pkt, len, &pi) == -EBADMSG,
	       "tcp data offset past the end rejected");
}

static void test_ipv4_options_and_fragments(void)
{
	uint8_t pkt[256];
	struct packet_info pi;
	size_t len = build_ipv4(pkt, "10.0.0.1", "10.0.0.2", IPPROTO_UDP, 5000,
				53, "query", 5);

	/* Insert 4 bytes of options: IHL 6. */
	memmove(pkt + 24, pkt + 20, len - 20);
	memset(pkt + 20, 1, 4);	/* NOP options */
	pkt[0] = 0x46;
	put16(pkt + 2, (uint16_t)(len + 4));
	tap_ok(packet_parse_ip(pkt, len + 4, &pi) == 0 && pi.dport == 53 &&
	       pi.payload_len == 5, "ipv4 options skipped");

	len = build_ipv4(pkt, "10.0.0.1", "10.0.0.2", IPPROTO_UDP, 5000, 53,
			 "query", 5);
	put16(pkt + 6, 0x0010);	/* fragment offset 16 */
	tap_ok(packet_parse_ip(pkt, len, &pi) == 0 && pi.fragment &&
	       !pi.has_ports && pi.payload_len == 13,
	       "non-first fragment has no ports, payload is the IP payload");
}

static void test_ipv6(void)
{
	uint8_t pkt[256];
	struct packet_info pi;
	size_t len = build_ipv6(pkt, "2001:db8::1", "2001:db8::2", IPPROTO_UDP,
				1234, 4321, "hello", 5);
	char addr[64];

	tap_ok(packet_parse_ip(pkt, len, &pi) == 0 && pi.family == AF_INET6 &&
	       pi.sport == 1234 && pi.dport == 4321 && pi.payload_len == 5,
	       "ipv6 udp parses");
	tap_ok(!strcmp(packet_addr_str(pi.family, pi.dst, addr, sizeof(addr)),
		       "2001:db8::2"), "ipv6 destination address");

	/* Hop-by-hop options header (8 bytes) before UDP. */
	memmove(pkt + 48, pkt + 40, len - 40);
	memset(pkt + 40, 0, 8);
	pkt[40] = IPPROTO_UDP;
	pkt[6] = IPPROTO_HOPOPTS;
	put16(pkt + 4, (uint16_t)(len - 40 + 8));
	tap_ok(packet_parse_ip(pkt, len + 8, &pi) == 0 &&
	       pi.proto == IPPROTO_UDP && pi.dport == 4321,
	       "ipv6 extension header walked");

	len = build_ipv6(pkt, "2001:db8::1", "2001:db8::2", IPPROTO_ICMPV6, 0, 0,
			 "pingdata", 8);
	tap_ok(packet_parse_ip(pkt, len, &pi) == 0 && !pi.has_ports &&
	       pi.payload_len == 8 && !memcmp(pi.payload, "pingdata", 8),
	       "icmpv6 payload after 8 header bytes");
}

static void test_garbage(void)
{
	uint8_t pkt[64] = { 0x50 };
	struct packet_info pi;

	tap_ok(packet_parse_ip(pkt, sizeof(pkt), &pi) == -EBADMSG,
	       "ip version 5 rejected");
	tap_ok(packet_parse_ip(pkt, 0, &pi) == -EBADMSG, "empty packet rejected");
}

int main(void)
{
	test_ipv4_tcp();
	test_ipv4_options_and_fragments();
	test_ipv6();
	test_garbage();
	return tap_done();
}
