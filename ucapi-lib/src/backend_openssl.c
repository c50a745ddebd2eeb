// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Backend on OpenSSL EVP in the calling process.  It implements the
 * transforms of alg_table.c with the kernel's key formats, buffer layout,
 * limits and error codes, so that its output matches the kernel's byte for
 * byte.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <keyutils.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include "openssl_backend.h"

static int ossl_open(struct ucapi_session *sess, unsigned int flags)
{
	struct ossl_state *st;
	int err;

	(void)flags;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	err = ucapi_lookup_known_alg(sess->alg_name, sess->type, &st->alg);
	if (err)
		goto free_state;
	sess->params = st->alg.params;
	strcpy(sess->params.driver_name, "openssl");

	err = -ENOMEM;
	if (st->alg.digest) {
		st->md = EVP_MD_fetch(NULL, st->alg.digest, NULL);
		if (!st->md)
			goto free_state;
	}
	if (st->alg.kind == UCAPI_ALG_HMAC ||
	    st->alg.kind == UCAPI_ALG_AUTHENC) {
		st->mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
		if (!st->mac)
			goto free_md;
	}
	sess->priv = st;
	return 0;

free_md:
	EVP_MD_free(st->md);
free_state:
	free(st);
	return err;
}

/* Drop every key-dependent object; OpenSSL cleanses them when freed. */
static void drop_key(struct ossl_state *st)
{
	EVP_CIPHER_CTX_free(st->enc_ctx);
	st->enc_ctx = NULL;
	EVP_CIPHER_CTX_free(st->dec_ctx);
	st->dec_ctx = NULL;
	EVP_CIPHER_free(st->cipher);
	st->cipher = NULL;
	EVP_MAC_CTX_free(st->mctx);
	st->mctx = NULL;
	ucapi_wipe(st->salt, sizeof(st->salt));
}

static void ossl_close(struct ucapi_session *sess)
{
	struct ossl_state *st = sess->priv;

	drop_key(st);
	EVP_MAC_free(st->mac);
	EVP_MD_free(st->md);
	ucapi_wipe(st, sizeof(*st));
	free(st);
	sess->priv = NULL;
}

static const char *aes_cipher_name(enum ucapi_alg_kind kind, size_t key_len)
{
	static const char *const names[][3] = {
		{ "AES-128-GCM", "AES-192-GCM", "AES-256-GCM" },
		{ "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" },
		{ "AES-128-CTR", "AES-192-CTR", "AES-256-CTR" },
	};
	int mode, size;

	switch (key_len) {
	case 16: size = 0; break;
	case 24: size = 1; break;
	case 32: size = 2; break;
	default: return NULL;
	}
	switch (kind) {
	case UCAPI_ALG_CBC:
	case UCAPI_ALG_AUTHENC:
		mode = 1;
		break;
	case UCAPI_ALG_CTR:
		mode = 2;
		break;
	default:
		mode = 0;
		break;
	}
	return names[mode][size];
}

static EVP_CIPHER_CTX *keyed_ctx(const EVP_CIPHER *cipher,
				 const unsigned char *key, int enc)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (!ctx)
		return NULL;
	if (!EVP_CipherInit_ex2(ctx, cipher, key, NULL, enc, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(ctx, 0)) {
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Fetch the cipher and key one context per direction with it. */
static int key_cipher(struct ossl_state *st, const char *name,
		      const unsigned char *key, size_t key_len)
{
	st->cipher = EVP_CIPHER_fetch(NULL, name, NULL);
	if (!st->cipher)
		return -ENOMEM;
	if ((size_t)EVP_CIPHER_get_key_length(st->cipher) != key_len)
		return -EINVAL;
	st->enc_ctx = keyed_ctx(st->cipher, key, 1);
	st->dec_ctx = keyed_ctx(st->cipher, key, 0);
	if (!st->enc_ctx || !st->dec_ctx)
		return -ENOMEM;
	return 0;
}

/* The context of one direction with a new IV, or NULL. */
EVP_CIPHER_CTX *ossl_ctx_with_iv(struct ossl_state *st, bool enc,
				 const void *iv)
{
	EVP_CIPHER_CTX *ctx = enc ? st->enc_ctx : st->dec_ctx;

	if (!EVP_CipherInit_ex2(ctx, NULL, NULL, iv, -1, NULL))
		return NULL;
	return ctx;
}

static int key_hmac(struct ossl_state *st, const unsigned char *key,
		    size_t key_len)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST,
				       (char *)st->alg.digest, 0),
		OSSL_PARAM_END,
	};
	static const unsigned char empty[1];

	st->mctx = EVP_MAC_CTX_new(st->mac);
	if (!st->mctx)
		return -ENOMEM;
	/* A NULL key would mean "keep the old key" to OpenSSL. */
	if (!EVP_MAC_init(st->mctx, key_len ? key : empty, key_len, params))
		return -EINVAL;
	return 0;
}

/*
 * Split an authenc() key as crypto_authenc_extractkeys() does: the rtattr
 * must carry exactly a 4-byte big-endian enckeylen, and the encryption key
 * is the last enckeylen bytes.
 */
static int setkey_authenc(struct ossl_state *st, const unsigned char *key,
			  size_t key_len)
{
	uint16_t rta_len, rta_type;
	uint32_t enckeylen;
	size_t auth_len;
	const char *name;
	int err;

	if (key_len < 4)
		return -EINVAL;
	memcpy(&rta_len, key, sizeof(rta_len));
	memcpy(&rta_type, key + 2, sizeof(rta_type));
	if (rta_len < 4 || rta_len > key_len)
		return -EINVAL;
	if (rta_type != 1 || rta_len != 8)
		return -EINVAL;
	memcpy(&enckeylen, key + 4, sizeof(enckeylen));
	enckeylen = ntohl(enckeylen);
	key += rta_len;
	key_len -= rta_len;
	if (key_len < enckeylen)
		return -EINVAL;
	auth_len = key_len - enckeylen;

	err = key_hmac(st, key, auth_len);
	if (err)
		return err;
	name = aes_cipher_name(UCAPI_ALG_AUTHENC, enckeylen);
	if (!name)
		return -EINVAL;
	return key_cipher(st, name, key + auth_len, enckeylen);
}

/* Keys of the ESP transforms end with a 4-byte salt for the nonce. */
static int setkey_salted(struct ossl_state *st, const unsigned char *key,
			 size_t key_len)
{
	const char *name;

	if (key_len < OSSL_SALT_LEN)
		return -EINVAL;
	key_len -= OSSL_SALT_LEN;
	memcpy(st->salt, key + key_len, OSSL_SALT_LEN);
	if (st->alg.kind == UCAPI_ALG_RFC7539ESP) {
		if (key_len != 32)
			return -EINVAL;
		name = "ChaCha20-Poly1305";
	} else {
		name = aes_cipher_name(UCAPI_ALG_GCM, key_len);
		if (!name)
			return -EINVAL;
	}
	return key_cipher(st, name, key, key_len);
}

static int ossl_setkey(struct ucapi_session *sess, const void *key,
		       size_t key_len)
{
	struct ossl_state *st = sess->priv;
	const char *name;
	int err;

	drop_key(st);
	switch (st->alg.kind) {
	case UCAPI_ALG_RFC4106:
	case UCAPI_ALG_RFC4543:
	case UCAPI_ALG_RFC7539ESP:
		err = setkey_salted(st, key, key_len);
		break;
	case UCAPI_ALG_AUTHENC:
		err = setkey_authenc(st, key, key_len);
		break;
	case UCAPI_ALG_HMAC:
		err = key_hmac(st, key, key_len);
		break;
	case UCAPI_ALG_HASH:
		err = -EOPNOTSUPP;
		break;
	default:
		name = aes_cipher_name(st->alg.kind, key_len);
		err = name ? key_cipher(st, name, key, key_len) : -EINVAL;
		break;
	}
	if (err)
		drop_key(st);
	return err;
}

/*
 * Read the payload of a "user" key and set it.  The kernel does not let
 * user space read "logon" keys (-EOPNOTSUPP), which only the kernel
 * backends can use.
 */
static int ossl_setkey_serial(struct ucapi_session *sess, int32_t serial)
{
	void *payload;
	long len;
	int err;

	len = keyctl_read_alloc(serial, &payload);
	if (len < 0)
		return -errno;
	if (len > UCAPI_LIB_MAX_KEY_LEN)
		err = -EINVAL;
	else
		err = ossl_setkey(sess, payload, (size_t)len);
	ucapi_wipe(payload, (size_t)len);
	free(payload);
	return err;
}

/* Tag sizes the kernel's setauthsize callbacks accept. */
static int ossl_set_authsize(struct ucapi_session *sess,
			     unsigned int authsize)
{
	struct ossl_state *st = sess->priv;

	switch (st->alg.kind) {
	case UCAPI_ALG_GCM:
		if (authsize == 4 || authsize == 8 ||
		    (authsize >= 12 && authsize <= 16))
			return 0;
		return -EINVAL;
	case UCAPI_ALG_RFC4106:
		if (authsize == 8 || authsize == 12 || authsize == 16)
			return 0;
		return -EINVAL;
	case UCAPI_ALG_RFC4543:
	case UCAPI_ALG_RFC7539ESP:
		return authsize == 16 ? 0 : -EINVAL;
	default:
		return authsize <= st->alg.params.maxauthsize ? 0 : -EINVAL;
	}
}

static int run_kind(struct ucapi_session *sess, const struct ucapi_op *op,
		    uint32_t out_len)
{
	struct ossl_state *st = sess->priv;
	uint32_t authsize = sess->params.authsize;

	switch (st->alg.kind) {
	case UCAPI_ALG_AUTHENC:
		return ossl_run_authenc(st, op, authsize);
	case UCAPI_ALG_CBC:
	case UCAPI_ALG_CTR:
		return ossl_run_skcipher(st, op);
	case UCAPI_ALG_HASH:
	case UCAPI_ALG_HMAC:
		return ossl_run_hash(st, op, out_len);
	default:
		return ossl_run_aead(st, op, authsize);
	}
}

static bool buffers_overlap(const struct ucapi_op *op)
{
	uintptr_t src = (uintptr_t)op->src, dst = (uintptr_t)op->dst;

	if (op->src == op->dst || !op->src_len || !op->dst_len)
		return false;
	return src < dst + op->dst_len && dst < src + op->src_len;
}

/*
 * The kernel copies src into a bounce buffer, so a dst that overlaps src
 * without being equal to it is well defined there.  OpenSSL needs the same
 * copy: it handles only exactly in-place data.
 */
static int ossl_run_op(struct ucapi_session *sess, struct ucapi_op *op,
		       uint32_t out_len)
{
	struct ucapi_op copy;
	void *bounce;
	int err;

	if (!buffers_overlap(op)) {
		err = run_kind(sess, op, out_len);
	} else {
		bounce = malloc(op->src_len);
		if (!bounce)
			return -ENOMEM;
		memcpy(bounce, op->src, op->src_len);
		copy = *op;
		copy.src = bounce;
		err = run_kind(sess, &copy, out_len);
		ucapi_wipe(bounce, op->src_len);
		free(bounce);
	}
	if (!err)
		op->out_len = out_len;
	return err;
}

const struct ucapi_backend_ops ucapi_openssl_backend = {
	.id = UCAPI_BACKEND_OPENSSL,
	.name = "openssl",
	.open = ossl_open,
	.close = ossl_close,
	.setkey = ossl_setkey,
	.setkey_serial = ossl_setkey_serial,
	.set_authsize = ossl_set_authsize,
	.run_op = ossl_run_op,
};
