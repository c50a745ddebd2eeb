// SPDX-License-Identifier: GPL-2.0-only
/* Zeroing and prediction of the mutable fields AH leaves out (RFC 4302). */
#include <arpa/inet.h>
#include <string.h>

#include "ah_mutable.h"
#include "bytes.h"
#include "tap.h"

static void test_ipv4_options(void)
{
	uint8_t p[64] = { 0 };
	const char *why;
	static const uint8_t expect_opts[20] = {
		148, 4, 0, 0,		/* Router Alert: kept */
		0, 0, 0, 0, 0, 0, 0,	/* Loose Source Route: zeroed */
		1,			/* No Operation: kept */
		0, 0, 0, 0,		/* Timestamp: zeroed */
		130, 4, 0xab, 0xcd,	/* Security: kept */
	};

	p[0] = 0x4a;			/* 40-byte header */
	p[1] = 0xb8;
	p[6] = 0x40;
	p[8] = 17;
	p[10] = 0x12;
	inet_pton(AF_INET, "10.0.0.9", p + 16);
	memcpy(p + 20, "\x94\x04\x00\x00", 4);
	memcpy(p + 24, "\x83\x07\x04\x0a\x00\x00\x05", 7);	/* LSRR to 10.0.0.5 */
	p[31] = 1;
	memcpy(p + 32, "\x44\x04\x05\x00", 4);
	memcpy(p + 36, "\x82\x04\xab\xcd", 4);

	tap_ok(ah_zero_mutable(p, 40, &why) == 0, "IPv4 options walk");
	tap_ok(!p[1] && !p[6] && !p[8] && !p[10], "TOS, flags, TTL, checksum zeroed");
	tap_ok(!memcmp(p + 20, expect_opts, 20),
	       "mutable options zeroed whole, immutable ones kept");
	tap_ok(!memcmp(p + 16, "\x0a\x00\x00\x05", 4),
	       "source route puts the final destination in place");

	p[20] = 7;
	p[21] = 30;
	tap_ok(ah_zero_mutable(p, 40, &why) != 0, "option longer than the header");
}

static void test_ipv6_routing(void)
{
	uint8_t p[40 + 8 + 48] = { 0 };
	uint8_t *rh = p + 40;
	const char *why;
	int i;

	p[0] = 0x6a;
	p[1] = 0xbc;
	p[7] = 9;
	p[6] = 43;
	rh[1] = 6;			/* three addresses */
	rh[2] = 0;
	rh[3] = 2;			/* one hop done */
	memset(p + 24, 0xa1, 16);	/* current destination: hop 1 */
	for (i = 0; i < 3; i++)
		memset(rh + 8 + 16 * i, 0xd0 + i, 16);	/* D0 (origin), A2, A3 */

	tap_ok(ah_zero_mutable(p, sizeof(p), &why) == 0,
	       "type 0 Routing header with segments left");
	tap_ok(p[0] == 0x60 && !p[1] && !p[7], "class, flow label, hop limit zeroed");
	tap_ok(p[24] == 0xd2 && rh[8] == 0xd0 && rh[24] == 0xa1 &&
	       rh[40] == 0xd1 && rh[3] == 0,
	       "addresses as at the final destination");

	rh[2] = 4;
	rh[3] = 1;
	tap_ok(ah_zero_mutable(p, sizeof(p), &why) != 0,
	       "segment routing header with segments left is refused");
}

int main(void)
{
	test_ipv4_options();
	test_ipv6_routing();
	return tap_done();
}
