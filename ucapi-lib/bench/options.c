// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Command line of ucapi-bench: the matrix to measure, the timing and the
 * output formats, with the defaults of a full run and of --quick.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define MAX_BATCH_BYTES	(4U << 20)	/* UCAPI_MAX_BATCH_LEN */
#define OP_OVERHEAD	64		/* AAD, tag and padding per operation */

static const unsigned int full_sizes[] = { 64, 256, 576, 1420, 4096, 16384 };
static const unsigned int full_batches[] = { 1, 8, 32, 128 };
static const unsigned int quick_sizes[] = { 64, 1420 };
static const unsigned int quick_batches[] = { 1, 32 };

#define FULL_DURATION	0.2
#define FULL_WARMUP	0.05
#define FULL_TRIALS	5
#define QUICK_DURATION	0.015
#define QUICK_WARMUP	0.005
#define QUICK_TRIALS	2

enum {
	OPT_QUIET = 256,
	OPT_CSV,
	OPT_JSON,
	OPT_PLOT,
	OPT_PLOT_ALG,
	OPT_PLOT_OP,
	OPT_PLOT_BATCH,
	OPT_PLOT_THREADS,
	OPT_LIST,
};

static const struct option long_options[] = {
	{ "alg", required_argument, NULL, 'a' },
	{ "size", required_argument, NULL, 's' },
	{ "batch", required_argument, NULL, 'b' },
	{ "threads", required_argument, NULL, 't' },
	{ "backend", required_argument, NULL, 'B' },
	{ "op", required_argument, NULL, 'o' },
	{ "duration", required_argument, NULL, 'd' },
	{ "ops", required_argument, NULL, 'n' },
	{ "warmup", required_argument, NULL, 'w' },
	{ "trials", required_argument, NULL, 'T' },
	{ "quick", no_argument, NULL, 'q' },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "csv", optional_argument, NULL, OPT_CSV },
	{ "json", optional_argument, NULL, OPT_JSON },
	{ "plot", required_argument, NULL, OPT_PLOT },
	{ "plot-alg", required_argument, NULL, OPT_PLOT_ALG },
	{ "plot-op", required_argument, NULL, OPT_PLOT_OP },
	{ "plot-batch", required_argument, NULL, OPT_PLOT_BATCH },
	{ "plot-threads", required_argument, NULL, OPT_PLOT_THREADS },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Options as given, before the defaults fill what is missing. */
struct raw_options {
	const char *algs;
	const char *sizes;
	const char *batches;
	const char *threads;
	const char *backends;
	const char *ops;
	const char *duration;
	const char *op_count;
	const char *warmup;
	const char *trials;
	const char *plot_alg;
	const char *plot_op;
	const char *plot_batch;
	const char *plot_threads;
	bool list;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ucapi-bench [OPTION]...\n"
		"Measure libucapi's syscall, af_alg and openssl backends side by side.\n"
		"\n"
		"Matrix (LIST is comma-separated):\n"
		"  -a, --alg LIST         cases by id or Crypto API name (see --list);\n"
		"                         default: all but the opt-in ones\n"
		"  -o, --op LIST          encrypt, decrypt, digest (default: all)\n"
		"  -s, --size LIST        payload bytes (default 64,256,576,1420,4096,16384)\n"
		"  -b, --batch LIST       operations per ucapi_batch() call (default 1,8,32,128)\n"
		"  -t, --threads LIST     threads, one session each (default 1 and powers\n"
		"                         of two up to the online CPUs)\n"
		"  -B, --backend LIST     syscall, af_alg, openssl (default: all)\n"
		"\n"
		"Timing:\n"
		"  -d, --duration SECONDS timed run per measurement (default %.2f)\n"
		"  -n, --ops N            operations per thread per measurement instead\n"
		"  -w, --warmup SECONDS   untimed run before each measurement (default %.2f)\n"
		"  -T, --trials N         measurements per backend and point (default %d);\n"
		"                         the backend order rotates from trial to trial\n"
		"  -q, --quick            smoke run: sizes 64,1420, batches 1,32, 1 thread,\n"
		"                         %d trials of %.3f s; options given still apply\n"
		"\n"
		"Output (the table goes to stdout unless a format takes it):\n"
		"      --csv[=FILE]       CSV to FILE, or to stdout\n"
		"      --json[=FILE]      JSON to FILE, or to stdout\n"
		"      --plot FILE        gnuplot chart of MB/s against size, one line\n"
		"                         per backend; FILE ends in .png or .svg\n"
		"      --plot-alg ID      case of the chart (default: the first)\n"
		"      --plot-op OP       operation of the chart (default encrypt)\n"
		"      --plot-batch N     batch size of the chart (default 32 if run)\n"
		"      --plot-threads N   threads of the chart (default: the first)\n"
		"      --quiet            no progress lines on stderr\n"
		"      --list             print the cases and exit\n"
		"  -h, --help             print this help and exit\n"
		"\n"
		"Exit status: 0 on success, 1 when a backend gave wrong output, failed\n"
		"or completed no operation, 2 on invalid options.  A backend that is\n"
		"missing is reported as unavailable and is not an error.\n",
		FULL_DURATION, FULL_WARMUP, FULL_TRIALS, QUICK_TRIALS,
		QUICK_DURATION);
}

static void list_cases(void)
{
	unsigned int i;

	printf("%-12s %-31s %s\n", "id", "Crypto API name", "key");
	for (i = 0; i < bench_nr_cases(); i++) {
		const struct bench_case *c = bench_case_at(i);

		printf("%-12s %-31s %s%s\n", c->id, c->alg, c->key_desc,
		       c->opt_in ? " (opt-in: only with --alg)" : "");
	}
}

/*
 * Split list at commas outside parentheses, so that a Crypto API name such
 * as "authenc(hmac(sha256),cbc(aes))" stays whole.  Calls fn on each item.
 */
static int for_each_item(const char *list, const char *option,
			 int (*fn)(const char *item, void *ctx), void *ctx)
{
	const char *arg;
	char item[256];
	size_t len = 0;
	int depth = 0, err;

	for (arg = list;; arg++) {
		if (*arg == '(')
			depth++;
		else if (*arg == ')')
			depth--;
		if (*arg && (*arg != ',' || depth > 0)) {
			if (len + 1 >= sizeof(item))
				goto invalid;
			item[len++] = *arg;
			continue;
		}
		item[len] = '\0';
		if (!len)
			goto invalid;
		err = fn(item, ctx);
		if (err)
			return err;
		if (!*arg)
			return 0;
		len = 0;
	}

invalid:
	fprintf(stderr, "ucapi-bench: invalid %s list '%s': empty or too long item\n",
		option, list);
	return -EINVAL;
}

static int parse_uint(const char *text, unsigned long min, unsigned long max,
		      const char *option, unsigned long *val)
{
	char *end;

	errno = 0;
	*val = strtoul(text, &end, 10);
	if (errno || end == text || *end || *text == '-' || *val < min ||
	    *val > max) {
		fprintf(stderr,
			"ucapi-bench: invalid %s '%s': expected an integer from %lu to %lu\n",
			option, text, min, max);
		return -EINVAL;
	}
	return 0;
}

static int parse_seconds(const char *text, double min, const char *option,
			 double *val)
{
	char *end;

	errno = 0;
	*val = strtod(text, &end);
	if (errno || end == text || *end || !(*val >= min) || *val > 3600) {
		fprintf(stderr,
			"ucapi-bench: invalid %s '%s': expected seconds from %g to 3600\n",
			option, text, min);
		return -EINVAL;
	}
	return 0;
}

struct number_list_ctx {
	struct bench_list *list;
	unsigned long max;
	const char *option;
};

static int add_number(const char *item, void *ctx)
{
	struct number_list_ctx *c = ctx;
	unsigned long val;
	int err;

	err = parse_uint(item, 1, c->max, c->option, &val);
	if (err)
		return err;
	if (c->list->nr == BENCH_MAX_LIST) {
		fprintf(stderr, "ucapi-bench: too many values for %s (max %d)\n",
			c->option, BENCH_MAX_LIST);
		return -EINVAL;
	}
	c->list->val[c->list->nr++] = (unsigned int)val;
	return 0;
}

static int parse_number_list(const char *arg, unsigned long max,
			     const char *option, struct bench_list *list)
{
	struct number_list_ctx ctx = {
		.list = list, .max = max, .option = option,
	};

	list->nr = 0;
	return for_each_item(arg, option, add_number, &ctx);
}

static int add_case(const char *item, void *ctx)
{
	struct bench_config *cfg = ctx;
	const struct bench_case *found[16];
	unsigned int i, j, n;

	n = bench_match_cases(item, found, 16);
	if (!n) {
		fprintf(stderr,
			"ucapi-bench: unknown case '%s' (ucapi-bench --list prints them)\n",
			item);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < cfg->nr_cases; j++)
			if (cfg->cases[j] == found[i])
				break;
		if (j == cfg->nr_cases)
			cfg->cases[cfg->nr_cases++] = found[i];
	}
	return 0;
}

static int add_backend(const char *item, void *ctx)
{
	struct bench_config *cfg = ctx;
	enum ucapi_backend backend;
	unsigned int i;

	if (bench_parse_backend(item, &backend)) {
		fprintf(stderr,
			"ucapi-bench: unknown backend '%s' (expected syscall, af_alg or openssl)\n",
			item);
		return -EINVAL;
	}
	for (i = 0; i < cfg->nr_backends; i++)
		if (cfg->backends[i] == backend)
			return 0;
	cfg->backends[cfg->nr_backends++] = backend;
	return 0;
}

static int add_op(const char *item, void *ctx)
{
	struct bench_config *cfg = ctx;
	enum bench_op op;

	if (bench_parse_op(item, &op)) {
		fprintf(stderr,
			"ucapi-bench: unknown operation '%s' (expected encrypt, decrypt or digest)\n",
			item);
		return -EINVAL;
	}
	cfg->run_op[op] = true;
	return 0;
}

static void copy_list(struct bench_list *list, const unsigned int *val,
		      unsigned int nr)
{
	memcpy(list->val, val, nr * sizeof(*val));
	list->nr = nr;
}

/* 1, then powers of two below the online CPU count, then that count. */
static void default_threads(struct bench_list *list)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int n;

	if (cpus < 1)
		cpus = 1;
	if (cpus > BENCH_MAX_THREADS)
		cpus = BENCH_MAX_THREADS;
	list->nr = 0;
	for (n = 1; n < (unsigned long)cpus && list->nr < BENCH_MAX_LIST - 1;
	     n *= 2)
		list->val[list->nr++] = n;
	list->val[list->nr++] = (unsigned int)cpus;
}

static int apply_matrix(const struct raw_options *raw,
			struct bench_config *cfg)
{
	unsigned int i;
	int err = 0;

	if (raw->algs)
		err = for_each_item(raw->algs, "--alg", add_case, cfg);
	else
		for (i = 0; i < bench_nr_cases(); i++)
			if (!bench_case_at(i)->opt_in)
				cfg->cases[cfg->nr_cases++] = bench_case_at(i);
	if (!err && raw->backends)
		err = for_each_item(raw->backends, "--backend", add_backend,
				    cfg);
	if (!err && raw->ops)
		err = for_each_item(raw->ops, "--op", add_op, cfg);
	if (err)
		return err;
	if (!raw->backends) {
		add_backend("syscall", cfg);
		add_backend("af_alg", cfg);
		add_backend("openssl", cfg);
	}
	if (!raw->ops)
		for (i = 0; i < BENCH_NR_OPS; i++)
			cfg->run_op[i] = true;

	if (raw->sizes)
		err = parse_number_list(raw->sizes, BENCH_MAX_SIZE, "--size",
					&cfg->sizes);
	else if (cfg->quick)
		copy_list(&cfg->sizes, quick_sizes, 2);
	else
		copy_list(&cfg->sizes, full_sizes, 6);
	if (!err && raw->batches)
		err = parse_number_list(raw->batches, BENCH_MAX_BATCH,
					"--batch", &cfg->batches);
	else if (cfg->quick)
		copy_list(&cfg->batches, quick_batches, 2);
	else
		copy_list(&cfg->batches, full_batches, 4);
	if (!err && raw->threads)
		err = parse_number_list(raw->threads, BENCH_MAX_THREADS,
					"--threads", &cfg->threads);
	else if (cfg->quick)
		copy_list(&cfg->threads, (const unsigned int[]){ 1 }, 1);
	else
		default_threads(&cfg->threads);
	return err;
}

static int apply_timing(const struct raw_options *raw,
			struct bench_config *cfg)
{
	unsigned long val;
	int err = 0;

	cfg->duration = cfg->quick ? QUICK_DURATION : FULL_DURATION;
	cfg->warmup = cfg->quick ? QUICK_WARMUP : FULL_WARMUP;
	cfg->trials = cfg->quick ? QUICK_TRIALS : FULL_TRIALS;

	if (raw->duration)
		err = parse_seconds(raw->duration, 0.001, "--duration",
				    &cfg->duration);
	if (!err && raw->warmup)
		err = parse_seconds(raw->warmup, 0, "--warmup", &cfg->warmup);
	if (!err && raw->op_count) {
		err = parse_uint(raw->op_count, 1, 1UL << 40, "--ops", &val);
		cfg->op_count = val;
	}
	if (!err && raw->trials) {
		err = parse_uint(raw->trials, 1, BENCH_MAX_TRIALS, "--trials",
				 &val);
		cfg->trials = (unsigned int)val;
	}
	return err;
}

static bool list_has(const struct bench_list *list, unsigned int val)
{
	unsigned int i;

	for (i = 0; i < list->nr; i++)
		if (list->val[i] == val)
			return true;
	return false;
}

static bool has_suffix(const char *text, const char *suffix)
{
	size_t n = strlen(text), m = strlen(suffix);

	return n > m && !strcmp(text + n - m, suffix);
}

static int pick_plot_case(const struct raw_options *raw,
			  struct bench_config *cfg)
{
	const struct bench_case *found[16];
	unsigned int n, i;

	if (!raw->plot_alg) {
		cfg->plot_case = cfg->cases[0];
		return 0;
	}
	n = bench_match_cases(raw->plot_alg, found, 16);
	for (i = 0; i < cfg->nr_cases; i++) {
		if (n && cfg->cases[i] == found[0]) {
			cfg->plot_case = found[0];
			return 0;
		}
	}
	fprintf(stderr, "ucapi-bench: --plot-alg '%s' is not a case of this run\n",
		raw->plot_alg);
	return -EINVAL;
}

/* The chart shows one case, operation, batch and thread count. */
static int apply_plot(const struct raw_options *raw, struct bench_config *cfg)
{
	unsigned long val;
	int err;

	if (!has_suffix(cfg->plot_path, ".png") &&
	    !has_suffix(cfg->plot_path, ".svg")) {
		fprintf(stderr, "ucapi-bench: invalid --plot '%s': the name must end in .png or .svg\n",
			cfg->plot_path);
		return -EINVAL;
	}
	err = pick_plot_case(raw, cfg);
	if (err)
		return err;

	cfg->plot_op = cfg->plot_case->type == UCAPI_HASH ? BENCH_DIGEST :
							    BENCH_ENCRYPT;
	if (raw->plot_op && bench_parse_op(raw->plot_op, &cfg->plot_op)) {
		fprintf(stderr, "ucapi-bench: unknown --plot-op '%s'\n",
			raw->plot_op);
		return -EINVAL;
	}
	if (!bench_case_has_op(cfg->plot_case, cfg->plot_op) ||
	    !cfg->run_op[cfg->plot_op]) {
		fprintf(stderr, "ucapi-bench: this run has no %s of %s to plot\n",
			bench_op_name(cfg->plot_op), cfg->plot_case->id);
		return -EINVAL;
	}

	cfg->plot_batch = list_has(&cfg->batches, 32) ? 32 :
							cfg->batches.val[0];
	if (raw->plot_batch) {
		err = parse_uint(raw->plot_batch, 1, BENCH_MAX_BATCH,
				 "--plot-batch", &val);
		if (err)
			return err;
		cfg->plot_batch = (unsigned int)val;
	}
	cfg->plot_threads = cfg->threads.val[0];
	if (raw->plot_threads) {
		err = parse_uint(raw->plot_threads, 1, BENCH_MAX_THREADS,
				 "--plot-threads", &val);
		if (err)
			return err;
		cfg->plot_threads = (unsigned int)val;
	}
	if (!list_has(&cfg->batches, cfg->plot_batch) ||
	    !list_has(&cfg->threads, cfg->plot_threads)) {
		fprintf(stderr,
			"ucapi-bench: the plot's batch %u and threads %u must be in --batch and --threads\n",
			cfg->plot_batch, cfg->plot_threads);
		return -EINVAL;
	}
	return 0;
}

/* Every batch must fit the per-call byte limit of the kernel ABI. */
static int check_batch_bytes(const struct bench_config *cfg)
{
	unsigned int i, j;
	uint64_t bytes;

	for (i = 0; i < cfg->sizes.nr; i++) {
		for (j = 0; j < cfg->batches.nr; j++) {
			bytes = (uint64_t)cfg->batches.val[j] *
				(cfg->sizes.val[i] + OP_OVERHEAD);
			if (bytes <= MAX_BATCH_BYTES)
				continue;
			fprintf(stderr,
				"ucapi-bench: batch %u of %u-byte payloads exceeds the %u-byte limit of one call\n",
				cfg->batches.val[j], cfg->sizes.val[i],
				MAX_BATCH_BYTES);
			return -EINVAL;
		}
	}
	return 0;
}

static bool any_op_runs(const struct bench_config *cfg)
{
	unsigned int i, op;

	for (i = 0; i < cfg->nr_cases; i++)
		for (op = 0; op < BENCH_NR_OPS; op++)
			if (cfg->run_op[op] &&
			    bench_case_has_op(cfg->cases[i], op))
				return true;
	return false;
}

static int read_matrix_option(int opt, struct raw_options *raw)
{
	switch (opt) {
	case 'a':
		raw->algs = optarg;
		break;
	case 's':
		raw->sizes = optarg;
		break;
	case 'b':
		raw->batches = optarg;
		break;
	case 't':
		raw->threads = optarg;
		break;
	case 'B':
		raw->backends = optarg;
		break;
	case 'o':
		raw->ops = optarg;
		break;
	case 'd':
		raw->duration = optarg;
		break;
	case 'n':
		raw->op_count = optarg;
		break;
	case 'w':
		raw->warmup = optarg;
		break;
	case 'T':
		raw->trials = optarg;
		break;
	default:
		return -ENOENT;
	}
	return 0;
}

static int read_output_option(int opt, struct raw_options *raw,
			      struct bench_config *cfg)
{
	switch (opt) {
	case OPT_CSV:
		cfg->csv_path = optarg ? optarg : "-";
		break;
	case OPT_JSON:
		cfg->json_path = optarg ? optarg : "-";
		break;
	case OPT_PLOT:
		cfg->plot_path = optarg;
		break;
	case OPT_PLOT_ALG:
		raw->plot_alg = optarg;
		break;
	case OPT_PLOT_OP:
		raw->plot_op = optarg;
		break;
	case OPT_PLOT_BATCH:
		raw->plot_batch = optarg;
		break;
	case OPT_PLOT_THREADS:
		raw->plot_threads = optarg;
		break;
	default:
		return -ENOENT;
	}
	return 0;
}

static int read_option(int opt, struct raw_options *raw,
		       struct bench_config *cfg)
{
	if (!read_matrix_option(opt, raw) ||
	    !read_output_option(opt, raw, cfg))
		return 0;

	switch (opt) {
	case 'q':
		cfg->quick = true;
		return 0;
	case OPT_QUIET:
		cfg->quiet = true;
		return 0;
	case OPT_LIST:
		raw->list = true;
		return 0;
	case 'h':
		usage(stdout);
		exit(0);
	default:
		usage(stderr);
		return -EINVAL;
	}
}

static int check_outputs(struct bench_config *cfg)
{
	bool csv_out = cfg->csv_path && !strcmp(cfg->csv_path, "-");
	bool json_out = cfg->json_path && !strcmp(cfg->json_path, "-");

	if (csv_out && json_out) {
		fprintf(stderr,
			"ucapi-bench: --csv and --json cannot both write to stdout; give one a file (--csv=FILE)\n");
		return -EINVAL;
	}
	cfg->table = !csv_out && !json_out;
	return 0;
}

/*
 * Fill cfg from the command line.  Returns 0, 1 when the program should
 * exit with success (--list), or -EINVAL after printing the problem.
 */
int bench_parse_options(int argc, char **argv, struct bench_config *cfg)
{
	struct raw_options raw = { 0 };
	int opt, err;

	memset(cfg, 0, sizeof(*cfg));
	cfg->argc = argc;
	cfg->argv = argv;
	while ((opt = getopt_long(argc, argv, "a:s:b:t:B:o:d:n:w:T:qh",
				  long_options, NULL)) != -1) {
		err = read_option(opt, &raw, cfg);
		if (err)
			return err;
	}
	if (optind < argc) {
		fprintf(stderr, "ucapi-bench: unexpected argument '%s'\n",
			argv[optind]);
		return -EINVAL;
	}
	if (raw.list) {
		list_cases();
		return 1;
	}

	err = apply_matrix(&raw, cfg);
	if (!err)
		err = apply_timing(&raw, cfg);
	if (!err)
		err = check_batch_bytes(cfg);
	if (err)
		return err;
	if (!any_op_runs(cfg)) {
		fprintf(stderr,
			"ucapi-bench: no selected case has a selected operation (hashes digest, AEADs encrypt and decrypt)\n");
		return -EINVAL;
	}
	if (cfg->plot_path) {
		err = apply_plot(&raw, cfg);
		if (err)
			return err;
	}
	return check_outputs(cfg);
}
