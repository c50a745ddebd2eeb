/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * State of the OpenSSL backend, shared by its files: backend_openssl.c
 * (session and keys), openssl_aead.c (GCM, ESP variants, ChaCha20-Poly1305),
 * openssl_authenc.c (authenc) and openssl_basic.c (skciphers, hashes).
 */
#ifndef UCAPI_OPENSSL_BACKEND_H
#define UCAPI_OPENSSL_BACKEND_H

#include <openssl/evp.h>

#include "internal.h"

#define OSSL_SALT_LEN	4	/* nonce salt at the end of ESP keys */

struct ossl_state {
	struct ucapi_known_alg alg;
	EVP_CIPHER *cipher;		/* fetched at setkey */
	/*
	 * Contexts keyed at setkey, one per direction: OpenSSL keeps the key
	 * schedule of the direction it was keyed for, which CBC decryption
	 * cannot share.  Operations only set the IV.
	 */
	EVP_CIPHER_CTX *enc_ctx;
	EVP_CIPHER_CTX *dec_ctx;
	EVP_MD *md;
	EVP_MAC *mac;
	EVP_MAC_CTX *mctx;		/* HMAC, keyed at setkey */
	unsigned char salt[OSSL_SALT_LEN];
};

/* Buffers of one operation, split along the kernel's AEAD layout. */
struct ossl_aead_io {
	const unsigned char *aad;
	unsigned char *dst_aad;
	const unsigned char *in;	/* plaintext or ciphertext */
	unsigned char *out;
	uint32_t aad_len;
	uint32_t text_len;
	uint32_t authsize;
	bool enc;
};

void ossl_split_aead(const struct ucapi_op *op, uint32_t authsize,
		     struct ossl_aead_io *io);

int ossl_run_aead(struct ossl_state *st, const struct ucapi_op *op,
		  uint32_t authsize);
int ossl_run_authenc(struct ossl_state *st, const struct ucapi_op *op,
		     uint32_t authsize);
int ossl_run_skcipher(struct ossl_state *st, const struct ucapi_op *op);
int ossl_run_hash(struct ossl_state *st, const struct ucapi_op *op,
		  uint32_t out_len);
EVP_CIPHER_CTX *ossl_ctx_with_iv(struct ossl_state *st, bool enc,
				 const void *iv);
int ossl_hmac(EVP_MAC_CTX *mctx, const unsigned char *data, size_t len,
	      unsigned char *mac, size_t mac_size);

#endif /* UCAPI_OPENSSL_BACKEND_H */
