// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "sa_crypto.h"

#define AUTHENC_KEY_MAX	(AUTH_KEY_MAX + ENC_KEY_MAX + 16)

static int open_session(struct ucapi_session **sess, const char *name,
			enum ucapi_type type, enum ucapi_backend backend)
{
	struct ucapi_open_opts opts = {
		.sz = sizeof(opts),
		.backend = backend,
	};

	return ucapi_open(sess, name, type, &opts);
}

static int fail(char *err, size_t err_len, const char *what, const char *name,
		int e)
{
	snprintf(err, err_len, "%s '%s': %s", what, name, ucapi_strerror(e));
	return e;
}

static int open_keyed(struct ucapi_session **sess, const char *name,
		      enum ucapi_type type, enum ucapi_backend backend,
		      const void *key, size_t key_len, char *err,
		      size_t err_len)
{
	int e;

	e = open_session(sess, name, type, backend);
	if (e)
		return fail(err, err_len, "cannot open", name, e);
	e = ucapi_setkey(*sess, key, key_len);
	if (e) {
		ucapi_close(*sess);
		*sess = NULL;
		return fail(err, err_len, "cannot set the key of", name, e);
	}
	return 0;
}

static int set_authsize(struct sa *sa, const char *name, char *err,
			size_t err_len)
{
	int e = ucapi_set_authsize(sa->crypto->aead, sa->icv_len);

	if (e)
		return fail(err, err_len, "cannot set the ICV length of", name,
			    e);
	return 0;
}

static int open_combined_aead(struct sa *sa, enum ucapi_backend backend,
			      char *err, size_t err_len)
{
	struct sa_crypto *c = sa->crypto;
	int e;

	e = open_keyed(&c->aead, sa->enc->name, UCAPI_AEAD, backend,
		       sa->enc_key, sa->enc_key_len, err, err_len);
	if (e)
		return e;
	c->engine = SA_ENGINE_AEAD;
	snprintf(c->desc, sizeof(c->desc), "%s", sa->enc->name);
	return set_authsize(sa, sa->enc->name, err, err_len);
}

/*
 * authenc() hashes the AAD and the ciphertext in that order, so the ESN
 * high bits, which ESP authenticates after the ciphertext, need
 * authencesn(), the template the kernel uses for ESN SAs.
 */
static int try_authenc(struct sa *sa, enum ucapi_backend backend, char *err,
		       size_t err_len)
{
	struct sa_crypto *c = sa->crypto;
	uint8_t key[AUTHENC_KEY_MAX];
	char name[160];
	int key_len, e;

	snprintf(name, sizeof(name), "%s(%s,%s)",
		 sa->esn ? "authencesn" : "authenc", sa->auth->name,
		 sa->enc->name);
	e = open_session(&c->aead, name, UCAPI_AEAD, backend);
	if (e)
		return -ENOENT;

	key_len = ucapi_authenc_key(key, sizeof(key), sa->auth_key,
				    sa->auth_key_len, sa->enc_key,
				    sa->enc_key_len);
	if (key_len < 0) {
		e = fail(err, err_len, "cannot build the key of", name,
			 key_len);
		goto close;
	}
	e = ucapi_setkey(c->aead, key, (size_t)key_len);
	explicit_bzero(key, sizeof(key));
	if (e) {
		e = fail(err, err_len, "cannot set the key of", name, e);
		goto close;
	}
	c->engine = SA_ENGINE_AEAD;
	snprintf(c->desc, sizeof(c->desc), "%s", name);
	e = set_authsize(sa, name, err, err_len);
	if (e)
		goto close;
	return 0;

close:
	ucapi_close(c->aead);
	c->aead = NULL;
	return e;
}

/* RFC 3686 keys end with the 4-byte nonce, which is not part of the key. */
static int open_cipher(struct sa *sa, enum ucapi_backend backend, char *err,
		       size_t err_len)
{
	struct sa_crypto *c = sa->crypto;
	const char *name;

	if (!sa->enc)
		return 0;
	switch (sa->enc->kind) {
	case ENC_AES_CBC:
		name = "cbc(aes)";
		break;
	case ENC_AES_CTR:
		name = "ctr(aes)";
		break;
	default:
		return 0;
	}
	return open_keyed(&c->cipher, name, UCAPI_SKCIPHER, backend,
			  sa->enc_key, sa->enc_key_len - sa->enc->salt_len,
			  err, err_len);
}

static int open_hash(struct sa *sa, enum ucapi_backend backend, char *err,
		     size_t err_len)
{
	struct sa_crypto *c = sa->crypto;
	struct ucapi_info info = { .sz = sizeof(info) };
	int e;

	if (!sa->auth)
		return 0;
	e = open_keyed(&c->hash, sa->auth->name, UCAPI_HASH, backend,
		       sa->auth_key, sa->auth_key_len, err, err_len);
	if (e)
		return e;
	e = ucapi_get_info(c->hash, &info);
	if (e)
		return fail(err, err_len, "cannot query", sa->auth->name, e);
	c->digest_len = info.digestsize;
	if (c->digest_len < sa->icv_len || c->digest_len > 64) {
		snprintf(err, err_len, "%s has a %u-byte digest",
			 sa->auth->name, c->digest_len);
		return -EINVAL;
	}
	return 0;
}

static int open_split(struct sa *sa, enum ucapi_backend backend, char *err,
		      size_t err_len)
{
	struct sa_crypto *c = sa->crypto;
	int e;

	c->engine = SA_ENGINE_SPLIT;
	e = open_hash(sa, backend, err, err_len);
	if (e)
		return e;
	e = open_cipher(sa, backend, err, err_len);
	if (e)
		return e;
	snprintf(c->desc, sizeof(c->desc), "%s%s%s",
		 sa->auth ? sa->auth->name : "",
		 sa->auth && c->cipher ? " then " : "",
		 c->cipher ? (sa->enc->kind == ENC_AES_CTR ?
			      "rfc3686 over ctr(aes)" : "cbc(aes)") : "");
	return 0;
}

int sa_crypto_open(struct sa *sa, enum ucapi_backend backend, char *err,
		   size_t err_len)
{
	int e;

	if (getrandom(&sa->iv_mask, sizeof(sa->iv_mask), 0) !=
	    sizeof(sa->iv_mask)) {
		e = -errno;
		snprintf(err, err_len, "getrandom() failed: %s", strerror(-e));
		return e;
	}
	sa->crypto = calloc(1, sizeof(*sa->crypto));
	if (!sa->crypto) {
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}

	if (sa->enc && sa->enc->aead) {
		e = open_combined_aead(sa, backend, err, err_len);
	} else if (sa->proto == IPPROTO_ESP_NUM && sa->auth) {
		e = try_authenc(sa, backend, err, err_len);
		if (e == -ENOENT)
			e = open_split(sa, backend, err, err_len);
	} else {
		e = open_split(sa, backend, err, err_len);
	}
	if (e)
		sa_crypto_close(sa);
	return e;
}

void sa_crypto_close(struct sa *sa)
{
	struct sa_crypto *c = sa->crypto;

	if (!c)
		return;
	if (c->aead)
		ucapi_close(c->aead);
	if (c->hash)
		ucapi_close(c->hash);
	if (c->cipher)
		ucapi_close(c->cipher);
	free(c);
	sa->crypto = NULL;
}
