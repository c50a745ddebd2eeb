// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CSV output (RFC 4180): one row per backend and point, then one row per
 * backend that did not run a case, with the reason in the error column.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

static const char header[] =
	"case,alg,key,op,size,payload_len,batch,threads,backend,status,"
	"trials,ops,syscalls,ops_per_sec_median,ops_per_sec_min,"
	"ops_per_sec_max,ops_per_sec_q1,ops_per_sec_q3,mb_per_sec_median,"
	"mb_per_sec_min,mb_per_sec_max,user_cpu_percent,sys_cpu_percent,"
	"user_us_per_op,sys_us_per_op,syscalls_per_op,error\n";

/* Print a field, quoted when it contains a comma, quote or line break. */
static void put_field(FILE *out, const char *text)
{
	const char *p;

	if (!strpbrk(text, ",\"\r\n")) {
		fputs(text, out);
		return;
	}
	fputc('"', out);
	for (p = text; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

static void put_case(FILE *out, const struct bench_case *bcase)
{
	put_field(out, bcase->id);
	fputc(',', out);
	put_field(out, bcase->alg);
	fputc(',', out);
	put_field(out, bcase->key_desc);
	fputc(',', out);
}

static void put_result(FILE *out, const struct bench_result *r)
{
	const struct bench_summary *s = &r->sum;

	put_case(out, r->bcase);
	fprintf(out, "%s,%u,%u,%u,%u,%s,%s,%u,%llu,%llu,",
		bench_op_name(r->op), r->size, r->payload_len, r->batch,
		r->threads, ucapi_backend_name(r->backend),
		r->error ? "failed" : "ok", r->nr_samples,
		(unsigned long long)s->ops, (unsigned long long)s->syscalls);
	fprintf(out, "%.1f,%.1f,%.1f,%.1f,%.1f,%.3f,%.3f,%.3f,",
		s->ops_per_sec.median, s->ops_per_sec.min, s->ops_per_sec.max,
		s->ops_per_sec.q1, s->ops_per_sec.q3, s->mb_per_sec.median,
		s->mb_per_sec.min, s->mb_per_sec.max);
	fprintf(out, "%.2f,%.2f,%.4f,%.4f,%.6f,", s->user_percent,
		s->sys_percent, s->user_us_per_op, s->sys_us_per_op,
		s->syscalls_per_op);
	put_field(out, r->error ? ucapi_strerror(r->error) : "");
	fputc('\n', out);
}

static void put_avail(FILE *out, const struct bench_avail *a)
{
	put_case(out, a->bcase);
	fprintf(out, ",,,,,%s,%s,0,0,0,,,,,,,,,,,,,,",
		ucapi_backend_name(a->backend),
		a->failed ? "failed" : "unavailable");
	put_field(out, a->reason);
	fputc('\n', out);
}

int bench_write_csv(FILE *out, const struct bench_run *run)
{
	size_t i;

	fputs(header, out);
	for (i = 0; i < run->nr_results; i++)
		put_result(out, &run->results[i]);
	for (i = 0; i < run->nr_avail; i++)
		if (!run->avail[i].available || run->avail[i].failed)
			put_avail(out, &run->avail[i]);
	return ferror(out) ? -EIO : 0;
}
