// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule options: the text between the parentheses, a list of "name;" or
 * "name:value;" items.  Supported: msg, content, nocase, sid, rev.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rule_internal.h"

struct option {
	const char *name;
	size_t name_len;
	const char *value;	/* between the quotes when quoted */
	size_t value_len;
	bool has_value;
	bool quoted;
	bool negated;		/* '!' before the quoted value */
};

struct option_state {
	bool has_msg;
	bool has_sid;
	bool has_rev;
};

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

static size_t skip_space(const char *text, size_t len, size_t pos)
{
	while (pos < len && isspace((unsigned char)text[pos]))
		pos++;
	return pos;
}

static int scan_quoted(const char *text, size_t len, size_t *pos,
		       struct option *opt, struct rule_error *err)
{
	size_t start = *pos + 1, i;

	for (i = start; i < len; i++) {
		if (text[i] == '\\') {
			i++;
			continue;
		}
		if (text[i] == '"')
			break;
	}
	if (i >= len) {
		rule_error(err, "unterminated string in option '%.*s'",
			   (int)opt->name_len, opt->name);
		return -EINVAL;
	}
	opt->value = text + start;
	opt->value_len = i - start;
	opt->quoted = true;
	*pos = i + 1;
	return 0;
}

static int scan_value(const char *text, size_t len, size_t *pos,
		      struct option *opt, struct rule_error *err)
{
	size_t i = skip_space(text, len, *pos);
	int ret;

	opt->has_value = true;
	if (i < len && text[i] == '!' && i + 1 < len && text[i + 1] == '"') {
		opt->negated = true;
		i++;
	}
	if (i < len && text[i] == '"') {
		ret = scan_quoted(text, len, &i, opt, err);
		if (ret)
			return ret;
		*pos = i;
		return 0;
	}
	opt->value = text + i;
	while (i < len && text[i] != ';')
		i++;
	opt->value_len = (size_t)(text + i - opt->value);
	while (opt->value_len &&
	       isspace((unsigned char)opt->value[opt->value_len - 1]))
		opt->value_len--;
	*pos = i;
	return 0;
}

/* Read the next option.  Returns 1 for an option, 0 at the end. */
static int next_option(const char *text, size_t len, size_t *pos,
		       struct option *opt, struct rule_error *err)
{
	char bad[RULE_QUOTE_BUF];
	size_t i = skip_space(text, len, *pos);
	int ret;

	memset(opt, 0, sizeof(*opt));
	if (i >= len)
		return 0;
	opt->name = text + i;
	while (i < len && name_char(text[i]))
		i++;
	opt->name_len = (size_t)(text + i - opt->name);
	if (!opt->name_len) {
		rule_error(err, "expected an option name at '%s'",
			   rule_quote(bad, sizeof(bad), text + i, len - i));
		return -EINVAL;
	}
	i = skip_space(text, len, i);
	if (i < len && text[i] == ':') {
		i++;
		ret = scan_value(text, len, &i, opt, err);
		if (ret)
			return ret;
		i = skip_space(text, len, i);
	}
	if (i < len && text[i] != ';') {
		rule_error(err, "expected ';' after option '%.*s' at '%s'",
			   (int)opt->name_len, opt->name,
			   rule_quote(bad, sizeof(bad), text + i, len - i));
		return -EINVAL;
	}
	*pos = i < len ? i + 1 : i;
	return 1;
}

static bool option_is(const struct option *opt, const char *name)
{
	return opt->name_len == strlen(name) &&
	       !memcmp(opt->name, name, opt->name_len);
}

static int decode_msg(const struct option *opt, char **out,
		      struct rule_error *err)
{
	char *msg = malloc(opt->value_len + 1);
	size_t i, n = 0;

	if (!msg)
		return -ENOMEM;
	for (i = 0; i < opt->value_len; i++) {
		char c = opt->value[i];

		if (c == ';') {
			rule_error(err, "unescaped ';' in msg: write '\\;'");
			goto invalid;
		}
		if (c == '\\') {
			c = opt->value[++i];
			if (c != '"' && c != '\\' && c != ';') {
				rule_error(err, "invalid escape '\\%c' in msg (allowed: \\\" \\\\ \\;)",
					   c);
				goto invalid;
			}
		}
		msg[n++] = c;
	}
	msg[n] = '\0';
	if (n > RULE_MSG_MAX) {
		rule_error(err, "msg longer than %d bytes", RULE_MSG_MAX);
		goto invalid;
	}
	*out = msg;
	return 0;
invalid:
	free(msg);
	return -EINVAL;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode the hex part of a content that starts after a '|'. */
static int decode_hex(const char *s, size_t len, size_t *pos, uint8_t *out,
		      size_t *n, struct rule_error *err)
{
	int high = -1;
	size_t i;

	for (i = *pos; i < len && s[i] != '|'; i++) {
		int v;

		if (s[i] == ' ') {
			if (high >= 0)
				break;
			continue;
		}
		v = hex_value(s[i]);
		if (v < 0) {
			rule_error(err, "invalid hex digit '%c' in content", s[i]);
			return -EINVAL;
		}
		if (high < 0) {
			high = v;
		} else {
			out[(*n)++] = (uint8_t)(high << 4 | v);
			high = -1;
		}
	}
	if (high >= 0) {
		rule_error(err, "odd number of hex digits in content");
		return -EINVAL;
	}
	if (i >= len) {
		rule_error(err, "unterminated |hex| block in content");
		return -EINVAL;
	}
	*pos = i;	/* at the closing '|' */
	return 0;
}

static int decode_content(const struct option *opt, struct rule_content *c,
			  struct rule_error *err)
{
	const char *s = opt->value;
	size_t len = opt->value_len, i, n = 0;
	uint8_t *out = malloc(len ? len : 1);
	int ret = -EINVAL;

	if (!out)
		return -ENOMEM;
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (ch == '|') {
			i++;
			ret = decode_hex(s, len, &i, out, &n, err);
			if (ret)
				goto fail;
			continue;
		}
		if (ch == ';') {
			rule_error(err, "unescaped ';' in content: write '\\;' or '|3B|'");
			goto fail;
		}
		if (ch == '\\') {
			ch = s[++i];
			if (ch != '"' && ch != '\\' && ch != ';' && ch != '|') {
				rule_error(err, "invalid escape '\\%c' in content (allowed: \\\" \\\\ \\; \\|)",
					   ch);
				goto fail;
			}
		}
		out[n++] = (uint8_t)ch;
	}
	if (n == 0) {
		rule_error(err, "empty content");
		goto fail;
	}
	if (n > RULE_CONTENT_LEN_MAX) {
		rule_error(err, "content longer than %d bytes", RULE_CONTENT_LEN_MAX);
		goto fail;
	}
	c->bytes = out;
	c->len = n;
	c->negated = opt->negated;
	return 0;
fail:
	free(out);
	return ret ? ret : -EINVAL;
}

static int parse_number(const struct option *opt, uint32_t min, uint32_t *out,
			struct rule_error *err)
{
	unsigned long long v = 0;
	size_t i;

	if (opt->quoted || !opt->value_len || opt->value_len > 10)
		goto invalid;
	for (i = 0; i < opt->value_len; i++) {
		if (!isdigit((unsigned char)opt->value[i]))
			goto invalid;
		v = v * 10 + (unsigned long long)(opt->value[i] - '0');
	}
	if (v < min || v > UINT32_MAX)
		goto invalid;
	*out = (uint32_t)v;
	return 0;
invalid:
	rule_error(err, "invalid %.*s '%.*s': expected a number in %u..%u",
		   (int)opt->name_len, opt->name, (int)opt->value_len,
		   opt->value, min, UINT32_MAX);
	return -EINVAL;
}

static int require_string(const struct option *opt, bool negation_allowed,
			  struct rule_error *err)
{
	if (!opt->has_value || !opt->quoted) {
		rule_error(err, "option '%.*s' needs a value in double quotes",
			   (int)opt->name_len, opt->name);
		return -EINVAL;
	}
	if (opt->negated && !negation_allowed) {
		rule_error(err, "option '%.*s' cannot be negated",
			   (int)opt->name_len, opt->name);
		return -EINVAL;
	}
	return 0;
}

static int add_content(const struct option *opt, struct rule *rule,
		       struct rule_error *err)
{
	struct rule_content *contents;
	int ret;

	ret = require_string(opt, true, err);
	if (ret)
		return ret;
	if (rule->n_contents == RULE_CONTENT_MAX) {
		rule_error(err, "more than %d contents in one rule", RULE_CONTENT_MAX);
		return -EINVAL;
	}
	contents = realloc(rule->contents,
			   (rule->n_contents + 1) * sizeof(*contents));
	if (!contents)
		return -ENOMEM;
	rule->contents = contents;
	memset(&contents[rule->n_contents], 0, sizeof(*contents));
	ret = decode_content(opt, &contents[rule->n_contents], err);
	if (ret)
		return ret;
	rule->n_contents++;
	return 0;
}

static int set_nocase(const struct option *opt, struct rule *rule,
		      struct rule_error *err)
{
	struct rule_content *last;

	if (opt->has_value) {
		rule_error(err, "option 'nocase' takes no value");
		return -EINVAL;
	}
	if (!rule->n_contents) {
		rule_error(err, "'nocase' before any content: it modifies the content before it");
		return -EINVAL;
	}
	last = &rule->contents[rule->n_contents - 1];
	if (last->nocase) {
		rule_error(err, "'nocase' given twice for one content");
		return -EINVAL;
	}
	last->nocase = true;
	return 0;
}

static int duplicate(const struct option *opt, bool *seen,
		     struct rule_error *err)
{
	if (*seen) {
		rule_error(err, "option '%.*s' given twice", (int)opt->name_len,
			   opt->name);
		return -EINVAL;
	}
	*seen = true;
	return 0;
}

static int apply_option(const struct option *opt, struct rule *rule,
			struct option_state *st, struct rule_error *err)
{
	int ret;

	if (option_is(opt, "content"))
		return add_content(opt, rule, err);
	if (option_is(opt, "nocase"))
		return set_nocase(opt, rule, err);
	if (option_is(opt, "msg")) {
		ret = duplicate(opt, &st->has_msg, err);
		if (!ret)
			ret = require_string(opt, false, err);
		if (!ret) {
			free(rule->msg);
			rule->msg = NULL;
			ret = decode_msg(opt, &rule->msg, err);
		}
		return ret;
	}
	if (option_is(opt, "sid")) {
		ret = duplicate(opt, &st->has_sid, err);
		return ret ? ret : parse_number(opt, 1, &rule->sid, err);
	}
	if (option_is(opt, "rev")) {
		ret = duplicate(opt, &st->has_rev, err);
		return ret ? ret : parse_number(opt, 0, &rule->rev, err);
	}
	rule_error(err, "unsupported option '%.*s' (supported: msg, content, nocase, sid, rev)",
		   (int)opt->name_len, opt->name);
	return -EINVAL;
}

int rule_options_parse(const char *text, size_t len, struct rule *rule,
		       struct rule_error *err)
{
	struct option_state st = { 0 };
	struct option opt;
	size_t pos = 0;
	int ret;

	while ((ret = next_option(text, len, &pos, &opt, err)) > 0) {
		ret = apply_option(&opt, rule, &st, err);
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	if (!st.has_sid) {
		rule_error(err, "missing sid");
		return -EINVAL;
	}
	if (!rule->msg) {
		rule->msg = strdup("");
		if (!rule->msg)
			return -ENOMEM;
	}
	return 0;
}
