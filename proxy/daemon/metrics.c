// SPDX-License-Identifier: GPL-2.0-only
/*
 * Prometheus text exposition format 0.0.4: for each metric family a
 * "# HELP" and a "# TYPE" line, then its samples, one a line, as
 * name{label="value",...} value.
 */
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "log.h"
#include "packet.h"

#define PREFIX	"ipsec_proxy_"

/* Check a name part supplied by the daemon; an invalid one is logged. */
static bool valid_name(const char *name)
{
	const char *s = name;

	if (!*s || isdigit((unsigned char)*s))
		goto invalid;
	for (; *s; s++) {
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '_')
			goto invalid;
	}
	return true;
invalid:
	log_limited(LOG_LEVEL_WARN, log_key("metric-name", 0),
		    "metrics: invalid metric name '%s' left out (expected [a-z_][a-z0-9_]*)",
		    name);
	return false;
}

/* HELP text escapes backslash and newline. */
static void put_help(struct outbuf *out, const char *name, const char *help,
		     const char *type)
{
	outbuf_printf(out, "# HELP %s ", name);
	for (; help && *help; help++) {
		if (*help == '\\')
			outbuf_append(out, "\\\\", 2);
		else if (*help == '\n')
			outbuf_append(out, "\\n", 2);
		else
			outbuf_append(out, help, 1);
	}
	outbuf_printf(out, "\n# TYPE %s %s\n", name, type);
}

/* Label values escape backslash, double quote and newline. */
static void put_label(struct outbuf *out, bool first, const char *name,
		      const char *value)
{
	outbuf_printf(out, "%s%s=\"", first ? "" : ",", name);
	for (; *value; value++) {
		if (*value == '\\')
			outbuf_append(out, "\\\\", 2);
		else if (*value == '"')
			outbuf_append(out, "\\\"", 2);
		else if (*value == '\n')
			outbuf_append(out, "\\n", 2);
		else
			outbuf_append(out, value, 1);
	}
	outbuf_append(out, "\"", 1);
}

static void put_sa_labels(struct outbuf *out, const struct control_sa *sa)
{
	char spi[16], dst[64];

	snprintf(spi, sizeof(spi), "0x%08x", sa->spi);
	packet_addr_str(sa->family, sa->dst, dst, sizeof(dst));
	put_label(out, true, "spi", spi);
	put_label(out, false, "protocol", sa->protocol == IPPROTO_AH ? "ah" : "esp");
	put_label(out, false, "dst", dst);
}

static int sa_packets(void *arg, const struct control_sa *sa)
{
	struct outbuf *out = arg;
	size_t i;

	for (i = 0; i < sa->n_packets; i++) {
		outbuf_printf(out, PREFIX "packets_total{");
		put_sa_labels(out, sa);
		put_label(out, false, "result", sa->packets[i].name);
		outbuf_printf(out, "} %llu\n",
			      (unsigned long long)sa->packets[i].value);
	}
	return outbuf_error(out);
}

static int sa_bytes(void *arg, const struct control_sa *sa)
{
	struct outbuf *out = arg;

	outbuf_printf(out, PREFIX "sa_bytes_total{");
	put_sa_labels(out, sa);
	outbuf_printf(out, "} %llu\n", (unsigned long long)sa->bytes);
	return outbuf_error(out);
}

static int sa_count(void *arg, const struct control_sa *sa)
{
	(void)sa;
	(*(uint64_t *)arg)++;
	return 0;
}

static int put_sas(const struct control_ops *ops, void *ctx,
		   struct outbuf *out)
{
	uint64_t n = 0;
	int ret;

	ret = ops->walk_sas(ctx, sa_count, &n);
	if (ret)
		return ret;
	put_help(out, PREFIX "sas", "Security associations known to the daemon.",
		 "gauge");
	outbuf_printf(out, PREFIX "sas %llu\n", (unsigned long long)n);
	put_help(out, PREFIX "packets_total",
		 "Packets per SA by processing result.", "counter");
	ret = ops->walk_sas(ctx, sa_packets, out);
	if (ret)
		return ret;
	put_help(out, PREFIX "sa_bytes_total",
		 "Bytes of the inner packets each SA decapsulated or encapsulated.",
		 "counter");
	return ops->walk_sas(ctx, sa_bytes, out);
}

struct worker_sample {
	unsigned int worker;
	char *name;
	char *help;
	uint64_t value;
	size_t family;		/* order of the name's first appearance */
};

struct worker_table {
	struct worker_sample *v;
	size_t n;
	size_t cap;
	size_t families;
};

static int worker_collect(void *arg, const struct control_worker *w)
{
	struct worker_table *t = arg;
	size_t i, j;

	for (i = 0; i < w->n_counters; i++) {
		const struct control_counter *c = &w->counters[i];
		struct worker_sample *s;

		if (!valid_name(c->name))
			continue;
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 64;

			s = realloc(t->v, cap * sizeof(*s));
			if (!s)
				return -ENOMEM;
			t->v = s;
			t->cap = cap;
		}
		s = &t->v[t->n];
		s->worker = w->id;
		s->value = c->value;
		s->family = t->families;
		for (j = 0; j < t->n; j++) {
			if (!strcmp(t->v[j].name, c->name)) {
				s->family = t->v[j].family;
				break;
			}
		}
		s->name = strdup(c->name);
		s->help = strdup(c->help ? c->help : "");
		if (!s->name || !s->help) {
			free(s->name);
			free(s->help);
			return -ENOMEM;
		}
		if (s->family == t->families)
			t->families++;
		t->n++;
	}
	return 0;
}

static int compare_samples(const void *a, const void *b)
{
	const struct worker_sample *x = a, *y = b;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return x->worker < y->worker ? -1 : x->worker > y->worker;
}

static int put_workers(const struct control_ops *ops, void *ctx,
		       struct outbuf *out)
{
	struct worker_table t = { 0 };
	char name[256], worker[16];
	size_t i;
	int ret;

	ret = ops->walk_workers(ctx, worker_collect, &t);
	if (!ret)
		qsort(t.v, t.n, sizeof(*t.v), compare_samples);
	for (i = 0; !ret && i < t.n; i++) {
		snprintf(name, sizeof(name), PREFIX "worker_%s_total",
			 t.v[i].name);
		if (i == 0 || t.v[i].family != t.v[i - 1].family)
			put_help(out, name, t.v[i].help, "counter");
		snprintf(worker, sizeof(worker), "%u", t.v[i].worker);
		outbuf_printf(out, "%s{", name);
		put_label(out, true, "worker", worker);
		outbuf_printf(out, "} %llu\n", (unsigned long long)t.v[i].value);
	}
	for (i = 0; i < t.n; i++) {
		free(t.v[i].name);
		free(t.v[i].help);
	}
	free(t.v);
	return ret;
}

static int drop_sample(void *arg, const struct control_counter *c)
{
	struct outbuf *out = arg;

	outbuf_printf(out, PREFIX "drops_total{");
	put_label(out, true, "reason", c->name);
	outbuf_printf(out, "} %llu\n", (unsigned long long)c->value);
	return outbuf_error(out);
}

struct metric_state {
	struct outbuf *out;
	char last[128];
};

static int metric_sample(void *arg, const struct control_metric *m)
{
	struct metric_state *st = arg;
	char name[160];

	if (strlen(m->name) >= sizeof(st->last)) {
		log_limited(LOG_LEVEL_WARN, log_key("metric-long", 0),
			    "metrics: metric name longer than %zu bytes left out",
			    sizeof(st->last) - 1);
		return 0;
	}
	if (!valid_name(m->name))
		return 0;
	snprintf(name, sizeof(name), PREFIX "%s", m->name);
	if (strcmp(st->last, m->name)) {
		put_help(st->out, name, m->help,
			 m->type == CONTROL_METRIC_GAUGE ? "gauge" : "counter");
		snprintf(st->last, sizeof(st->last), "%s", m->name);
	}
	outbuf_printf(st->out, "%s", name);
	if (m->label && valid_name(m->label)) {
		outbuf_printf(st->out, "{");
		put_label(st->out, true, m->label,
			  m->label_value ? m->label_value : "");
		outbuf_printf(st->out, "}");
	}
	outbuf_printf(st->out, " %llu\n", (unsigned long long)m->value);
	return outbuf_error(st->out);
}

int metrics_format(const struct control_ops *ops, void *ctx,
		   struct outbuf *out)
{
	struct metric_state st = { .out = out };
	int ret = 0;

	if (ops->walk_sas)
		ret = put_sas(ops, ctx, out);
	if (!ret && ops->walk_workers)
		ret = put_workers(ops, ctx, out);
	if (!ret && ops->walk_drops) {
		put_help(out, PREFIX "drops_total",
			 "Packets dropped, by reason.", "counter");
		ret = ops->walk_drops(ctx, drop_sample, out);
	}
	if (!ret && ops->walk_metrics)
		ret = ops->walk_metrics(ctx, metric_sample, &st);
	return ret ? ret : outbuf_error(out);
}
