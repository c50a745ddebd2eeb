// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The chart of --plot: MB/s against payload size for one case, operation,
 * batch size and thread count, one line per backend, drawn by gnuplot.
 * The points are the medians, and the error bars span minimum to maximum.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define PLOT_SIZE	"1000,640"

static bool has_suffix(const char *text, const char *suffix)
{
	size_t n = strlen(text), m = strlen(suffix);

	return n > m && !strcmp(text + n - m, suffix);
}

/* A gnuplot single-quoted string: a quote is doubled, nothing else is special. */
static void put_quoted(FILE *out, const char *text)
{
	fputc('\'', out);
	for (; *text; text++) {
		if (*text == '\'')
			fputc('\'', out);
		fputc(*text, out);
	}
	fputc('\'', out);
}

/* A gnuplot double-quoted string, for text with a line break. */
static void put_text(FILE *out, const char *text)
{
	fputc('"', out);
	for (; *text; text++) {
		if (*text == '\n')
			fputs("\\n", out);
		else if (*text == '"' || *text == '\\')
			fprintf(out, "\\%c", *text);
		else
			fputc(*text, out);
	}
	fputc('"', out);
}

static bool in_chart(const struct bench_config *cfg,
		     const struct bench_result *r)
{
	return r->bcase == cfg->plot_case && r->op == cfg->plot_op &&
	       r->batch == cfg->plot_batch &&
	       r->threads == cfg->plot_threads && !r->error &&
	       r->nr_samples;
}

static int compare_size(const void *a, const void *b)
{
	const struct bench_result *x = *(const struct bench_result *const *)a;
	const struct bench_result *y = *(const struct bench_result *const *)b;

	return (x->size > y->size) - (x->size < y->size);
}

/* Write the points of one backend as a datablock; returns how many. */
static unsigned int put_datablock(FILE *out, const struct bench_config *cfg,
				  const struct bench_run *run,
				  enum ucapi_backend backend, unsigned int nr)
{
	const struct bench_result *points[BENCH_MAX_LIST];
	unsigned int n = 0, i;
	size_t k;

	for (k = 0; k < run->nr_results && n < BENCH_MAX_LIST; k++)
		if (run->results[k].backend == backend &&
		    in_chart(cfg, &run->results[k]))
			points[n++] = &run->results[k];
	if (!n)
		return 0;
	qsort(points, n, sizeof(points[0]), compare_size);
	fprintf(out, "$d%u << EOD\n", nr);
	for (i = 0; i < n; i++)
		fprintf(out, "%u %.6g %.6g %.6g\n", points[i]->size,
			points[i]->sum.mb_per_sec.median,
			points[i]->sum.mb_per_sec.min,
			points[i]->sum.mb_per_sec.max);
	fputs("EOD\n", out);
	return n;
}

static void put_setup(FILE *out, const struct bench_config *cfg)
{
	char title[256];
	unsigned int i;

	if (has_suffix(cfg->plot_path, ".svg"))
		fputs("set terminal svg size " PLOT_SIZE " dynamic\n", out);
	else
		fputs("if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
		      "  set terminal pngcairo size " PLOT_SIZE "\n"
		      "} else {\n"
		      "  set terminal png size " PLOT_SIZE "\n"
		      "}\n", out);
	fputs("set output ", out);
	put_quoted(out, cfg->plot_path);
	snprintf(title, sizeof(title),
		 "%s, %s: %s, batch %u, %u thread%s\nmedian of %u trials, bars from min to max",
		 cfg->plot_case->alg, cfg->plot_case->key_desc,
		 bench_op_name(cfg->plot_op), cfg->plot_batch,
		 cfg->plot_threads, cfg->plot_threads == 1 ? "" : "s",
		 cfg->trials);
	fputs("\nset title ", out);
	put_text(out, title);
	fputs(" noenhanced\n"
	      "set xlabel 'payload size (bytes)'\n"
	      "set ylabel 'throughput (MB/s, 10^6 bytes of payload)'\n"
	      "set logscale x 2\n"
	      "set offsets graph 0.03, graph 0.03, 0, 0\n"
	      "set yrange [0:*]\n"
	      "set grid\n"
	      "set key top left noenhanced\n"
	      "set xtics (", out);
	for (i = 0; i < cfg->sizes.nr; i++)
		fprintf(out, "%s%u", i ? ", " : "", cfg->sizes.val[i]);
	fputs(")\n", out);
}

static int put_script(FILE *out, const struct bench_config *cfg,
		      const struct bench_run *run)
{
	unsigned int b, nr = 0, plotted[BENCH_NR_BACKENDS], i;

	put_setup(out, cfg);
	for (b = 0; b < cfg->nr_backends; b++)
		if (put_datablock(out, cfg, run, cfg->backends[b], nr))
			plotted[nr++] = b;
	if (!nr)
		return -ENODATA;
	fputs("plot ", out);
	for (i = 0; i < nr; i++) {
		fprintf(out, "%s$d%u using 1:2:3:4 with yerrorlines lw 2 pt 7 title ",
			i ? ", \\\n     " : "", i);
		put_quoted(out, ucapi_backend_name(cfg->backends[plotted[i]]));
	}
	fputc('\n', out);
	return 0;
}

static int run_gnuplot(const struct bench_config *cfg,
		       const struct bench_run *run)
{
	FILE *gp;
	int err, status;

	gp = popen("gnuplot", "w");
	if (!gp) {
		fprintf(stderr, "ucapi-bench: starting gnuplot failed: %m\n");
		return -errno;
	}
	err = put_script(gp, cfg, run);
	status = pclose(gp);
	if (err) {
		fprintf(stderr,
			"ucapi-bench: nothing to plot: no backend ran %s %s at batch %u with %u threads\n",
			cfg->plot_case->id, bench_op_name(cfg->plot_op),
			cfg->plot_batch, cfg->plot_threads);
		return err;
	}
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr,
			"ucapi-bench: gnuplot failed (status %d) drawing %s; is gnuplot installed?\n",
			status == -1 ? -1 : WEXITSTATUS(status), cfg->plot_path);
		return -EIO;
	}
	return 0;
}

/*
 * Draw the chart into cfg->plot_path, which options.c checked to end in
 * .png or .svg, and check that gnuplot wrote it.
 */
int bench_write_plot(const struct bench_config *cfg,
		     const struct bench_run *run)
{
	struct stat st;
	int err;

	/* A chart left by an earlier run must not pass the check below. */
	if (unlink(cfg->plot_path) && errno != ENOENT) {
		fprintf(stderr, "ucapi-bench: removing the old %s failed: %m\n",
			cfg->plot_path);
		return -errno;
	}
	err = run_gnuplot(cfg, run);
	if (err)
		return err;
	if (stat(cfg->plot_path, &st) || !st.st_size) {
		fprintf(stderr, "ucapi-bench: gnuplot wrote no chart to %s\n",
			cfg->plot_path);
		return -EIO;
	}
	return 0;
}
