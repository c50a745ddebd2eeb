// SPDX-License-Identifier: GPL-2.0-only
/*
 * Address and port expressions of rule headers: any, a value, a list in
 * [ ], and '!' before any of them.  Whitespace inside lists has been
 * removed by the header tokenizer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rule_internal.h"

enum leaf_type {
	LEAF_ADDR,
	LEAF_PORTS,
};

struct cursor {
	const char *text;
	size_t pos;
	const char *field;		/* e.g. "source address" */
	enum leaf_type type;
	unsigned int depth;
	struct rule_error *err;
};

/* Report reason for the field; part is the offending item, if any. */
static int fail(struct cursor *c, const char *reason, const char *part,
		size_t part_len)
{
	char whole[RULE_QUOTE_BUF], bad[RULE_QUOTE_BUF];
	size_t len = strlen(c->text);

	rule_quote(whole, sizeof(whole), c->text, len);
	if (part && (part_len != len || memcmp(part, c->text, len))) {
		rule_quote(bad, sizeof(bad), part, part_len);
		rule_error(c->err, "invalid %s '%s': item '%s': %s", c->field,
			   whole, bad, reason);
	} else {
		rule_error(c->err, "invalid %s '%s': %s", c->field, whole,
			   reason);
	}
	return -EINVAL;
}

static void mask_host_bits(uint8_t *bytes, unsigned int addr_len,
			   unsigned int prefix_len)
{
	unsigned int i;

	for (i = 0; i < addr_len; i++) {
		unsigned int bits = i * 8;

		if (prefix_len >= bits + 8)
			continue;
		if (prefix_len <= bits)
			bytes[i] = 0;
		else
			bytes[i] &= (uint8_t)(0xff << (8 - (prefix_len - bits)));
	}
}

static int parse_decimal(const char *s, size_t len, unsigned long max,
			 unsigned long *value)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 10)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > max)
		return -ERANGE;
	*value = v;
	return 0;
}

static int parse_addr_leaf(struct cursor *c, const char *s, size_t len,
			   struct rule_expr *e)
{
	const char *slash = memchr(s, '/', len);
	size_t addr_len = slash ? (size_t)(slash - s) : len;
	unsigned long prefix;
	unsigned int bits;
	char addr[INET6_ADDRSTRLEN + 1];

	if (addr_len >= sizeof(addr))
		return fail(c, "not an IPv4 or IPv6 address", s, len);
	memcpy(addr, s, addr_len);
	addr[addr_len] = '\0';

	e->kind = RULE_EXPR_PREFIX;
	if (inet_pton(AF_INET, addr, e->prefix.bytes) == 1) {
		e->prefix.family = AF_INET;
		bits = 32;
	} else if (inet_pton(AF_INET6, addr, e->prefix.bytes) == 1) {
		e->prefix.family = AF_INET6;
		bits = 128;
	} else {
		return fail(c, "not an IPv4 or IPv6 address", s, addr_len);
	}

	prefix = bits;
	if (slash && parse_decimal(slash + 1, len - addr_len - 1, bits,
				   &prefix))
		return fail(c, bits == 32 ? "prefix length not in 0..32" :
			    "prefix length not in 0..128", s, len);
	e->prefix.prefix_len = (uint8_t)prefix;
	mask_host_bits(e->prefix.bytes, bits / 8, (unsigned int)prefix);
	return 0;
}

static int parse_port_leaf(struct cursor *c, const char *s, size_t len,
			   struct rule_expr *e)
{
	const char *colon = memchr(s, ':', len);
	unsigned long low = 0, high = 65535;
	size_t low_len = colon ? (size_t)(colon - s) : len;

	e->kind = RULE_EXPR_PORTS;
	if (colon && low_len == 0 && len == 1)
		return fail(c, "a range needs at least one bound", s, len);
	if ((low_len || !colon) && parse_decimal(s, low_len, 65535, &low))
		return fail(c, "not a port number in 0..65535", s, low_len);
	if (!colon) {
		high = low;
	} else if (len - low_len - 1 > 0 &&
		   parse_decimal(colon + 1, len - low_len - 1, 65535, &high)) {
		return fail(c, "not a port number in 0..65535", colon + 1,
			    len - low_len - 1);
	}
	if (low > high)
		return fail(c, "range start above its end", s, len);
	e->ports.low = (uint16_t)low;
	e->ports.high = (uint16_t)high;
	return 0;
}

static int parse_leaf(struct cursor *c, struct rule_expr *e)
{
	const char *s = c->text + c->pos;
	size_t len = strcspn(s, ",[]");

	c->pos += len;
	if (len == 0)
		return fail(c, "empty item", NULL, 0);
	if (len == 3 && !memcmp(s, "any", 3)) {
		e->kind = RULE_EXPR_ANY;
		return 0;
	}
	if (s[0] == '$')
		return fail(c, "variables are not supported, write the value",
			    s, len);
	if (c->type == LEAF_ADDR)
		return parse_addr_leaf(c, s, len, e);
	return parse_port_leaf(c, s, len, e);
}

static int parse_item(struct cursor *c, struct rule_expr *e);

static int parse_list(struct cursor *c, struct rule_expr *e)
{
	size_t cap = 0;
	int err;

	c->pos++;	/* '[' */
	if (++c->depth > RULE_LIST_DEPTH_MAX)
		return fail(c, "lists nested too deep", NULL, 0);
	e->kind = RULE_EXPR_LIST;
	if (c->text[c->pos] == ']')
		return fail(c, "empty list", NULL, 0);

	for (;;) {
		if (e->list.count == cap) {
			struct rule_expr *items;

			if (cap == RULE_LIST_ITEMS_MAX)
				return fail(c, "too many items in a list", NULL, 0);
			cap = cap ? cap * 2 : 4;
			items = realloc(e->list.items, cap * sizeof(*items));
			if (!items)
				return -ENOMEM;
			e->list.items = items;
		}
		/*
		 * Counted before parsing, so that rule_expr_free() also frees
		 * what a failed item allocated.
		 */
		err = parse_item(c, &e->list.items[e->list.count++]);
		if (err)
			return err;
		if (c->text[c->pos] == ',') {
			c->pos++;
			continue;
		}
		if (c->text[c->pos] == ']') {
			c->pos++;
			break;
		}
		if (c->text[c->pos] == '\0')
			return fail(c, "missing ']'", NULL, 0);
		return fail(c, "expected ',' or ']' before it", c->text + c->pos,
			    strlen(c->text + c->pos));
	}
	c->depth--;
	return 0;
}

static int parse_item(struct cursor *c, struct rule_expr *e)
{
	int err;

	memset(e, 0, sizeof(*e));
	if (c->text[c->pos] == '!') {
		e->negated = true;
		c->pos++;
		if (c->text[c->pos] == '!')
			return fail(c, "double negation", NULL, 0);
	}
	if (c->text[c->pos] == '[')
		err = parse_list(c, e);
	else
		err = parse_leaf(c, e);
	if (err)
		return err;
	if (e->negated && e->kind == RULE_EXPR_ANY)
		return fail(c, "'!any' matches nothing", NULL, 0);
	return 0;
}

static int parse_expr(const char *text, const char *field, enum leaf_type type,
		      struct rule_expr *expr, struct rule_error *err)
{
	struct cursor c = {
		.text = text,
		.field = field,
		.type = type,
		.err = err,
	};
	int ret;

	ret = parse_item(&c, expr);
	if (!ret && c.text[c.pos] != '\0')
		ret = fail(&c, "unexpected text after the value", c.text + c.pos,
			   strlen(c.text + c.pos));
	if (ret)
		rule_expr_free(expr);
	return ret;
}

int rule_expr_parse_addr(const char *text, const char *field,
			 struct rule_expr *expr, struct rule_error *err)
{
	return parse_expr(text, field, LEAF_ADDR, expr, err);
}

int rule_expr_parse_ports(const char *text, const char *field,
			  struct rule_expr *expr, struct rule_error *err)
{
	return parse_expr(text, field, LEAF_PORTS, expr, err);
}

void rule_expr_free(struct rule_expr *expr)
{
	size_t i;

	if (expr->kind != RULE_EXPR_LIST)
		return;
	for (i = 0; i < expr->list.count; i++)
		rule_expr_free(&expr->list.items[i]);
	free(expr->list.items);
	expr->list.items = NULL;
	expr->list.count = 0;
}

struct match_value {
	int family;
	const uint8_t *addr;
	uint16_t port;
};

static bool prefix_match(const struct rule_expr *e, const struct match_value *v)
{
	unsigned int full = e->prefix.prefix_len / 8;
	unsigned int rest = e->prefix.prefix_len % 8;
	uint8_t mask;

	if (e->prefix.family != v->family)
		return false;
	if (memcmp(e->prefix.bytes, v->addr, full))
		return false;
	if (!rest)
		return true;
	mask = (uint8_t)(0xff << (8 - rest));
	return (v->addr[full] & mask) == e->prefix.bytes[full];
}

/* Match e as if it had no '!' in front. */
static bool match_plain(const struct rule_expr *e, const struct match_value *v)
{
	bool has_positive = false, positive_hit = false;
	size_t i;

	switch (e->kind) {
	case RULE_EXPR_ANY:
		return true;
	case RULE_EXPR_PREFIX:
		return prefix_match(e, v);
	case RULE_EXPR_PORTS:
		return v->port >= e->ports.low && v->port <= e->ports.high;
	case RULE_EXPR_LIST:
		break;
	}
	for (i = 0; i < e->list.count; i++) {
		const struct rule_expr *item = &e->list.items[i];

		if (item->negated) {
			if (match_plain(item, v))
				return false;
		} else {
			has_positive = true;
			if (!positive_hit && match_plain(item, v))
				positive_hit = true;
		}
	}
	return !has_positive || positive_hit;
}

static bool expr_match(const struct rule_expr *e, const struct match_value *v)
{
	bool hit = match_plain(e, v);

	return e->negated ? !hit : hit;
}

bool rule_expr_match_addr(const struct rule_expr *expr, int family,
			  const uint8_t *addr)
{
	struct match_value v = { .family = family, .addr = addr };

	return expr_match(expr, &v);
}

bool rule_expr_match_port(const struct rule_expr *expr, uint16_t port)
{
	struct match_value v = { .port = port };

	return expr_match(expr, &v);
}
