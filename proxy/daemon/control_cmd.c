// SPDX-License-Identifier: GPL-2.0-only
/* The commands of the control protocol and the framing of responses. */
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "control.h"
#include "packet.h"

#define WORDS_MAX	4

static const char help_text[] =
	"help            this list\n"
	"stats           counters per SA, per worker, drops by reason\n"
	"sa list         the SAs and their parameters (no keys)\n"
	"sa reload       read the SAs again from their source\n"
	"rules reload    load the rule file again\n"
	"metrics         Prometheus text exposition format 0.0.4\n"
	"quit            close the connection\n";

/* Append a value with whitespace and control characters as '?'. */
static void put_word(struct outbuf *out, const char *s)
{
	for (; *s; s++) {
		char c = *s;

		if (isspace((unsigned char)c) || iscntrl((unsigned char)c))
			c = '?';
		outbuf_append(out, &c, 1);
	}
}

static const char *ipsec_proto_name(uint8_t proto)
{
	return proto == IPPROTO_AH ? "ah" : "esp";
}

static void put_sa_id(struct outbuf *out, const struct control_sa *sa)
{
	char src[64], dst[64];

	outbuf_printf(out, "spi=0x%08x protocol=%s src=%s dst=%s", sa->spi,
		      ipsec_proto_name(sa->protocol),
		      packet_addr_str(sa->family, sa->src, src, sizeof(src)),
		      packet_addr_str(sa->family, sa->dst, dst, sizeof(dst)));
}

static void put_alg(struct outbuf *out, const char *key, const char *name)
{
	if (!name)
		return;
	outbuf_printf(out, " %s=", key);
	put_word(out, name);
}

static int list_sa(void *arg, const struct control_sa *sa)
{
	struct outbuf *out = arg;

	put_sa_id(out, sa);
	outbuf_printf(out, " mode=");
	put_word(out, sa->mode ? sa->mode : "unknown");
	put_alg(out, "aead", sa->aead_alg);
	put_alg(out, "enc", sa->enc_alg);
	put_alg(out, "auth", sa->auth_alg);
	outbuf_printf(out, " icv_bits=%u esn=%s replay_window=%u", sa->icv_bits,
		      sa->esn ? "yes" : "no", sa->replay_window);
	if (sa->encap_sport || sa->encap_dport)
		outbuf_printf(out, " encap=udp:%u:%u\n", sa->encap_sport,
			      sa->encap_dport);
	else
		outbuf_printf(out, " encap=none\n");
	return outbuf_error(out);
}

static void put_counters(struct outbuf *out, const struct control_counter *c,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		outbuf_printf(out, " ");
		put_word(out, c[i].name);
		outbuf_printf(out, "=%llu", (unsigned long long)c[i].value);
	}
}

static int stats_sa(void *arg, const struct control_sa *sa)
{
	struct outbuf *out = arg;

	outbuf_printf(out, "sa ");
	put_sa_id(out, sa);
	outbuf_printf(out, " bytes=%llu", (unsigned long long)sa->bytes);
	put_counters(out, sa->packets, sa->n_packets);
	outbuf_printf(out, "\n");
	return outbuf_error(out);
}

static int stats_worker(void *arg, const struct control_worker *w)
{
	struct outbuf *out = arg;

	outbuf_printf(out, "worker id=%u", w->id);
	put_counters(out, w->counters, w->n_counters);
	outbuf_printf(out, "\n");
	return outbuf_error(out);
}

static int stats_drop(void *arg, const struct control_counter *c)
{
	struct outbuf *out = arg;

	outbuf_printf(out, "drop reason=");
	put_word(out, c->name);
	outbuf_printf(out, " packets=%llu\n", (unsigned long long)c->value);
	return outbuf_error(out);
}

static int stats_metric(void *arg, const struct control_metric *m)
{
	struct outbuf *out = arg;

	outbuf_printf(out, "metric name=");
	put_word(out, m->name);
	if (m->label) {
		outbuf_printf(out, " ");
		put_word(out, m->label);
		outbuf_printf(out, "=");
		put_word(out, m->label_value ? m->label_value : "");
	}
	outbuf_printf(out, " value=%llu\n", (unsigned long long)m->value);
	return outbuf_error(out);
}

static int cmd_stats(const struct control_ops *ops, void *ctx,
		     struct outbuf *body)
{
	int ret = 0;

	if (ops->walk_sas)
		ret = ops->walk_sas(ctx, stats_sa, body);
	if (!ret && ops->walk_workers)
		ret = ops->walk_workers(ctx, stats_worker, body);
	if (!ret && ops->walk_drops)
		ret = ops->walk_drops(ctx, stats_drop, body);
	if (!ret && ops->walk_metrics)
		ret = ops->walk_metrics(ctx, stats_metric, body);
	return ret;
}

/* Append body to out with a "." before every line that starts with one. */
static void put_body(struct outbuf *out, const struct outbuf *body)
{
	const char *s = outbuf_str(body);

	while (*s) {
		size_t n = strcspn(s, "\n");

		if (*s == '.')
			outbuf_append(out, ".", 1);
		outbuf_append(out, s, n);
		outbuf_append(out, "\n", 1);
		s += n;
		if (*s)
			s++;
	}
	outbuf_append(out, ".\n", 2);
}

static void put_status(struct outbuf *out, int ret, const char *reason)
{
	if (!ret) {
		outbuf_printf(out, "OK\n");
		return;
	}
	if (!reason) {
		outbuf_printf(out, "ERR %s\n", strerror(-ret));
		return;
	}
	outbuf_printf(out, "ERR ");
	for (; *reason; reason++) {
		char c = iscntrl((unsigned char)*reason) ? '?' : *reason;

		outbuf_append(out, &c, 1);
	}
	outbuf_printf(out, "\n");
}

static size_t split_words(char *line, char **words)
{
	size_t n = 0;
	char *save = NULL, *w;

	for (w = strtok_r(line, " \t\r", &save); w && n < WORDS_MAX;
	     w = strtok_r(NULL, " \t\r", &save))
		words[n++] = w;
	return w ? WORDS_MAX + 1 : n;
}

static bool is_command(char **words, size_t n, const char *a, const char *b)
{
	if (b)
		return n == 2 && !strcmp(words[0], a) && !strcmp(words[1], b);
	return n == 1 && !strcmp(words[0], a);
}

static int run_reload(int (*reload)(void *, struct outbuf *), void *ctx,
		      const char *what, struct outbuf *body, char *reason,
		      size_t size)
{
	int ret;

	if (!reload) {
		snprintf(reason, size, "%s is not available in this daemon",
			 what);
		return -EOPNOTSUPP;
	}
	ret = reload(ctx, body);
	if (ret)
		snprintf(reason, size, "%s failed: %s", what, strerror(-ret));
	return ret;
}

/* The valid requests that start with word, for the hint of an unknown one. */
static const char *subcommand_hint(const char *word)
{
	if (!strcmp(word, "sa"))
		return "'sa list' or 'sa reload'";
	if (!strcmp(word, "rules"))
		return "'rules reload'";
	return "'help'";
}

int control_execute(const struct control_ops *ops, void *ctx,
		    const char *line, struct outbuf *out, bool *quit)
{
	char copy[CONTROL_LINE_MAX + 1], *words[WORDS_MAX];
	char reason[CONTROL_LINE_MAX + 64] = "";
	struct outbuf body;
	size_t n;
	int ret = 0;

	*quit = false;
	snprintf(copy, sizeof(copy), "%s", line);
	n = split_words(copy, words);
	outbuf_init(&body, CONTROL_RESPONSE_MAX);

	if (is_command(words, n, "help", NULL)) {
		outbuf_printf(&body, "%s", help_text);
	} else if (is_command(words, n, "quit", NULL)) {
		*quit = true;
	} else if (is_command(words, n, "stats", NULL)) {
		ret = cmd_stats(ops, ctx, &body);
	} else if (is_command(words, n, "sa", "list")) {
		ret = ops->walk_sas ? ops->walk_sas(ctx, list_sa, &body) : 0;
	} else if (is_command(words, n, "metrics", NULL)) {
		ret = metrics_format(ops, ctx, &body);
	} else if (is_command(words, n, "rules", "reload")) {
		ret = run_reload(ops->rules_reload, ctx, "rules reload", &body,
				 reason, sizeof(reason));
	} else if (is_command(words, n, "sa", "reload")) {
		ret = run_reload(ops->sa_reload, ctx, "sa reload", &body,
				 reason, sizeof(reason));
	} else if (n == 0) {
		ret = -EINVAL;
		snprintf(reason, sizeof(reason), "empty request (try 'help')");
	} else {
		ret = -EINVAL;
		snprintf(reason, sizeof(reason), "unknown command '%s' (try %s)",
			 line, subcommand_hint(words[0]));
	}
	if (outbuf_error(&body)) {
		ret = -ENOMEM;
		reason[0] = '\0';
		outbuf_reset(&body);
	}
	put_status(out, ret, reason[0] ? reason : NULL);
	put_body(out, &body);
	outbuf_free(&body);
	return outbuf_error(out);
}
