// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Clocks of ucapi-bench, in seconds as double.
 */
#include <time.h>

#include "bench.h"

static double read_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CLOCK_MONOTONIC: for intervals. */
double bench_now(void)
{
	return read_clock(CLOCK_MONOTONIC);
}

/* CLOCK_REALTIME: for the date of a run. */
double bench_wall_clock(void)
{
	return read_clock(CLOCK_REALTIME);
}
