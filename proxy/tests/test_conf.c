// SPDX-License-Identifier: GPL-2.0-only
/* ipsec-proxyd.conf parser: valid statements and one test per error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sa_load.h"
#include "tap.h"

struct capture {
	char text[4096];
};

static void capture_msg(void *user, const char *msg)
{
	struct capture *c = user;
	size_t n = strlen(c->text);

	snprintf(c->text + n, sizeof(c->text) - n, "%s\n", msg);
}

struct loaded {
	struct sadb db;
	struct capture errors;
	struct capture warnings;
	unsigned int nr_errors;
	int ret;
};

static void load(struct loaded *l, const char *text)
{
	struct sa_load ld = {
		.db = &l->db,
		.file = "test.conf",
		.error = capture_msg,
		.warning = capture_msg,
	};
	FILE *fp = fmemopen((void *)text, strlen(text), "r");

	memset(l, 0, sizeof(*l));
	sadb_init(&l->db);
	ld.user = &l->errors;
	ld.warning = NULL;
	l->ret = sa_conf_load(&ld, fp);
	l->nr_errors = ld.errors;
	fclose(fp);
}

static void unload(struct loaded *l)
{
	sadb_destroy(&l->db);
}

#define GCM_KEY "0x00112233445566778899aabbccddeeff01020304"
#define AES_KEY "0x00112233445566778899aabbccddeeff"
#define SHA1_KEY "0x0102030405060708090a0b0c0d0e0f1011121314"

static void test_gcm_line(void)
{
	struct loaded l;
	struct sa *sa;

	load(&l, "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x1000 mode tunnel "
		 "aead 'rfc4106(gcm(aes))' " GCM_KEY " 128 replay-window 4096 "
		 "flag esn encap espinudp 4500 4501\n");
	tap_ok(l.ret == 0 && l.db.count == 1, "gcm line loads");
	sa = l.db.count ? l.db.all[0] : NULL;
	tap_ok(sa && sa->spi == 0x1000 && sa->proto == 50 &&
	       sa->mode == SA_MODE_TUNNEL, "gcm line spi, proto, mode");
	tap_ok(sa && sa->enc && sa->enc->kind == ENC_AES_GCM &&
	       sa->enc_key_len == 20 && sa->icv_len == 16,
	       "gcm line key with salt, ICV 16");
	tap_ok(sa && sa->esn && sa->replay_size == 4096 &&
	       sa->replay.nbits == 4096, "gcm line ESN, window 4096");
	tap_ok(sa && sa->encap == SA_ENCAP_ESPINUDP && sa->encap_sport == 4500 &&
	       sa->encap_dport == 4501, "gcm line encap ports");
	tap_ok(sa && sadb_lookup(&l.db, 0x1000, 50, AF_INET,
				 sa->dst.bytes) == sa, "gcm SA found by lookup");
	unload(&l);
}

static void test_algorithms(void)
{
	struct loaded l;
	const struct sa *sa;

	load(&l,
	     "# comment line\n"
	     "\n"
	     "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc 'cbc(aes)' " AES_KEY
	     " auth-trunc 'hmac(sha256)' " SHA1_KEY " 128\n"
	     "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 2 enc aes " AES_KEY
	     " auth sha1 " SHA1_KEY "   # trailing comment\n"
	     "sa src 2001:db8::1 dst 2001:db8::2 proto esp spi 3 \\\n"
	     "   enc 'rfc3686(ctr(aes))' " GCM_KEY " auth sha256 " SHA1_KEY "\n"
	     "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 4 enc cipher_null \"\" "
	     "auth sha1 " SHA1_KEY "\n"
	     "sa src 10.0.0.1 dst 10.0.0.2 proto ah spi 5 auth sha1 " SHA1_KEY "\n"
	     "sa src 10.0.0.1 dst 10.0.0.2 proto ah spi 6 aead 'rfc4543(gcm(aes))' "
	     GCM_KEY " 128 flag align4\n"
	     "sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 7 aead "
	     "'rfc7539esp(chacha20,poly1305)' 0x"
	     "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	     "a0a1a2a3 128\n");
	tap_ok(l.ret == 0 && l.db.count == 7, "seven algorithm lines load");
	if (l.db.count != 7) {
		tap_diag("%s", l.errors.text);
		unload(&l);
		return;
	}
	sa = l.db.all[0];
	tap_ok(sa->auth->kind == AUTH_HMAC_SHA256 && sa->icv_len == 16,
	       "auth-trunc sha256 128 gives a 16-byte ICV");
	sa = l.db.all[1];
	tap_ok(sa->enc->kind == ENC_AES_CBC && sa->icv_len == 12,
	       "aliases aes and sha1, default 96-bit ICV");
	sa = l.db.all[2];
	tap_ok(sa->enc->kind == ENC_AES_CTR && sa->dst.family == AF_INET6 &&
	       sa->icv_len == 12 && sa->origin[0],
	       "continued IPv6 line with rfc3686, sha256 default 96 bits");
	tap_ok(!strcmp(sa->origin, "test.conf:5"),
	       "continued line is named by its first line");
	sa = l.db.all[3];
	tap_ok(sa->enc->kind == ENC_NULL && sa->enc_key_len == 0,
	       "NULL encryption with an empty key");
	sa = l.db.all[4];
	tap_ok(sa->proto == 51 && sa->mode == SA_MODE_TRANSPORT &&
	       sa->replay_size == SA_REPLAY_DEFAULT,
	       "AH with transport mode and the default window");
	sa = l.db.all[5];
	tap_ok(sa->proto == 51 && sa->enc->kind == ENC_AES_GMAC && sa->align4,
	       "AH with AES-GMAC and align4");
	sa = l.db.all[6];
	tap_ok(sa->enc->kind == ENC_CHACHA20_POLY1305 && sa->enc_key_len == 36,
	       "ChaCha20-Poly1305 key with salt");
	unload(&l);
}

struct bad_case {
	const char *name;
	const char *line;
	const char *expect;	/* substring of the error */
};

#define BASE "sa src 10.0.0.1 dst 10.0.0.2 proto esp "
#define GCM " aead 'rfc4106(gcm(aes))' " GCM_KEY " 128"

static const struct bad_case bad_cases[] = {
	{ "SPI 0", BASE "spi 0x0" GCM, "field 'spi'" },
	{ "SPI missing", BASE GCM, "field 'spi': missing" },
	{ "SPI not a number", BASE "spi 0x10zz" GCM, "field 'spi'" },
	{ "SPI too large", BASE "spi 0x100000000" GCM, "field 'spi'" },
	{ "bad address", "sa src 10.0.0.1 dst 10.0.0.300 proto esp spi 1" GCM,
	  "field 'dst'" },
	{ "dst missing", "sa src 10.0.0.1 proto esp spi 1" GCM,
	  "field 'dst': missing" },
	{ "family mismatch", "sa src ::1 dst 10.0.0.2 proto esp spi 1" GCM,
	  "field 'src'" },
	{ "unknown proto", "sa src 10.0.0.1 dst 10.0.0.2 proto comp spi 1" GCM,
	  "field 'proto'" },
	{ "unknown mode", BASE "spi 1 mode beet" GCM, "field 'mode'" },
	{ "unknown enc", BASE "spi 1 enc 'cbc(des)' " AES_KEY,
	  "field 'enc'" },
	{ "aead as enc", BASE "spi 1 enc 'rfc4106(gcm(aes))' " GCM_KEY,
	  "field 'enc'" },
	{ "gcm key without salt", BASE "spi 1 aead 'rfc4106(gcm(aes))' " AES_KEY
	  " 128", "field 'aead'" },
	{ "odd hex digits", BASE "spi 1 aead 'rfc4106(gcm(aes))' 0x123 128",
	  "field 'aead'" },
	{ "bad hex digit", BASE "spi 1 aead 'rfc4106(gcm(aes))' 0x00112233445566778899aabbccddeeff0102030g 128",
	  "field 'aead'" },
	{ "bad ICV length", BASE "spi 1 aead 'rfc4106(gcm(aes))' " GCM_KEY " 100",
	  "field 'aead'" },
	{ "ICV missing", BASE "spi 1 aead 'rfc4106(gcm(aes))' " GCM_KEY,
	  "field 'aead': value missing" },
	{ "aead with auth", BASE "spi 1" GCM " auth sha1 " SHA1_KEY,
	  "field 'auth'" },
	{ "esp without enc", BASE "spi 1 auth sha1 " SHA1_KEY,
	  "field 'enc'" },
	{ "null enc without auth", BASE "spi 1 enc cipher_null ''",
	  "field 'auth'" },
	{ "truncation too short", BASE "spi 1 enc aes " AES_KEY
	  " auth-trunc sha1 " SHA1_KEY " 32", "field 'auth-trunc'" },
	{ "truncation beyond digest", BASE "spi 1 enc aes " AES_KEY
	  " auth-trunc sha1 " SHA1_KEY " 192", "field 'auth-trunc'" },
	{ "unknown auth", BASE "spi 1 enc aes " AES_KEY " auth md5 " SHA1_KEY,
	  "field 'auth'" },
	{ "empty auth key", BASE "spi 1 enc aes " AES_KEY " auth sha1 ''",
	  "field 'auth'" },
	{ "ah with cbc", "sa src 10.0.0.1 dst 10.0.0.2 proto ah spi 1 enc aes "
	  AES_KEY, "field 'enc'" },
	{ "ah with encap", "sa src 10.0.0.1 dst 10.0.0.2 proto ah spi 1 auth sha1 "
	  SHA1_KEY " encap espinudp 4500 4500", "field 'encap'" },
	{ "esn without window", BASE "spi 1" GCM " replay-window 0 flag esn",
	  "field 'replay-window'" },
	{ "window too large", BASE "spi 1" GCM " replay-window 70000",
	  "field 'replay-window'" },
	{ "high bits without esn", BASE "spi 1" GCM " replay-seq-hi 1",
	  "field 'replay-seq-hi'" },
	{ "unknown flag", BASE "spi 1" GCM " flag bogus", "field 'flag'" },
	{ "unknown encap", BASE "spi 1" GCM " encap espintcp 4500 4500",
	  "field 'encap'" },
	{ "encap port 0", BASE "spi 1" GCM " encap espinudp 0 4500",
	  "field 'encap'" },
	{ "unknown keyword", BASE "spi 1" GCM " lifetime 10",
	  "field 'lifetime'" },
	{ "unterminated quote", BASE "spi 1 aead 'rfc4106(gcm(aes)) " GCM_KEY,
	  "unterminated quote" },
	{ "unknown statement", "policy src 10.0.0.1", "unknown statement" },
	{ "enc given twice", BASE "spi 1 enc aes " AES_KEY " enc aes " AES_KEY,
	  "field 'enc'" },
	{ "spi given twice", BASE "spi 1 spi 2" GCM, "field 'spi': given twice" },
	{ "mode given twice", BASE "spi 1" GCM " mode tunnel mode transport",
	  "field 'mode': given twice" },
};

static void test_bad_lines(void)
{
	struct loaded l;
	char expect[128];
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		char text[1024];

		snprintf(text, sizeof(text), "# first line\n%s\n",
			 bad_cases[i].line);
		load(&l, text);
		snprintf(expect, sizeof(expect), "test.conf:2: %s",
			 strncmp(bad_cases[i].expect, "field", 5) ? "" :
			 bad_cases[i].expect);
		tap_ok(l.ret != 0 && l.nr_errors == 1 && l.db.count == 0 &&
		       strstr(l.errors.text, expect) &&
		       strstr(l.errors.text, bad_cases[i].expect),
		       "rejects %s", bad_cases[i].name);
		if (!strstr(l.errors.text, bad_cases[i].expect))
			tap_diag("message was: %s", l.errors.text);
		unload(&l);
	}
}

static void test_no_half_load(void)
{
	struct loaded l;
	uint8_t dst[4] = { 10, 0, 0, 2 };

	load(&l, BASE "spi 1" GCM "\n"
		 BASE "spi 2" GCM " replay-window banana\n"
		 BASE "spi 3" GCM "\n"
		 BASE "spi 3" GCM "\n");
	tap_ok(l.ret != 0 && l.nr_errors == 2 && l.db.count == 2,
	       "good lines load around bad ones");
	tap_ok(!sadb_lookup(&l.db, 2, 50, AF_INET, dst),
	       "bad line adds no SA");
	tap_ok(strstr(l.errors.text, "test.conf:2: field 'replay-window'") &&
	       strstr(l.errors.text, "test.conf:4: field 'spi': duplicate"),
	       "errors name line and field");
	unload(&l);
}

static void test_replay_state(void)
{
	struct loaded l;
	const struct sa *sa;

	load(&l, BASE "spi 1" GCM " flag esn replay-window 128 replay-seq 0x10 "
		 "replay-seq-hi 2 replay-oseq 5 replay-oseq-hi 1\n");
	sa = l.db.count ? l.db.all[0] : NULL;
	tap_ok(sa && sa->replay.top == (2ULL << 32 | 0x10) &&
	       sa->oseq == (1ULL << 32 | 5),
	       "replay-seq and replay-oseq with high bits");
	unload(&l);
}

int main(void)
{
	test_gcm_line();
	test_algorithms();
	test_bad_lines();
	test_no_half_load();
	test_replay_state();
	return tap_done();
}
