// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The readable table: the run's settings, which backends ran, one row per
 * backend and point, and the targets.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

static void print_settings(FILE *out, const struct bench_run *run)
{
	const struct bench_config *cfg = run->cfg;
	struct bench_sysinfo sys;

	bench_read_sysinfo(&sys);
	fprintf(out, "ucapi-bench with libucapi %s on %s (%s), %ld CPUs: %s%s\n",
		ucapi_version(), sys.kernel, sys.machine, sys.nproc,
		sys.cpu_model, sys.hypervisor ? ", virtual machine" : "");
	if (cfg->op_count)
		fprintf(out, "%u trials of %llu operations per thread",
			cfg->trials, (unsigned long long)cfg->op_count);
	else
		fprintf(out, "%u trials of %.3f s", cfg->trials,
			cfg->duration);
	fprintf(out, " after %.3f s of warm-up each; run took %.1f s\n",
		cfg->warmup, run->elapsed);
	fprintf(out, "Rates are medians over the trials; spread is (max - min) / median.\n"
		"A /BACKEND column is ops/s relative to that backend at the same point.\n\n");
}

/* The reason shared by every unavailable entry of a backend, or NULL. */
static const char *common_reason(const struct bench_run *run,
				 enum ucapi_backend backend,
				 unsigned int *usable, unsigned int *cases)
{
	const char *reason = NULL;
	bool same = true;
	size_t i;

	*usable = *cases = 0;
	for (i = 0; i < run->nr_avail; i++) {
		const struct bench_avail *a = &run->avail[i];

		if (a->backend != backend)
			continue;
		(*cases)++;
		if (a->available && !a->failed) {
			(*usable)++;
			continue;
		}
		if (reason && strcmp(reason, a->reason))
			same = false;
		reason = a->reason;
	}
	return same ? reason : NULL;
}

static void print_backends(FILE *out, const struct bench_run *run)
{
	const struct bench_config *cfg = run->cfg;
	unsigned int b, usable, cases;
	const char *reason;
	size_t i;

	fprintf(out, "Backends:\n");
	for (b = 0; b < cfg->nr_backends; b++) {
		enum ucapi_backend backend = cfg->backends[b];

		reason = common_reason(run, backend, &usable, &cases);
		fprintf(out, "  %-8s ", ucapi_backend_name(backend));
		if (!usable && reason) {
			fprintf(out, "unavailable: %s\n", reason);
			continue;
		}
		fprintf(out, "ran %u of %u cases\n", usable, cases);
		for (i = 0; i < run->nr_avail; i++) {
			const struct bench_avail *a = &run->avail[i];

			if (a->backend != backend)
				continue;
			if (!a->available || a->failed)
				fprintf(out, "           %s %s: %s\n",
					a->bcase->id,
					a->failed ? "failed" : "unavailable",
					a->reason);
		}
	}
	fputc('\n', out);
}

/* A ratio column needs its backend and at least one other in the run. */
static bool ratio_column(const struct bench_run *run,
			 enum ucapi_backend backend)
{
	static const enum ucapi_backend all[BENCH_NR_BACKENDS] = {
		UCAPI_BACKEND_SYSCALL, UCAPI_BACKEND_AF_ALG,
		UCAPI_BACKEND_OPENSSL,
	};
	unsigned int i;

	if (!bench_backend_seen(run, backend))
		return false;
	for (i = 0; i < BENCH_NR_BACKENDS; i++)
		if (all[i] != backend && bench_backend_seen(run, all[i]))
			return true;
	return false;
}

static void print_ratio(FILE *out, const struct bench_run *run,
			const struct bench_result *r,
			enum ucapi_backend backend)
{
	double ratio;

	if (!ratio_column(run, backend))
		return;
	if (r->backend == backend) {
		fprintf(out, " %8s", "-");
		return;
	}
	ratio = bench_ratio(r, bench_find_result(run, r, backend, r->batch));
	if (ratio > 0)
		fprintf(out, " %8.2f", ratio);
	else
		fprintf(out, " %8s", "");
}

static void print_row(FILE *out, const struct bench_run *run,
		      const struct bench_result *r)
{
	const struct bench_summary *s = &r->sum;
	double spread;

	fprintf(out, "%-7s %6u %5u %3u %-8s", bench_op_name(r->op), r->size,
		r->batch, r->threads, ucapi_backend_name(r->backend));
	if (r->error) {
		fprintf(out, " failed: %s\n", ucapi_strerror(r->error));
		return;
	}
	spread = s->ops_per_sec.median > 0 ?
		 100 * (s->ops_per_sec.max - s->ops_per_sec.min) /
		 s->ops_per_sec.median : 0;
	fprintf(out, " %11.0f %5.1f%% %9.2f %5.1f %5.1f %8.4f",
		s->ops_per_sec.median, spread, s->mb_per_sec.median,
		s->user_percent, s->sys_percent, s->syscalls_per_op);
	print_ratio(out, run, r, UCAPI_BACKEND_OPENSSL);
	print_ratio(out, run, r, UCAPI_BACKEND_AF_ALG);
	fputc('\n', out);
}

static void print_results(FILE *out, const struct bench_run *run)
{
	const struct bench_case *current = NULL;
	size_t i;

	for (i = 0; i < run->nr_results; i++) {
		const struct bench_result *r = &run->results[i];

		if (r->bcase != current) {
			current = r->bcase;
			fprintf(out, "%s: %s, %s\n", current->id, current->alg,
				current->key_desc);
			fprintf(out, "%-7s %6s %5s %3s %-8s %11s %6s %9s %5s %5s %8s",
				"op", "size", "batch", "thr", "backend",
				"ops/s", "spread", "MB/s", "usr%", "sys%",
				"calls/op");
			if (ratio_column(run, UCAPI_BACKEND_OPENSSL))
				fprintf(out, " %8s", "/openssl");
			if (ratio_column(run, UCAPI_BACKEND_AF_ALG))
				fprintf(out, " %8s", "/af_alg");
			fputc('\n', out);
		}
		print_row(out, run, r);
		if (i + 1 == run->nr_results ||
		    run->results[i + 1].bcase != current)
			fputc('\n', out);
	}
}

static void print_targets(FILE *out, const struct bench_run *run)
{
	struct bench_target targets[BENCH_NR_TARGETS];
	unsigned int i;

	bench_eval_targets(run, targets);
	fprintf(out, "Targets:\n");
	for (i = 0; i < BENCH_NR_TARGETS; i++) {
		const struct bench_target *t = &targets[i];

		fprintf(out, "  %-12s %s\n", bench_verdict_name(t->verdict),
			t->goal);
		if (t->verdict != BENCH_NOT_MEASURED)
			fprintf(out, "               worst %.4f (limit %.4f) at %s; %u points\n",
				t->worst, t->limit, t->where, t->checked);
	}
}

void bench_write_table(FILE *out, const struct bench_run *run)
{
	print_settings(out, run);
	print_backends(out, run);
	print_results(out, run);
	print_targets(out, run);
}
