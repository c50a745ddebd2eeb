// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inspection with Hyperscan: contents, nocase, negation, header filters,
 * action precedence, failed reloads, and reloads under concurrent scans.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inspect.h"
#include "log.h"
#include "packet.h"
#include "pkt_build.h"
#include "tap.h"

static struct inspect *ins;
static struct inspect_worker *worker;

static const char *write_rules(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tap_tmpdir(), name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

struct test_packet {
	uint8_t buf[2048];
	struct packet_info info;
};

static void make_v4(struct test_packet *p, const char *src, const char *dst,
		    uint8_t proto, uint16_t sport, uint16_t dport,
		    const char *payload)
{
	size_t len = build_ipv4(p->buf, src, dst, proto, sport, dport, payload,
				strlen(payload));

	if (packet_parse_ip(p->buf, len, &p->info))
		tap_diag("test packet does not parse");
}

static void make_v6(struct test_packet *p, const char *src, const char *dst,
		    uint8_t proto, uint16_t sport, uint16_t dport,
		    const char *payload)
{
	size_t len = build_ipv6(p->buf, src, dst, proto, sport, dport, payload,
				strlen(payload));

	if (packet_parse_ip(p->buf, len, &p->info))
		tap_diag("test packet does not parse");
}

/* The verdict and the sids of the alerts, e.g. "drop:2,5". */
static const char *run(const struct test_packet *p)
{
	static const char *const names[] = { "none", "alert", "drop", "pass" };
	static char out[256];
	struct inspect_result res;
	size_t i, n;

	if (inspect_packet(worker, &p->info, &res))
		return "error";
	n = (size_t)snprintf(out, sizeof(out), "%s", names[res.verdict]);
	for (i = 0; i < res.n_alerts && n < sizeof(out); i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%c%u",
				      i ? ',' : ':', res.alerts[i].sid);
	return out;
}

static bool check(const struct test_packet *p, const char *want,
		  const char *name)
{
	const char *got = run(p);

	if (!tap_ok(!strcmp(got, want), "%s", name)) {
		tap_diag("expected %s, got %s", want, got);
		return false;
	}
	return true;
}

static const char rules_main[] =
	"alert tcp any any -> any 80 (msg:\"GET request\"; content:\"GET \"; sid:1; rev:3;)\n"
	"alert tcp any any -> any any (msg:\"nocase\"; content:\"SeCrEt\"; nocase; sid:2;)\n"
	"drop tcp any any -> any any (msg:\"both\"; content:\"alpha\"; content:\"omega\"; sid:3;)\n"
	"alert udp any any -> any 53 (msg:\"binary\"; content:\"|00 ff 3b|x\"; sid:4;)\n"
	"alert tcp any any -> any any (msg:\"not\"; content:\"login\"; content:!\"tls\"; sid:5;)\n"
	"drop ip 192.0.2.0/24 any -> any any (msg:\"blocked net\"; sid:6;)\n"
	"pass tcp 10.9.9.9 any -> any any (msg:\"trusted\"; sid:7;)\n"
	"alert tcp [10.0.0.0/8,!10.1.0.0/16] any -> 10.0.0.2 [8000:8100,!8050] (msg:\"ranges\"; content:\"ping\"; sid:8;)\n"
	"alert tcp 10.5.5.5 5555 <> 10.6.6.6 any (msg:\"both ways\"; content:\"hello\"; sid:9;)\n"
	"alert icmp any any -> any any (msg:\"icmp\"; content:\"pingdata\"; sid:10;)\n"
	"alert ip any any -> 2001:db8::/32 any (msg:\"v6 net\"; content:\"v6\"; sid:11;)\n"
	"drop tcp any any -> any 81 (msg:\"drop 81\"; content:\"X\"; sid:12;)\n"
	"alert tcp any any -> any 81 (msg:\"alert 81\"; content:\"X\"; sid:13;)\n"
	"pass tcp any any -> any 82 (msg:\"pass 82\"; content:\"X\"; sid:14;)\n"
	"drop tcp any any -> any 82 (msg:\"drop 82\"; content:\"X\"; sid:15;)\n"
	"alert tcp any any -> any 82 (msg:\"alert 82\"; content:\"X\"; sid:16;)\n";

static void test_contents(void)
{
	struct test_packet p;

	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000, 80,
		"GET /index.html HTTP/1.1");
	check(&p, "alert:1", "content and port match");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000, 8080,
		"GET /index.html HTTP/1.1");
	check(&p, "none", "content without port does not match");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000, 80,
		"get /index.html HTTP/1.1");
	check(&p, "none", "content is case-sensitive without nocase");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 2, "the sEcReT word");
	check(&p, "alert:2", "nocase content matches other case");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 2, "omega then alpha");
	check(&p, "drop:3", "all contents present in any order");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 2, "only alpha");
	check(&p, "none", "one content of two is not enough");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_UDP, 1, 53, "ab\x01");
	check(&p, "none", "binary content absent");
	{
		static const char bin[] = "zz\x00\xff;xzz";
		size_t len = build_ipv4(p.buf, "10.0.0.1", "10.0.0.2", IPPROTO_UDP,
					1, 53, bin, sizeof(bin) - 1);

		packet_parse_ip(p.buf, len, &p.info);
		check(&p, "alert:4", "|hex| content with NUL byte matches");
	}
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 2, "login please");
	check(&p, "alert:5", "negated content absent: match");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 2, "login over tls");
	check(&p, "none", "negated content present: no match");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 80, 1, "payload GET x");
	check(&p, "none", "content only in payload, not in header bytes");
}

static void test_headers(void)
{
	struct test_packet p;

	make_v4(&p, "192.0.2.77", "10.0.0.2", IPPROTO_UDP, 1, 2, "anything");
	check(&p, "drop:6", "header-only rule matches without content");
	make_v4(&p, "192.0.3.77", "10.0.0.2", IPPROTO_UDP, 1, 2, "anything");
	check(&p, "none", "header-only rule respects the prefix");
	make_v4(&p, "10.9.9.9", "10.0.0.2", IPPROTO_TCP, 1, 80, "GET / alpha omega");
	check(&p, "pass", "pass wins over drop and alert, no alerts listed");
	make_v4(&p, "10.2.0.1", "10.0.0.2", IPPROTO_TCP, 1, 8001, "ping");
	check(&p, "alert:8", "address list and port range match");
	make_v4(&p, "10.1.0.1", "10.0.0.2", IPPROTO_TCP, 1, 8001, "ping");
	check(&p, "none", "negated address in list excludes");
	make_v4(&p, "10.2.0.1", "10.0.0.2", IPPROTO_TCP, 1, 8050, "ping");
	check(&p, "none", "negated port in list excludes");
	make_v4(&p, "10.2.0.1", "10.0.0.3", IPPROTO_TCP, 1, 8001, "ping");
	check(&p, "none", "destination address filter");
	make_v4(&p, "10.2.0.1", "10.0.0.2", IPPROTO_UDP, 1, 8001, "ping");
	check(&p, "none", "tcp rule does not match udp");
	make_v4(&p, "10.5.5.5", "10.6.6.6", IPPROTO_TCP, 5555, 1234, "hello");
	check(&p, "alert:9", "<> matches forward");
	make_v4(&p, "10.6.6.6", "10.5.5.5", IPPROTO_TCP, 1234, 5555, "hello");
	check(&p, "alert:9", "<> matches reverse");
	make_v4(&p, "10.6.6.6", "10.5.5.5", IPPROTO_TCP, 5555, 1234, "hello");
	check(&p, "none", "<> still checks ports per direction");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_ICMP, 0, 0, "pingdata");
	check(&p, "alert:10", "icmp rule on ICMPv4");
	make_v6(&p, "2001:db8::1", "2001:db8::2", IPPROTO_ICMPV6, 0, 0, "pingdata v6");
	check(&p, "alert:10,11", "icmp rule on ICMPv6, ip rule on IPv6");
	make_v6(&p, "2001:db8::1", "2001:db9::2", IPPROTO_UDP, 1, 2, "v6");
	check(&p, "none", "IPv6 prefix excludes other net");
}

static void test_precedence(void)
{
	struct test_packet p;
	struct inspect_result res;

	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 81, "X");
	check(&p, "drop:12,13", "drop and alert both listed, verdict drop");
	inspect_packet(worker, &p.info, &res);
	tap_ok(res.alerts[0].action == RULE_ACTION_DROP &&
	       res.alerts[1].action == RULE_ACTION_ALERT &&
	       !strcmp(res.alerts[0].msg, "drop 81"),
	       "alerts carry their rule action and msg");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 82, "X");
	check(&p, "pass", "pass beats drop and alert on the same packet");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000, 80, "GET X");
	inspect_packet(worker, &p.info, &res);
	tap_ok(res.verdict == INSPECT_ALERT && res.n_alerts == 1 &&
	       res.alerts[0].rev == 3 && !strcmp(res.alerts[0].msg, "GET request"),
	       "alert carries sid, rev and msg");
}

static void test_reload_keeps_old(void)
{
	struct inspect_stats before, after;
	struct test_packet p;
	struct outbuf errs;
	const char *path;
	char expect[600];
	int ret;

	inspect_get_stats(ins, &before);
	outbuf_init(&errs, 0);
	path = write_rules("broken.rules",
			   "alert tcp any any -> any 80 (content:\"new\"; sid:100;)\n"
			   "alert tcp any any -> any 80 (content:\"x\"; sid:101; bad;)\n");
	ret = inspect_reload(ins, path, &errs);
	inspect_get_stats(ins, &after);
	tap_ok(ret == -EINVAL, "broken file: reload fails");
	snprintf(expect, sizeof(expect), "%s:2: unsupported option 'bad'", path);
	tap_ok(strstr(outbuf_str(&errs), expect) != NULL,
	       "broken file: error names file and line");
	tap_ok(after.generation == before.generation &&
	       after.n_rules == before.n_rules &&
	       after.reloads_failed == before.reloads_failed + 1,
	       "broken file: generation and rules unchanged, failure counted");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000, 80, "GET new");
	check(&p, "alert:1", "broken file: old rules still match");
	outbuf_free(&errs);
}

static void test_many_rules(void)
{
	struct test_packet p;
	struct outbuf text;
	struct inspect_stats st;
	int i;

	outbuf_init(&text, 0);
	for (i = 0; i < 2000; i++)
		outbuf_printf(&text, "alert tcp any any -> any any (msg:\"r%d\"; content:\"token-%05d-end\"; sid:%d;)\n",
			      i, i, 1000 + i);
	tap_ok(inspect_reload(ins, write_rules("many.rules", outbuf_str(&text)),
			      NULL) == 0, "2000 rules compile into one database");
	inspect_get_stats(ins, &st);
	tap_ok(st.n_rules == 2000 && st.n_contents == 2000,
	       "stats count rules and contents");
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 2,
		"xx token-01234-end yy token-01999-end");
	check(&p, "alert:2234,2999", "the right two of 2000 rules match");
	outbuf_free(&text);
}

static void test_alert_cap(void)
{
	struct inspect_result res;
	struct test_packet p;
	struct outbuf text;
	int i;

	outbuf_init(&text, 0);
	for (i = 0; i < INSPECT_ALERTS_MAX + 4; i++)
		outbuf_printf(&text, "alert tcp any any -> any any (content:\"same\"; sid:%d;)\n",
			      i + 1);
	inspect_reload(ins, write_rules("cap.rules", outbuf_str(&text)), NULL);
	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 2, "same");
	inspect_packet(worker, &p.info, &res);
	tap_ok(res.n_alerts == INSPECT_ALERTS_MAX && res.alerts_lost == 4 &&
	       res.alerts[0].sid == 1 &&
	       res.alerts[INSPECT_ALERTS_MAX - 1].sid == INSPECT_ALERTS_MAX,
	       "alerts capped at %d in file order, the rest counted",
	       INSPECT_ALERTS_MAX);
	outbuf_free(&text);
}

/* Reloads while workers scan: every result must come from one rule set. */
struct scanner {
	pthread_t thread;
	struct inspect_worker *w;
	unsigned long packets;
	unsigned long bad;
	unsigned long seen_a;
	unsigned long seen_b;
	volatile bool *stop;
};

static void *scan_loop(void *arg)
{
	struct scanner *s = arg;
	struct inspect_result res;
	struct test_packet p;

	make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 1, 2, "payload with marker");
	while (!__atomic_load_n(s->stop, __ATOMIC_ACQUIRE)) {
		if (inspect_packet(s->w, &p.info, &res)) {
			s->bad++;
			continue;
		}
		s->packets++;
		if (res.verdict == INSPECT_DROP && res.n_alerts == 1 &&
		    res.alerts[0].sid == 500 && !strcmp(res.alerts[0].msg, "set A"))
			s->seen_a++;
		else if (res.verdict == INSPECT_ALERT && res.n_alerts == 1 &&
			 res.alerts[0].sid == 600 && !strcmp(res.alerts[0].msg, "set B"))
			s->seen_b++;
		else
			s->bad++;
	}
	return NULL;
}

static void test_concurrent_reload(void)
{
	const char *a = "drop tcp any any -> any any (msg:\"set A\"; content:\"marker\"; sid:500;)\n";
	const char *b = "alert tcp any any -> any any (msg:\"set B\"; content:\"marker\"; sid:600;)\n"
			"alert tcp any any -> any any (msg:\"unrelated\"; content:\"zzz\"; sid:601;)\n";
	char path_a[512], path_b[512];
	struct scanner sc[2];
	struct inspect_stats st;
	volatile bool stop = false;
	int i, failures = 0;

	snprintf(path_a, sizeof(path_a), "%s", write_rules("a.rules", a));
	snprintf(path_b, sizeof(path_b), "%s", write_rules("b.rules", b));
	if (inspect_reload(ins, path_a, NULL))
		failures++;
	for (i = 0; i < 2; i++) {
		memset(&sc[i], 0, sizeof(sc[i]));
		sc[i].stop = &stop;
		inspect_worker_create(ins, &sc[i].w);
		pthread_create(&sc[i].thread, NULL, scan_loop, &sc[i]);
	}
	for (i = 0; i < 40; i++) {
		struct timespec pause = { 0, 3000000 };

		failures += inspect_reload(ins, i % 2 ? path_a : path_b, NULL) != 0;
		nanosleep(&pause, NULL);
	}
	__atomic_store_n(&stop, true, __ATOMIC_RELEASE);
	for (i = 0; i < 2; i++)
		pthread_join(sc[i].thread, NULL);

	inspect_get_stats(ins, &st);
	tap_ok(failures == 0, "40 reloads while scanning succeed");
	for (i = 0; i < 2; i++) {
		tap_ok(sc[i].bad == 0 && sc[i].packets > 0,
		       "scanner %d: %lu packets, none with a mixed or missing result",
		       i, sc[i].packets);
		tap_ok(sc[i].seen_a > 0 && sc[i].seen_b > 0,
		       "scanner %d moved between sets (A %lu, B %lu times)", i,
		       sc[i].seen_a, sc[i].seen_b);
		inspect_worker_destroy(sc[i].w);
	}
	tap_ok(st.reloads_ok >= 41, "reloads counted");
}

int main(void)
{
	log_open(LOG_TARGET_STDERR, LOG_LEVEL_WARN, "inspect_test");
	if (inspect_create(&ins) || inspect_worker_create(ins, &worker)) {
		printf("Bail out! inspection cannot start\n");
		return 1;
	}
	{
		struct test_packet p;

		make_v4(&p, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000, 80, "GET /");
		check(&p, "none", "empty rule set matches nothing");
	}
	if (!tap_ok(inspect_reload(ins, write_rules("main.rules", rules_main),
				   NULL) == 0, "rule file loads"))
		return tap_done();
	test_contents();
	test_headers();
	test_precedence();
	test_reload_keeps_old();
	test_many_rules();
	test_alert_cap();
	test_concurrent_reload();
	inspect_worker_destroy(worker);
	inspect_destroy(ins);
	return tap_done();
}
