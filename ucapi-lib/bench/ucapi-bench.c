// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ucapi-bench: operations per second, MB/s, CPU time and system calls per
 * operation of libucapi's syscall, af_alg and openssl backends, measured
 * side by side in one run.  ucapi-bench --help lists the options.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define EXIT_FAILED	1
#define EXIT_USAGE	2

/* Open an output file before the run, so that a bad path fails at once. */
static int open_output(const char *path, FILE **out)
{
	*out = NULL;
	if (!path)
		return 0;
	if (!strcmp(path, "-")) {
		*out = stdout;
		return 0;
	}
	*out = fopen(path, "w");
	if (!*out) {
		fprintf(stderr, "ucapi-bench: opening %s for writing failed: %m\n",
			path);
		return -errno;
	}
	return 0;
}

static int close_output(FILE *out, const char *path, int err)
{
	if (!out)
		return err;
	if (fflush(out) && !err)
		err = -errno;
	if (out != stdout && fclose(out) && !err)
		err = -errno;
	if (err)
		fprintf(stderr, "ucapi-bench: writing %s failed: %s\n",
			strcmp(path, "-") ? path : "stdout", strerror(-err));
	return err;
}

static int write_outputs(const struct bench_config *cfg,
			 const struct bench_run *run, FILE *csv, FILE *json)
{
	int err = 0, ret;

	if (cfg->table) {
		bench_write_table(stdout, run);
		if (fflush(stdout))
			err = -errno;
	}
	if (csv) {
		ret = close_output(csv, cfg->csv_path,
				   bench_write_csv(csv, run));
		err = err ? err : ret;
	}
	if (json) {
		ret = close_output(json, cfg->json_path,
				   bench_write_json(json, run));
		err = err ? err : ret;
	}
	if (cfg->plot_path) {
		ret = bench_write_plot(cfg, run);
		err = err ? err : ret;
	}
	return err;
}

int main(int argc, char **argv)
{
	struct bench_run run = { 0 };
	struct bench_config cfg;
	FILE *csv, *json;
	int err;

	err = bench_parse_options(argc, argv, &cfg);
	if (err)
		return err > 0 ? EXIT_SUCCESS : EXIT_USAGE;
	err = open_output(cfg.csv_path, &csv);
	if (err)
		return EXIT_USAGE;
	err = open_output(cfg.json_path, &json);
	if (err)
		goto close_csv;

	err = bench_run_matrix(&cfg, &run);
	if (err)
		fprintf(stderr, "ucapi-bench: the run stopped: %s\n",
			strerror(-err));
	/* What was measured before a stop is still written. */
	if (write_outputs(&cfg, &run, csv, json) && !err)
		err = -EIO;
	if (!err && !run.nr_results) {
		fprintf(stderr, "ucapi-bench: nothing was measured: no selected backend offers the selected cases (see \"Backends\" in the report)\n");
		run.failures++;
	}
	bench_free_run(&run);
	if (err || run.failures) {
		if (run.failures)
			fprintf(stderr, "ucapi-bench: %u failure%s, see the messages above\n",
				run.failures, run.failures == 1 ? "" : "s");
		return EXIT_FAILED;
	}
	return EXIT_SUCCESS;

close_csv:
	if (csv && csv != stdout)
		fclose(csv);
	return EXIT_USAGE;
}
