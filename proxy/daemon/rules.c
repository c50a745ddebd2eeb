// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule files: one rule a line, a trailing backslash continues a rule on
 * the next line, and lines starting with '#' are comments.  A file loads
 * only as a whole: any error fails the load.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_internal.h"

struct loader {
	const char *path;
	struct ruleset *rs;
	size_t cap;
	struct outbuf *errors;
	size_t n_errors;
};

static void report(struct loader *ld, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct loader *ld, unsigned int line, const char *fmt, ...)
{
	char text[RULE_ERROR_MAX];
	va_list ap;

	ld->n_errors++;
	if (!ld->errors || ld->n_errors > RULES_ERRORS_LISTED)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (line)
		outbuf_printf(ld->errors, "%s:%u: %s\n", ld->path, line, text);
	else
		outbuf_printf(ld->errors, "%s: %s\n", ld->path, text);
}

static int add_rule(struct loader *ld, const char *text, unsigned int line)
{
	char err[RULE_ERROR_MAX];
	struct rule rule;
	int ret;

	ret = rule_parse(text, &rule, err, sizeof(err));
	if (ret == -EINVAL) {
		report(ld, line, "%s", err);
		return 0;
	}
	if (ret)
		return ret;
	if (ld->rs->count == ld->cap) {
		size_t cap = ld->cap ? ld->cap * 2 : 64;
		struct rule *rules = realloc(ld->rs->rules, cap * sizeof(*rules));

		if (!rules) {
			rule_free(&rule);
			return -ENOMEM;
		}
		ld->rs->rules = rules;
		ld->cap = cap;
	}
	rule.line = line;
	ld->rs->rules[ld->rs->count++] = rule;
	return 0;
}

struct sid_line {
	uint32_t sid;
	unsigned int line;
};

static int compare_sid_line(const void *a, const void *b)
{
	const struct sid_line *x = a, *y = b;

	if (x->sid != y->sid)
		return x->sid < y->sid ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int check_duplicate_sids(struct loader *ld)
{
	struct ruleset *rs = ld->rs;
	struct sid_line *v;
	size_t i;

	if (rs->count < 2)
		return 0;
	v = malloc(rs->count * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < rs->count; i++) {
		v[i].sid = rs->rules[i].sid;
		v[i].line = rs->rules[i].line;
	}
	qsort(v, rs->count, sizeof(*v), compare_sid_line);
	for (i = 1; i < rs->count; i++) {
		if (v[i].sid == v[i - 1].sid)
			report(ld, v[i].line, "duplicate sid %u (first used on line %u)",
			       v[i].sid, v[i - 1].line);
	}
	free(v);
	return 0;
}

static bool blank_or_comment(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0' || *s == '#';
}

/* Read every line, joining continuation lines, and parse each rule. */
static int read_rules(struct loader *ld, FILE *f)
{
	struct outbuf text;
	unsigned int lineno = 0, first = 0;
	size_t cap = 0;
	char *line = NULL;
	ssize_t n;
	int ret = 0;

	outbuf_init(&text, RULE_TEXT_MAX);
	while ((n = getline(&line, &cap, f)) >= 0) {
		size_t len = (size_t)n;
		bool more;

		lineno++;
		if (memchr(line, '\0', len)) {
			report(ld, lineno, "NUL byte in the line");
			outbuf_reset(&text);
			continue;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!text.len && blank_or_comment(line))
			continue;
		if (!text.len)
			first = lineno;
		more = len && line[len - 1] == '\\';
		if (more)
			line[--len] = '\0';
		if (outbuf_append(&text, line, len)) {
			report(ld, first, "rule longer than %d bytes", RULE_TEXT_MAX);
			outbuf_reset(&text);
			continue;
		}
		if (more)
			continue;
		ret = add_rule(ld, outbuf_str(&text), first);
		outbuf_reset(&text);
		if (ret)
			break;
	}
	if (!ret && ferror(f))
		ret = -EIO;
	if (!ret && text.len)
		report(ld, first, "the file ends inside a rule continued with '\\'");
	free(line);
	outbuf_free(&text);
	return ret;
}

int rules_load(const char *path, struct ruleset **out, struct outbuf *errors)
{
	struct loader ld = { .path = path, .errors = errors };
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		report(&ld, 0, "cannot open: %s", strerror(-ret));
		return ret;
	}
	ld.rs = calloc(1, sizeof(*ld.rs));
	if (!ld.rs) {
		ret = -ENOMEM;
		goto close_file;
	}
	ld.rs->path = strdup(path);
	ret = ld.rs->path ? read_rules(&ld, f) : -ENOMEM;
	if (!ret)
		ret = check_duplicate_sids(&ld);
	if (ret) {
		report(&ld, 0, "cannot load: %s", strerror(-ret));
		goto free_rules;
	}
	if (ld.n_errors) {
		if (ld.n_errors > RULES_ERRORS_LISTED && errors)
			outbuf_printf(errors, "%s: %zu more errors not listed\n",
				      path, ld.n_errors - RULES_ERRORS_LISTED);
		ret = -EINVAL;
		goto free_rules;
	}
	fclose(f);
	*out = ld.rs;
	return 0;

free_rules:
	ruleset_free(ld.rs);
close_file:
	fclose(f);
	return ret;
}

void ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->count; i++)
		rule_free(&rs->rules[i]);
	free(rs->rules);
	free(rs->path);
	free(rs);
}
