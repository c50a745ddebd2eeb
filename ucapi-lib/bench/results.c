// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Storage of a run: the results of every backend at every point and the
 * availability of every backend for every case.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* Grow an array of elem-sized items to hold one more; returns the new slot. */
static void *grow(void **array, size_t *nr, size_t *cap, size_t elem)
{
	void *bigger;
	size_t want;

	if (*nr == *cap) {
		want = *cap ? *cap * 2 : 64;
		bigger = realloc(*array, want * elem);
		if (!bigger)
			return NULL;
		*array = bigger;
		*cap = want;
	}
	memset((char *)*array + *nr * elem, 0, elem);
	return (char *)*array + (*nr)++ * elem;
}

/* Add a zeroed result; earlier result pointers may move.  NULL: no memory. */
struct bench_result *bench_add_result(struct bench_run *run)
{
	return grow((void **)&run->results, &run->nr_results,
		    &run->cap_results, sizeof(*run->results));
}

/* Add a zeroed availability entry; earlier pointers may move. */
struct bench_avail *bench_add_avail(struct bench_run *run)
{
	return grow((void **)&run->avail, &run->nr_avail, &run->cap_avail,
		    sizeof(*run->avail));
}

void bench_free_run(struct bench_run *run)
{
	free(run->results);
	free(run->avail);
	run->results = NULL;
	run->avail = NULL;
	run->nr_results = run->cap_results = 0;
	run->nr_avail = run->cap_avail = 0;
}

/*
 * Find the result of `backend` at `batch` that shares case, operation,
 * size and threads with `like`.  NULL when that backend did not run there.
 */
const struct bench_result *bench_find_result(const struct bench_run *run,
					     const struct bench_result *like,
					     enum ucapi_backend backend,
					     unsigned int batch)
{
	size_t i;

	for (i = 0; i < run->nr_results; i++) {
		const struct bench_result *r = &run->results[i];

		if (r->bcase == like->bcase && r->op == like->op &&
		    r->size == like->size && r->threads == like->threads &&
		    r->backend == backend && r->batch == batch)
			return r;
	}
	return NULL;
}

/* Whether the backend was available for at least one case. */
bool bench_backend_seen(const struct bench_run *run,
			enum ucapi_backend backend)
{
	size_t i;

	for (i = 0; i < run->nr_avail; i++)
		if (run->avail[i].backend == backend &&
		    run->avail[i].available)
			return true;
	return false;
}
