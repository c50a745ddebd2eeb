// SPDX-License-Identifier: GPL-2.0-only
/*
 * One rule: the header "action proto src sport dir dst dport", then the
 * options in parentheses.
 */
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_internal.h"

#define HEADER_FIELDS	7

void rule_error(struct rule_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err->size)
		return;
	va_start(ap, fmt);
	vsnprintf(err->text, err->size, fmt, ap);
	va_end(ap);
}

const char *rule_quote(char *buf, size_t size, const char *src, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, n = 0;

	for (i = 0; i < len && i < RULE_QUOTE_MAX && n + 5 < size; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c >= 0x20 && c < 0x7f) {
			buf[n++] = (char)c;
		} else {
			buf[n++] = '\\';
			buf[n++] = 'x';
			buf[n++] = hex[c >> 4];
			buf[n++] = hex[c & 15];
		}
	}
	if (i < len && n + 4 <= size) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

const char *rule_action_name(enum rule_action action)
{
	switch (action) {
	case RULE_ACTION_ALERT:
		return "alert";
	case RULE_ACTION_DROP:
		return "drop";
	case RULE_ACTION_PASS:
		return "pass";
	}
	return "?";
}

struct header {
	char *fields[HEADER_FIELDS];
	size_t count;
};

static void header_free(struct header *h)
{
	size_t i;

	for (i = 0; i < h->count; i++)
		free(h->fields[i]);
}

/*
 * Split the header into fields at whitespace.  Whitespace inside [ ] lists
 * is dropped, so "[1.2.3.4, 5.6.7.8]" is one field.
 */
static int split_header(const char *text, size_t len, struct header *h,
			struct rule_error *err)
{
	char bad[RULE_QUOTE_BUF];
	size_t i = 0;

	memset(h, 0, sizeof(*h));
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	for (;;) {
		size_t start, n = 0;
		int depth = 0;
		char *field;

		while (i < len && isspace((unsigned char)text[i]))
			i++;
		if (i >= len)
			return 0;
		if (h->count == HEADER_FIELDS) {
			rule_error(err, "more than %d header fields before '(': '%s'",
				   HEADER_FIELDS,
				   rule_quote(bad, sizeof(bad), text + i, len - i));
			return -EINVAL;
		}
		start = i;
		for (; i < len; i++) {
			if (text[i] == '[')
				depth++;
			else if (text[i] == ']')
				depth--;
			else if (isspace((unsigned char)text[i]) && depth <= 0)
				break;
		}
		if (depth > 0) {
			rule_error(err, "'[' without ']' in '%s'",
				   rule_quote(bad, sizeof(bad), text + start,
					      i - start));
			return -EINVAL;
		}
		field = malloc(i - start + 1);
		if (!field)
			return -ENOMEM;
		for (size_t j = start; j < i; j++) {
			if (!isspace((unsigned char)text[j]))
				field[n++] = text[j];
		}
		field[n] = '\0';
		h->fields[h->count++] = field;
	}
}

static int parse_action(const char *s, struct rule *rule,
			struct rule_error *err)
{
	char bad[RULE_QUOTE_BUF];

	if (!strcmp(s, "alert"))
		rule->action = RULE_ACTION_ALERT;
	else if (!strcmp(s, "drop"))
		rule->action = RULE_ACTION_DROP;
	else if (!strcmp(s, "pass"))
		rule->action = RULE_ACTION_PASS;
	else if (!strncmp(s, "reject", 6))
		goto unsupported;
	else
		goto unknown;
	return 0;
unsupported:
	rule_error(err, "unsupported action '%s' (supported: alert, drop, pass)",
		   rule_quote(bad, sizeof(bad), s, strlen(s)));
	return -EINVAL;
unknown:
	rule_error(err, "unknown action '%s' (expected alert, drop or pass)",
		   rule_quote(bad, sizeof(bad), s, strlen(s)));
	return -EINVAL;
}

static int parse_proto(const char *s, struct rule *rule, struct rule_error *err)
{
	char bad[RULE_QUOTE_BUF];

	if (!strcmp(s, "ip"))
		rule->proto = RULE_PROTO_IP;
	else if (!strcmp(s, "tcp"))
		rule->proto = RULE_PROTO_TCP;
	else if (!strcmp(s, "udp"))
		rule->proto = RULE_PROTO_UDP;
	else if (!strcmp(s, "icmp"))
		rule->proto = RULE_PROTO_ICMP;
	else {
		rule_error(err, "unsupported protocol '%s' (supported: ip, tcp, udp, icmp)",
			   rule_quote(bad, sizeof(bad), s, strlen(s)));
		return -EINVAL;
	}
	return 0;
}

static int parse_direction(const char *s, struct rule *rule,
			   struct rule_error *err)
{
	char bad[RULE_QUOTE_BUF];

	if (!strcmp(s, "->")) {
		rule->bidirectional = false;
	} else if (!strcmp(s, "<>")) {
		rule->bidirectional = true;
	} else {
		rule_error(err, "invalid direction '%s' (expected '->' or '<>')",
			   rule_quote(bad, sizeof(bad), s, strlen(s)));
		return -EINVAL;
	}
	return 0;
}

static bool proto_has_ports(enum rule_proto proto)
{
	return proto == RULE_PROTO_TCP || proto == RULE_PROTO_UDP;
}

static int parse_fields(struct header *h, struct rule *rule,
			struct rule_error *err)
{
	int ret;

	if (h->count < HEADER_FIELDS) {
		rule_error(err, "expected %d header fields (action proto src_addr src_port direction dst_addr dst_port), found %zu",
			   HEADER_FIELDS, h->count);
		return -EINVAL;
	}
	ret = parse_action(h->fields[0], rule, err);
	if (!ret)
		ret = parse_proto(h->fields[1], rule, err);
	if (!ret)
		ret = rule_expr_parse_addr(h->fields[2], "source address",
					   &rule->src_addr, err);
	if (!ret)
		ret = rule_expr_parse_ports(h->fields[3], "source port",
					    &rule->src_port, err);
	if (!ret)
		ret = parse_direction(h->fields[4], rule, err);
	if (!ret)
		ret = rule_expr_parse_addr(h->fields[5], "destination address",
					   &rule->dst_addr, err);
	if (!ret)
		ret = rule_expr_parse_ports(h->fields[6], "destination port",
					    &rule->dst_port, err);
	if (ret)
		return ret;
	if (!proto_has_ports(rule->proto) &&
	    (rule->src_port.kind != RULE_EXPR_ANY ||
	     rule->dst_port.kind != RULE_EXPR_ANY)) {
		rule_error(err, "ports other than 'any' need protocol tcp or udp, not '%s'",
			   h->fields[1]);
		return -EINVAL;
	}
	return 0;
}

int rule_parse(const char *text, struct rule *rule, char *err_text,
	       size_t err_size)
{
	struct rule_error err = { .text = err_text, .size = err_size };
	const char *open, *close;
	struct header h;
	size_t len = strlen(text);
	int ret;

	memset(rule, 0, sizeof(*rule));
	if (err_size)
		err_text[0] = '\0';
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	open = memchr(text, '(', len);
	if (!open) {
		rule_error(&err, "missing '(' before the options");
		return -EINVAL;
	}
	close = text + len - 1;
	if (len == 0 || *close != ')') {
		rule_error(&err, "the rule must end with ')' after the options");
		return -EINVAL;
	}

	ret = split_header(text, (size_t)(open - text), &h, &err);
	if (!ret)
		ret = parse_fields(&h, rule, &err);
	header_free(&h);
	if (!ret)
		ret = rule_options_parse(open + 1, (size_t)(close - open - 1),
					 rule, &err);
	if (ret)
		rule_free(rule);
	if (ret == -ENOMEM)
		rule_error(&err, "out of memory");
	return ret;
}

void rule_free(struct rule *rule)
{
	size_t i;

	rule_expr_free(&rule->src_addr);
	rule_expr_free(&rule->src_port);
	rule_expr_free(&rule->dst_addr);
	rule_expr_free(&rule->dst_port);
	for (i = 0; i < rule->n_contents; i++)
		free(rule->contents[i].bytes);
	free(rule->contents);
	free(rule->msg);
	memset(rule, 0, sizeof(*rule));
}

static bool proto_match(enum rule_proto proto, const struct packet_info *pkt)
{
	switch (proto) {
	case RULE_PROTO_IP:
		return true;
	case RULE_PROTO_TCP:
		return pkt->proto == IPPROTO_TCP && pkt->has_ports;
	case RULE_PROTO_UDP:
		return pkt->proto == IPPROTO_UDP && pkt->has_ports;
	case RULE_PROTO_ICMP:
		return !pkt->fragment && (pkt->proto == IPPROTO_ICMP ||
					  pkt->proto == IPPROTO_ICMPV6);
	}
	return false;
}

static bool match_one_way(const struct rule *r, const struct packet_info *pkt,
			  const uint8_t *src, uint16_t sport,
			  const uint8_t *dst, uint16_t dport)
{
	if (!rule_expr_match_addr(&r->src_addr, pkt->family, src) ||
	    !rule_expr_match_addr(&r->dst_addr, pkt->family, dst))
		return false;
	if (!proto_has_ports(r->proto))
		return true;
	return rule_expr_match_port(&r->src_port, sport) &&
	       rule_expr_match_port(&r->dst_port, dport);
}

bool rule_match_header(const struct rule *rule, const struct packet_info *pkt)
{
	if (!proto_match(rule->proto, pkt))
		return false;
	if (match_one_way(rule, pkt, pkt->src, pkt->sport, pkt->dst, pkt->dport))
		return true;
	return rule->bidirectional &&
	       match_one_way(rule, pkt, pkt->dst, pkt->dport, pkt->src,
			     pkt->sport);
}
