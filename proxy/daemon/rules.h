/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rules in a subset of the Suricata rule language, and rule files.  The
 * subset is described in Documentation/rules.md:
 *
 *   action proto src_addr src_port -> dst_addr dst_port (options)
 *
 * with actions alert, drop and pass, protocols ip, tcp, udp and icmp,
 * address and port lists with negation, the directions -> and <>, and the
 * options msg, content (with |hex| and negation), nocase, sid and rev.
 */
#ifndef PROXYD_RULES_H
#define PROXYD_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outbuf.h"
#include "packet.h"

#define RULE_CONTENT_MAX	32	/* contents per rule: one bit each */
#define RULE_CONTENT_LEN_MAX	4096	/* bytes of one content */
#define RULE_MSG_MAX		1024	/* bytes of msg after unescaping */
#define RULE_TEXT_MAX		65536	/* one rule, continuation lines joined */
#define RULE_LIST_DEPTH_MAX	8	/* nesting of [ ] lists */
#define RULE_LIST_ITEMS_MAX	1024	/* items in one list */
#define RULE_ERROR_MAX		512
#define RULES_ERRORS_LISTED	20	/* errors a failed load lists in full */

/*
 * Inspection applies pass before drop before alert, as Suricata's default
 * action-order does.
 */
enum rule_action {
	RULE_ACTION_ALERT,
	RULE_ACTION_DROP,
	RULE_ACTION_PASS,
};

enum rule_proto {
	RULE_PROTO_IP,		/* any IP packet */
	RULE_PROTO_TCP,
	RULE_PROTO_UDP,
	RULE_PROTO_ICMP,	/* ICMP and ICMPv6 */
};

enum rule_expr_kind {
	RULE_EXPR_ANY,
	RULE_EXPR_PREFIX,	/* an address or CIDR block */
	RULE_EXPR_PORTS,	/* a port or port range */
	RULE_EXPR_LIST,
};

/*
 * An address or port expression.  A list matches when one of its
 * non-negated items matches (or it has none) and none of the items written
 * with '!' matches what follows the '!'.
 */
struct rule_expr {
	enum rule_expr_kind kind;
	bool negated;
	union {
		struct {
			int family;
			uint8_t bytes[16];
			uint8_t prefix_len;
		} prefix;
		struct {
			uint16_t low;
			uint16_t high;
		} ports;
		struct {
			struct rule_expr *items;
			size_t count;
		} list;
	};
};

struct rule_content {
	uint8_t *bytes;
	size_t len;
	bool nocase;
	bool negated;		/* content:!"..." must not occur */
};

struct rule {
	enum rule_action action;
	enum rule_proto proto;
	struct rule_expr src_addr;
	struct rule_expr src_port;
	struct rule_expr dst_addr;
	struct rule_expr dst_port;
	bool bidirectional;	/* <> */
	char *msg;		/* empty when the rule has no msg */
	struct rule_content *contents;
	size_t n_contents;
	uint32_t sid;
	uint32_t rev;
	unsigned int line;	/* first line of the rule in its file */
};

struct ruleset {
	struct rule *rules;
	size_t count;
	char *path;
};

/*
 * Parse the rule file at path.  On success *out is a new rule set.  On
 * failure every error goes to errors (when not NULL) as a line
 * "PATH:LINE: reason", and the function returns -EINVAL, or another
 * negative errno when the file cannot be read.
 */
int rules_load(const char *path, struct ruleset **out, struct outbuf *errors);

/*
 * Parse one rule.  Returns 0, -EINVAL with the reason in err, or -ENOMEM.
 */
int rule_parse(const char *text, struct rule *rule, char *err, size_t err_size);

void rule_free(struct rule *rule);
void ruleset_free(struct ruleset *rs);

bool rule_expr_match_addr(const struct rule_expr *expr, int family,
			  const uint8_t *addr);
bool rule_expr_match_port(const struct rule_expr *expr, uint16_t port);

/* Match protocol, addresses and ports of rule against pkt. */
bool rule_match_header(const struct rule *rule, const struct packet_info *pkt);

const char *rule_action_name(enum rule_action action);

#endif
