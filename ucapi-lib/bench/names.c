// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Names of operations and backends, as options take them and the output
 * formats print them.
 */
#include <errno.h>
#include <string.h>

#include "bench.h"

static const char *const op_names[BENCH_NR_OPS] = {
	[BENCH_ENCRYPT] = "encrypt",
	[BENCH_DECRYPT] = "decrypt",
	[BENCH_DIGEST] = "digest",
};

const char *bench_op_name(enum bench_op op)
{
	return op < BENCH_NR_OPS ? op_names[op] : "unknown";
}

int bench_parse_op(const char *name, enum bench_op *op)
{
	unsigned int i;

	for (i = 0; i < BENCH_NR_OPS; i++) {
		if (!strcmp(name, op_names[i])) {
			*op = i;
			return 0;
		}
	}
	return -EINVAL;
}

int bench_parse_backend(const char *name, enum ucapi_backend *backend)
{
	static const enum ucapi_backend all[BENCH_NR_BACKENDS] = {
		UCAPI_BACKEND_SYSCALL, UCAPI_BACKEND_AF_ALG,
		UCAPI_BACKEND_OPENSSL,
	};
	unsigned int i;

	for (i = 0; i < BENCH_NR_BACKENDS; i++) {
		if (!strcmp(name, ucapi_backend_name(all[i]))) {
			*backend = all[i];
			return 0;
		}
	}
	return -EINVAL;
}

/* Index of a backend in per-backend arrays, or -EINVAL. */
int bench_backend_index(enum ucapi_backend backend)
{
	switch (backend) {
	case UCAPI_BACKEND_SYSCALL:
		return 0;
	case UCAPI_BACKEND_AF_ALG:
		return 1;
	case UCAPI_BACKEND_OPENSSL:
		return 2;
	default:
		return -EINVAL;
	}
}
