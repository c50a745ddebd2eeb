// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Differential tests: random keys, IVs, AAD and payloads of lengths 0, 1,
 * block-1, block, 1420 and 65535 (rounded to whole blocks where the mode
 * needs them), run on every present backend and compared byte for byte with
 * the first.  Each backend also decrypts the reference ciphertext, encrypts
 * in place and into a dst that overlaps src, and runs all lengths as one
 * batch.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends.h"
#include "tap.h"

enum aad_rule {
	AAD_NONE,	/* skcipher, hash */
	AAD_ANY,	/* 0..32 bytes */
	AAD_ESP,	/* 16 or 20 bytes ending with the IV */
	AAD_ESP_MIN8,	/* 8..28 bytes ending with the IV */
};

struct diff_alg {
	const char *name;
	enum ucapi_type type;
	unsigned int key_len;		/* 0: random 1..100 (HMAC) */
	unsigned int auth_key_len;	/* authenc only */
	unsigned int iv_len;
	unsigned int block;		/* lengths must be multiples */
	enum aad_rule aad;
	unsigned int out_extra;		/* tag or digest size */
};

static const struct diff_alg algs[] = {
	{ "gcm(aes)", UCAPI_AEAD, 16, 0, 12, 1, AAD_ANY, 16 },
	{ "gcm(aes)", UCAPI_AEAD, 32, 0, 12, 1, AAD_ANY, 16 },
	{ "rfc4106(gcm(aes))", UCAPI_AEAD, 20, 0, 8, 1, AAD_ESP, 16 },
	{ "rfc4106(gcm(aes))", UCAPI_AEAD, 36, 0, 8, 1, AAD_ESP, 16 },
	{ "rfc4543(gcm(aes))", UCAPI_AEAD, 20, 0, 8, 1, AAD_ESP, 16 },
	{ "rfc7539esp(chacha20,poly1305)", UCAPI_AEAD, 36, 0, 8, 1,
	  AAD_ESP_MIN8, 16 },
	{ "authenc(hmac(sha1),cbc(aes))", UCAPI_AEAD, 16, 20, 16, 16, AAD_ANY,
	  20 },
	{ "authenc(hmac(sha256),cbc(aes))", UCAPI_AEAD, 32, 32, 16, 16,
	  AAD_ANY, 32 },
	{ "authenc(hmac(sha512),cbc(aes))", UCAPI_AEAD, 32, 64, 16, 16,
	  AAD_ANY, 64 },
	{ "cbc(aes)", UCAPI_SKCIPHER, 16, 0, 16, 16, AAD_NONE, 0 },
	{ "cbc(aes)", UCAPI_SKCIPHER, 32, 0, 16, 16, AAD_NONE, 0 },
	{ "ctr(aes)", UCAPI_SKCIPHER, 16, 0, 16, 1, AAD_NONE, 0 },
	{ "ctr(aes)", UCAPI_SKCIPHER, 32, 0, 16, 1, AAD_NONE, 0 },
	{ "sha1", UCAPI_HASH, 0, 0, 0, 1, AAD_NONE, 20 },
	{ "sha256", UCAPI_HASH, 0, 0, 0, 1, AAD_NONE, 32 },
	{ "sha512", UCAPI_HASH, 0, 0, 0, 1, AAD_NONE, 64 },
	{ "hmac(sha1)", UCAPI_HASH, 0, 0, 0, 1, AAD_NONE, 20 },
	{ "hmac(sha256)", UCAPI_HASH, 0, 0, 0, 1, AAD_NONE, 32 },
	{ "hmac(sha512)", UCAPI_HASH, 0, 0, 0, 1, AAD_NONE, 64 },
};

#define NR_LENGTHS 6
#define MAX_KEY 128

struct diff_case {
	unsigned int text_len;
	unsigned int aad_len;
	unsigned char iv[16];
	unsigned char *src;		/* AAD || text */
	unsigned char *ref;		/* output of the first backend */
	unsigned int ref_len;
};

struct diff_run {
	const struct diff_alg *alg;
	unsigned char key[MAX_KEY + 8];
	int key_len;			/* -1 for unkeyed hashes */
	struct diff_case cases[NR_LENGTHS];
	struct test_backend *backends;
};

static bool keyed(const struct diff_alg *alg)
{
	return alg->type != UCAPI_HASH || !strncmp(alg->name, "hmac(", 5);
}

static void make_key(struct diff_run *run)
{
	const struct diff_alg *alg = run->alg;
	unsigned char auth[64], enc[32];

	if (!keyed(alg)) {
		run->key_len = -1;
		return;
	}
	if (alg->auth_key_len) {
		rng_fill(auth, alg->auth_key_len);
		rng_fill(enc, alg->key_len);
		run->key_len = ucapi_authenc_key(run->key, sizeof(run->key),
						 auth, alg->auth_key_len, enc,
						 alg->key_len);
		return;
	}
	run->key_len = alg->key_len ? (int)alg->key_len :
				      1 + (int)(rng_next() % 100);
	rng_fill(run->key, (size_t)run->key_len);
}

static unsigned int round_len(unsigned int len, unsigned int block)
{
	if (len % block == 0)
		return len;
	return len < block ? block : len - len % block;
}

static unsigned int pick_aad_len(enum aad_rule rule)
{
	switch (rule) {
	case AAD_ANY:
		return (unsigned int)(rng_next() % 33);
	case AAD_ESP:
		return rng_next() & 1 ? 16 : 20;
	case AAD_ESP_MIN8:
		return 8 + (unsigned int)(rng_next() % 21);
	default:
		return 0;
	}
}

static void make_cases(struct diff_run *run)
{
	const unsigned int block = run->alg->block;
	const unsigned int lengths[NR_LENGTHS] = {
		0, 1, block > 1 ? block - 1 : 15, block > 1 ? block : 16,
		1420, 65535,
	};
	unsigned int i;

	for (i = 0; i < NR_LENGTHS; i++) {
		struct diff_case *c = &run->cases[i];

		memset(c, 0, sizeof(*c));
		c->text_len = round_len(lengths[i], block);
		c->aad_len = pick_aad_len(run->alg->aad);
		rng_fill(c->iv, sizeof(c->iv));
		c->src = malloc(c->aad_len + c->text_len + 1);
		rng_fill(c->src, c->aad_len + c->text_len);
		/* ESP puts the IV in the last 8 bytes of the AAD. */
		if (run->alg->aad == AAD_ESP || run->alg->aad == AAD_ESP_MIN8)
			memcpy(c->src + c->aad_len - 8, c->iv, 8);
	}
}

static void free_cases(struct diff_run *run)
{
	unsigned int i;

	for (i = 0; i < NR_LENGTHS; i++) {
		free(run->cases[i].src);
		free(run->cases[i].ref);
	}
}

static unsigned int out_len(const struct diff_alg *alg,
			    const struct diff_case *c)
{
	if (alg->type == UCAPI_HASH)
		return alg->out_extra;
	return c->aad_len + c->text_len + alg->out_extra;
}

static void fill_op(const struct diff_run *run, const struct diff_case *c,
		    const void *src, void *dst, struct ucapi_op *op)
{
	memset(op, 0, sizeof(*op));
	op->op = run->alg->type == UCAPI_HASH ? UCAPI_DIGEST : UCAPI_ENCRYPT;
	op->iv = run->alg->iv_len ? c->iv : NULL;
	op->iv_len = run->alg->iv_len;
	op->src = src;
	op->dst = dst;
	op->src_len = c->aad_len + c->text_len;
	op->dst_len = out_len(run->alg, c);
	op->aad_len = c->aad_len;
}

static int open_keyed(struct ucapi_session **sess, const struct diff_run *run,
		      enum ucapi_backend backend)
{
	int err = open_session(sess, run->alg->name, run->alg->type, backend);

	if (err || run->key_len < 0)
		return err;
	err = ucapi_setkey(*sess, run->key, (size_t)run->key_len);
	if (err)
		ucapi_close(*sess);
	return err;
}

/* Run one operation; returns its out_len or a negative errno. */
static int run_one(struct ucapi_session *sess, struct ucapi_op *op)
{
	int ret = ucapi_batch(sess, op, 1);

	if (ret != 1)
		return ret < 0 ? ret : -EIO;
	return op->status ? op->status : (int)op->out_len;
}

static void check_encrypt(struct ucapi_session *sess, const char *label,
			  struct diff_run *run, struct diff_case *c,
			  bool reference)
{
	unsigned int len = out_len(run->alg, c);
	unsigned char *dst = malloc(len + 1);
	struct ucapi_op op;
	int ret;

	fill_op(run, c, c->src, dst, &op);
	ret = run_one(sess, &op);
	if (!tap_is_int(ret, len, "%s output length", label)) {
		free(dst);
		return;
	}
	if (reference) {
		c->ref = dst;
		c->ref_len = len;
		return;
	}
	if (c->ref)
		tap_is_mem(dst, c->ref, len, "%s equals reference", label);
	free(dst);
}

static void check_in_place(struct ucapi_session *sess, const char *label,
			   struct diff_run *run, struct diff_case *c)
{
	unsigned int len = out_len(run->alg, c);
	unsigned char *buf = malloc(len + c->aad_len + c->text_len + 1);
	struct ucapi_op op;
	int ret;

	memcpy(buf, c->src, c->aad_len + c->text_len);
	fill_op(run, c, buf, buf, &op);
	ret = run_one(sess, &op);
	if (tap_is_int(ret, len, "%s in place length", label) && c->ref)
		tap_is_mem(buf, c->ref, len, "%s in place equals reference",
			   label);
	free(buf);
}

/* dst starts 8 bytes before src inside one buffer, so the two overlap. */
static void check_overlap(struct ucapi_session *sess, const char *label,
			  struct diff_run *run, struct diff_case *c)
{
	unsigned int len = out_len(run->alg, c);
	unsigned int in_len = c->aad_len + c->text_len;
	unsigned char *buf = malloc(8 + in_len + len + 1);
	struct ucapi_op op;
	int ret;

	memcpy(buf + 8, c->src, in_len);
	fill_op(run, c, buf + 8, buf, &op);
	ret = run_one(sess, &op);
	if (tap_is_int(ret, len, "%s overlapping dst length", label) &&
	    c->ref)
		tap_is_mem(buf, c->ref, len,
			   "%s overlapping dst equals reference", label);
	free(buf);
}

static void check_decrypt(struct ucapi_session *sess, const char *label,
			  struct diff_run *run, struct diff_case *c)
{
	unsigned int len = c->aad_len + c->text_len;
	unsigned char *dst = malloc(len + 1);
	struct ucapi_op op;
	int ret;

	if (!c->ref) {
		free(dst);
		return;
	}
	fill_op(run, c, c->ref, dst, &op);
	op.op = UCAPI_DECRYPT;
	op.src_len = c->ref_len;
	op.dst_len = len;
	ret = run_one(sess, &op);
	if (tap_is_int(ret, len, "%s decrypt length", label))
		tap_is_mem(dst, c->src, len, "%s decrypt restores input",
			   label);
	free(dst);
}

/*
 * The kernel's rfc4106 and rfc7539esp skip the IV copy at the end of the
 * AAD, and rfc4543 authenticates it: check that each backend agrees.
 */
static void check_esp_iv_bytes(struct ucapi_session *sess, const char *label,
			       struct diff_run *run, struct diff_case *c)
{
	bool authenticated = !strcmp(run->alg->name, "rfc4543(gcm(aes))");
	unsigned int len = out_len(run->alg, c);
	unsigned char *src = malloc(c->aad_len + c->text_len + 1);
	unsigned char *dst = malloc(len + 1);
	struct ucapi_op op;
	int ret;

	memcpy(src, c->src, c->aad_len + c->text_len);
	src[c->aad_len - 1] ^= 0x80;
	fill_op(run, c, src, dst, &op);
	ret = run_one(sess, &op);
	if (tap_is_int(ret, len, "%s AAD IV bytes changed", label) && c->ref) {
		/* Compare all but the AAD, which differs by construction. */
		bool same = !memcmp(dst + c->aad_len, c->ref + c->aad_len,
				    len - c->aad_len);

		tap_ok(same != authenticated, "%s AAD IV bytes %s", label,
		       authenticated ? "authenticated" : "ignored");
	}
	free(src);
	free(dst);
}

static void check_batch(struct ucapi_session *sess, const char *label,
			struct diff_run *run)
{
	struct ucapi_op ops[NR_LENGTHS];
	unsigned char *dst[NR_LENGTHS];
	unsigned int i;
	int ret;

	for (i = 0; i < NR_LENGTHS; i++) {
		dst[i] = malloc(out_len(run->alg, &run->cases[i]) + 1);
		fill_op(run, &run->cases[i], run->cases[i].src, dst[i],
			&ops[i]);
	}
	ret = ucapi_batch(sess, ops, NR_LENGTHS);
	if (tap_is_int(ret, NR_LENGTHS, "%s batch count", label)) {
		bool same = true;

		for (i = 0; i < NR_LENGTHS; i++) {
			struct diff_case *c = &run->cases[i];

			if (ops[i].status || ops[i].out_len != c->ref_len ||
			    !c->ref || memcmp(dst[i], c->ref, c->ref_len)) {
				tap_diag("op %u: status %d out_len %u", i,
					 ops[i].status, ops[i].out_len);
				same = false;
			}
		}
		tap_ok(same, "%s batch equals single operations", label);
	}
	for (i = 0; i < NR_LENGTHS; i++)
		free(dst[i]);
}

/* Returns whether the session opened, so it could provide references. */
static bool run_backend(struct diff_run *run, enum ucapi_backend backend,
			bool reference)
{
	struct ucapi_session *sess;
	char label[160];
	unsigned int i;
	int err;

	snprintf(label, sizeof(label), "%s %s", ucapi_backend_name(backend),
		 run->alg->name);
	err = open_keyed(&sess, run, backend);
	if (!tap_is_int(err, 0, "%s open and setkey", label))
		return false;
	for (i = 0; i < NR_LENGTHS; i++) {
		struct diff_case *c = &run->cases[i];

		snprintf(label, sizeof(label), "%s %s len %u aad %u",
			 ucapi_backend_name(backend), run->alg->name,
			 c->text_len, c->aad_len);
		check_encrypt(sess, label, run, c, reference);
		check_overlap(sess, label, run, c);
		if (run->alg->type == UCAPI_HASH)
			continue;
		check_in_place(sess, label, run, c);
		check_decrypt(sess, label, run, c);
		if (run->alg->aad == AAD_ESP || run->alg->aad == AAD_ESP_MIN8)
			check_esp_iv_bytes(sess, label, run, c);
	}
	snprintf(label, sizeof(label), "%s %s", ucapi_backend_name(backend),
		 run->alg->name);
	check_batch(sess, label, run);
	ucapi_close(sess);
	return true;
}

int main(void)
{
	struct test_backend backends[NR_TEST_BACKENDS];
	unsigned int a, b, present = 0;

	rng_seed_from_env();
	probe_backends(backends);
	for (b = 0; b < NR_TEST_BACKENDS; b++)
		present += backends[b].present;
	if (present < 2)
		tap_diag("one backend present: outputs are checked against "
			 "themselves (decrypt, in place, batch) only");

	for (a = 0; a < sizeof(algs) / sizeof(algs[0]); a++) {
		struct diff_run run = { .alg = &algs[a] };
		bool reference = true;

		make_key(&run);
		make_cases(&run);
		for (b = 0; b < NR_TEST_BACKENDS; b++) {
			if (!backends[b].present)
				continue;
			if (run_backend(&run, backends[b].id, reference))
				reference = false;
		}
		free_cases(&run);
	}
	return tap_done();
}
