// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The transforms ucapi-bench measures, shaped as ESP uses them: the AAD is
 * the 8-byte ESP header (SPI, sequence number) followed by the IV, and the
 * tag is 16 bytes (RFC 4106, RFC 7634, and RFC 4868 for HMAC-SHA-256-128).
 * The opt-in cases are bare skciphers without an ESP layout: cbc(aes), and
 * ecb(cipher_null), which moves data without transforming it, so that its
 * rate is the cost of getting an operation's data in and out.
 */
#include <errno.h>
#include <string.h>

#include "bench.h"

#define ESP_HEADER_LEN	8
#define MAX_KEY_LEN	64
#define MAX_KEY_BLOB	(MAX_KEY_LEN * 2 + 16)

static const struct bench_case cases[] = {
	{
		.id = "rfc4106-128", .alg = "rfc4106(gcm(aes))",
		.key_desc = "AES-128", .type = UCAPI_AEAD, .key_bits = 128,
		.enc_key_len = 16 + 4, .authsize = 16, .ivsize = 8,
		.aad_len = ESP_HEADER_LEN + 8, .block = 1,
	},
	{
		.id = "rfc4106-256", .alg = "rfc4106(gcm(aes))",
		.key_desc = "AES-256", .type = UCAPI_AEAD, .key_bits = 256,
		.enc_key_len = 32 + 4, .authsize = 16, .ivsize = 8,
		.aad_len = ESP_HEADER_LEN + 8, .block = 1,
	},
	{
		.id = "authenc", .alg = "authenc(hmac(sha256),cbc(aes))",
		.key_desc = "AES-128, HMAC-SHA256", .type = UCAPI_AEAD,
		.key_bits = 128, .enc_key_len = 16, .auth_key_len = 32,
		.authsize = 16, .ivsize = 16,
		.aad_len = ESP_HEADER_LEN + 16, .block = 16,
	},
	{
		.id = "rfc7539esp", .alg = "rfc7539esp(chacha20,poly1305)",
		.key_desc = "ChaCha20", .type = UCAPI_AEAD, .key_bits = 256,
		.enc_key_len = 32 + 4, .authsize = 16, .ivsize = 8,
		.aad_len = ESP_HEADER_LEN + 8, .block = 1,
	},
	{
		.id = "hmac-sha256", .alg = "hmac(sha256)",
		.key_desc = "HMAC-SHA256", .type = UCAPI_HASH, .key_bits = 256,
		.auth_key_len = 32, .block = 1, .digest_len = 32,
	},
	{
		.id = "cbc-aes-128", .alg = "cbc(aes)", .key_desc = "AES-128",
		.type = UCAPI_SKCIPHER, .key_bits = 128, .enc_key_len = 16,
		.ivsize = 16, .block = 16, .opt_in = true,
	},
	{
		.id = "null", .alg = "ecb(cipher_null)", .key_desc = "none",
		.type = UCAPI_SKCIPHER, .block = 1, .opt_in = true,
	},
};

#define NR_CASES (sizeof(cases) / sizeof(cases[0]))

unsigned int bench_nr_cases(void)
{
	return NR_CASES;
}

const struct bench_case *bench_case_at(unsigned int i)
{
	return i < NR_CASES ? &cases[i] : NULL;
}

/*
 * Store in out[] the cases that a name selects: a short id selects one
 * case, a Crypto API name every key size of it.  Returns how many matched.
 */
unsigned int bench_match_cases(const char *name,
			       const struct bench_case **out,
			       unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < NR_CASES && n < max; i++) {
		if (!strcmp(name, cases[i].id) || !strcmp(name, cases[i].alg))
			out[n++] = &cases[i];
	}
	return n;
}

bool bench_case_has_op(const struct bench_case *bcase, enum bench_op op)
{
	if (bcase->type == UCAPI_HASH)
		return op == BENCH_DIGEST;
	return op == BENCH_ENCRYPT || op == BENCH_DECRYPT;
}

/* ESP pads the payload to the cipher block; CBC needs whole blocks. */
unsigned int bench_payload_len(const struct bench_case *bcase,
			       unsigned int size)
{
	return (size + bcase->block - 1) / bcase->block * bcase->block;
}

/* A fixed key pattern: the benchmark protects no data. */
static void fill_key(unsigned char *key, size_t len, unsigned int salt)
{
	size_t i;

	for (i = 0; i < len; i++)
		key[i] = (unsigned char)(i * 29 + salt);
}

static int set_key(const struct bench_case *bcase,
		   struct ucapi_session *sess)
{
	unsigned char enc_key[MAX_KEY_LEN], auth_key[MAX_KEY_LEN];
	unsigned char blob[MAX_KEY_BLOB];
	int len, err;

	fill_key(enc_key, sizeof(enc_key), 7);
	fill_key(auth_key, sizeof(auth_key), 101);

	if (bcase->type == UCAPI_HASH) {
		err = ucapi_setkey(sess, auth_key, bcase->auth_key_len);
	} else if (bcase->auth_key_len) {
		len = ucapi_authenc_key(blob, sizeof(blob), auth_key,
					bcase->auth_key_len, enc_key,
					bcase->enc_key_len);
		err = len < 0 ? len : ucapi_setkey(sess, blob, (size_t)len);
	} else {
		err = ucapi_setkey(sess, enc_key, bcase->enc_key_len);
	}

	explicit_bzero(enc_key, sizeof(enc_key));
	explicit_bzero(auth_key, sizeof(auth_key));
	explicit_bzero(blob, sizeof(blob));
	return err;
}

/* Key a session for the case and set its tag size. */
int bench_key_session(const struct bench_case *bcase,
		      struct ucapi_session *sess)
{
	int err;

	err = set_key(bcase, sess);
	if (err)
		return err;
	if (bcase->type == UCAPI_AEAD)
		return ucapi_set_authsize(sess, bcase->authsize);
	return 0;
}
