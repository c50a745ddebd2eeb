/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers shared by the tests: backend discovery, hex strings, a seeded
 * random generator.
 */
#ifndef UCAPI_TEST_BACKENDS_H
#define UCAPI_TEST_BACKENDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ucapi.h>

#define NR_TEST_BACKENDS 3

struct test_backend {
	enum ucapi_backend id;
	const char *name;
	bool present;
	char absent_reason[160];
};

/*
 * Probe the three backends.  A backend is absent only when the kernel lacks
 * it (-ENOSYS from the syscall backend, -EAFNOSUPPORT from AF_ALG).  An
 * absent backend named in UCAPI_REQUIRE_BACKENDS (comma-separated) is a
 * failed check; any other absent backend is reported as a skip.
 */
void probe_backends(struct test_backend backends[NR_TEST_BACKENDS]);

int open_session(struct ucapi_session **sess, const char *alg,
		 enum ucapi_type type, enum ucapi_backend backend);

/* Decode a hex string into a new buffer; *len receives its length. */
unsigned char *hex_alloc(const char *hex, size_t *len);

void rng_seed_from_env(void);
uint64_t rng_next(void);
void rng_fill(void *buf, size_t len);

#endif /* UCAPI_TEST_BACKENDS_H */
