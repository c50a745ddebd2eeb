// SPDX-License-Identifier: GPL-2.0-only
/* The rule parser: every feature, every rejection, rule files. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "tap.h"

static bool parse(const char *text, struct rule *r)
{
	char err[RULE_ERROR_MAX];
	int ret = rule_parse(text, r, err, sizeof(err));

	if (ret)
		tap_diag("rule_parse: %s", err);
	return ret == 0;
}

static bool content_is(const struct rule_content *c, const void *bytes,
		       size_t len)
{
	return c->len == len && !memcmp(c->bytes, bytes, len);
}

static void test_basic(void)
{
	struct rule r;

	if (!tap_ok(parse("alert tcp any any -> any 80 (msg:\"web\"; content:\"GET\"; sid:1; rev:2;)", &r),
		    "basic rule parses"))
		return;
	tap_ok(r.action == RULE_ACTION_ALERT && r.proto == RULE_PROTO_TCP,
	       "basic: action and protocol");
	tap_ok(r.src_addr.kind == RULE_EXPR_ANY && r.src_port.kind == RULE_EXPR_ANY &&
	       r.dst_addr.kind == RULE_EXPR_ANY, "basic: any fields");
	tap_ok(r.dst_port.kind == RULE_EXPR_PORTS && r.dst_port.ports.low == 80 &&
	       r.dst_port.ports.high == 80, "basic: destination port 80");
	tap_ok(!strcmp(r.msg, "web") && r.sid == 1 && r.rev == 2 &&
	       !r.bidirectional, "basic: msg, sid, rev, direction");
	tap_ok(r.n_contents == 1 && content_is(&r.contents[0], "GET", 3) &&
	       !r.contents[0].nocase && !r.contents[0].negated, "basic: content");
	rule_free(&r);
}

static void test_features(void)
{
	struct rule r;

	if (tap_ok(parse("drop udp 10.0.0.0/8 any -> !192.168.1.1 [53,5353] (content:\"|00 01|abc\"; nocase; sid:2;)", &r),
		   "hex content, nocase, negated address, port list parse")) {
		tap_ok(r.action == RULE_ACTION_DROP && r.proto == RULE_PROTO_UDP,
		       "drop udp");
		tap_ok(content_is(&r.contents[0], "\x00\x01" "abc", 5) &&
		       r.contents[0].nocase, "|hex| bytes decoded, nocase set");
		tap_ok(r.dst_addr.negated && r.dst_addr.kind == RULE_EXPR_PREFIX,
		       "negated destination address");
		tap_ok(r.dst_port.kind == RULE_EXPR_LIST && r.dst_port.list.count == 2,
		       "destination port list of two");
		tap_ok(r.rev == 0 && r.msg && r.msg[0] == '\0',
		       "rev defaults to 0, msg to empty");
		rule_free(&r);
	}
	if (tap_ok(parse("pass ip [10.0.0.0/8,!10.1.0.0/16] any <> 2001:db8::/32 any (sid:3;)", &r),
		   "pass ip with <> and IPv6 CIDR parses")) {
		tap_ok(r.action == RULE_ACTION_PASS && r.proto == RULE_PROTO_IP &&
		       r.bidirectional && r.n_contents == 0,
		       "pass, ip, bidirectional, no content");
		tap_ok(r.dst_addr.prefix.family == AF_INET6 &&
		       r.dst_addr.prefix.prefix_len == 32, "IPv6 prefix length 32");
		rule_free(&r);
	}
	if (tap_ok(parse("alert icmp any any -> any any (msg:\"semi\\; quote\\\" back\\\\\"; sid:4;)", &r),
		   "msg with escapes parses")) {
		tap_ok(!strcmp(r.msg, "semi; quote\" back\\"), "msg escapes decoded");
		tap_ok(r.proto == RULE_PROTO_ICMP, "icmp protocol");
		rule_free(&r);
	}
	if (tap_ok(parse("alert tcp any any -> any any (content:\"a\"; content:!\"b\"; nocase; content:\"|3b|\"; sid:6;)", &r),
		   "several contents with negation parse")) {
		tap_ok(r.n_contents == 3 && r.contents[1].negated &&
		       r.contents[1].nocase && !r.contents[0].nocase &&
		       !r.contents[2].negated && content_is(&r.contents[2], ";", 1),
		       "content order, negation and nocase kept per content");
		rule_free(&r);
	}
	if (tap_ok(parse("alert tcp [10.0.0.1, 10.0.0.2] any -> any any (sid:7;)", &r),
		   "spaces inside a list accepted")) {
		tap_ok(r.src_addr.kind == RULE_EXPR_LIST && r.src_addr.list.count == 2,
		       "list with spaces has two items");
		rule_free(&r);
	}
	if (tap_ok(parse("alert tcp any any -> any any (content:\"a\\|b\\;c\\\\d\\\"e\"; sid:8;)", &r),
		   "content escapes parse")) {
		tap_ok(content_is(&r.contents[0], "a|b;c\\d\"e", 9),
		       "content escapes decoded");
		rule_free(&r);
	}
	if (tap_ok(parse("  alert   tcp any 1024: -> any :1023   (sid:9)  ", &r),
		   "open port ranges, extra spaces, no final ';'")) {
		tap_ok(r.src_port.ports.low == 1024 && r.src_port.ports.high == 65535 &&
		       r.dst_port.ports.low == 0 && r.dst_port.ports.high == 1023,
		       "open ranges fill to 0 and 65535");
		rule_free(&r);
	}
}

struct bad_case {
	const char *rule;
	const char *error;
};

static const struct bad_case bad_cases[] = {
	{ "alert tcp any any -> any 80 (sid:1;", "must end with ')'" },
	{ "alert tcp any any -> any 80 sid:1;", "missing '('" },
	{ "alert tcp any any any 80 (sid:1;)", "expected 7 header fields" },
	{ "alert tcp any any -> any 80 extra (sid:1;)", "more than 7 header fields before '(': 'extra'" },
	{ "reject tcp any any -> any any (sid:1;)", "unsupported action 'reject'" },
	{ "warn tcp any any -> any any (sid:1;)", "unknown action 'warn'" },
	{ "alert http any any -> any any (sid:1;)", "unsupported protocol 'http'" },
	{ "alert tcp 10.0.0.300 any -> any any (sid:1;)", "invalid source address '10.0.0.300': not an IPv4 or IPv6 address" },
	{ "alert tcp any any -> 10.0.0.0/33 any (sid:1;)", "invalid destination address '10.0.0.0/33': prefix length not in 0..32" },
	{ "alert tcp any any -> 2001:db8::/129 any (sid:1;)", "prefix length not in 0..128" },
	{ "alert tcp any 70000 -> any any (sid:1;)", "invalid source port '70000': not a port number" },
	{ "alert tcp any 90:80 -> any any (sid:1;)", "range start above its end" },
	{ "alert tcp any any -> any [80,x] (sid:1;)", "invalid destination port '[80,x]': item 'x': not a port number in 0..65535" },
	{ "alert tcp any any <- any any (sid:1;)", "invalid direction '<-'" },
	{ "alert tcp !any any -> any any (sid:1;)", "'!any' matches nothing" },
	{ "alert tcp [10.0.0.1 any -> any any (sid:1;)", "'[' without ']'" },
	{ "alert tcp [10.0.0.1,] any -> any any (sid:1;)", "empty item" },
	{ "alert tcp [] any -> any any (sid:1;)", "empty list" },
	{ "alert tcp 10.0.0.1] any -> any any (sid:1;)", "invalid source address '10.0.0.1]': item ']': unexpected text after the value" },
	{ "alert tcp !!10.0.0.1 any -> any any (sid:1;)", "double negation" },
	{ "alert tcp $HOME_NET any -> any any (sid:1;)", "variables are not supported" },
	{ "alert ip any 80 -> any any (sid:1;)", "ports other than 'any' need protocol tcp or udp" },
	{ "alert tcp any any -> any any (msg:\"x\";)", "missing sid" },
	{ "alert tcp any any -> any any (sid:0;)", "invalid sid '0'" },
	{ "alert tcp any any -> any any (sid:abc;)", "invalid sid 'abc'" },
	{ "alert tcp any any -> any any (sid:4294967296;)", "invalid sid '4294967296'" },
	{ "alert tcp any any -> any any (sid:1; sid:2;)", "option 'sid' given twice" },
	{ "alert tcp any any -> any any (nocase; content:\"a\"; sid:1;)", "'nocase' before any content" },
	{ "alert tcp any any -> any any (content:\"a\"; nocase; nocase; sid:1;)", "'nocase' given twice" },
	{ "alert tcp any any -> any any (content:\"\"; sid:1;)", "empty content" },
	{ "alert tcp any any -> any any (content:\"|4|\"; sid:1;)", "odd number of hex digits" },
	{ "alert tcp any any -> any any (content:\"|zz|\"; sid:1;)", "invalid hex digit 'z'" },
	{ "alert tcp any any -> any any (content:\"|41\"; sid:1;)", "unterminated |hex| block" },
	{ "alert tcp any any -> any any (content:\"a;b\"; sid:1;)", "unescaped ';' in content" },
	{ "alert tcp any any -> any any (content:\"a\\qb\"; sid:1;)", "invalid escape '\\q' in content" },
	{ "alert tcp any any -> any any (content:abc; sid:1;)", "option 'content' needs a value in double quotes" },
	{ "alert tcp any any -> any any (msg:!\"x\"; sid:1;)", "option 'msg' cannot be negated" },
	{ "alert tcp any any -> any any (msg:\"abc; sid:1;)", "unterminated string in option 'msg'" },
	{ "alert tcp any any -> any any (msg:\"a;b\"; sid:1;)", "unescaped ';' in msg" },
	{ "alert tcp any any -> any any (flow:established; sid:1;)", "unsupported option 'flow'" },
	{ "alert tcp any any -> any any (sid:1 rev:2;)", "invalid sid '1 rev:2'" },
	{ "alert tcp any any -> any any (msg:\"a\" b; sid:1;)", "expected ';' after option 'msg' at 'b; sid:1;'" },
	{ "alert tcp any any -> any any (nocase:1; sid:1;)", "option 'nocase' takes no value" },
	{ "alert tcp any any -> any any (; sid:1;)", "expected an option name at '; sid:1;'" },
};

static void test_bad_rules(void)
{
	char err[RULE_ERROR_MAX];
	struct rule r;
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		int ret = rule_parse(bad_cases[i].rule, &r, err, sizeof(err));

		if (!tap_ok(ret == -EINVAL && strstr(err, bad_cases[i].error),
			    "rejects with \"%s\"", bad_cases[i].error))
			tap_diag("rule: %s\nerror: %s", bad_cases[i].rule, err);
	}
}

static void test_too_many_contents(void)
{
	char text[2048], err[RULE_ERROR_MAX];
	struct rule r;
	size_t n = 0;
	int i;

	n += (size_t)snprintf(text + n, sizeof(text) - n, "alert tcp any any -> any any (");
	for (i = 0; i <= RULE_CONTENT_MAX; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "content:\"c%d\"; ", i);
	snprintf(text + n, sizeof(text) - n, "sid:1;)");
	tap_ok(rule_parse(text, &r, err, sizeof(err)) == -EINVAL &&
	       strstr(err, "more than 32 contents"), "33 contents rejected");
}

static bool addr_match(const char *expr_rule, const char *addr)
{
	char text[256];
	uint8_t bytes[16] = { 0 };
	int family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	struct rule r;
	bool hit;

	snprintf(text, sizeof(text), "alert ip %s any -> any any (sid:1;)", expr_rule);
	if (!parse(text, &r))
		return false;
	inet_pton(family, addr, bytes);
	hit = rule_expr_match_addr(&r.src_addr, family, bytes);
	rule_free(&r);
	return hit;
}

static bool port_match(const char *expr_rule, uint16_t port)
{
	char text[256];
	struct rule r;
	bool hit;

	snprintf(text, sizeof(text), "alert tcp any %s -> any any (sid:1;)", expr_rule);
	if (!parse(text, &r))
		return false;
	hit = rule_expr_match_port(&r.src_port, port);
	rule_free(&r);
	return hit;
}

static void test_matching(void)
{
	const char *list = "[10.0.0.0/8,!10.1.0.0/16,192.168.1.1]";

	tap_ok(addr_match(list, "10.2.3.4") && !addr_match(list, "10.1.2.3") &&
	       addr_match(list, "192.168.1.1") && !addr_match(list, "192.168.1.2"),
	       "list with negated item");
	tap_ok(!addr_match(list, "2001:db8::1"), "IPv4 list never matches IPv6");
	tap_ok(addr_match("![10.0.0.0/8,172.16.0.0/12]", "8.8.8.8") &&
	       !addr_match("![10.0.0.0/8,172.16.0.0/12]", "172.20.0.1"),
	       "negated list");
	tap_ok(addr_match("[!10.0.0.1,!10.0.0.2]", "10.0.0.3") &&
	       !addr_match("[!10.0.0.1,!10.0.0.2]", "10.0.0.2"),
	       "list of only negations means any other");
	tap_ok(addr_match("[[10.0.0.1,10.0.0.2],10.0.0.3]", "10.0.0.2") &&
	       !addr_match("[[10.0.0.1,10.0.0.2],10.0.0.3]", "10.0.0.4"),
	       "nested list");
	tap_ok(addr_match("2001:db8::/32", "2001:db8:1::1") &&
	       !addr_match("2001:db8::/32", "2001:db9::1"), "IPv6 prefix");
	tap_ok(addr_match("10.0.0.0/9", "10.127.0.1") &&
	       !addr_match("10.0.0.0/9", "10.128.0.1"), "prefix not on a byte boundary");
	tap_ok(addr_match("10.1.2.3/8", "10.9.9.9"), "host bits of a CIDR ignored");
	tap_ok(addr_match("0.0.0.0/0", "1.2.3.4") &&
	       !addr_match("0.0.0.0/0", "::1"), "0.0.0.0/0 is every IPv4 address");
	tap_ok(port_match("[80:90,!85]", 80) && !port_match("[80:90,!85]", 85) &&
	       !port_match("[80:90,!85]", 91), "port range list with exclusion");
	tap_ok(!port_match("!22", 22) && port_match("!22", 23), "negated port");
}

static const char *write_file(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tap_tmpdir(), name);
	f = fopen(path, "w");
	fwrite(text, 1, strlen(text), f);
	fclose(f);
	return path;
}

static void test_files(void)
{
	struct ruleset *rs = NULL;
	struct outbuf errs;
	char expect[600];
	const char *path;
	int ret;

	outbuf_init(&errs, 0);
	path = write_file("good.rules",
			  "# comment\n"
			  "\n"
			  "alert tcp any any -> any 80 (msg:\"one\"; sid:1;)\n"
			  "   # indented comment\n"
			  "drop udp any any -> any 53 \\\n"
			  "  (msg:\"two\"; \\\n"
			  "   sid:2;)\r\n");
	ret = rules_load(path, &rs, &errs);
	tap_ok(ret == 0 && rs && rs->count == 2, "good file loads 2 rules");
	if (rs) {
		tap_ok(rs->rules[0].line == 3 && rs->rules[1].line == 5,
		       "rules keep their first line number");
		tap_ok(!strcmp(rs->rules[1].msg, "two") && rs->rules[1].sid == 2,
		       "continued rule joined");
		ruleset_free(rs);
		rs = NULL;
	}

	path = write_file("bad.rules",
			  "# comment\n"
			  "\n"
			  "alert tcp any any -> any 80 (msg:\"one\"; sid:1;)\n"
			  "alert tcp 10.0.0.300 any -> any 80 (sid:2;)\n"
			  "alert tcp any any -> any 81 \\\n"
			  "  (sid:3;)\n"
			  "alert tcp any any -> any 82 \\\n"
			  "  (sid:4; bogus;)\n"
			  "alert tcp any any -> any 83 (sid:1;)\n");
	outbuf_reset(&errs);
	ret = rules_load(path, &rs, &errs);
	tap_ok(ret == -EINVAL && rs == NULL, "file with errors fails as a whole");
	snprintf(expect, sizeof(expect), "%s:4: invalid source address '10.0.0.300'", path);
	tap_ok(strstr(outbuf_str(&errs), expect) != NULL,
	       "error names file, line and bad address");
	snprintf(expect, sizeof(expect), "%s:7: unsupported option 'bogus'", path);
	tap_ok(strstr(outbuf_str(&errs), expect) != NULL,
	       "error in continued rule names its first line");
	snprintf(expect, sizeof(expect), "%s:9: duplicate sid 1 (first used on line 3)", path);
	tap_ok(strstr(outbuf_str(&errs), expect) != NULL, "duplicate sid reported");
	tap_diag("%s", outbuf_str(&errs));

	outbuf_reset(&errs);
	path = write_file("cont.rules", "alert tcp any any -> any 80 \\\n");
	tap_ok(rules_load(path, &rs, &errs) == -EINVAL &&
	       strstr(outbuf_str(&errs), ":1: the file ends inside a rule"),
	       "continuation at end of file rejected");

	outbuf_reset(&errs);
	path = write_file("nul.rules", "alert tcp any any -> any 80 (sid:1;)\n");
	{
		FILE *f = fopen(path, "a");

		fwrite("alert\0tcp\n", 1, 10, f);
		fclose(f);
	}
	tap_ok(rules_load(path, &rs, &errs) == -EINVAL &&
	       strstr(outbuf_str(&errs), ":2: NUL byte"), "NUL byte rejected");

	outbuf_reset(&errs);
	ret = rules_load("/nonexistent/x.rules", &rs, &errs);
	tap_ok(ret == -ENOENT &&
	       strstr(outbuf_str(&errs), "/nonexistent/x.rules: cannot open"),
	       "missing file names the path");
	outbuf_free(&errs);
}

static void test_many_errors(void)
{
	struct ruleset *rs = NULL;
	struct outbuf errs, text;
	int i;

	outbuf_init(&errs, 0);
	outbuf_init(&text, 0);
	for (i = 0; i < 25; i++)
		outbuf_printf(&text, "alert tcp any any -> any 80 (sid:%d; x;)\n", i + 1);
	rules_load(write_file("many.rules", outbuf_str(&text)), &rs, &errs);
	tap_ok(strstr(outbuf_str(&errs), "5 more errors not listed") != NULL,
	       "errors beyond %d counted, not listed", RULES_ERRORS_LISTED);
	outbuf_free(&errs);
	outbuf_free(&text);
}

int main(void)
{
	test_basic();
	test_features();
	test_bad_rules();
	test_too_many_contents();
	test_matching();
	test_files();
	test_many_errors();
	return tap_done();
}
