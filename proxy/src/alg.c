// SPDX-License-Identifier: GPL-2.0-only
/*
 * Algorithm tables.  Names and default truncation lengths follow Linux 6.12
 * net/xfrm/xfrm_algo.c, so a configuration written for ip-xfrm(8) means the
 * same thing here.
 */
#include <string.h>

#include "alg.h"
#include "bytes.h"

static const struct enc_alg enc_algs[] = {
	{
		.kind = ENC_NULL, .name = "ecb(cipher_null)",
		.block_size = 1, .key_sizes = { 0 },
	}, {
		.kind = ENC_AES_CBC, .name = "cbc(aes)",
		.iv_len = 16, .block_size = 16, .key_sizes = { 16, 24, 32 },
	}, {
		.kind = ENC_AES_CTR, .name = "rfc3686(ctr(aes))",
		.salt_len = 4, .iv_len = 8, .block_size = 1,
		.key_sizes = { 16, 24, 32 },
	}, {
		.kind = ENC_AES_GCM, .name = "rfc4106(gcm(aes))", .aead = true,
		.salt_len = 4, .iv_len = 8, .block_size = 1,
		.key_sizes = { 16, 24, 32 }, .icv_bits = { 64, 96, 128 },
	}, {
		.kind = ENC_AES_GMAC, .name = "rfc4543(gcm(aes))", .aead = true,
		.salt_len = 4, .iv_len = 8, .block_size = 1,
		.key_sizes = { 16, 24, 32 }, .icv_bits = { 128 },
	}, {
		.kind = ENC_CHACHA20_POLY1305,
		.name = "rfc7539esp(chacha20,poly1305)", .aead = true,
		.salt_len = 4, .iv_len = 8, .block_size = 1,
		.key_sizes = { 32 }, .icv_bits = { 128 },
	},
};

static const struct auth_alg auth_algs[] = {
	{ AUTH_NONE, "digest_null", 0, 0 },
	{ AUTH_HMAC_SHA1, "hmac(sha1)", 20, 96 },
	{ AUTH_HMAC_SHA256, "hmac(sha256)", 32, 96 },
	{ AUTH_HMAC_SHA384, "hmac(sha384)", 48, 192 },
	{ AUTH_HMAC_SHA512, "hmac(sha512)", 64, 256 },
};

/* Short names ip-xfrm(8) and the kernel accept besides the full ones. */
static const struct {
	const char *alias;
	const char *name;
} aliases[] = {
	{ "cipher_null", "ecb(cipher_null)" },
	{ "aes", "cbc(aes)" },
	{ "sha1", "hmac(sha1)" },
	{ "sha256", "hmac(sha256)" },
	{ "sha384", "hmac(sha384)" },
	{ "sha512", "hmac(sha512)" },
};

static const char *resolve_alias(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		if (!strcmp(aliases[i].alias, name))
			return aliases[i].name;
	return name;
}

const struct enc_alg *enc_alg_find(const char *name)
{
	size_t i;

	name = resolve_alias(name);
	for (i = 0; i < ARRAY_SIZE(enc_algs); i++)
		if (!strcmp(enc_algs[i].name, name))
			return &enc_algs[i];
	return NULL;
}

const struct enc_alg *enc_alg_by_kind(enum enc_kind kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(enc_algs); i++)
		if (enc_algs[i].kind == kind)
			return &enc_algs[i];
	return NULL;
}

const struct auth_alg *auth_alg_find(const char *name)
{
	size_t i;

	name = resolve_alias(name);
	for (i = 0; i < ARRAY_SIZE(auth_algs); i++)
		if (!strcmp(auth_algs[i].name, name))
			return &auth_algs[i];
	return NULL;
}

const struct auth_alg *auth_alg_by_kind(enum auth_kind kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(auth_algs); i++)
		if (auth_algs[i].kind == kind)
			return &auth_algs[i];
	return NULL;
}

/* key_len includes the salt. */
bool enc_alg_key_len_valid(const struct enc_alg *alg, unsigned int key_len)
{
	size_t i;

	if (alg->kind == ENC_NULL)
		return key_len == 0;
	if (key_len < alg->salt_len)
		return false;
	for (i = 0; i < ARRAY_SIZE(alg->key_sizes); i++)
		if (alg->key_sizes[i] && alg->key_sizes[i] ==
		    key_len - alg->salt_len)
			return true;
	return false;
}

bool enc_alg_icv_bits_valid(const struct enc_alg *alg, unsigned int bits)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(alg->icv_bits); i++)
		if (alg->icv_bits[i] && alg->icv_bits[i] == bits)
			return true;
	return false;
}
