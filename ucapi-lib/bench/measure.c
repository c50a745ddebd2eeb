// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One measurement: N threads, each with its own session and batch, warm up,
 * meet at a barrier, and run batches for the duration (or operation count).
 * Each thread reads its own CPU time with getrusage(RUSAGE_THREAD) and its
 * session's system-call counter before and after.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench.h"

/*
 * Operations between two clock reads.  Reading the clock after every
 * 64-byte OpenSSL operation would add a few percent to that backend only.
 */
#define OPS_PER_CLOCK_READ	16

/* Holds the threads until all exist, or sends them home if one failed. */
struct start_gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool open;
	bool cancelled;
};

struct worker {
	pthread_t thread;
	struct start_gate *gate;
	struct ucapi_session *sess;
	struct bench_workload *work;
	const struct bench_timing *timing;
	pthread_barrier_t *barrier;

	double start;
	double end;
	double user;
	double sys;
	uint64_t ops;
	uint64_t syscalls;
	int err;
};

static double timeval_seconds(const struct timeval *tv)
{
	return tv->tv_sec + tv->tv_usec / 1e6;
}

/* Run one batch; returns the operations done or a negative errno. */
static int run_batch(struct worker *w, struct ucapi_op *ops, unsigned int nr)
{
	unsigned int i;
	int ret;

	ret = ucapi_batch(w->sess, ops, nr);
	if (ret < 0)
		return ret;
	/* Only an empty batch may do nothing; counting on would never end. */
	if (!ret)
		return -EIO;
	for (i = 0; i < (unsigned int)ret; i++)
		if (ops[i].status)
			return ops[i].status;
	return ret;
}

/* Run batches until the deadline, or until min_ops are done if nonzero. */
static int run_until(struct worker *w, double deadline, uint64_t min_ops,
		     uint64_t *done)
{
	struct ucapi_op *ops = bench_workload_ops(w->work);
	unsigned int nr = bench_workload_batch(w->work);
	unsigned int between = (OPS_PER_CLOCK_READ + nr - 1) / nr;
	unsigned int k;
	int ret;

	*done = 0;
	for (;;) {
		for (k = 0; k < between; k++) {
			ret = run_batch(w, ops, nr);
			if (ret < 0)
				return ret;
			*done += (uint64_t)ret;
			if (min_ops && *done >= min_ops)
				return 0;
		}
		if (!min_ops && bench_now() >= deadline)
			return 0;
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	const struct bench_timing *t = w->timing;
	struct rusage before, after;
	uint64_t calls, warm_ops;
	bool cancelled;
	int err = 0;

	pthread_mutex_lock(&w->gate->lock);
	while (!w->gate->open && !w->gate->cancelled)
		pthread_cond_wait(&w->gate->cond, &w->gate->lock);
	cancelled = w->gate->cancelled;
	pthread_mutex_unlock(&w->gate->lock);
	if (cancelled)
		return NULL;

	if (t->warmup > 0)
		err = run_until(w, bench_now() + t->warmup, 0, &warm_ops);
	/* A thread that failed still meets the others at the barrier. */
	pthread_barrier_wait(w->barrier);
	if (err)
		goto out;

	calls = ucapi_session_syscalls(w->sess);
	getrusage(RUSAGE_THREAD, &before);
	w->start = bench_now();
	err = run_until(w, w->start + t->duration, t->ops, &w->ops);
	w->end = bench_now();
	getrusage(RUSAGE_THREAD, &after);
	w->syscalls = ucapi_session_syscalls(w->sess) - calls;
	w->user = timeval_seconds(&after.ru_utime) -
		  timeval_seconds(&before.ru_utime);
	w->sys = timeval_seconds(&after.ru_stime) -
		 timeval_seconds(&before.ru_stime);
out:
	w->err = err;
	return NULL;
}

static void add_up(const struct worker *workers, unsigned int nr,
		   struct bench_sample *sample)
{
	double first = workers[0].start, last = workers[0].end;
	unsigned int i;

	memset(sample, 0, sizeof(*sample));
	for (i = 0; i < nr; i++) {
		const struct worker *w = &workers[i];

		if (w->start < first)
			first = w->start;
		if (w->end > last)
			last = w->end;
		sample->ops += w->ops;
		sample->syscalls += w->syscalls;
		sample->user += w->user;
		sample->sys += w->sys;
	}
	sample->wall = last - first;
}

static void release_gate(struct start_gate *gate, bool cancel)
{
	pthread_mutex_lock(&gate->lock);
	if (cancel)
		gate->cancelled = true;
	else
		gate->open = true;
	pthread_cond_broadcast(&gate->cond);
	pthread_mutex_unlock(&gate->lock);
}

/* Start the threads; on failure cancel and join those already started. */
static int start_workers(struct worker *workers, unsigned int threads,
			 struct start_gate *gate)
{
	unsigned int i, started;
	int err = 0;

	for (started = 0; started < threads; started++) {
		err = -pthread_create(&workers[started].thread, NULL,
				      worker_main, &workers[started]);
		if (err)
			break;
	}
	release_gate(gate, err != 0);
	if (err) {
		for (i = 0; i < started; i++)
			pthread_join(workers[i].thread, NULL);
	}
	return err;
}

/*
 * Measure `threads` sessions running their workloads at once and store the
 * totals in *sample.  Returns 0 or the first error a thread met.
 */
int bench_measure(struct ucapi_session *const *sessions,
		  struct bench_workload *const *works, unsigned int threads,
		  const struct bench_timing *timing,
		  struct bench_sample *sample)
{
	struct start_gate gate = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
	};
	pthread_barrier_t barrier;
	struct worker *workers;
	unsigned int i;
	int err;

	workers = calloc(threads, sizeof(*workers));
	if (!workers)
		return -ENOMEM;
	err = -pthread_barrier_init(&barrier, NULL, threads);
	if (err)
		goto free_workers;
	for (i = 0; i < threads; i++) {
		workers[i].gate = &gate;
		workers[i].sess = sessions[i];
		workers[i].work = works[i];
		workers[i].timing = timing;
		workers[i].barrier = &barrier;
	}

	err = start_workers(workers, threads, &gate);
	if (err)
		goto destroy_barrier;
	for (i = 0; i < threads; i++)
		pthread_join(workers[i].thread, NULL);
	for (i = 0; i < threads && !err; i++)
		err = workers[i].err;
	if (!err)
		add_up(workers, threads, sample);

destroy_barrier:
	pthread_barrier_destroy(&barrier);
free_workers:
	free(workers);
	return err;
}
