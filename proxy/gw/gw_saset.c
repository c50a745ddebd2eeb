// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_opts.h"
#include "gw_saset.h"
#include "log.h"
#include "sa_load.h"

struct load_ctx {
	struct outbuf *errors;
	unsigned int n_errors;
};

static void load_error(void *user, const char *msg)
{
	struct load_ctx *ctx = user;

	ctx->n_errors++;
	log_err("sa: %s", msg);
	if (ctx->errors)
		outbuf_printf(ctx->errors, "%s\n", msg);
}

static void load_warning(void *user, const char *msg)
{
	log_warn("sa: %s", msg);
}

/* Read the whole file; the caller wipes and frees *text. */
static int read_file(const char *path, char **text, size_t *len,
		     struct load_ctx *ctx)
{
	char msg[512];
	size_t cap = 0, n = 0, got;
	char *buf = NULL;
	FILE *fp;
	int err = 0;

	fp = fopen(path, "r");
	if (!fp) {
		err = -errno;
		snprintf(msg, sizeof(msg), "%s: cannot open: %s", path,
			 strerror(-err));
		load_error(ctx, msg);
		return err;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *bigger;

			cap = cap ? cap * 2 : 65536;
			bigger = cap <= GW_CONF_SIZE_MAX ? malloc(cap) : NULL;
			if (!bigger) {
				err = cap > GW_CONF_SIZE_MAX ? -EFBIG : -ENOMEM;
				break;
			}
			if (buf) {
				memcpy(bigger, buf, n);
				explicit_bzero(buf, n);
				free(buf);
			}
			buf = bigger;
		}
		got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (!err && ferror(fp))
		err = -EIO;
	fclose(fp);
	if (err) {
		snprintf(msg, sizeof(msg), "%s: cannot read: %s", path,
			 strerror(-err));
		load_error(ctx, msg);
		if (buf)
			explicit_bzero(buf, n);
		free(buf);
		return err;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

static int add_pair(struct gw_saset *set, const struct gw_pair_spec *spec)
{
	struct gw_pair_spec *pairs;

	pairs = realloc(set->pairs, (set->n_pairs + 1) * sizeof(*pairs));
	if (!pairs)
		return -ENOMEM;
	set->pairs = pairs;
	set->pairs[set->n_pairs++] = *spec;
	return 0;
}

static bool starts_pair(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return !strncmp(s, "pair", 4) && strchr(" \t\\\r\n#", s[4]);
}

/* Length of the statement at s: physical lines joined by a final '\'. */
static size_t statement_len(const char *s, unsigned int *lines)
{
	const char *p = s;

	*lines = 0;
	for (;;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		const char *last = end;

		(*lines)++;
		while (last > p && (last[-1] == '\r' || last[-1] == ' ' ||
				    last[-1] == '\t'))
			last--;
		if (!nl)
			return (size_t)(end - s);
		if (last == p || last[-1] != '\\')
			return (size_t)(nl + 1 - s);
		p = nl + 1;
	}
}

/* Parse one pair statement of len bytes at s, then blank it out. */
static int take_pair(struct gw_saset *set, const char *path,
		     unsigned int line, char *s, size_t len,
		     struct load_ctx *ctx)
{
	struct gw_pair_spec spec;
	char err[256], msg[640];
	char *text, *p;
	int ret;

	text = strndup(s, len);
	if (!text)
		return -ENOMEM;
	for (p = text; *p; p++)
		if (*p == '\\')
			*p = ' ';
	p = strstr(text, "pair") + 4;
	ret = gw_pair_parse(p, &spec, err, sizeof(err));
	free(text);
	for (p = s; p < s + len; p++)
		if (*p != '\n')
			*p = ' ';
	if (ret) {
		snprintf(msg, sizeof(msg), "%s:%u: field 'pair': %s", path,
			 line, err);
		load_error(ctx, msg);
		return 0;
	}
	snprintf(spec.origin, sizeof(spec.origin), "%s:%u", path, line);
	return add_pair(set, &spec);
}

/* Move the pair statements of text into set. */
static int extract_pairs(struct gw_saset *set, const char *path, char *text,
			 struct load_ctx *ctx)
{
	unsigned int line = 1, lines;
	char *s = text;
	int ret;

	while (*s) {
		size_t len = statement_len(s, &lines);

		if (starts_pair(s)) {
			ret = take_pair(set, path, line, s, len, ctx);
			if (ret)
				return ret;
		}
		s += len;
		line += lines;
	}
	return 0;
}

static int load_conf(struct gw_saset *set, struct sa_load *ld,
		     const char *path, struct load_ctx *ctx)
{
	size_t len = 0;
	char *text = NULL;
	FILE *fp;
	int ret;

	ret = read_file(path, &text, &len, ctx);
	if (ret)
		return ret;
	ret = extract_pairs(set, path, text, ctx);
	if (ret)
		goto wipe_text;
	if (len) {
		fp = fmemopen(text, len, "r");
		if (!fp) {
			ret = -errno;
			goto wipe_text;
		}
		ld->file = path;
		sa_conf_load(ld, fp);
		fclose(fp);
	}
wipe_text:
	explicit_bzero(text, len);
	free(text);
	return ret;
}

int gw_saset_load(const struct gw_options *opt, struct gw_saset **out,
		  struct outbuf *errors)
{
	struct load_ctx ctx = { .errors = errors };
	struct sa_load ld = {
		.error = load_error,
		.warning = load_warning,
		.user = &ctx,
	};
	struct gw_saset *set;
	unsigned int i;
	int ret = 0;

	set = calloc(1, sizeof(*set));
	if (!set)
		return -ENOMEM;
	sadb_init(&set->db);
	ld.db = &set->db;
	for (i = 0; i < opt->n_sa_files && ret != -ENOMEM; i++) {
		if (opt->is_esp_sa[i])
			ret = esp_sa_load_file(&ld, opt->sa_files[i]);
		else
			ret = load_conf(set, &ld, opt->sa_files[i], &ctx);
	}
	if (ret == -ENOMEM || ctx.n_errors) {
		gw_saset_free(set);
		return ret == -ENOMEM ? ret : -EINVAL;
	}
	*out = set;
	return 0;
}

void gw_saset_free(struct gw_saset *set)
{
	if (!set)
		return;
	sadb_destroy(&set->db);
	free(set->pairs);
	free(set);
}
