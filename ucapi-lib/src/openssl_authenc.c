// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * authenc(hmac(sha*),cbc(aes)) on OpenSSL, as crypto/authenc.c computes
 * it: encrypt-then-MAC.  Encryption runs CBC over the payload with the IV
 * given separately, then HMACs AAD || ciphertext and appends the first
 * authsize bytes of the HMAC.  Decryption checks that tag before it
 * decrypts, so a forged message is rejected with -EBADMSG even when its
 * length is not a multiple of the block size.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "openssl_backend.h"

#define AES_BLOCK	16

int ossl_hmac(EVP_MAC_CTX *mctx, const unsigned char *data, size_t len,
	      unsigned char *mac, size_t mac_size)
{
	size_t mac_len;

	if (!EVP_MAC_init(mctx, NULL, 0, NULL))
		return -EINVAL;
	if (len && !EVP_MAC_update(mctx, data, len))
		return -EINVAL;
	if (!EVP_MAC_final(mctx, mac, &mac_len, mac_size))
		return -EINVAL;
	return (int)mac_len;
}

static int cbc_crypt(struct ossl_state *st, const unsigned char *iv,
		     const unsigned char *in, unsigned char *out,
		     uint32_t len, int enc)
{
	EVP_CIPHER_CTX *ctx;
	int outl;

	if (len % AES_BLOCK)
		return -EINVAL;
	ctx = ossl_ctx_with_iv(st, enc, iv);
	if (!ctx)
		return -EINVAL;
	if (len && !EVP_CipherUpdate(ctx, out, &outl, in, (int)len))
		return -EINVAL;
	return 0;
}

static int authenc_encrypt(struct ossl_state *st, const struct ucapi_op *op,
			   const struct ossl_aead_io *io)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	int err, mac_len;

	err = cbc_crypt(st, op->iv, io->in, io->out, io->text_len, 1);
	if (err)
		return err;
	if (io->aad_len && io->dst_aad != io->aad)
		memmove(io->dst_aad, io->aad, io->aad_len);
	mac_len = ossl_hmac(st->mctx, io->dst_aad, io->aad_len + io->text_len,
			    mac, sizeof(mac));
	if (mac_len < 0)
		return mac_len;
	memcpy(io->out + io->text_len, mac, io->authsize);
	OPENSSL_cleanse(mac, sizeof(mac));
	return 0;
}

static int authenc_decrypt(struct ossl_state *st, const struct ucapi_op *op,
			   const struct ossl_aead_io *io)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	int mac_len;
	bool match;

	mac_len = ossl_hmac(st->mctx, io->aad, io->aad_len + io->text_len,
			    mac, sizeof(mac));
	if (mac_len < 0)
		return mac_len;
	match = !CRYPTO_memcmp(mac, io->in + io->text_len, io->authsize);
	OPENSSL_cleanse(mac, sizeof(mac));
	if (!match)
		return -EBADMSG;
	if (io->aad_len && io->dst_aad != io->aad)
		memmove(io->dst_aad, io->aad, io->aad_len);
	return cbc_crypt(st, op->iv, io->in, io->out, io->text_len, 0);
}

int ossl_run_authenc(struct ossl_state *st, const struct ucapi_op *op,
		     uint32_t authsize)
{
	struct ossl_aead_io io;

	if (!st->enc_ctx || !st->mctx)
		return -ENOKEY;
	ossl_split_aead(op, authsize, &io);
	if (io.enc)
		return authenc_encrypt(st, op, &io);
	return authenc_decrypt(st, op, &io);
}
