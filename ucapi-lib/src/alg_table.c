// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The transforms the OpenSSL backend implements, named as the kernel names
 * them, with the parameters the kernel's generic implementations report
 * (crypto/gcm.c, crypto/chacha20poly1305.c, crypto/authenc.c, crypto/cbc.c,
 * crypto/ctr.c, crypto/sha*.c, crypto/hmac.c of Linux 6.12).  The AF_ALG
 * backend falls back on this table when NETLINK_CRYPTO is not available.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

#define AEAD_ALG(n, k, d, iv, bs, maxauth)				\
	{ .name = n, .alg = { .kind = k, .type = UCAPI_AEAD, .digest = d, \
	  .params = { .ivsize = iv, .blocksize = bs,			\
		      .maxauthsize = maxauth, .authsize = maxauth,	\
		      .keyed = true } } }

#define SKCIPHER_ALG(n, k, bs)						\
	{ .name = n, .alg = { .kind = k, .type = UCAPI_SKCIPHER,	\
	  .params = { .ivsize = 16, .blocksize = bs,			\
		      .min_keysize = 16, .max_keysize = 32,		\
		      .keyed = true } } }

#define HASH_ALG(n, k, d, bs, ds, key)					\
	{ .name = n, .alg = { .kind = k, .type = UCAPI_HASH, .digest = d, \
	  .params = { .ivsize = 0, .blocksize = bs, .digestsize = ds,	\
		      .keyed = key, .unkeyed = !key } } }

static const struct {
	const char *name;
	struct ucapi_known_alg alg;
} known_algs[] = {
	AEAD_ALG("gcm(aes)", UCAPI_ALG_GCM, NULL, 12, 1, 16),
	AEAD_ALG("rfc4106(gcm(aes))", UCAPI_ALG_RFC4106, NULL, 8, 1, 16),
	AEAD_ALG("rfc4543(gcm(aes))", UCAPI_ALG_RFC4543, NULL, 8, 1, 16),
	AEAD_ALG("rfc7539esp(chacha20,poly1305)", UCAPI_ALG_RFC7539ESP, NULL,
		 8, 1, 16),
	AEAD_ALG("authenc(hmac(sha1),cbc(aes))", UCAPI_ALG_AUTHENC, "SHA1",
		 16, 16, 20),
	AEAD_ALG("authenc(hmac(sha256),cbc(aes))", UCAPI_ALG_AUTHENC,
		 "SHA256", 16, 16, 32),
	AEAD_ALG("authenc(hmac(sha512),cbc(aes))", UCAPI_ALG_AUTHENC,
		 "SHA512", 16, 16, 64),
	SKCIPHER_ALG("cbc(aes)", UCAPI_ALG_CBC, 16),
	SKCIPHER_ALG("ctr(aes)", UCAPI_ALG_CTR, 1),
	HASH_ALG("sha1", UCAPI_ALG_HASH, "SHA1", 64, 20, false),
	HASH_ALG("sha256", UCAPI_ALG_HASH, "SHA256", 64, 32, false),
	HASH_ALG("sha512", UCAPI_ALG_HASH, "SHA512", 128, 64, false),
	HASH_ALG("hmac(sha1)", UCAPI_ALG_HMAC, "SHA1", 64, 20, true),
	HASH_ALG("hmac(sha256)", UCAPI_ALG_HMAC, "SHA256", 64, 32, true),
	HASH_ALG("hmac(sha512)", UCAPI_ALG_HMAC, "SHA512", 128, 64, true),
};

/*
 * Look up a transform by its kernel name.  Returns -ENOENT when the name is
 * unknown or names a transform of another type, as the kernel does.
 */
int ucapi_lookup_known_alg(const char *alg_name, enum ucapi_type type,
			   struct ucapi_known_alg *alg)
{
	size_t i;

	for (i = 0; i < sizeof(known_algs) / sizeof(known_algs[0]); i++) {
		if (strcmp(known_algs[i].name, alg_name))
			continue;
		if (known_algs[i].alg.type != type)
			return -ENOENT;
		*alg = known_algs[i].alg;
		return 0;
	}
	return -ENOENT;
}
