// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hostile input: truncations, flipped bits, bad padding and next headers,
 * replays, unknown SPIs, odd IPv4 options and IPv6 extension headers.
 * Each packet must be counted with the right verdict, and none of them may
 * produce output: only authenticated bytes leave the datapath.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "csum.h"
#include "harness.h"
#include "sa_crypto.h"
#include "tap.h"

#define K20 "0x000102030405060708090a0b0c0d0e0fa0a1a2a3"
#define K16 "0x000102030405060708090a0b0c0d0e0f"
#define H20 "0x4142434445464748494a4b4c4d4e4f5051525354"

static const char config[] =
	"sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 mode tunnel aead 'rfc4106(gcm(aes))' " K20 " 128\n"
	"sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x200 mode transport enc aes " K16 " auth sha1 " H20 "\n"
	"sa src 2001:db8::1 dst 2001:db8::2 proto ah spi 0x300 mode transport auth sha1 " H20 "\n"
	"sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x400 mode tunnel aead 'rfc4106(gcm(aes))' " K20 " 128 encap espinudp 4500 4500\n"
	"sa src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x500 mode tunnel aead 'rfc4106(gcm(aes))' " K20 " 128\n"
	"sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x600 mode tunnel aead 'rfc4106(gcm(aes))' " K20 " 128\n";

static struct harness h;

struct pkt {
	uint8_t b[2048];
	size_t len;
};

/* Encapsulate with SA spi; returns the packet in p. */
static bool encap(uint32_t spi, uint8_t proto, const uint8_t *in, size_t len,
		  struct pkt *p)
{
	h_clear(&h);
	h_encap(&h, h_sa(&h, spi, proto), in, len);
	h_flush(&h);
	if (h.nr_results != 1 || h.results[0].verdict != VERDICT_OUTPUT)
		return false;
	memcpy(p->b, h.results[0].data, h.results[0].len);
	p->len = h.results[0].len;
	return true;
}

/* Decapsulate packets; returns how many produced output. */
static unsigned int decap_all(struct pkt *ps, unsigned int n)
{
	unsigned int i, outputs = 0;

	h_clear(&h);
	for (i = 0; i < n; i++)
		h_decap(&h, ps[i].b, ps[i].len);
	h_flush(&h);
	for (i = 0; i < h.nr_results; i++)
		outputs += h.results[i].verdict == VERDICT_OUTPUT;
	return outputs;
}

static enum verdict decap_one(const uint8_t *b, size_t len)
{
	h_clear(&h);
	h_decap(&h, b, len);
	h_flush(&h);
	return h.nr_results == 1 ? h.results[0].verdict : VERDICT_COUNT;
}

static void fix_ipv4(uint8_t *b, size_t len)
{
	put_be16(b + 2, (uint16_t)len);
	put_be16(b + 10, 0);
	put_be16(b + 10, ipv4_header_csum(b, (size_t)(b[0] & 0x0f) * 4));
}

static void fix_ipv6(uint8_t *b, size_t len)
{
	put_be16(b + 4, (uint16_t)(len - 40));
}

static void fix_ip(uint8_t *b, size_t len)
{
	if (b[0] >> 4 == 4)
		fix_ipv4(b, len);
	else
		fix_ipv6(b, len);
}

/* Raw truncations and truncations with the IP length fixed up. */
static void test_truncations(const char *name, const struct pkt *good)
{
	unsigned int raw_out = 0, fixed_out = 0, fixed_drops = 0;
	size_t cut;
	struct pkt p;

	for (cut = 0; cut < good->len; cut++) {
		if (decap_one(good->b, cut) == VERDICT_OUTPUT)
			raw_out++;
		if (cut < 40)
			continue;
		memcpy(p.b, good->b, cut);
		fix_ip(p.b, cut);
		enum verdict v = decap_one(p.b, cut);

		if (v == VERDICT_OUTPUT)
			fixed_out++;
		if (verdict_is_drop(v))
			fixed_drops++;
	}
	tap_ok(raw_out == 0, "%s: %zu truncations give no output", name,
	       good->len);
	tap_ok(fixed_out == 0 && fixed_drops == good->len - 40,
	       "%s: truncations with fixed IP length are all dropped", name);
}

/*
 * Flip each bit from byte from on, except the skip_len bytes at skip that
 * the ICV does not cover by design.  Every flip must be dropped, unless it
 * turns the packet into something else than IPsec: a next header that no
 * longer names ESP or AH, or an SPI of ESP in UDP that becomes the non-ESP
 * marker of IKE.
 */
static void test_bit_flips(const char *name, const struct pkt *good,
			   size_t from, size_t skip, size_t skip_len)
{
	unsigned int outputs = 0, drops = 0, other = 0, flips = 0;
	size_t i;
	int bit;
	struct pkt p;

	for (i = from; i < good->len; i++) {
		if (i >= skip && i < skip + skip_len)
			continue;
		for (bit = 0; bit < 8; bit++) {
			enum verdict v;

			p = *good;
			p.b[i] ^= (uint8_t)(1 << bit);
			v = decap_one(p.b, p.len);
			flips++;
			outputs += v == VERDICT_OUTPUT;
			drops += verdict_is_drop(v);
			other += v == VERDICT_IKE || v == VERDICT_NOT_IPSEC;
		}
	}
	tap_ok(outputs == 0 && drops + other == flips,
	       "%s: all %u single-bit flips dropped", name, flips);
	if (outputs || drops + other != flips)
		tap_diag("%u outputs, %u drops, %u not IPsec", outputs, drops,
			 other);
	tap_ok(decap_one(good->b, good->len) == VERDICT_OUTPUT,
	       "%s: original accepted after the flips", name);
}

static size_t udp4(uint8_t *b, size_t payload)
{
	return h_udp4(b, "192.168.1.1", "192.168.2.2", payload, 7);
}

static void test_protocols(void)
{
	struct pkt good;
	uint8_t in[2048];
	size_t n;

	n = udp4(in, 64);
	if (!tap_ok(encap(0x100, 50, in, n, &good), "GCM tunnel packet built"))
		return;
	test_truncations("ESP GCM tunnel", &good);
	test_bit_flips("ESP GCM tunnel", &good, 20, 0, 0);

	n = h_udp4(in, "10.0.0.1", "10.0.0.2", 40, 3);
	if (!tap_ok(encap(0x200, 50, in, n, &good), "CBC transport packet built"))
		return;
	test_truncations("ESP CBC-HMAC transport", &good);
	test_bit_flips("ESP CBC-HMAC transport", &good, 20, 0, 0);

	n = h_udp6_ext(in, "2001:db8::1", "2001:db8::2", 30, 5);
	if (!tap_ok(encap(0x300, 51, in, n, &good), "AH IPv6 packet built"))
		return;
	test_truncations("AH IPv6 transport", &good);
	/*
	 * From byte 8 on (addresses, extension headers, AH, payload) all is
	 * covered but the data of the may-change option.
	 */
	test_bit_flips("AH IPv6 transport", &good, 8, 48, 6);

	n = udp4(in, 20);
	if (!tap_ok(encap(0x400, 50, in, n, &good), "NAT-T packet built"))
		return;
	test_truncations("ESP in UDP", &good);
	test_bit_flips("ESP in UDP", &good, 28, 0, 0);
}

/* AH ignores the mutable fields: TTL, hop limit, flow label, mutable options. */
static void test_ah_mutable(void)
{
	struct pkt p;
	uint8_t in[512];
	size_t n = h_udp6_ext(in, "2001:db8::1", "2001:db8::2", 30, 9);
	unsigned int ok = 0;

	if (!encap(0x300, 51, in, n, &p)) {
		tap_ok(false, "AH mutable test setup");
		return;
	}
	p.b[7] = 1;		/* hop limit */
	p.b[1] ^= 0x0f;		/* flow label */
	p.b[3] ^= 0xff;
	p.b[48] ^= 0xff;	/* data of the may-change option */
	p.b[53] ^= 0x01;
	ok += decap_one(p.b, p.len) == VERDICT_OUTPUT;
	encap(0x300, 51, in, n, &p);
	p.b[0] ^= 0x01;		/* traffic class */
	p.b[1] ^= 0xf0;
	ok += decap_one(p.b, p.len) == VERDICT_OUTPUT;
	tap_ok(ok == 2, "AH verifies with changed mutable fields");

	encap(0x300, 51, in, n, &p);
	p.b[44] ^= 0x01;	/* Router Alert value: immutable */
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_AUTH,
	       "AH rejects a changed immutable option");
}

/*
 * Encrypt an arbitrary ESP plaintext (payload and trailer) with the GCM SA,
 * to build packets the datapath's own encapsulation never makes.
 */
static size_t craft_gcm(uint32_t spi, uint32_t seq, const uint8_t *pt,
			size_t pt_len, uint8_t *out)
{
	struct sa *sa = h_sa(&h, spi, 50);
	uint8_t buf[2048], iv[8];

	size_t esp_len = 16 + pt_len + 16;
	int ret;

	put_be64(iv, 0x1122334455667788ULL + seq);
	put_be32(buf, spi);
	put_be32(buf + 4, seq);
	memcpy(buf + 8, iv, 8);
	memcpy(buf + 16, pt, pt_len);
	ret = ucapi_aead_encrypt(sa->crypto->aead, iv, 8, buf, 16 + pt_len,
				 16, buf, sizeof(buf));
	if (ret != (int)esp_len)
		return 0;
	memset(out, 0, 20);
	out[0] = 0x45;
	out[8] = 64;
	out[9] = 50;
	inet_pton(AF_INET, "10.0.0.1", out + 12);
	inet_pton(AF_INET, "10.0.0.2", out + 16);
	memcpy(out + 20, buf, esp_len);
	fix_ipv4(out, 20 + esp_len);
	return 20 + esp_len;
}

struct trailer_case {
	const char *name;
	const uint8_t *tail;	/* pad bytes, pad length, next header */
	size_t tail_len;
	size_t inner_cut;	/* bytes removed from the inner packet */
	int inner_len_delta;	/* change of the inner total length */
	enum verdict expect;
};

static void test_trailers(void)
{
	static const uint8_t good[] = { 1, 2, 2, 4 };
	static const uint8_t nonmono[] = { 1, 3, 2, 4 };
	static const uint8_t zero_pad[] = { 0, 0, 2, 4 };
	static const uint8_t long_pad[] = { 1, 2, 200, 4 };
	static const uint8_t nh59[] = { 0, 59 };
	static const uint8_t nh6[] = { 0, 6 };
	static const uint8_t nh41[] = { 0, 41 };
	static const uint8_t nh4[] = { 0, 4 };
	static const struct trailer_case cases[] = {
		{ "valid trailer", good, 4, 0, 0, VERDICT_OUTPUT },
		{ "non-monotonic padding", nonmono, 4, 0, 0,
		  VERDICT_DROP_BAD_PADDING },
		{ "zero padding", zero_pad, 4, 0, 0, VERDICT_DROP_BAD_PADDING },
		{ "pad length beyond payload", long_pad, 4, 0, 0,
		  VERDICT_DROP_BAD_PADDING },
		{ "next header 59", nh59, 2, 0, 0, VERDICT_DUMMY },
		{ "next header 6 in tunnel mode", nh6, 2, 0, 0,
		  VERDICT_DROP_BAD_NEXT_HEADER },
		{ "next header 41 over IPv4 inner", nh41, 2, 0, 0,
		  VERDICT_DROP_BAD_NEXT_HEADER },
		{ "inner length beyond payload", nh4, 2, 0, 1,
		  VERDICT_DROP_MALFORMED },
		{ "inner header truncated", nh4, 2, 40, 0,
		  VERDICT_DROP_MALFORMED },
		{ "TFC padding after inner packet", nh4, 2, 0, -8,
		  VERDICT_OUTPUT },
	};
	uint8_t inner[256], pt[512], pkt[1024];
	size_t i, inner_len, n, pt_len;
	uint32_t seq = 1000;
	struct sa *sa;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct trailer_case *c = &cases[i];
		enum verdict v;

		inner_len = udp4(inner, 28) - c->inner_cut;
		memcpy(pt, inner, inner_len);
		if (c->inner_len_delta)
			put_be16(pt + 2, (uint16_t)(get_be16(pt + 2) +
						    c->inner_len_delta));
		memcpy(pt + inner_len, c->tail, c->tail_len);
		pt_len = inner_len + c->tail_len;
		n = craft_gcm(0x600, seq++, pt, pt_len, pkt);
		v = n ? decap_one(pkt, n) : VERDICT_COUNT;
		if (!tap_ok(v == c->expect && (v == VERDICT_OUTPUT) ==
			    (h.results[0].len > 0), "%s: %s", c->name,
			    verdict_name(c->expect)))
			tap_diag("got %s", v < VERDICT_COUNT ?
				 verdict_name(v) : "nothing");
		if (v == VERDICT_OUTPUT && c->inner_len_delta < 0)
			tap_ok(h.results[0].len == inner_len - 8,
			       "TFC padding trimmed to the inner length");
	}
	sa = h_sa(&h, 0x600, 50);
	tap_ok(sa->replay.top == 1009 &&
	       replay_check(&sa->replay, 1001) == REPLAY_OK &&
	       replay_check(&sa->replay, 1008) == REPLAY_OK &&
	       replay_check(&sa->replay, 1004) == REPLAY_DUPLICATE,
	       "window advanced only for accepted and dummy packets");
}

static void test_replays(void)
{
	struct pkt p[4];
	uint8_t in[256], pt[300], pkt[400];
	size_t n = udp4(in, 10);
	unsigned int i;
	struct sa *sa = h_sa(&h, 0x500, 50);

	n = h_udp6(in, "fd00::1", "fd00::2", 10, 1);
	for (i = 0; i < 2; i++)
		encap(0x500, 50, in, n, &p[i]);
	p[2] = p[0];
	p[3] = p[1];
	tap_ok(decap_all(p, 4) == 2 &&
	       h.results[2].verdict == VERDICT_DROP_REPLAY &&
	       h.results[3].verdict == VERDICT_DROP_REPLAY,
	       "copies in the same batch are replays");
	tap_ok(decap_all(p, 2) == 0 &&
	       h.results[0].verdict == VERDICT_DROP_REPLAY,
	       "copies in a later batch are replays");

	sa->oseq = 500;
	encap(0x500, 50, in, n, &p[0]);
	sa->oseq = 400;
	encap(0x500, 50, in, n, &p[1]);
	sa->oseq = 437;
	encap(0x500, 50, in, n, &p[2]);
	sa->oseq = 436;
	encap(0x500, 50, in, n, &p[3]);
	decap_all(p, 4);
	tap_ok(h.results[0].verdict == VERDICT_OUTPUT &&
	       h.results[1].verdict == VERDICT_DROP_TOO_OLD &&
	       h.results[2].verdict == VERDICT_OUTPUT &&
	       h.results[3].verdict == VERDICT_DROP_TOO_OLD,
	       "left of the 64-packet window dropped, its edge accepted");

	memcpy(pt, in, 0);
	pt[0] = 0;
	pt[1] = 59;
	n = craft_gcm(0x600, 0, pt, 2, pkt);
	tap_ok(decap_one(pkt, n) == VERDICT_DROP_TOO_OLD,
	       "sequence number 0 dropped");
}

static void test_spis(void)
{
	struct pkt good, p;
	uint8_t in[256];
	size_t n = udp4(in, 10);

	encap(0x100, 50, in, n, &good);
	p = good;
	put_be32(p.b + 20, 0x999);
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_UNKNOWN_SPI,
	       "unknown SPI dropped");
	p = good;
	put_be32(p.b + 20, 0);
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_MALFORMED,
	       "SPI 0 dropped as malformed");
	p = good;
	inet_pton(AF_INET, "10.0.0.3", p.b + 16);
	fix_ipv4(p.b, p.len);
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_UNKNOWN_SPI,
	       "known SPI to another destination is unknown");
	p = good;
	p.b[9] = 51;
	fix_ipv4(p.b, p.len);
	tap_ok(decap_one(p.b, p.len) != VERDICT_OUTPUT,
	       "ESP SPI under protocol AH is not accepted");
}

static size_t udp_wrap(uint8_t *b, const uint8_t *payload, size_t len,
		       uint16_t port)
{
	memset(b, 0, 28);
	b[0] = 0x45;
	b[8] = 64;
	b[9] = 17;
	inet_pton(AF_INET, "10.0.0.1", b + 12);
	inet_pton(AF_INET, "10.0.0.2", b + 16);
	put_be16(b + 20, port);
	put_be16(b + 22, port);
	put_be16(b + 24, (uint16_t)(8 + len));
	memcpy(b + 28, payload, len);
	fix_ipv4(b, 28 + len);
	return 28 + len;
}

static void test_udp_encap(void)
{
	struct pkt plain, natt;
	uint8_t in[256], b[512];
	static const uint8_t ike[] = { 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t keepalive[] = { 0xff };
	static const uint8_t junk1[] = { 0x01 };
	static const uint8_t junk5[] = { 1, 2, 3, 4, 5 };
	size_t n = udp4(in, 10);

	encap(0x400, 50, in, n, &natt);
	encap(0x100, 50, in, n, &plain);

	n = udp_wrap(b, ike, sizeof(ike), 4500);
	tap_ok(decap_one(b, n) == VERDICT_IKE, "non-ESP marker is IKE");
	n = udp_wrap(b, keepalive, 1, 4500);
	tap_ok(decap_one(b, n) == VERDICT_KEEPALIVE, "0xff is a NAT-keepalive");
	n = udp_wrap(b, junk1, 1, 4500);
	tap_ok(decap_one(b, n) == VERDICT_DROP_MALFORMED,
	       "one byte other than 0xff is malformed");
	n = udp_wrap(b, junk5, 5, 4500);
	tap_ok(decap_one(b, n) == VERDICT_DROP_MALFORMED,
	       "ESP in UDP shorter than 8 bytes is malformed");
	n = udp_wrap(b, keepalive, 1, 53);
	tap_ok(decap_one(b, n) == VERDICT_NOT_IPSEC, "other UDP is not IPsec");

	n = udp_wrap(b, plain.b + 20, plain.len - 20, 4500);
	tap_ok(decap_one(b, n) == VERDICT_DROP_ENCAP_MISMATCH,
	       "UDP-encapsulated ESP for an SA without encap dropped");
	memcpy(b, natt.b, 20);
	memcpy(b + 20, natt.b + 28, natt.len - 28);
	b[9] = 50;
	fix_ipv4(b, natt.len - 8);
	tap_ok(decap_one(b, natt.len - 8) == VERDICT_DROP_ENCAP_MISMATCH,
	       "plain ESP for an SA with encap dropped");
	tap_ok(decap_one(natt.b, natt.len) == VERDICT_OUTPUT,
	       "the NAT-T packet itself decapsulates");
}

/* Insert len bytes of IPv4 options after the 20-byte header. */
static size_t with_options(const struct pkt *in, const uint8_t *opt,
			   size_t len, uint8_t *out)
{
	memcpy(out, in->b, 20);
	memcpy(out + 20, opt, len);
	memcpy(out + 20 + len, in->b + 20, in->len - 20);
	out[0] = (uint8_t)(0x40 | (20 + len) / 4);
	fix_ipv4(out, in->len + len);
	return in->len + len;
}

static void test_ipv4_oddities(void)
{
	static const uint8_t ra_nop[] = { 148, 4, 0, 0, 1, 1, 1, 0 };
	static const uint8_t bad_len[] = { 148, 9, 0, 0 };
	static const uint8_t zero_len[] = { 7, 0, 0, 0 };
	struct pkt good, p;
	uint8_t in[256], b[512];
	size_t n = udp4(in, 10);

	encap(0x100, 50, in, n, &good);
	n = with_options(&good, ra_nop, sizeof(ra_nop), b);
	/* Each accepted packet needs a sequence number of its own. */
	tap_ok(decap_one(b, n) == VERDICT_OUTPUT,
	       "valid IPv4 options before ESP accepted");
	n = with_options(&good, bad_len, sizeof(bad_len), b);
	tap_ok(decap_one(b, n) == VERDICT_DROP_MALFORMED,
	       "IPv4 option longer than the header dropped");
	n = with_options(&good, zero_len, sizeof(zero_len), b);
	tap_ok(decap_one(b, n) == VERDICT_DROP_MALFORMED,
	       "IPv4 option length 0 dropped");

	p = good;
	p.b[10] ^= 0x01;
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_MALFORMED,
	       "bad IPv4 header checksum dropped");
	p = good;
	put_be16(p.b + 6, 0x2000);
	fix_ipv4(p.b, p.len);
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_FRAGMENT,
	       "first IPv4 fragment dropped as fragment");
	p = good;
	put_be16(p.b + 6, 0x0010);
	fix_ipv4(p.b, p.len);
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_FRAGMENT,
	       "later IPv4 fragment dropped as fragment");
	p = good;
	p.b[0] = 0x44;
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_MALFORMED,
	       "IPv4 header length 16 dropped");
	encap(0x100, 50, in, udp4(in, 10), &p);
	memset(p.b + p.len, 0, 6);
	tap_ok(decap_one(p.b, p.len + 6) == VERDICT_OUTPUT,
	       "link-layer padding after the datagram ignored");
}

/* Insert extension headers (types[i], 8 bytes each) before ESP. */
static size_t with_ext(const struct pkt *in, const uint8_t *types,
		       unsigned int n, uint8_t *out)
{
	size_t off = 40;
	unsigned int i;

	memcpy(out, in->b, 40);
	out[6] = types[0];
	for (i = 0; i < n; i++) {
		memset(out + off, 0, 8);
		out[off] = i + 1 < n ? types[i + 1] : 50;
		if (types[i] == 43)
			out[off + 2] = 0;	/* type 0, segments left 0 */
		if (types[i] == 44)
			put_be16(out + off + 2, 0);
		if (types[i] == 0 || types[i] == 60) {
			out[off + 2] = 1;	/* PadN of 4 */
			out[off + 3] = 4;
		}
		off += 8;
	}
	memcpy(out + off, in->b + 40, in->len - 40);
	fix_ipv6(out, in->len + off - 40);
	return in->len + off - 40;
}

static void test_ipv6_oddities(void)
{
	static const uint8_t ok_chain[] = { 0, 60, 43, 44, 60 };
	static const uint8_t hbh_late[] = { 60, 0 };
	static const uint8_t two_rh[] = { 43, 43 };
	static const uint8_t three_dst[] = { 60, 60, 60 };
	uint8_t many[17];
	struct pkt good, p;
	uint8_t in[256], b[1024];
	size_t n = h_udp4(in, "192.168.1.1", "192.168.2.2", 10, 1);

	memset(many, 60, sizeof(many));
	h_sa(&h, 0x500, 50)->oseq = 10000;	/* past test_replays */
	if (!encap(0x500, 50, in, n, &good)) {
		tap_ok(false, "IPv6 ESP packet built");
		return;
	}
	n = with_ext(&good, ok_chain, sizeof(ok_chain), b);
	tap_ok(decap_one(b, n) == VERDICT_OUTPUT,
	       "Hop-by-Hop, Destination, Routing, atomic Fragment, Destination before ESP accepted");
	n = with_ext(&good, hbh_late, sizeof(hbh_late), b);
	tap_ok(decap_one(b, n) == VERDICT_DROP_MALFORMED,
	       "Hop-by-Hop after another header dropped");
	n = with_ext(&good, two_rh, sizeof(two_rh), b);
	tap_ok(decap_one(b, n) == VERDICT_DROP_MALFORMED,
	       "two Routing headers dropped");
	n = with_ext(&good, three_dst, sizeof(three_dst), b);
	tap_ok(decap_one(b, n) == VERDICT_DROP_MALFORMED,
	       "three Destination Options headers dropped");
	n = with_ext(&good, many, sizeof(many), b);
	tap_ok(decap_one(b, n) == VERDICT_DROP_MALFORMED,
	       "seventeen extension headers dropped");

	n = with_ext(&good, (const uint8_t *)"\x2c", 1, b);
	put_be16(b + 42, 0x0008);	/* offset 1 */
	tap_ok(decap_one(b, n) == VERDICT_DROP_FRAGMENT,
	       "IPv6 fragment with an offset dropped");
	n = with_ext(&good, (const uint8_t *)"\x3c", 1, b);
	b[41] = 200;			/* extension length beyond the packet */
	tap_ok(decap_one(b, n) == VERDICT_DROP_MALFORMED,
	       "truncated IPv6 extension header dropped");
	p = good;
	put_be16(p.b + 4, (uint16_t)(p.len - 40 + 1));
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_MALFORMED,
	       "IPv6 payload length beyond the capture dropped");
	p = good;
	p.b[0] = 0x50;
	tap_ok(decap_one(p.b, p.len) == VERDICT_NOT_IPSEC,
	       "IP version 5 is not IPsec");
}

static void test_ah_lengths(void)
{
	struct pkt good, p;
	uint8_t in[256];
	size_t n = h_udp6(in, "2001:db8::1", "2001:db8::2", 10, 1);

	encap(0x300, 51, in, n, &good);
	p = good;
	p.b[41] += 1;		/* AH payload length: 4 bytes more */
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_MALFORMED,
	       "AH length not matching the ICV length dropped");
	p = good;
	p.b[41] = 0xff;
	tap_ok(decap_one(p.b, p.len) == VERDICT_DROP_MALFORMED,
	       "AH length beyond the packet dropped");
}

int main(void)
{
	if (h_setup(&h, config, 8)) {
		tap_ok(false, "setup");
		return tap_done();
	}
	test_protocols();
	test_ah_mutable();
	test_trailers();
	test_replays();
	test_spis();
	test_udp_encap();
	test_ipv4_oddities();
	test_ipv6_oddities();
	test_ah_lengths();
	h_teardown(&h);
	return tap_done();
}
