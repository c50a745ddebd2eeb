// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backends.h"
#include "tap.h"

static bool backend_required(const char *name)
{
	const char *list = getenv("UCAPI_REQUIRE_BACKENDS");
	size_t len = strlen(name);
	const char *p;

	if (!list)
		return false;
	for (p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == ',') &&
		    (p[len] == ',' || p[len] == '\0'))
			return true;
	return false;
}

static void probe_one(struct test_backend *b)
{
	struct ucapi_session *sess;
	int err;

	b->name = ucapi_backend_name(b->id);
	err = open_session(&sess, "sha256", UCAPI_HASH, b->id);
	b->present = true;
	if (!err) {
		ucapi_close(sess);
		return;
	}
	if (b->id == UCAPI_BACKEND_SYSCALL && err == -ENOSYS) {
		b->present = false;
		snprintf(b->absent_reason, sizeof(b->absent_reason),
			 "syscall backend absent: the kernel does not advertise the ucapi system calls in /sys/kernel/ucapi/syscalls");
	} else if (b->id == UCAPI_BACKEND_AF_ALG && err == -EAFNOSUPPORT) {
		b->present = false;
		snprintf(b->absent_reason, sizeof(b->absent_reason),
			 "af_alg backend absent: the kernel has no AF_ALG sockets");
	} else {
		tap_diag("%s backend: opening sha256 failed with %d (%s)",
			 b->name, err, ucapi_strerror(err));
	}
}

void probe_backends(struct test_backend backends[NR_TEST_BACKENDS])
{
	static const enum ucapi_backend ids[NR_TEST_BACKENDS] = {
		UCAPI_BACKEND_SYSCALL, UCAPI_BACKEND_AF_ALG,
		UCAPI_BACKEND_OPENSSL,
	};
	int i;

	for (i = 0; i < NR_TEST_BACKENDS; i++) {
		struct test_backend *b = &backends[i];

		memset(b, 0, sizeof(*b));
		b->id = ids[i];
		probe_one(b);
		if (b->present)
			continue;
		if (backend_required(b->name))
			tap_ok(false, "%s backend present (%s)", b->name,
			       b->absent_reason);
		else
			tap_skip(b->absent_reason, "%s backend tests",
				 b->name);
	}
}

int open_session(struct ucapi_session **sess, const char *alg,
		 enum ucapi_type type, enum ucapi_backend backend)
{
	struct ucapi_open_opts opts = {
		.sz = sizeof(opts),
		.backend = backend,
	};

	return ucapi_open(sess, alg, type, &opts);
}

unsigned char *hex_alloc(const char *hex, size_t *len)
{
	size_t n = hex ? strlen(hex) / 2 : 0, i;
	unsigned char *buf = malloc(n + 1);

	if (!buf)
		tap_bail("out of memory");
	for (i = 0; i < n; i++) {
		unsigned int byte;

		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			tap_bail("invalid hex string %s", hex);
		buf[i] = (unsigned char)byte;
	}
	*len = n;
	return buf;
}

static uint64_t rng_state;

/* Seed from UCAPI_TEST_SEED, else from the clock; the seed is printed. */
void rng_seed_from_env(void)
{
	const char *env = getenv("UCAPI_TEST_SEED");
	struct timespec ts;

	if (env) {
		rng_state = strtoull(env, NULL, 0);
	} else {
		clock_gettime(CLOCK_REALTIME, &ts);
		rng_state = (uint64_t)ts.tv_sec * 1000000007u ^ ts.tv_nsec;
	}
	if (!rng_state)
		rng_state = 1;
	tap_diag("random seed %llu (set UCAPI_TEST_SEED to repeat)",
		 (unsigned long long)rng_state);
}

/* xorshift64*: fast and reproducible, not for keys outside tests. */
uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

void rng_fill(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(rng_next() >> 56);
}
