// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Version, error strings, the authenc key format, backend selection,
 * ucapi_get_info() and the system-call counters.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "backends.h"
#include "tap.h"

#ifndef AF_ALG
#define AF_ALG 38
#endif

static void test_version_and_errors(void)
{
	const char *want = getenv("UCAPI_VERSION");

	if (want)
		tap_ok(!strcmp(ucapi_version(), want), "version is %s", want);
	else
		tap_ok(ucapi_version()[0] != '\0', "version is not empty");
	tap_ok(!strcmp(ucapi_strerror(0), "success"), "strerror of 0");
	tap_ok(strstr(ucapi_strerror(-EBADMSG), "tag") != NULL,
	       "strerror of -EBADMSG names the tag");
	tap_ok(strstr(ucapi_strerror(-ENOKEY), "key") != NULL,
	       "strerror of -ENOKEY names the key");
	tap_ok(!strcmp(ucapi_strerror(-EBADMSG), ucapi_strerror(EBADMSG)),
	       "strerror ignores the sign");
	tap_ok(!strcmp(ucapi_strerror(-EPERM), strerror(EPERM)),
	       "strerror of -EPERM is the C library's");
	tap_ok(!strcmp(ucapi_strerror(-4000), "unknown error 4000"),
	       "strerror of an unknown value gives its number");
}

static void test_authenc_key(void)
{
	unsigned char auth[20], enc[16], blob[64];
	uint16_t rta_len, rta_type;
	uint32_t enc_len;
	int ret;

	memset(auth, 0xaa, sizeof(auth));
	memset(enc, 0x55, sizeof(enc));
	ret = ucapi_authenc_key(blob, sizeof(blob), auth, sizeof(auth), enc,
				sizeof(enc));
	tap_is_int(ret, 8 + 20 + 16, "authenc key length");
	memcpy(&rta_len, blob, 2);
	memcpy(&rta_type, blob + 2, 2);
	memcpy(&enc_len, blob + 4, 4);
	tap_is_int(rta_len, 8, "authenc rtattr length");
	tap_is_int(rta_type, 1, "authenc rtattr type KEYA_PARAM");
	tap_is_int(ntohl(enc_len), 16, "authenc enckeylen big endian");
	tap_is_mem(blob + 8, auth, sizeof(auth), "authenc auth key follows");
	tap_is_mem(blob + 28, enc, sizeof(enc), "authenc enc key last");
	tap_is_int(ucapi_authenc_key(blob, 43, auth, sizeof(auth), enc,
				     sizeof(enc)), -ENOSPC,
		   "authenc key one byte short");
	tap_is_int(ucapi_authenc_key(blob, sizeof(blob), NULL, 4, enc,
				     sizeof(enc)), -EINVAL,
		   "authenc key NULL auth key");
}

static enum ucapi_backend expected_default(void)
{
	int fd;

	if (!access("/sys/kernel/ucapi/syscalls", R_OK))
		return UCAPI_BACKEND_SYSCALL;
	fd = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (fd >= 0) {
		close(fd);
		return UCAPI_BACKEND_AF_ALG;
	}
	return UCAPI_BACKEND_OPENSSL;
}

static void test_selection(void)
{
	struct ucapi_session *sess;
	enum ucapi_backend want = expected_default();

	tap_ok(!strcmp(ucapi_backend_name(UCAPI_BACKEND_AF_ALG), "af_alg"),
	       "backend name af_alg");
	tap_ok(!strcmp(ucapi_backend_name(UCAPI_BACKEND_SYSCALL), "syscall"),
	       "backend name syscall");
	tap_ok(!strcmp(ucapi_backend_name(UCAPI_BACKEND_OPENSSL), "openssl"),
	       "backend name openssl");
	tap_is_int(ucapi_default_backend(), want, "default backend is %s",
		   ucapi_backend_name(want));

	unsetenv("UCAPI_BACKEND");
	if (!tap_is_int(ucapi_open(&sess, "sha256", UCAPI_HASH, NULL), 0,
			"open with defaults"))
		return;
	tap_is_int(ucapi_session_backend(sess), want,
		   "default session backend");
	ucapi_close(sess);

	setenv("UCAPI_BACKEND", "openssl", 1);
	if (tap_is_int(ucapi_open(&sess, "sha256", UCAPI_HASH, NULL), 0,
		       "open with UCAPI_BACKEND=openssl")) {
		tap_is_int(ucapi_session_backend(sess), UCAPI_BACKEND_OPENSSL,
			   "UCAPI_BACKEND=openssl honoured");
		ucapi_close(sess);
	}
	unsetenv("UCAPI_BACKEND");
}

struct info_case {
	const char *alg;
	enum ucapi_type type;
	unsigned int ivsize, blocksize, maxauthsize, digestsize;
	unsigned int min_keysize, max_keysize;
};

/* Values that the generic implementations in the kernel report. */
static const struct info_case info_cases[] = {
	{ "gcm(aes)", UCAPI_AEAD, 12, 1, 16, 0, 0, 0 },
	{ "rfc4106(gcm(aes))", UCAPI_AEAD, 8, 1, 16, 0, 0, 0 },
	{ "rfc7539esp(chacha20,poly1305)", UCAPI_AEAD, 8, 1, 16, 0, 0, 0 },
	{ "authenc(hmac(sha256),cbc(aes))", UCAPI_AEAD, 16, 16, 32, 0, 0, 0 },
	{ "cbc(aes)", UCAPI_SKCIPHER, 16, 16, 0, 0, 16, 32 },
	{ "ctr(aes)", UCAPI_SKCIPHER, 16, 1, 0, 0, 16, 32 },
	{ "sha512", UCAPI_HASH, 0, 128, 0, 64, 0, 0 },
	{ "hmac(sha1)", UCAPI_HASH, 0, 64, 0, 20, 0, 0 },
};

static void check_info(enum ucapi_backend backend, const struct info_case *c)
{
	const char *name = ucapi_backend_name(backend);
	struct ucapi_info info;
	struct ucapi_session *sess;

	if (!tap_is_int(open_session(&sess, c->alg, c->type, backend), 0,
			"%s open %s", name, c->alg))
		return;
	memset(&info, 0xff, sizeof(info));
	info.sz = sizeof(info);
	if (!tap_is_int(ucapi_get_info(sess, &info), 0, "%s %s get_info",
			name, c->alg))
		goto close;
	tap_ok(!strcmp(info.alg_name, c->alg), "%s %s alg_name", name,
	       c->alg);
	tap_ok(info.driver_name[0] != '\0', "%s %s driver_name %s", name,
	       c->alg, info.driver_name);
	tap_is_int(info.type, c->type, "%s %s type", name, c->alg);
	tap_is_int(info.backend, backend, "%s %s backend", name, c->alg);
	tap_is_int(info.ivsize, c->ivsize, "%s %s ivsize", name, c->alg);
	tap_is_int(info.blocksize, c->blocksize, "%s %s blocksize", name,
		   c->alg);
	tap_is_int(info.maxauthsize, c->maxauthsize, "%s %s maxauthsize",
		   name, c->alg);
	tap_is_int(info.authsize, c->maxauthsize, "%s %s default authsize",
		   name, c->alg);
	tap_is_int(info.digestsize, c->digestsize, "%s %s digestsize", name,
		   c->alg);
	tap_is_int(info.min_keysize, c->min_keysize, "%s %s min_keysize",
		   name, c->alg);
	tap_is_int(info.max_keysize, c->max_keysize, "%s %s max_keysize",
		   name, c->alg);
	tap_is_int(info.max_ops, 256, "%s %s max_ops", name, c->alg);
	tap_is_int(info.max_op_len, 65536 + 512, "%s %s max_op_len", name,
		   c->alg);
	tap_is_int(info.max_batch_len, 4 << 20, "%s %s max_batch_len", name,
		   c->alg);
	tap_is_int(info.key_set, 0, "%s %s key_set before setkey", name,
		   c->alg);
close:
	ucapi_close(sess);
}

static void test_info_sizes(enum ucapi_backend backend)
{
	const char *name = ucapi_backend_name(backend);
	unsigned char key[16] = { 0 };
	struct ucapi_session *sess;
	struct ucapi_info info;

	if (open_session(&sess, "gcm(aes)", UCAPI_AEAD, backend))
		return;
	ucapi_setkey(sess, key, sizeof(key));
	memset(&info, 0xff, sizeof(info));
	info.sz = offsetof(struct ucapi_info, key_set) + sizeof(int);
	tap_is_int(ucapi_get_info(sess, &info), 0, "%s get_info older sz",
		   name);
	tap_is_int(info.key_set, 1, "%s key_set after setkey", name);
	tap_is_int(info.max_batch_len, 0xffffffffu,
		   "%s get_info leaves fields past sz", name);
	ucapi_close(sess);
}

/* Expected system calls for n single operations and one batch of n. */
static void test_syscall_counter(enum ucapi_backend backend)
{
	const char *name = ucapi_backend_name(backend);
	unsigned char data[64] = { 0 }, digest[32];
	struct ucapi_op ops[5];
	struct ucapi_session *sess;
	uint64_t before;
	unsigned int i, per_op, per_batch;

	switch (backend) {
	case UCAPI_BACKEND_SYSCALL:
		per_op = 1;
		per_batch = 1;
		break;
	case UCAPI_BACKEND_AF_ALG:
		per_op = 2;
		per_batch = 10;
		break;
	default:
		per_op = 0;
		per_batch = 0;
		break;
	}
	if (open_session(&sess, "sha256", UCAPI_HASH, backend))
		return;
	before = ucapi_session_syscalls(sess);
	ucapi_digest(sess, data, sizeof(data), digest, sizeof(digest));
	tap_is_int((long)(ucapi_session_syscalls(sess) - before), per_op,
		   "%s system calls of one digest", name);
	for (i = 0; i < 5; i++) {
		memset(&ops[i], 0, sizeof(ops[i]));
		ops[i].op = UCAPI_DIGEST;
		ops[i].src = data;
		ops[i].src_len = sizeof(data);
		ops[i].dst = digest;
		ops[i].dst_len = sizeof(digest);
	}
	before = ucapi_session_syscalls(sess);
	tap_is_int(ucapi_batch(sess, ops, 5), 5, "%s batch of 5 digests",
		   name);
	tap_is_int((long)(ucapi_session_syscalls(sess) - before), per_batch,
		   "%s system calls of a batch of 5", name);
	ucapi_close(sess);
}

int main(void)
{
	struct test_backend backends[NR_TEST_BACKENDS];
	unsigned int b, i;

	test_version_and_errors();
	test_authenc_key();
	test_selection();
	probe_backends(backends);
	for (b = 0; b < NR_TEST_BACKENDS; b++) {
		if (!backends[b].present)
			continue;
		for (i = 0; i < sizeof(info_cases) / sizeof(info_cases[0]); i++)
			check_info(backends[b].id, &info_cases[i]);
		test_info_sizes(backends[b].id);
		test_syscall_counter(backends[b].id);
	}
	return tap_done();
}
