// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * JSON output: the command, machine and settings of the run, which backend
 * ran which case, every result with its trials, and the targets.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "bench.h"

static void put_string(FILE *out, const char *text)
{
	const unsigned char *p;

	if (!text) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (p = (const unsigned char *)text; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* JSON has no NaN or infinity: such a value is written as null. */
static void put_number(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.10g", v);
	else
		fputs("null", out);
}

static void put_key(FILE *out, const char *key)
{
	put_string(out, key);
	fputs(": ", out);
}

static void put_list(FILE *out, const char *key, const struct bench_list *l)
{
	unsigned int i;

	put_key(out, key);
	fputc('[', out);
	for (i = 0; i < l->nr; i++)
		fprintf(out, "%s%u", i ? ", " : "", l->val[i]);
	fputc(']', out);
}

static void put_date(FILE *out, double when)
{
	time_t t = (time_t)when;
	char buf[32];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	put_string(out, buf);
}

static void put_header(FILE *out, const struct bench_run *run)
{
	const struct bench_config *cfg = run->cfg;
	struct bench_sysinfo sys;
	int i;

	bench_read_sysinfo(&sys);
	fputs("{\n  \"tool\": \"ucapi-bench\",\n  ", out);
	put_key(out, "libucapi_version");
	put_string(out, ucapi_version());
	fputs(",\n  ", out);
	put_key(out, "date");
	put_date(out, run->started);
	fputs(",\n  \"command\": [", out);
	for (i = 0; i < cfg->argc; i++) {
		fputs(i ? ", " : "", out);
		put_string(out, cfg->argv[i]);
	}
	fputs("],\n  \"machine\": {", out);
	put_key(out, "cpu_model");
	put_string(out, sys.cpu_model);
	fprintf(out, ", \"cpus\": %ld, ", sys.nproc);
	put_key(out, "kernel");
	put_string(out, sys.kernel);
	fputs(", ", out);
	put_key(out, "arch");
	put_string(out, sys.machine);
	fprintf(out, ", \"virtual_machine\": %s},\n",
		sys.hypervisor ? "true" : "false");
}

static void put_settings(FILE *out, const struct bench_config *cfg)
{
	unsigned int i;
	bool first;

	fputs("  \"settings\": {\"duration_s\": ", out);
	put_number(out, cfg->op_count ? 0 : cfg->duration);
	fprintf(out, ", \"ops_per_thread\": %llu, \"warmup_s\": ",
		(unsigned long long)cfg->op_count);
	put_number(out, cfg->warmup);
	fprintf(out, ", \"trials\": %u, \"quick\": %s,\n    \"cases\": [",
		cfg->trials, cfg->quick ? "true" : "false");
	for (i = 0; i < cfg->nr_cases; i++) {
		fputs(i ? ", " : "", out);
		put_string(out, cfg->cases[i]->id);
	}
	fputs("], \"ops\": [", out);
	for (i = 0, first = true; i < BENCH_NR_OPS; i++) {
		if (!cfg->run_op[i])
			continue;
		fputs(first ? "" : ", ", out);
		put_string(out, bench_op_name(i));
		first = false;
	}
	fputs("],\n    ", out);
	put_list(out, "sizes", &cfg->sizes);
	fputs(", ", out);
	put_list(out, "batches", &cfg->batches);
	fputs(", ", out);
	put_list(out, "threads", &cfg->threads);
	fputs(", \"backends\": [", out);
	for (i = 0; i < cfg->nr_backends; i++) {
		fputs(i ? ", " : "", out);
		put_string(out, ucapi_backend_name(cfg->backends[i]));
	}
	fputs("]},\n", out);
}

static void put_avail(FILE *out, const struct bench_avail *a)
{
	fputs("    {\"case\": ", out);
	put_string(out, a->bcase->id);
	fputs(", \"alg\": ", out);
	put_string(out, a->bcase->alg);
	fputs(", \"backend\": ", out);
	put_string(out, ucapi_backend_name(a->backend));
	fprintf(out, ", \"available\": %s, \"failed\": %s, ",
		a->available ? "true" : "false", a->failed ? "true" : "false");
	put_key(out, "verified_against");
	put_string(out, a->available ? a->verified_against : NULL);
	fputs(", \"reason\": ", out);
	put_string(out, a->available && !a->failed ? NULL : a->reason);
	fputc('}', out);
}

static void put_stats(FILE *out, const char *key, const struct bench_stats *s)
{
	put_key(out, key);
	fputs("{\"median\": ", out);
	put_number(out, s->median);
	fputs(", \"min\": ", out);
	put_number(out, s->min);
	fputs(", \"max\": ", out);
	put_number(out, s->max);
	fputs(", \"q1\": ", out);
	put_number(out, s->q1);
	fputs(", \"q3\": ", out);
	put_number(out, s->q3);
	fputc('}', out);
}

static void put_samples(FILE *out, const struct bench_result *r)
{
	unsigned int i;

	fputs("\"samples\": [", out);
	for (i = 0; i < r->nr_samples; i++) {
		const struct bench_sample *s = &r->samples[i];

		fprintf(out, "%s{\"ops\": %llu, \"syscalls\": %llu, \"wall_s\": ",
			i ? ", " : "", (unsigned long long)s->ops,
			(unsigned long long)s->syscalls);
		put_number(out, s->wall);
		fputs(", \"user_s\": ", out);
		put_number(out, s->user);
		fputs(", \"sys_s\": ", out);
		put_number(out, s->sys);
		fputc('}', out);
	}
	fputc(']', out);
}

static void put_result(FILE *out, const struct bench_result *r)
{
	const struct bench_summary *s = &r->sum;

	fputs("    {\"case\": ", out);
	put_string(out, r->bcase->id);
	fputs(", \"alg\": ", out);
	put_string(out, r->bcase->alg);
	fputs(", \"key\": ", out);
	put_string(out, r->bcase->key_desc);
	fprintf(out, ", \"op\": \"%s\", \"size\": %u, \"payload_len\": %u, \"batch\": %u, \"threads\": %u, \"backend\": \"%s\",\n",
		bench_op_name(r->op), r->size, r->payload_len, r->batch,
		r->threads, ucapi_backend_name(r->backend));
	fprintf(out, "     \"status\": \"%s\", \"error\": ",
		r->error ? "failed" : "ok");
	put_string(out, r->error ? ucapi_strerror(r->error) : NULL);
	fprintf(out, ", \"trials\": %u, \"ops\": %llu, \"syscalls\": %llu, \"syscalls_per_op\": ",
		r->nr_samples, (unsigned long long)s->ops,
		(unsigned long long)s->syscalls);
	put_number(out, s->syscalls_per_op);
	fputs(",\n     ", out);
	put_stats(out, "ops_per_sec", &s->ops_per_sec);
	fputs(",\n     ", out);
	put_stats(out, "mb_per_sec", &s->mb_per_sec);
	fputs(",\n     \"cpu\": {\"user_percent\": ", out);
	put_number(out, s->user_percent);
	fputs(", \"sys_percent\": ", out);
	put_number(out, s->sys_percent);
	fputs(", \"user_us_per_op\": ", out);
	put_number(out, s->user_us_per_op);
	fputs(", \"sys_us_per_op\": ", out);
	put_number(out, s->sys_us_per_op);
	fputs("},\n     ", out);
	put_samples(out, r);
	fputc('}', out);
}

static void put_targets(FILE *out, const struct bench_run *run)
{
	struct bench_target targets[BENCH_NR_TARGETS];
	unsigned int i;

	bench_eval_targets(run, targets);
	fputs("  \"targets\": [\n", out);
	for (i = 0; i < BENCH_NR_TARGETS; i++) {
		const struct bench_target *t = &targets[i];
		bool measured = t->verdict != BENCH_NOT_MEASURED;

		fputs("    {\"name\": ", out);
		put_string(out, t->name);
		fputs(", \"goal\": ", out);
		put_string(out, t->goal);
		fputs(", \"verdict\": ", out);
		put_string(out, bench_verdict_name(t->verdict));
		fputs(", \"limit\": ", out);
		put_number(out, t->limit);
		fputs(", \"worst\": ", out);
		if (measured)
			put_number(out, t->worst);
		else
			fputs("null", out);
		fprintf(out, ", \"points\": %u, \"where\": ", t->checked);
		put_string(out, measured ? t->where : NULL);
		fprintf(out, "}%s\n", i + 1 < BENCH_NR_TARGETS ? "," : "");
	}
	fputs("  ],\n", out);
}

int bench_write_json(FILE *out, const struct bench_run *run)
{
	size_t i;

	put_header(out, run);
	put_settings(out, run->cfg);
	fputs("  \"elapsed_s\": ", out);
	put_number(out, run->elapsed);
	fputs(",\n  \"backends\": [\n", out);
	for (i = 0; i < run->nr_avail; i++) {
		put_avail(out, &run->avail[i]);
		fputs(i + 1 < run->nr_avail ? ",\n" : "\n", out);
	}
	fputs("  ],\n  \"results\": [\n", out);
	for (i = 0; i < run->nr_results; i++) {
		put_result(out, &run->results[i]);
		fputs(i + 1 < run->nr_results ? ",\n" : "\n", out);
	}
	fputs("  ],\n", out);
	put_targets(out, run);
	fprintf(out, "  \"failures\": %u\n}\n", run->failures);
	return ferror(out) ? -EIO : 0;
}
