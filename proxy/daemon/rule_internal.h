/* SPDX-License-Identifier: GPL-2.0-only */
/* Declarations shared by the parts of the rule parser, not its interface. */
#ifndef PROXYD_RULE_INTERNAL_H
#define PROXYD_RULE_INTERNAL_H

#include <stddef.h>

#include "rules.h"

#define RULE_QUOTE_MAX	64	/* bytes of input shown in an error */

struct rule_error {
	char *text;
	size_t size;
};

void rule_error(struct rule_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Write len bytes of src into buf for an error message: printable ASCII as
 * is, other bytes as \xHH, cut after RULE_QUOTE_MAX bytes with "...".
 */
const char *rule_quote(char *buf, size_t size, const char *src, size_t len);
#define RULE_QUOTE_BUF	(RULE_QUOTE_MAX * 4 + 8)

/* field names the header field in errors, e.g. "source address". */
int rule_expr_parse_addr(const char *text, const char *field,
			 struct rule_expr *expr, struct rule_error *err);
int rule_expr_parse_ports(const char *text, const char *field,
			  struct rule_expr *expr, struct rule_error *err);
void rule_expr_free(struct rule_expr *expr);

/* Parse the text between the parentheses of a rule into rule. */
int rule_options_parse(const char *text, size_t len, struct rule *rule,
		       struct rule_error *err);

#endif
