// SPDX-License-Identifier: GPL-2.0
/*
 * Random inputs through ucapi and through AF_ALG sockets on the same
 * kernel: both use the same Crypto API transforms, so every output must be
 * identical.  Each batch mixes operations of random lengths.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "ucapi_util.h"

#define OPS_PER_BATCH	8
#define BATCHES		6
#define MAX_DATA_LEN	4096

struct alg_case {
	const char *alg;
	unsigned int type;
	uint32_t key_len;
	uint32_t iv_len;
	uint32_t block;		/* data length is a multiple of this */
	uint32_t authsize;	/* AEAD tag size to set, 0 for default */
	int esp_aad;		/* AAD is 8 or 12 bytes followed by the IV */
	int authenc_hmac_len;	/* authenc(): HMAC key length */
};

FIXTURE(afalg) {
	uint8_t key[128];
	uint32_t key_len;
	int fd;
};

FIXTURE_VARIANT(afalg) {
	struct alg_case c;
};

FIXTURE_VARIANT_ADD(afalg, rfc4106_128) {
	.c = { "rfc4106(gcm(aes))", UCAPI_TYPE_AEAD, 20, 8, 1, 16, 1 },
};

FIXTURE_VARIANT_ADD(afalg, rfc4106_256_tag8) {
	.c = { "rfc4106(gcm(aes))", UCAPI_TYPE_AEAD, 36, 8, 1, 8, 1 },
};

FIXTURE_VARIANT_ADD(afalg, rfc4106_256_tag12) {
	.c = { "rfc4106(gcm(aes))", UCAPI_TYPE_AEAD, 36, 8, 1, 12, 1 },
};

FIXTURE_VARIANT_ADD(afalg, rfc4543) {
	.c = { "rfc4543(gcm(aes))", UCAPI_TYPE_AEAD, 20, 8, 1, 16, 1 },
};

FIXTURE_VARIANT_ADD(afalg, rfc7539esp) {
	.c = { "rfc7539esp(chacha20,poly1305)", UCAPI_TYPE_AEAD, 36, 8, 1, 16,
	       1 },
};

FIXTURE_VARIANT_ADD(afalg, authenc_sha1_cbc_aes) {
	.c = { "authenc(hmac(sha1),cbc(aes))", UCAPI_TYPE_AEAD, 16, 16, 16,
	       12, 0, 20 },
};

FIXTURE_VARIANT_ADD(afalg, authenc_sha256_cbc_aes) {
	.c = { "authenc(hmac(sha256),cbc(aes))", UCAPI_TYPE_AEAD, 32, 16, 16,
	       16, 0, 32 },
};

FIXTURE_VARIANT_ADD(afalg, cbc_aes) {
	.c = { "cbc(aes)", UCAPI_TYPE_SKCIPHER, 32, 16, 16 },
};

FIXTURE_VARIANT_ADD(afalg, ctr_aes) {
	.c = { "ctr(aes)", UCAPI_TYPE_SKCIPHER, 24, 16, 1 },
};

FIXTURE_VARIANT_ADD(afalg, hmac_sha1) {
	.c = { "hmac(sha1)", UCAPI_TYPE_HASH, 20, 0, 1 },
};

FIXTURE_VARIANT_ADD(afalg, hmac_sha256) {
	.c = { "hmac(sha256)", UCAPI_TYPE_HASH, 32, 0, 1 },
};

FIXTURE_VARIANT_ADD(afalg, sha256) {
	.c = { "sha256", UCAPI_TYPE_HASH, 0, 0, 1 },
};

static const char *afalg_type(unsigned int type)
{
	switch (type) {
	case UCAPI_TYPE_AEAD:
		return "aead";
	case UCAPI_TYPE_SKCIPHER:
		return "skcipher";
	default:
		return "hash";
	}
}

FIXTURE_SETUP(afalg)
{
	const struct alg_case *c = &variant->c;

	if (c->authenc_hmac_len) {
		uint8_t auth[64], enc[32];

		fill_random(auth, c->authenc_hmac_len);
		fill_random(enc, c->key_len);
		self->key_len = authenc_key(self->key, auth,
					    c->authenc_hmac_len, enc,
					    c->key_len);
	} else {
		self->key_len = c->key_len;
		fill_random(self->key, self->key_len);
	}

	if (self->key_len)
		self->fd = ucapi_open_keyed(c->alg, c->type, self->key,
					    self->key_len);
	else
		self->fd = sys_ucapi_open(c->alg, c->type, 0);
	ASSERT_LE(0, self->fd) TH_LOG("open %s", c->alg);
	if (c->authsize)
		ASSERT_EQ(0, ucapi_set_authsize(self->fd, c->authsize));
}

FIXTURE_TEARDOWN(afalg)
{
	close(self->fd);
}

/* One operation's buffers. */
struct op_buf {
	uint8_t iv[32];
	uint8_t src[MAX_DATA_LEN + 64];
	uint8_t dst[MAX_DATA_LEN + 128];
	uint8_t ref[MAX_DATA_LEN + 128];
	uint32_t aad_len, data_len;
};

static uint32_t random_below(uint32_t n)
{
	uint32_t r;

	fill_random(&r, sizeof(r));
	return r % n;
}

static void op_buf_fill(const struct alg_case *c, struct op_buf *b)
{
	fill_random(b->iv, c->iv_len);
	b->data_len = random_below(MAX_DATA_LEN / c->block + 1) * c->block;
	if (c->esp_aad)
		b->aad_len = (random_below(2) ? 12 : 8) + 8;
	else if (c->type == UCAPI_TYPE_AEAD)
		b->aad_len = random_below(64);
	else
		b->aad_len = 0;
	fill_random(b->src, b->aad_len + b->data_len);
	if (c->esp_aad)
		memcpy(b->src + b->aad_len - 8, b->iv, 8);
}

TEST_F(afalg, same_output)
{
	static struct op_buf bufs[OPS_PER_BATCH], back[OPS_PER_BATCH];
	const struct alg_case *c = &variant->c;
	const char *type = afalg_type(c->type);
	struct ucapi_op ops[OPS_PER_BATCH];
	int batch, i;

	for (batch = 0; batch < BATCHES; batch++) {
		uint32_t code = c->type == UCAPI_TYPE_HASH ? UCAPI_OP_DIGEST :
							    UCAPI_OP_ENCRYPT;

		for (i = 0; i < OPS_PER_BATCH; i++) {
			op_buf_fill(c, &bufs[i]);
			ucapi_op_init(&ops[i], code,
				      c->iv_len ? bufs[i].iv : NULL, c->iv_len,
				      bufs[i].src,
				      bufs[i].aad_len + bufs[i].data_len,
				      bufs[i].dst, sizeof(bufs[i].dst),
				      bufs[i].aad_len);
		}
		ASSERT_EQ(OPS_PER_BATCH, sys_ucapi_batch(self->fd, ops,
							 OPS_PER_BATCH,
							 sizeof(ops[0]), 0));

		for (i = 0; i < OPS_PER_BATCH; i++) {
			struct op_buf *b = &bufs[i];
			ssize_t ref_len;

			ASSERT_EQ(0, ops[i].status) TH_LOG("op %d: %s", i,
							   strerror(-ops[i].status));
			ref_len = afalg_run(type, c->alg, self->key,
					    self->key_len, c->authsize, 0,
					    b->iv, c->iv_len, b->src,
					    b->aad_len + b->data_len,
					    b->aad_len, b->ref,
					    ops[i].out_len);
			ASSERT_EQ(ops[i].out_len, ref_len)
				TH_LOG("AF_ALG: %s", strerror(-ref_len));
			ASSERT_EQ(0, memcmp(b->ref, b->dst, ref_len))
				TH_LOG("batch %d op %d, %u+%u bytes", batch, i,
				       b->aad_len, b->data_len);
		}
		if (c->type == UCAPI_TYPE_HASH)
			continue;

		/* Decrypt everything back in one batch. */
		for (i = 0; i < OPS_PER_BATCH; i++)
			ucapi_op_init(&ops[i], UCAPI_OP_DECRYPT, bufs[i].iv,
				      c->iv_len, bufs[i].dst, ops[i].out_len,
				      back[i].dst, sizeof(back[i].dst),
				      bufs[i].aad_len);
		ASSERT_EQ(OPS_PER_BATCH, sys_ucapi_batch(self->fd, ops,
							 OPS_PER_BATCH,
							 sizeof(ops[0]), 0));
		for (i = 0; i < OPS_PER_BATCH; i++) {
			uint32_t len = bufs[i].aad_len + bufs[i].data_len;

			ASSERT_EQ(0, ops[i].status);
			ASSERT_EQ(len, ops[i].out_len);
			ASSERT_EQ(0, memcmp(bufs[i].src, back[i].dst, len));
		}
	}
}

TEST_HARNESS_MAIN
