// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The run: for each case, open and key one session per thread on every
 * backend, check their output, then measure every point of the matrix.
 * Within a trial the backends run one after the other, and the order
 * rotates from trial to trial, so that drift of the machine (frequency,
 * other load, a noisy emulator) reaches every backend alike.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

struct case_sessions {
	struct ucapi_session *sess[BENCH_NR_BACKENDS][BENCH_MAX_THREADS];
	struct bench_avail *avail[BENCH_NR_BACKENDS];	/* NULL: not run */
	unsigned int nr;	/* sessions per backend */
};

struct point {
	const struct bench_case *bcase;
	enum bench_op op;
	unsigned int size;
	unsigned int batch;
	unsigned int threads;
};

static unsigned int max_threads(const struct bench_config *cfg)
{
	unsigned int i, max = 1;

	for (i = 0; i < cfg->threads.nr; i++)
		if (cfg->threads.val[i] > max)
			max = cfg->threads.val[i];
	return max;
}

static void describe_open_error(struct bench_avail *avail, const char *what,
				int err)
{
	if (avail->backend == UCAPI_BACKEND_SYSCALL && err == -ENOSYS &&
	    ucapi_default_backend() != UCAPI_BACKEND_SYSCALL)
		snprintf(avail->reason, sizeof(avail->reason),
			 "no ucapi system calls: the kernel lists none in /sys/kernel/ucapi/syscalls");
	else if (avail->backend == UCAPI_BACKEND_AF_ALG &&
		 err == -EAFNOSUPPORT)
		snprintf(avail->reason, sizeof(avail->reason),
			 "the running kernel has no AF_ALG sockets");
	else
		snprintf(avail->reason, sizeof(avail->reason),
			 "%s failed: %s", what, ucapi_strerror(err));
}

static void close_backend(struct case_sessions *cs, int b)
{
	unsigned int i;

	for (i = 0; i < cs->nr; i++) {
		ucapi_close(cs->sess[b][i]);
		cs->sess[b][i] = NULL;
	}
}

/* Open and key cs->nr sessions; on failure record why and close them. */
static void open_backend(const struct bench_case *bcase, int b,
			 struct case_sessions *cs)
{
	struct ucapi_open_opts opts = { .sz = sizeof(opts) };
	struct bench_avail *avail = cs->avail[b];
	unsigned int i;
	int err;

	opts.backend = avail->backend;
	for (i = 0; i < cs->nr; i++) {
		err = ucapi_open(&cs->sess[b][i], bcase->alg, bcase->type,
				 &opts);
		if (err) {
			describe_open_error(avail, "ucapi_open()", err);
			goto close;
		}
		err = bench_key_session(bcase, cs->sess[b][i]);
		if (err) {
			describe_open_error(avail, "setting the key", err);
			goto close;
		}
	}
	avail->available = true;
	return;

close:
	close_backend(cs, b);
}

static int open_case(const struct bench_config *cfg, struct bench_run *run,
		     const struct bench_case *bcase, struct case_sessions *cs)
{
	struct bench_avail *avail;
	unsigned int i;
	int b;

	memset(cs, 0, sizeof(*cs));
	cs->nr = max_threads(cfg);
	for (i = 0; i < cfg->nr_backends; i++) {
		avail = bench_add_avail(run);
		if (!avail)
			return -ENOMEM;
		avail->bcase = bcase;
		avail->backend = cfg->backends[i];
	}
	/* The array is complete: its entries no longer move. */
	avail = &run->avail[run->nr_avail - cfg->nr_backends];
	for (i = 0; i < cfg->nr_backends; i++) {
		b = bench_backend_index(avail[i].backend);
		cs->avail[b] = &avail[i];
		open_backend(bcase, b, cs);
	}
	return 0;
}

static void close_case(struct case_sessions *cs)
{
	int b;

	for (b = 0; b < BENCH_NR_BACKENDS; b++)
		if (cs->avail[b] && cs->avail[b]->available)
			close_backend(cs, b);
}

static bool backend_runs(const struct case_sessions *cs, int b)
{
	return cs->avail[b] && cs->avail[b]->available &&
	       !cs->avail[b]->failed;
}

static void destroy_workloads(struct bench_workload **works, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		bench_workload_destroy(works[i]);
}

/* One workload per thread; thread i gets seed i + 1. */
static int create_workloads(const struct point *pt,
			    struct ucapi_session *reference,
			    struct bench_workload **works)
{
	unsigned int i;
	int err;

	for (i = 0; i < pt->threads; i++) {
		err = bench_workload_create(pt->bcase, pt->op, pt->size,
					    pt->batch, i + 1, reference,
					    &works[i]);
		if (err) {
			destroy_workloads(works, i);
			return err;
		}
	}
	return 0;
}

static void report_error(const struct point *pt, enum ucapi_backend backend,
			 int err)
{
	fprintf(stderr,
		"ucapi-bench: %s backend, %s %s of %u bytes, batch %u, %u threads: %s\n",
		ucapi_backend_name(backend), pt->bcase->id,
		bench_op_name(pt->op), pt->size, pt->batch, pt->threads,
		ucapi_strerror(err));
}

/* Run one trial of one backend and append its sample. */
static void run_trial(const struct bench_config *cfg, const struct point *pt,
		      struct ucapi_session *const *sessions,
		      struct bench_workload *const *works,
		      struct bench_result *res, struct bench_run *run)
{
	struct bench_timing timing = {
		.duration = cfg->duration, .ops = cfg->op_count,
		.warmup = cfg->warmup,
	};
	struct bench_sample *sample = &res->samples[res->nr_samples];
	int err;

	err = bench_measure(sessions, works, pt->threads, &timing, sample);
	if (!err && !sample->ops)
		err = -EIO;
	if (err) {
		report_error(pt, res->backend, err);
		res->error = err;
		run->failures++;
		return;
	}
	res->nr_samples++;
}

/* Time each running backend `trials` times in rotated order. */
static void run_trials(const struct bench_config *cfg, const struct point *pt,
		       const struct case_sessions *cs,
		       struct bench_workload *const *works,
		       struct bench_result **results, const int *order,
		       unsigned int nr, struct bench_run *run)
{
	unsigned int trial, k, slot;

	for (trial = 0; trial < cfg->trials; trial++) {
		for (k = 0; k < nr; k++) {
			slot = (k + trial) % nr;
			if (results[slot]->error)
				continue;
			run_trial(cfg, pt, cs->sess[order[slot]], works,
				  results[slot], run);
		}
	}
	for (k = 0; k < nr; k++)
		bench_summarize(results[k]);
}

static int add_point_results(const struct point *pt,
			     const struct case_sessions *cs, const int *order,
			     unsigned int nr, struct bench_run *run,
			     size_t *first)
{
	struct bench_result *res;
	unsigned int k;

	*first = run->nr_results;
	for (k = 0; k < nr; k++) {
		res = bench_add_result(run);
		if (!res)
			return -ENOMEM;
		res->bcase = pt->bcase;
		res->op = pt->op;
		res->size = pt->size;
		res->payload_len = bench_payload_len(pt->bcase, pt->size);
		res->batch = pt->batch;
		res->threads = pt->threads;
		res->backend = cs->avail[order[k]]->backend;
	}
	return 0;
}

static int run_point(const struct bench_config *cfg, const struct point *pt,
		     const struct case_sessions *cs, struct bench_run *run)
{
	struct bench_workload *works[BENCH_MAX_THREADS];
	struct bench_result *results[BENCH_NR_BACKENDS];
	int order[BENCH_NR_BACKENDS];
	unsigned int nr = 0, k;
	size_t first;
	int b, err;

	for (b = 0; b < BENCH_NR_BACKENDS; b++)
		if (backend_runs(cs, b))
			order[nr++] = b;
	if (!nr)
		return 0;

	err = add_point_results(pt, cs, order, nr, run, &first);
	if (err)
		return err;
	for (k = 0; k < nr; k++)
		results[k] = &run->results[first + k];

	/* Backends passed the output check: any one makes the ciphertext. */
	err = create_workloads(pt, cs->sess[order[0]][0], works);
	if (err) {
		report_error(pt, results[0]->backend, err);
		for (k = 0; k < nr; k++)
			results[k]->error = err;
		run->failures++;
		return err == -ENOMEM ? err : 0;
	}
	run_trials(cfg, pt, cs, works, results, order, nr, run);
	destroy_workloads(works, pt->threads);
	return 0;
}

static void report_check_failures(const struct case_sessions *cs,
				  struct bench_run *run)
{
	int b;

	for (b = 0; b < BENCH_NR_BACKENDS; b++) {
		if (!cs->avail[b] || !cs->avail[b]->failed)
			continue;
		fprintf(stderr, "ucapi-bench: %s backend, %s: %s\n",
			ucapi_backend_name(cs->avail[b]->backend),
			cs->avail[b]->bcase->id, cs->avail[b]->reason);
		run->failures++;
	}
}

static unsigned int count_points(const struct bench_config *cfg)
{
	unsigned int i, op, n = 0;

	for (i = 0; i < cfg->nr_cases; i++)
		for (op = 0; op < BENCH_NR_OPS; op++)
			if (cfg->run_op[op] &&
			    bench_case_has_op(cfg->cases[i], op))
				n++;
	return n * cfg->sizes.nr * cfg->batches.nr * cfg->threads.nr;
}

static void step_progress(struct bench_progress *prog, const struct point *pt)
{
	char label[128];

	snprintf(label, sizeof(label), "%s %s, %u bytes, batch %u, %u thread%s",
		 pt->bcase->id, bench_op_name(pt->op), pt->size, pt->batch,
		 pt->threads, pt->threads == 1 ? "" : "s");
	bench_progress_step(prog, label);
}

static int run_case_points(const struct bench_config *cfg,
			   const struct bench_case *bcase,
			   const struct case_sessions *cs,
			   struct bench_progress *prog, struct bench_run *run)
{
	struct point pt = { .bcase = bcase };
	unsigned int s, n, t;
	int err;

	for (pt.op = 0; pt.op < BENCH_NR_OPS; pt.op++) {
		if (!cfg->run_op[pt.op] || !bench_case_has_op(bcase, pt.op))
			continue;
		for (s = 0; s < cfg->sizes.nr; s++) {
			for (n = 0; n < cfg->batches.nr; n++) {
				for (t = 0; t < cfg->threads.nr; t++) {
					pt.size = cfg->sizes.val[s];
					pt.batch = cfg->batches.val[n];
					pt.threads = cfg->threads.val[t];
					err = run_point(cfg, &pt, cs, run);
					if (err)
						return err;
					step_progress(prog, &pt);
				}
			}
		}
	}
	return 0;
}

static int verify_case(const struct bench_config *cfg,
		       const struct bench_case *bcase,
		       const struct case_sessions *cs)
{
	struct ucapi_session *first[BENCH_NR_BACKENDS];
	int b;

	for (b = 0; b < BENCH_NR_BACKENDS; b++)
		first[b] = cs->sess[b][0];
	return bench_verify_case(cfg, bcase, first, cs->avail);
}

/*
 * Measure the whole matrix into run.  Returns 0 or a negative errno when
 * the run could not go on (out of memory); failures of single backends
 * are counted in run->failures and reported on stderr.
 */
int bench_run_matrix(const struct bench_config *cfg, struct bench_run *run)
{
	struct bench_progress prog;
	struct case_sessions *cs;
	unsigned int i;
	int err = 0;

	cs = malloc(sizeof(*cs));
	if (!cs)
		return -ENOMEM;
	run->cfg = cfg;
	run->started = bench_wall_clock();
	bench_progress_init(&prog, cfg, count_points(cfg));

	for (i = 0; i < cfg->nr_cases && !err; i++) {
		err = open_case(cfg, run, cfg->cases[i], cs);
		if (!err)
			err = verify_case(cfg, cfg->cases[i], cs);
		if (!err) {
			report_check_failures(cs, run);
			err = run_case_points(cfg, cfg->cases[i], cs, &prog,
					      run);
		}
		close_case(cs);
	}

	bench_progress_done(&prog);
	run->elapsed = bench_wall_clock() - run->started;
	free(cs);
	return err;
}
