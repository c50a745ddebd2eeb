// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * AEAD transforms on OpenSSL, following the kernel's templates:
 *
 *   gcm(aes)        12-byte IV, the whole AAD authenticated.
 *   rfc4106(gcm)    nonce = salt || 8-byte IV; AAD length 16 or 20, and
 *                   only its first aad_len - 8 bytes are authenticated: the
 *                   last 8 are where ESP puts the IV, and the kernel skips
 *                   them (crypto_rfc4106_crypt()).
 *   rfc4543(gcm)    GMAC: nonce as rfc4106; AAD length 16 or 20; the whole
 *                   AAD and the payload are authenticated, the payload is
 *                   copied unencrypted (crypto_rfc4543_crypt()).
 *   rfc7539esp      nonce = salt || 8-byte IV; AAD of at least 8 bytes, of
 *                   which the last 8 are skipped (crypto/chacha20poly1305.c).
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "openssl_backend.h"

#define AEAD_MAX_TAG	16
#define ESP_IV_LEN	8

/* A zero-length buffer may be NULL; pointer arithmetic on NULL is not. */
static unsigned char empty_buffer[1];

void ossl_split_aead(const struct ucapi_op *op, uint32_t authsize,
		     struct ossl_aead_io *io)
{
	const unsigned char *src = op->src ? op->src : empty_buffer;
	unsigned char *dst = op->dst ? op->dst : empty_buffer;

	io->enc = op->op == UCAPI_ENCRYPT;
	io->aad = src;
	io->dst_aad = dst;
	io->aad_len = op->aad_len;
	io->in = src + op->aad_len;
	io->out = dst + op->aad_len;
	io->text_len = op->src_len - op->aad_len - (io->enc ? 0 : authsize);
	io->authsize = authsize;
}

/* Copy the AAD to dst, as the kernel leaves it there. */
static void copy_aad(const struct ossl_aead_io *io)
{
	if (io->aad_len && io->dst_aad != io->aad)
		memmove(io->dst_aad, io->aad, io->aad_len);
}

static int cipher_update(EVP_CIPHER_CTX *ctx, unsigned char *out,
			 const unsigned char *in, uint32_t len)
{
	int outl;

	if (!len)
		return 0;
	if (!EVP_CipherUpdate(ctx, out, &outl, in, (int)len))
		return -EINVAL;
	return 0;
}

/*
 * One AEAD pass: authenticate auth[0..auth_len), then encrypt or decrypt
 * io->in into io->out, then produce or check the tag.  On a tag mismatch
 * the output is wiped and -EBADMSG returned.
 */
static int aead_pass(struct ossl_state *st, const unsigned char *nonce,
		     const unsigned char *auth, uint32_t auth_len,
		     const struct ossl_aead_io *io, uint32_t text_len)
{
	EVP_CIPHER_CTX *ctx = ossl_ctx_with_iv(st, io->enc, nonce);
	unsigned char tag[AEAD_MAX_TAG];
	int outl;

	if (!ctx)
		return -EINVAL;
	if (!io->enc) {
		memcpy(tag, io->in + text_len, io->authsize);
		if (!EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
					 (int)io->authsize, tag))
			return -EINVAL;
	}
	if (cipher_update(ctx, NULL, auth, auth_len) ||
	    cipher_update(ctx, io->out, io->in, text_len))
		return -EINVAL;
	if (!EVP_CipherFinal_ex(ctx, io->out + text_len, &outl)) {
		if (io->enc)
			return -EINVAL;
		OPENSSL_cleanse(io->out, text_len);
		return -EBADMSG;
	}
	if (io->enc && !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
					    (int)io->authsize,
					    io->out + text_len))
		return -EINVAL;
	return 0;
}

static int run_gcm(struct ossl_state *st, const struct ossl_aead_io *io,
		   const unsigned char *iv)
{
	copy_aad(io);
	return aead_pass(st, iv, io->aad, io->aad_len, io, io->text_len);
}

static void esp_nonce(const struct ossl_state *st, const unsigned char *iv,
		      unsigned char nonce[OSSL_SALT_LEN + ESP_IV_LEN])
{
	memcpy(nonce, st->salt, OSSL_SALT_LEN);
	memcpy(nonce + OSSL_SALT_LEN, iv, ESP_IV_LEN);
}

/* rfc4106 and rfc7539esp: the last 8 AAD bytes are not authenticated. */
static int run_esp(struct ossl_state *st, const struct ossl_aead_io *io,
		   const unsigned char *iv)
{
	unsigned char nonce[OSSL_SALT_LEN + ESP_IV_LEN];

	if (st->alg.kind == UCAPI_ALG_RFC4106) {
		if (io->aad_len != 16 && io->aad_len != 20)
			return -EINVAL;
	} else if (io->aad_len < ESP_IV_LEN) {
		return -EINVAL;
	}
	esp_nonce(st, iv, nonce);
	copy_aad(io);
	return aead_pass(st, nonce, io->aad, io->aad_len - ESP_IV_LEN, io,
			 io->text_len);
}

/*
 * rfc4543: GMAC over AAD || payload, which lie back to back in src; the tag
 * follows the payload.  The payload is copied as it is.
 */
static int run_gmac(struct ossl_state *st, const struct ossl_aead_io *io,
		    const unsigned char *iv)
{
	unsigned char nonce[OSSL_SALT_LEN + ESP_IV_LEN];
	struct ossl_aead_io mac_io = *io;
	int err;

	if (io->aad_len != 16 && io->aad_len != 20)
		return -EINVAL;
	esp_nonce(st, iv, nonce);
	mac_io.in = io->in + io->text_len;
	mac_io.out = io->out + io->text_len;
	err = aead_pass(st, nonce, io->aad, io->aad_len + io->text_len,
			&mac_io, 0);
	if (err)
		return err;
	copy_aad(io);
	if (io->text_len && io->out != io->in)
		memmove(io->out, io->in, io->text_len);
	return 0;
}

int ossl_run_aead(struct ossl_state *st, const struct ucapi_op *op,
		  uint32_t authsize)
{
	struct ossl_aead_io io;

	if (!st->enc_ctx)
		return -ENOKEY;
	ossl_split_aead(op, authsize, &io);
	switch (st->alg.kind) {
	case UCAPI_ALG_GCM:
		return run_gcm(st, &io, op->iv);
	case UCAPI_ALG_RFC4543:
		return run_gmac(st, &io, op->iv);
	default:
		return run_esp(st, &io, op->iv);
	}
}
