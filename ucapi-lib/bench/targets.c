// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The speed targets of the ucapi system calls, checked against a run:
 *
 *   1. batch 32 reaches 0.9 times the OpenSSL backend's ops/s at 64 and
 *      1420 bytes;
 *   2. batch 1 is no slower than AF_ALG at any size;
 *   3. batch 32 makes at most 1/32 system call per operation.
 *
 * Ratios compare medians of the same run, at the same case, operation,
 * size and thread count.  A target whose backends did not run is "not
 * measured".
 */
#include <stdio.h>

#include "bench.h"

#define TARGET_BATCH		32
#define OPENSSL_SHARE		0.9

static void note_where(struct bench_target *t, const struct bench_result *r)
{
	snprintf(t->where, sizeof(t->where),
		 "%s %s, %u bytes, batch %u, %u thread%s", r->bcase->id,
		 bench_op_name(r->op), r->size, r->batch, r->threads,
		 r->threads == 1 ? "" : "s");
}

/* Record value v of result r; lower is worse unless higher_worse. */
static void consider(struct bench_target *t, const struct bench_result *r,
		     double v, bool higher_worse)
{
	bool worse = higher_worse ? v > t->worst : v < t->worst;

	if (!t->checked || worse) {
		t->worst = v;
		note_where(t, r);
	}
	t->checked++;
}

static void decide(struct bench_target *t, bool higher_worse)
{
	if (!t->checked)
		t->verdict = BENCH_NOT_MEASURED;
	else if (higher_worse)
		t->verdict = t->worst <= t->limit ? BENCH_MET : BENCH_MISSED;
	else
		t->verdict = t->worst >= t->limit ? BENCH_MET : BENCH_MISSED;
}

static bool valid(const struct bench_result *r)
{
	return r && !r->error && r->nr_samples;
}

void bench_eval_targets(const struct bench_run *run,
			struct bench_target targets[BENCH_NR_TARGETS])
{
	struct bench_target *vs_openssl = &targets[0];
	struct bench_target *vs_afalg = &targets[1];
	struct bench_target *calls = &targets[2];
	const struct bench_result *other;
	size_t i;

	*vs_openssl = (struct bench_target){
		.name = "syscall-batch32-vs-openssl",
		.goal = "syscall backend at batch 32 reaches 0.9x the openssl backend's ops/s at 64 and 1420 bytes",
		.limit = OPENSSL_SHARE,
	};
	*vs_afalg = (struct bench_target){
		.name = "syscall-batch1-vs-af_alg",
		.goal = "syscall backend at batch 1 is no slower than af_alg at batch 1, at every size",
		.limit = 1.0,
	};
	*calls = (struct bench_target){
		.name = "syscall-calls-per-op",
		.goal = "syscall backend at batch 32 makes at most 1/32 system call per operation",
		.limit = 1.0 / TARGET_BATCH,
	};

	for (i = 0; i < run->nr_results; i++) {
		const struct bench_result *r = &run->results[i];

		if (r->backend != UCAPI_BACKEND_SYSCALL || !valid(r))
			continue;
		if (r->batch == TARGET_BATCH) {
			consider(calls, r, r->sum.syscalls_per_op, true);
			other = bench_find_result(run, r, UCAPI_BACKEND_OPENSSL,
						  TARGET_BATCH);
			if ((r->size == 64 || r->size == 1420) && valid(other))
				consider(vs_openssl, r, bench_ratio(r, other),
					 false);
		}
		if (r->batch == 1) {
			other = bench_find_result(run, r, UCAPI_BACKEND_AF_ALG,
						  1);
			if (valid(other))
				consider(vs_afalg, r, bench_ratio(r, other),
					 false);
		}
	}
	decide(vs_openssl, false);
	decide(vs_afalg, false);
	decide(calls, true);
}

const char *bench_verdict_name(enum bench_verdict verdict)
{
	switch (verdict) {
	case BENCH_MET:
		return "met";
	case BENCH_MISSED:
		return "missed";
	default:
		return "not measured";
	}
}
