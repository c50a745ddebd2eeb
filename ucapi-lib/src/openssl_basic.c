// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * skciphers and hashes on OpenSSL: cbc(aes), ctr(aes) with a 16-byte
 * big-endian counter block, sha*, hmac(sha*).
 */
#include <errno.h>

#include "openssl_backend.h"

#define AES_BLOCK	16

int ossl_run_skcipher(struct ossl_state *st, const struct ucapi_op *op)
{
	EVP_CIPHER_CTX *ctx;
	int outl;

	if (!st->enc_ctx)
		return -ENOKEY;
	/* The kernel's cbc rejects a partial block; ctr takes any length. */
	if (st->alg.kind == UCAPI_ALG_CBC && op->src_len % AES_BLOCK)
		return -EINVAL;
	ctx = ossl_ctx_with_iv(st, op->op == UCAPI_ENCRYPT, op->iv);
	if (!ctx)
		return -EINVAL;
	if (op->src_len && !EVP_CipherUpdate(ctx, op->dst, &outl, op->src,
					     (int)op->src_len))
		return -EINVAL;
	return 0;
}

int ossl_run_hash(struct ossl_state *st, const struct ucapi_op *op,
		  uint32_t out_len)
{
	unsigned int md_len;
	int err;

	if (st->alg.kind == UCAPI_ALG_HMAC) {
		if (!st->mctx)
			return -ENOKEY;
		err = ossl_hmac(st->mctx, op->src, op->src_len, op->dst,
				out_len);
		return err < 0 ? err : 0;
	}
	if (!EVP_Digest(op->src, op->src_len, op->dst, &md_len, st->md, NULL))
		return -EINVAL;
	return 0;
}
