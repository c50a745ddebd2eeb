// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Progress of a long run on stderr: on a terminal one line rewritten after
 * every point, elsewhere one line every few seconds.
 */
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

#define LONG_RUN_SECONDS	10.0
#define LOG_INTERVAL		5.0

/* Runs expected to take longer than LONG_RUN_SECONDS show progress. */
void bench_progress_init(struct bench_progress *prog,
			 const struct bench_config *cfg, unsigned int total)
{
	double per_point = cfg->nr_backends * cfg->trials *
			   (cfg->duration + cfg->warmup);

	prog->done = 0;
	prog->total = total;
	prog->start = bench_now();
	prog->last_log = 0;
	prog->tty = isatty(STDERR_FILENO);
	/* With --ops the time per point is unknown: assume the run is long. */
	prog->enabled = !cfg->quiet &&
			(cfg->op_count || total * per_point > LONG_RUN_SECONDS);
}

static void format_duration(char *buf, size_t len, double seconds)
{
	unsigned long s = (unsigned long)(seconds + 0.5);

	if (s >= 3600)
		snprintf(buf, len, "%luh%02lum", s / 3600, s / 60 % 60);
	else
		snprintf(buf, len, "%lum%02lus", s / 60, s % 60);
}

/* Count one finished point, described by label, and print progress if due. */
void bench_progress_step(struct bench_progress *prog, const char *label)
{
	double now = bench_now(), elapsed = now - prog->start;
	char left[32];

	prog->done++;
	if (!prog->enabled)
		return;
	if (!prog->tty && prog->done < prog->total &&
	    now - prog->last_log < LOG_INTERVAL)
		return;
	prog->last_log = now;
	format_duration(left, sizeof(left),
			elapsed / prog->done * (prog->total - prog->done));
	fprintf(stderr, "%sucapi-bench: %u/%u points, %s left; done: %s%s",
		prog->tty ? "\r\033[K" : "", prog->done, prog->total, left,
		label, prog->tty ? "" : "\n");
}

void bench_progress_done(struct bench_progress *prog)
{
	char took[32];

	if (!prog->enabled)
		return;
	format_duration(took, sizeof(took), bench_now() - prog->start);
	fprintf(stderr, "%sucapi-bench: %u points measured in %s\n",
		prog->tty ? "\r\033[K" : "", prog->done, took);
}
