// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Known-answer tests: every vector of vectors.c on every present backend,
 * in both directions, plus a forged tag for each AEAD vector.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends.h"
#include "tap.h"
#include "vectors.h"

struct kat_bufs {
	unsigned char *key, *enc_key, *iv, *aad, *in, *out;
	size_t key_len, enc_key_len, iv_len, aad_len, in_len, out_len;
};

static void decode(const struct kat_vector *v, struct kat_bufs *b)
{
	b->key = hex_alloc(v->key, &b->key_len);
	b->enc_key = hex_alloc(v->enc_key, &b->enc_key_len);
	b->iv = hex_alloc(v->iv, &b->iv_len);
	b->aad = hex_alloc(v->aad, &b->aad_len);
	b->in = hex_alloc(v->input, &b->in_len);
	b->out = hex_alloc(v->output, &b->out_len);
}

static void release(struct kat_bufs *b)
{
	free(b->key);
	free(b->enc_key);
	free(b->iv);
	free(b->aad);
	free(b->in);
	free(b->out);
}

static int set_key(struct ucapi_session *sess, const struct kat_vector *v,
		   const struct kat_bufs *b)
{
	unsigned char blob[512];
	int len;

	if (!v->enc_key)
		return ucapi_setkey(sess, b->key, b->key_len);
	len = ucapi_authenc_key(blob, sizeof(blob), b->key, b->key_len,
				b->enc_key, b->enc_key_len);
	if (len < 0)
		return len;
	return ucapi_setkey(sess, blob, (size_t)len);
}

/* src = AAD || a, expect dst = AAD || b. */
static void aead_direction(struct ucapi_session *sess, const char *label,
			   bool enc, const struct kat_bufs *kb,
			   const unsigned char *a, size_t a_len,
			   const unsigned char *b, size_t b_len)
{
	size_t src_len = kb->aad_len + a_len, dst_len = kb->aad_len + b_len;
	unsigned char *src = malloc(src_len + 1), *dst = malloc(dst_len + 1);
	unsigned char *want = malloc(dst_len + 1);
	int ret;

	memcpy(src, kb->aad, kb->aad_len);
	memcpy(src + kb->aad_len, a, a_len);
	memcpy(want, kb->aad, kb->aad_len);
	memcpy(want + kb->aad_len, b, b_len);
	memset(dst, 0xa5, dst_len);
	if (enc)
		ret = ucapi_aead_encrypt(sess, kb->iv, kb->iv_len, src,
					 src_len, kb->aad_len, dst, dst_len);
	else
		ret = ucapi_aead_decrypt(sess, kb->iv, kb->iv_len, src,
					 src_len, kb->aad_len, dst, dst_len);
	if (tap_is_int(ret, (long)dst_len, "%s %s length", label,
		       enc ? "encrypt" : "decrypt"))
		tap_is_mem(dst, want, dst_len, "%s %s output", label,
			   enc ? "encrypt" : "decrypt");

	if (!enc && b_len + 1 <= a_len + 1) {
		/* The last byte of src is the last byte of the tag. */
		src[src_len - 1] ^= 0x01;
		ret = ucapi_aead_decrypt(sess, kb->iv, kb->iv_len, src,
					 src_len, kb->aad_len, dst, dst_len);
		tap_is_int(ret, -EBADMSG, "%s forged tag rejected", label);
	}
	free(src);
	free(dst);
	free(want);
}

static void skcipher_direction(struct ucapi_session *sess, const char *label,
			       bool enc, const struct kat_bufs *kb,
			       const unsigned char *a,
			       const unsigned char *b, size_t len)
{
	unsigned char *dst = malloc(len + 1);
	int ret;

	if (enc)
		ret = ucapi_skcipher_encrypt(sess, kb->iv, kb->iv_len, a, dst,
					     len);
	else
		ret = ucapi_skcipher_decrypt(sess, kb->iv, kb->iv_len, a, dst,
					     len);
	if (tap_is_int(ret, (long)len, "%s %s length", label,
		       enc ? "encrypt" : "decrypt"))
		tap_is_mem(dst, b, len, "%s %s output", label,
			   enc ? "encrypt" : "decrypt");
	free(dst);
}

static void run_vector(enum ucapi_backend backend, unsigned int index,
		       const struct kat_vector *v)
{
	struct ucapi_session *sess;
	struct kat_bufs kb;
	unsigned char digest[64];
	char label[160];
	int ret;

	snprintf(label, sizeof(label), "%s %s vector %u",
		 ucapi_backend_name(backend), v->alg, index);
	tap_diag("vector %u: %s", index, v->source);
	ret = open_session(&sess, v->alg, v->type, backend);
	if (!tap_is_int(ret, 0, "%s open", label))
		return;
	decode(v, &kb);
	if (v->key)
		tap_is_int(set_key(sess, v, &kb), 0, "%s setkey", label);
	if (v->authsize)
		tap_is_int(ucapi_set_authsize(sess, v->authsize), 0,
			   "%s set_authsize %u", label, v->authsize);

	switch (v->type) {
	case UCAPI_AEAD:
		aead_direction(sess, label, true, &kb, kb.in, kb.in_len,
			       kb.out, kb.out_len);
		aead_direction(sess, label, false, &kb, kb.out, kb.out_len,
			       kb.in, kb.in_len);
		break;
	case UCAPI_SKCIPHER:
		skcipher_direction(sess, label, true, &kb, kb.in, kb.out,
				   kb.in_len);
		skcipher_direction(sess, label, false, &kb, kb.out, kb.in,
				   kb.in_len);
		break;
	default:
		ret = ucapi_digest(sess, kb.in, kb.in_len, digest,
				   sizeof(digest));
		if (tap_is_int(ret, (long)kb.out_len, "%s digest length",
			       label))
			tap_is_mem(digest, kb.out, kb.out_len,
				   "%s digest output", label);
		break;
	}
	release(&kb);
	ucapi_close(sess);
}

int main(void)
{
	struct test_backend backends[NR_TEST_BACKENDS];
	unsigned int b, i;

	probe_backends(backends);
	for (b = 0; b < NR_TEST_BACKENDS; b++) {
		if (!backends[b].present)
			continue;
		for (i = 0; i < kat_vector_count; i++)
			run_vector(backends[b].id, i, &kat_vectors[i]);
	}
	return tap_done();
}
