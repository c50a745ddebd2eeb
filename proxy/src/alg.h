/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPsec algorithms the datapath implements, named as ip-xfrm(8) and the
 * kernel Crypto API name them, with the wire parameters of each.
 */
#ifndef PROXY_ALG_H
#define PROXY_ALG_H

#include <stdbool.h>

enum enc_kind {
	ENC_NULL,		/* RFC 2410 */
	ENC_AES_CBC,		/* RFC 3602 */
	ENC_AES_CTR,		/* RFC 3686 */
	ENC_AES_GCM,		/* RFC 4106 */
	ENC_AES_GMAC,		/* RFC 4543: ESP with NULL encryption, AH */
	ENC_CHACHA20_POLY1305,	/* RFC 7634 */
};

enum auth_kind {
	AUTH_NONE,
	AUTH_HMAC_SHA1,		/* RFC 2404 */
	AUTH_HMAC_SHA256,	/* RFC 4868 */
	AUTH_HMAC_SHA384,
	AUTH_HMAC_SHA512,
};

struct enc_alg {
	enum enc_kind kind;
	const char *name;		/* Crypto API name */
	bool aead;			/* combined mode: an ICV of its own */
	unsigned int salt_len;		/* bytes appended to the key */
	unsigned int iv_len;		/* explicit IV carried in each packet */
	unsigned int block_size;	/* ciphertext alignment; 1 for streams */
	unsigned int key_sizes[3];	/* valid key lengths without the salt */
	unsigned int icv_bits[3];	/* AEAD: valid ICV lengths */
};

struct auth_alg {
	enum auth_kind kind;
	const char *name;		/* Crypto API name: "hmac(sha1)" */
	unsigned int digest_len;
	/* ICV length the kernel uses for "auth" without a truncation length */
	unsigned int default_trunc_bits;
};

#define ENC_KEY_MAX	36	/* AES-256 or ChaCha20 key and a 4-byte salt */
#define AUTH_KEY_MAX	128
#define ICV_MAX		32

const struct enc_alg *enc_alg_find(const char *name);
const struct enc_alg *enc_alg_by_kind(enum enc_kind kind);
const struct auth_alg *auth_alg_find(const char *name);
const struct auth_alg *auth_alg_by_kind(enum auth_kind kind);

bool enc_alg_key_len_valid(const struct enc_alg *alg, unsigned int key_len);
bool enc_alg_icv_bits_valid(const struct enc_alg *alg, unsigned int bits);

#endif /* PROXY_ALG_H */
