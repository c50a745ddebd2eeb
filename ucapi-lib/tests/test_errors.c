// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Bad input: each call returns the documented negative errno, and the
 * session still works afterwards (a valid operation succeeds).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends.h"
#include "tap.h"

#define GCM_IV 12
#define TAG 16

static const unsigned char key16[16] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const unsigned char iv16[16] = { 9, 8, 7, 6, 5, 4, 3, 2, 1 };

/* A valid gcm(aes) encryption of 32 bytes with 8 bytes of AAD. */
static void check_usable(struct ucapi_session *sess, const char *label,
			 const char *after)
{
	unsigned char src[40] = { 0 }, dst[40 + TAG];
	int ret;

	ret = ucapi_aead_encrypt(sess, iv16, GCM_IV, src, sizeof(src), 8, dst,
				 sizeof(dst));
	tap_is_int(ret, sizeof(dst), "%s usable after %s", label, after);
}

static struct ucapi_session *open_gcm(enum ucapi_backend backend,
				      const char *label)
{
	struct ucapi_session *sess;
	int err = open_session(&sess, "gcm(aes)", UCAPI_AEAD, backend);

	if (!tap_is_int(err, 0, "%s open gcm(aes)", label))
		return NULL;
	return sess;
}

static void init_op(struct ucapi_op *op, const void *src, void *dst,
		    uint32_t src_len, uint32_t dst_len)
{
	memset(op, 0, sizeof(*op));
	op->op = UCAPI_ENCRYPT;
	op->iv = iv16;
	op->iv_len = GCM_IV;
	op->src = src;
	op->dst = dst;
	op->src_len = src_len;
	op->dst_len = dst_len;
	op->status = 12345;
}

static void expect_status(struct ucapi_session *sess, struct ucapi_op *op,
			  int want, const char *label, const char *what)
{
	int ret = ucapi_batch(sess, op, 1);

	if (tap_is_int(ret, 1, "%s %s: batch processed it", label, what))
		tap_is_int(op->status, want, "%s %s: status", label, what);
	check_usable(sess, label, what);
}

static void test_no_key(enum ucapi_backend backend, const char *label)
{
	struct ucapi_session *sess = open_gcm(backend, label);
	unsigned char src[16] = { 0 }, dst[16 + TAG], digest[32];
	int ret;

	if (!sess)
		return;
	ret = ucapi_aead_encrypt(sess, iv16, GCM_IV, src, sizeof(src), 0, dst,
				 sizeof(dst));
	tap_is_int(ret, -ENOKEY, "%s gcm(aes) without key", label);
	tap_is_int(ucapi_setkey(sess, key16, 15), -EINVAL,
		   "%s setkey with 15-byte AES key", label);
	ret = ucapi_aead_encrypt(sess, iv16, GCM_IV, src, sizeof(src), 0, dst,
				 sizeof(dst));
	tap_is_int(ret, -ENOKEY, "%s failed setkey leaves no key", label);
	tap_is_int(ucapi_setkey(sess, key16, sizeof(key16)), 0,
		   "%s setkey after failures", label);
	check_usable(sess, label, "missing key");
	ucapi_close(sess);

	if (open_session(&sess, "hmac(sha256)", UCAPI_HASH, backend))
		return;
	ret = ucapi_digest(sess, src, sizeof(src), digest, sizeof(digest));
	tap_is_int(ret, -ENOKEY, "%s hmac(sha256) without key", label);
	ucapi_close(sess);

	if (open_session(&sess, "sha256", UCAPI_HASH, backend))
		return;
	tap_is_int(ucapi_setkey(sess, key16, sizeof(key16)), -EOPNOTSUPP,
		   "%s setkey on sha256", label);
	tap_is_int(ucapi_set_authsize(sess, 16), -EOPNOTSUPP,
		   "%s set_authsize on sha256", label);
	ret = ucapi_digest(sess, src, sizeof(src), digest, sizeof(digest));
	tap_is_int(ret, 32, "%s sha256 usable after setkey", label);
	ucapi_close(sess);
}

struct authsize_case {
	const char *alg;
	unsigned int bad;
	unsigned int good;
};

static void test_authsize(enum ucapi_backend backend, const char *label)
{
	static const struct authsize_case cases[] = {
		{ "gcm(aes)", 7, 12 },
		{ "gcm(aes)", 17, 4 },
		{ "rfc4106(gcm(aes))", 4, 8 },
		{ "rfc4543(gcm(aes))", 12, 16 },
		{ "rfc7539esp(chacha20,poly1305)", 12, 16 },
		{ "authenc(hmac(sha256),cbc(aes))", 33, 16 },
	};
	struct ucapi_info info = { .sz = sizeof(info) };
	struct ucapi_session *sess;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct authsize_case *c = &cases[i];

		if (!tap_is_int(open_session(&sess, c->alg, UCAPI_AEAD,
					     backend), 0, "%s open %s", label,
				c->alg))
			continue;
		tap_is_int(ucapi_set_authsize(sess, c->bad), -EINVAL,
			   "%s %s authsize %u rejected", label, c->alg,
			   c->bad);
		tap_is_int(ucapi_set_authsize(sess, c->good), 0,
			   "%s %s authsize %u accepted", label, c->alg,
			   c->good);
		if (!ucapi_get_info(sess, &info))
			tap_is_int(info.authsize, c->good,
				   "%s %s authsize reported", label, c->alg);
		ucapi_close(sess);
	}
}

static void test_descriptors(enum ucapi_backend backend, const char *label)
{
	struct ucapi_session *sess = open_gcm(backend, label);
	unsigned char src[64] = { 0 }, dst[64 + TAG];
	struct ucapi_op op;

	if (!sess)
		return;
	if (ucapi_setkey(sess, key16, sizeof(key16)))
		tap_bail("setkey failed");

	init_op(&op, NULL, dst, 16, sizeof(dst));
	expect_status(sess, &op, -EFAULT, label, "NULL src");
	init_op(&op, src, NULL, 16, sizeof(dst));
	expect_status(sess, &op, -EFAULT, label, "NULL dst");
	init_op(&op, src, dst, 16, sizeof(dst));
	op.iv = NULL;
	expect_status(sess, &op, -EFAULT, label, "NULL iv");
	init_op(&op, src, dst, 16, sizeof(dst));
	op.iv_len = 16;
	expect_status(sess, &op, -EINVAL, label, "wrong iv_len");
	init_op(&op, src, dst, 16, sizeof(dst));
	op.iv_len = 0;
	expect_status(sess, &op, -EINVAL, label, "iv without iv_len");
	init_op(&op, src, dst, 16, sizeof(dst));
	op.op = UCAPI_DIGEST;
	expect_status(sess, &op, -EINVAL, label, "digest on AEAD");
	init_op(&op, src, dst, 16, sizeof(dst));
	op.op = 77;
	expect_status(sess, &op, -EINVAL, label, "unknown op");
	init_op(&op, src, dst, 16, sizeof(dst));
	op.flags = 1;
	expect_status(sess, &op, -EINVAL, label, "nonzero flags");
	init_op(&op, src, dst, 16, 16 + TAG - 1);
	expect_status(sess, &op, -ENOSPC, label, "dst one byte short");
	init_op(&op, src, dst, 16, sizeof(dst));
	op.aad_len = 17;
	expect_status(sess, &op, -EINVAL, label, "aad_len over src_len");
	init_op(&op, src, dst, TAG - 1, sizeof(dst));
	op.op = UCAPI_DECRYPT;
	expect_status(sess, &op, -EINVAL, label, "decrypt shorter than tag");
	init_op(&op, src, dst, 16, sizeof(dst));
	op.flags = 1;
	op.src = NULL;
	expect_status(sess, &op, -EINVAL, label, "flags checked before src");
	ucapi_close(sess);
}

static void test_limits(enum ucapi_backend backend, const char *label)
{
	struct ucapi_session *sess = open_gcm(backend, label);
	struct ucapi_info info = { .sz = sizeof(info) };
	unsigned int max_len, i;
	struct ucapi_op *ops;
	unsigned char *buf;
	int ret;

	if (!sess)
		return;
	if (ucapi_setkey(sess, key16, sizeof(key16)) ||
	    ucapi_get_info(sess, &info))
		tap_bail("setkey or get_info failed");
	max_len = info.max_op_len;
	buf = calloc(1, max_len + 2 * TAG + 1);
	ops = calloc(info.max_ops + 1, sizeof(*ops));

	init_op(&ops[0], buf, buf, max_len + 1, max_len + 1);
	expect_status(sess, &ops[0], -EINVAL, label, "src_len over limit");
	init_op(&ops[0], buf, buf, 32, max_len + 1);
	expect_status(sess, &ops[0], -EINVAL, label, "dst_len over limit");
	init_op(&ops[0], buf, buf, max_len, max_len);
	expect_status(sess, &ops[0], -EINVAL, label, "output over limit");

	for (i = 0; i <= info.max_ops; i++)
		init_op(&ops[i], buf, buf, 16, 16 + TAG);
	ret = ucapi_batch(sess, ops, info.max_ops + 1);
	tap_is_int(ret, -EINVAL, "%s batch of max_ops + 1", label);
	check_usable(sess, label, "too many ops");

	/*
	 * Every op encrypts the same buffer in place, so only the lengths
	 * add up.  The batch stops before the op that passes max_batch_len.
	 */
	for (i = 0; i < info.max_ops; i++)
		init_op(&ops[i], buf, buf, 65536, max_len);
	ret = ucapi_batch(sess, ops, info.max_ops);
	tap_is_int(ret, info.max_batch_len / 65536,
		   "%s batch stops at max_batch_len", label);
	tap_is_int(ops[ret > 0 ? ret - 1 : 0].status, 0,
		   "%s last op within max_batch_len", label);
	tap_is_int(ops[info.max_ops - 1].status, 12345,
		   "%s op past max_batch_len not run", label);
	check_usable(sess, label, "oversized batch");

	tap_is_int(ucapi_batch(sess, NULL, 1), -EFAULT, "%s NULL ops array",
		   label);
	tap_is_int(ucapi_batch(sess, ops, 0), 0, "%s empty batch", label);
	check_usable(sess, label, "NULL ops array");
	free(ops);
	free(buf);
	ucapi_close(sess);
}

static void test_mixed_batch(enum ucapi_backend backend, const char *label)
{
	struct ucapi_session *sess = open_gcm(backend, label);
	unsigned char src[32] = { 0 }, dst[3][32 + TAG];
	struct ucapi_op ops[3];
	int ret;

	if (!sess)
		return;
	if (ucapi_setkey(sess, key16, sizeof(key16)))
		tap_bail("setkey failed");
	init_op(&ops[0], src, dst[0], 32, sizeof(dst[0]));
	init_op(&ops[1], src, dst[1], 32, sizeof(dst[1]));
	ops[1].iv_len = 3;
	init_op(&ops[2], src, dst[2], 32, sizeof(dst[2]));
	ret = ucapi_batch(sess, ops, 3);
	tap_is_int(ret, 3, "%s mixed batch count", label);
	tap_is_int(ops[0].status, 0, "%s mixed batch op 0 status", label);
	tap_is_int(ops[1].status, -EINVAL, "%s mixed batch op 1 status",
		   label);
	tap_is_int(ops[2].status, 0, "%s mixed batch op 2 status", label);
	tap_is_mem(dst[2], dst[0], sizeof(dst[0]),
		   "%s mixed batch ops 0 and 2 agree", label);
	ucapi_close(sess);
}

static void test_alg_specific(enum ucapi_backend backend, const char *label)
{
	static const unsigned char esp_key[20] = { 1 };
	unsigned char src[64] = { 0 }, dst[64 + TAG];
	struct ucapi_session *sess;
	struct ucapi_op op;

	if (!open_session(&sess, "rfc4106(gcm(aes))", UCAPI_AEAD, backend)) {
		ucapi_setkey(sess, esp_key, sizeof(esp_key));
		init_op(&op, src, dst, 32, sizeof(dst));
		op.iv_len = 8;
		op.aad_len = 12;
		tap_is_int(ucapi_batch(sess, &op, 1), 1, "%s rfc4106 batch",
			   label);
		tap_is_int(op.status, -EINVAL, "%s rfc4106 aad_len 12",
			   label);
		op.aad_len = 16;
		op.status = 1;
		ucapi_batch(sess, &op, 1);
		tap_is_int(op.status, 0, "%s rfc4106 usable after bad aad",
			   label);
		ucapi_close(sess);
	}
	if (!open_session(&sess, "cbc(aes)", UCAPI_SKCIPHER, backend)) {
		ucapi_setkey(sess, key16, sizeof(key16));
		tap_is_int(ucapi_skcipher_encrypt(sess, iv16, 16, src, dst,
						  15), -EINVAL,
			   "%s cbc(aes) partial block", label);
		tap_is_int(ucapi_skcipher_encrypt(sess, iv16, 16, src, dst,
						  16), 16,
			   "%s cbc(aes) usable after partial block", label);
		tap_is_int(ucapi_digest(sess, src, 16, dst, 32), -EINVAL,
			   "%s digest helper on skcipher", label);
		ucapi_close(sess);
	}
}

static void test_open_errors(enum ucapi_backend backend, const char *label)
{
	struct ucapi_session *sess = NULL;
	char long_name[200];

	tap_is_int(open_session(&sess, "nosuch(alg)", UCAPI_AEAD, backend),
		   -ENOENT, "%s unknown algorithm", label);
	tap_is_int(open_session(&sess, "sha256", UCAPI_AEAD, backend),
		   -ENOENT, "%s sha256 opened as AEAD", label);
	tap_is_int(open_session(&sess, "gcm(aes)", 99, backend), -EINVAL,
		   "%s invalid type", label);
	tap_is_int(open_session(&sess, "", UCAPI_HASH, backend), -ENOENT,
		   "%s empty name", label);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	tap_is_int(open_session(&sess, long_name, UCAPI_HASH, backend),
		   -ENAMETOOLONG, "%s name of 199 bytes", label);
	tap_ok(sess == NULL, "%s failed opens leave the pointer", label);
}

/* Calls that never reach a backend. */
static void test_api_misuse(void)
{
	struct ucapi_open_opts opts = { .sz = sizeof(opts) };
	struct ucapi_info info = { .sz = 8 };
	unsigned char big_opts[sizeof(opts) + 8] = { 0 };
	struct ucapi_session *sess;
	unsigned char buf[32];

	tap_is_int(ucapi_open(NULL, "sha256", UCAPI_HASH, NULL), -EINVAL,
		   "open with NULL session pointer");
	tap_is_int(ucapi_open(&sess, NULL, UCAPI_HASH, NULL), -EINVAL,
		   "open with NULL name");
	tap_is_int(ucapi_setkey(NULL, buf, 16), -EINVAL, "setkey on NULL");
	tap_is_int(ucapi_setkey_serial(NULL, 1), -EINVAL,
		   "setkey_serial on NULL");
	tap_is_int(ucapi_set_authsize(NULL, 16), -EINVAL,
		   "set_authsize on NULL");
	tap_is_int(ucapi_get_info(NULL, &info), -EINVAL, "get_info on NULL");
	tap_is_int(ucapi_batch(NULL, NULL, 1), -EINVAL, "batch on NULL");
	tap_is_int(ucapi_digest(NULL, buf, 1, buf, 32), -EINVAL,
		   "digest on NULL");
	tap_is_int(ucapi_aead_encrypt(NULL, buf, 12, buf, 1, 0, buf, 32),
		   -EINVAL, "aead_encrypt on NULL");
	tap_is_int(ucapi_skcipher_decrypt(NULL, buf, 16, buf, buf, 16),
		   -EINVAL, "skcipher_decrypt on NULL");
	tap_is_int(ucapi_session_syscalls(NULL), 0, "syscalls of NULL");
	ucapi_close(NULL);
	tap_ok(true, "close of NULL returns");

	opts.sz = 4;
	tap_is_int(ucapi_open(&sess, "sha256", UCAPI_HASH, &opts), -EINVAL,
		   "open_opts sz 4");
	opts.sz = sizeof(opts);
	opts.flags = 1U << 7;
	tap_is_int(ucapi_open(&sess, "sha256", UCAPI_HASH, &opts), -EINVAL,
		   "open_opts unknown flag");
	opts.flags = 0;
	opts.backend = 9;
	tap_is_int(ucapi_open(&sess, "sha256", UCAPI_HASH, &opts), -EINVAL,
		   "open_opts unknown backend");
	opts.backend = UCAPI_BACKEND_OPENSSL;
	memcpy(big_opts, &opts, sizeof(opts));
	((struct ucapi_open_opts *)big_opts)->sz = sizeof(big_opts);
	big_opts[sizeof(opts) + 3] = 1;
	tap_is_int(ucapi_open(&sess, "sha256", UCAPI_HASH,
			      (struct ucapi_open_opts *)big_opts), -E2BIG,
		   "open_opts nonzero unknown tail");
	big_opts[sizeof(opts) + 3] = 0;
	if (tap_is_int(ucapi_open(&sess, "sha256", UCAPI_HASH,
				  (struct ucapi_open_opts *)big_opts), 0,
		       "open_opts zero unknown tail")) {
		tap_is_int(ucapi_get_info(sess, &info), -EINVAL,
			   "get_info sz 8");
		ucapi_close(sess);
	}

	setenv("UCAPI_BACKEND", "bogus", 1);
	tap_is_int(ucapi_open(&sess, "sha256", UCAPI_HASH, NULL), -EINVAL,
		   "UCAPI_BACKEND=bogus");
	unsetenv("UCAPI_BACKEND");
}

int main(void)
{
	struct test_backend backends[NR_TEST_BACKENDS];
	unsigned int b;

	/* The tests choose backends themselves. */
	unsetenv("UCAPI_BACKEND");
	test_api_misuse();
	probe_backends(backends);
	for (b = 0; b < NR_TEST_BACKENDS; b++) {
		const char *label = backends[b].name;

		if (!backends[b].present)
			continue;
		test_open_errors(backends[b].id, label);
		test_no_key(backends[b].id, label);
		test_authsize(backends[b].id, label);
		test_descriptors(backends[b].id, label);
		test_limits(backends[b].id, label);
		test_mixed_batch(backends[b].id, label);
		test_alg_specific(backends[b].id, label);
	}
	return tap_done();
}
