// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Summary of the trials of one backend at one point: median, minimum,
 * maximum and quartiles of the rates, and medians of the CPU shares.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Quantile q of sorted[0..n) with linear interpolation between ranks. */
static double quantile(const double *sorted, unsigned int n, double q)
{
	double pos = q * (n - 1);
	unsigned int lo = (unsigned int)pos;
	double frac = pos - lo;

	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

static void describe(double *val, unsigned int n, struct bench_stats *st)
{
	qsort(val, n, sizeof(*val), compare_doubles);
	st->min = val[0];
	st->max = val[n - 1];
	st->median = quantile(val, n, 0.5);
	st->q1 = quantile(val, n, 0.25);
	st->q3 = quantile(val, n, 0.75);
}

static double median_of(double *val, unsigned int n)
{
	struct bench_stats st;

	describe(val, n, &st);
	return st.median;
}

/* Fill res->sum from res->samples; a result without samples stays zero. */
void bench_summarize(struct bench_result *res)
{
	double ops_rate[BENCH_MAX_TRIALS], mb_rate[BENCH_MAX_TRIALS];
	double user[BENCH_MAX_TRIALS], sys[BENCH_MAX_TRIALS];
	double user_op[BENCH_MAX_TRIALS], sys_op[BENCH_MAX_TRIALS];
	struct bench_summary *sum = &res->sum;
	unsigned int i, n = res->nr_samples;

	memset(sum, 0, sizeof(*sum));
	if (!n)
		return;
	for (i = 0; i < n; i++) {
		const struct bench_sample *s = &res->samples[i];
		double wall = s->wall > 0 ? s->wall : 1e-9;
		double ops = s->ops ? (double)s->ops : 1;

		ops_rate[i] = s->ops / wall;
		mb_rate[i] = (double)s->ops * res->payload_len / wall / 1e6;
		user[i] = 100 * s->user / wall;
		sys[i] = 100 * s->sys / wall;
		user_op[i] = 1e6 * s->user / ops;
		sys_op[i] = 1e6 * s->sys / ops;
		sum->ops += s->ops;
		sum->syscalls += s->syscalls;
	}
	describe(ops_rate, n, &sum->ops_per_sec);
	describe(mb_rate, n, &sum->mb_per_sec);
	sum->user_percent = median_of(user, n);
	sum->sys_percent = median_of(sys, n);
	sum->user_us_per_op = median_of(user_op, n);
	sum->sys_us_per_op = median_of(sys_op, n);
	if (sum->ops)
		sum->syscalls_per_op = (double)sum->syscalls / sum->ops;
}

/* Median ops/s of a over that of b; 0 when either is missing. */
double bench_ratio(const struct bench_result *a, const struct bench_result *b)
{
	if (!a || !b || a->error || b->error ||
	    b->sum.ops_per_sec.median <= 0)
		return 0;
	return a->sum.ops_per_sec.median / b->sum.ops_per_sec.median;
}
