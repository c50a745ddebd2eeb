// SPDX-License-Identifier: GPL-2.0-only
/*
 * Datapath round trips through libucapi: every algorithm, tunnel and
 * transport mode, IPv4 and IPv6, UDP encapsulation and ESN.  Further tests
 * check what a round trip cannot show: IV choice, padding, TFC padding and
 * batching.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "harness.h"
#include "sa_crypto.h"
#include "tap.h"

#define K16 "0x000102030405060708090a0b0c0d0e0f"
#define K20 K16 "a0a1a2a3"
#define K32 "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define K36 K32 "a0a1a2a3"
#define H20 "0x4142434445464748494a4b4c4d4e4f5051525354"
#define H32 "0x4142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60"

struct alg_case {
	const char *name;
	const char *proto;
	const char *spec;
};

static const struct alg_case algs[] = {
	{ "AES-128-GCM-16", "esp", "aead 'rfc4106(gcm(aes))' " K20 " 128" },
	{ "AES-256-GCM-8", "esp", "aead 'rfc4106(gcm(aes))' " K36 " 64" },
	{ "AES-GMAC", "esp", "aead 'rfc4543(gcm(aes))' " K20 " 128" },
	{ "ChaCha20-Poly1305", "esp",
	  "aead 'rfc7539esp(chacha20,poly1305)' " K36 " 128" },
	{ "AES-CBC HMAC-SHA1-96", "esp", "enc 'cbc(aes)' " K16 " auth sha1 " H20 },
	{ "AES-256-CBC HMAC-SHA256-128", "esp",
	  "enc 'cbc(aes)' " K32 " auth-trunc 'hmac(sha256)' " H32 " 128" },
	{ "AES-CTR HMAC-SHA1-96", "esp",
	  "enc 'rfc3686(ctr(aes))' " K20 " auth sha1 " H20 },
	{ "NULL HMAC-SHA256-128", "esp",
	  "enc cipher_null '' auth-trunc sha256 " H32 " 128" },
	{ "AES-CBC without integrity", "esp", "enc aes " K16 },
	{ "AH HMAC-SHA1-96", "ah", "auth sha1 " H20 },
	{ "AH HMAC-SHA256-128", "ah", "auth-trunc sha256 " H32 " 128" },
	{ "AH AES-GMAC", "ah", "aead 'rfc4543(gcm(aes))' " K20 " 128" },
};

struct variant {
	bool tunnel, v6, encap, esn;
};

static void variant_name(const struct variant *v, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s%s%s", v->tunnel ? "tunnel" : "transport",
		 v->v6 ? "IPv6" : "IPv4", v->encap ? " NAT-T" : "",
		 v->esn ? " ESN" : "");
}

static size_t make_packet(uint8_t *buf, const struct variant *v,
			  size_t payload, uint8_t seed)
{
	if (v->tunnel)	/* inner family opposite to the outer */
		return v->v6 ? h_udp4(buf, "192.168.1.1", "192.168.2.2",
				      payload, seed) :
			       h_udp6_ext(buf, "fd00::1", "fd00::2", payload,
					  seed);
	if (v->v6)
		return seed % 2 ? h_udp6_ext(buf, "2001:db8::1", "2001:db8::2",
					     payload, seed) :
			h_udp6(buf, "2001:db8::1", "2001:db8::2", payload, seed);
	return h_udp4(buf, "10.0.0.1", "10.0.0.2", payload, seed);
}

/* Round trip three packets; the transport output equals the input. */
static bool roundtrip(const struct alg_case *a, const struct variant *v,
		      char *why, size_t why_len)
{
	static const size_t sizes[] = { 0, 101, 1400 };
	uint8_t pkt[3][2048], enc[3][2200];
	size_t len[3], enc_len[3], i;
	struct harness h;
	char config[1024];
	struct sa *sa;
	bool ok = true;

	snprintf(config, sizeof(config),
		 "sa src %s dst %s proto %s spi 0x100 mode %s %s %s%s%s\n",
		 v->v6 ? "2001:db8::1" : "10.0.0.1",
		 v->v6 ? "2001:db8::2" : "10.0.0.2", a->proto,
		 v->tunnel ? "tunnel" : "transport", a->spec,
		 v->esn ? " flag esn replay-oseq-hi 3 replay-oseq 0xfffffffe"
			  " replay-seq-hi 3 replay-seq 0xfffffff0" : "",
		 v->encap ? " encap espinudp 4500 4500" : "",
		 "");
	if (h_setup(&h, config, 8)) {
		snprintf(why, why_len, "setup failed");
		h_teardown(&h);
		return false;
	}
	sa = h.db.all[0];
	for (i = 0; i < 3; i++) {
		len[i] = make_packet(pkt[i], v, sizes[i], (uint8_t)(i + 1));
		h_encap(&h, sa, pkt[i], len[i]);
	}
	h_flush(&h);
	for (i = 0; i < 3 && ok; i++) {
		if (h.nr_results != 3 ||
		    h.results[i].verdict != VERDICT_OUTPUT) {
			snprintf(why, why_len, "encap %zu: %s %s", i,
				 h.nr_results == 3 ?
				 verdict_name(h.results[i].verdict) : "missing",
				 h.nr_results == 3 && h.results[i].why ?
				 h.results[i].why : "");
			ok = false;
			break;
		}
		enc_len[i] = h.results[i].len;
		memcpy(enc[i], h.results[i].data, enc_len[i]);
	}
	h_clear(&h);
	for (i = 0; ok && i < 3; i++)
		h_decap(&h, enc[i], enc_len[i]);
	h_flush(&h);
	for (i = 0; ok && i < 3; i++) {
		const struct h_result *r = &h.results[i];

		if (r->verdict != VERDICT_OUTPUT) {
			snprintf(why, why_len, "decap %zu: %s %s", i,
				 verdict_name(r->verdict), r->why ? r->why : "");
			ok = false;
		} else if (r->len != len[i] || memcmp(r->data, pkt[i], len[i])) {
			snprintf(why, why_len, "decap %zu: output differs (%zu vs %zu bytes)",
				 i, r->len, len[i]);
			ok = false;
		}
	}
	if (ok && v->esn && sa->replay.top != (4ULL << 32 | 1)) {
		snprintf(why, why_len, "ESN top is 0x%llx",
			 (unsigned long long)sa->replay.top);
		ok = false;
	}
	h_teardown(&h);
	return ok;
}

static void test_matrix(void)
{
	struct variant v;
	char name[64], why[160];
	size_t a;
	unsigned int bits;

	for (a = 0; a < sizeof(algs) / sizeof(algs[0]); a++) {
		for (bits = 0; bits < 16; bits++) {
			v.tunnel = bits & 1;
			v.v6 = bits & 2;
			v.encap = bits & 4;
			v.esn = bits & 8;
			if (v.encap && !strcmp(algs[a].proto, "ah"))
				continue;
			variant_name(&v, name, sizeof(name));
			why[0] = '\0';
			if (!tap_ok(roundtrip(&algs[a], &v, why, sizeof(why)),
				    "%s %s round trip", algs[a].name, name))
				tap_diag("%s", why);
		}
	}
}

/* AEAD and CTR IVs are the sequence number; CBC IVs differ. */
static void test_ivs(void)
{
	struct harness h;
	uint8_t pkt[256];
	size_t len;
	const uint8_t *esp;

	if (h_setup(&h,
		    "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 mode tunnel aead 'rfc4106(gcm(aes))' " K20 " 128 replay-oseq 41\n"
		    "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 2 mode tunnel enc aes " K16 " auth sha1 " H20 "\n",
		    4)) {
		tap_ok(false, "IV test setup");
		h_teardown(&h);
		return;
	}
	len = h_udp4(pkt, "1.1.1.1", "2.2.2.2", 30, 1);
	h_encap(&h, h.db.all[0], pkt, len);
	h_encap(&h, h.db.all[1], pkt, len);
	h_encap(&h, h.db.all[1], pkt, len);
	h_flush(&h);
	esp = h.results[0].data + 20;
	tap_ok(h.nr_results == 3 && get_be32(esp + 4) == 42 &&
	       get_be64(esp + 8) == (42 ^ h.db.all[0]->iv_mask),
	       "GCM sequence number follows replay-oseq, IV is it XOR the mask");
	tap_ok(h.results[1].len == h.results[2].len &&
	       memcmp(h.results[1].data + 28, h.results[2].data + 28, 16),
	       "CBC IVs of two packets differ");
	tap_ok((h.results[1].len - 20 - 8 - 16 - 12) % 16 == 0,
	       "CBC ciphertext is a multiple of 16");
	h_teardown(&h);
}

static void test_tfc_padding(void)
{
	struct harness h;
	uint8_t pkt[256];
	size_t len;

	if (h_setup(&h,
		    "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 mode tunnel aead 'rfc4106(gcm(aes))' " K20 " 128 tfcpad 300\n",
		    4)) {
		tap_ok(false, "TFC setup");
		h_teardown(&h);
		return;
	}
	len = h_udp4(pkt, "1.1.1.1", "2.2.2.2", 10, 1);
	h_encap(&h, h.db.all[0], pkt, len);
	h_flush(&h);
	tap_ok(h.nr_results == 1 && h.results[0].len >= 20 + 8 + 8 + 300 + 2 + 16,
	       "tfcpad pads the payload to 300 bytes");
	if (h.nr_results == 1) {
		uint8_t copy[1024];
		size_t n = h.results[0].len;

		memcpy(copy, h.results[0].data, n);
		h_clear(&h);
		h_decap(&h, copy, n);
		h_flush(&h);
		tap_ok(h.nr_results == 1 && h.results[0].len == len &&
		       !memcmp(h.results[0].data, pkt, len),
		       "TFC padding trimmed by the inner length");
	}
	h_teardown(&h);
}

/* Forty packets of two SAs with batch 32: per session one call a flush. */
static void test_batching(void)
{
	struct harness h;
	const struct dp_stats *st;
	uint8_t pkt[256], enc[40][256];
	size_t len, enc_len[40];
	unsigned int i, ok = 0;

	if (h_setup(&h,
		    "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 mode tunnel aead 'rfc4106(gcm(aes))' " K20 " 128\n"
		    "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 2 mode tunnel enc aes " K16 " auth sha1 " H20 "\n",
		    32)) {
		tap_ok(false, "batching setup");
		h_teardown(&h);
		return;
	}
	len = h_udp4(pkt, "1.1.1.1", "2.2.2.2", 50, 1);
	for (i = 0; i < 40; i++)
		h_encap(&h, h.db.all[i % 2], pkt, len);
	h_flush(&h);
	for (i = 0; i < 40 && i < h.nr_results; i++) {
		enc_len[i] = h.results[i].len;
		memcpy(enc[i], h.results[i].data, enc_len[i]);
	}
	h_clear(&h);
	st = dp_get_stats(h.dp);
	tap_ok(st->batch_calls == 4 && st->crypto_ops == 40,
	       "40 encapsulations: 4 ucapi_batch() calls for 2 SAs and 2 flushes");
	for (i = 0; i < 40; i++)
		h_decap(&h, enc[i], enc_len[i]);
	h_flush(&h);
	for (i = 0; i < h.nr_results; i++)
		ok += h.results[i].verdict == VERDICT_OUTPUT &&
		      h.results[i].number == 41 + i;
	tap_ok(ok == 40, "results come back in queue order");
	tap_ok(st->batch_calls == 8 && st->crypto_ops == 80,
	       "40 decapsulations: 4 more ucapi_batch() calls");
	h_teardown(&h);
}

/* Sessions show which engine each SA got on this backend. */
static void test_engines(void)
{
	struct harness h;
	size_t i;

	if (h_setup(&h,
		    "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc aes " K16 " auth sha1 " H20 "\n"
		    "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 2 enc aes " K16 " auth sha1 " H20 " flag esn\n"
		    "sa src 10.0.0.1 dst 10.0.0.2 proto ah spi 3 auth sha1 " H20 "\n",
		    4)) {
		tap_ok(false, "engine setup");
		h_teardown(&h);
		return;
	}
	for (i = 0; i < h.db.count; i++)
		tap_diag("SA %zu: %s on %s", i + 1, h.db.all[i]->crypto->desc,
			 ucapi_backend_name(ucapi_session_backend(
				h.db.all[i]->crypto->aead ?
				h.db.all[i]->crypto->aead :
				h.db.all[i]->crypto->hash)));
	tap_ok(h.db.all[2]->crypto->engine == SA_ENGINE_SPLIT &&
	       h.db.all[2]->crypto->hash && !h.db.all[2]->crypto->cipher,
	       "AH uses an HMAC session only");
	h_teardown(&h);
}

int main(void)
{
	test_matrix();
	test_ivs();
	test_tfc_padding();
	test_batching();
	test_engines();
	return tap_done();
}
