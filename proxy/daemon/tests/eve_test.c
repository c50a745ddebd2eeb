// SPDX-License-Identifier: GPL-2.0-only
/* EVE alert lines: JSON escaping, fields, whole lines from many threads. */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eve.h"
#include "log.h"
#include "packet.h"
#include "pkt_build.h"
#include "tap.h"

static char checker[512];

static void make_alert(struct eve_alert *a, struct packet_info *pi,
		       uint8_t *buf, const char *msg)
{
	size_t len = build_ipv4(buf, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000,
				443, "x", 1);

	packet_parse_ip(buf, len, pi);
	memset(a, 0, sizeof(*a));
	clock_gettime(CLOCK_REALTIME, &a->time);
	a->pkt = pi;
	a->spi = 0xc0ffee01;
	a->ipsec_proto = IPPROTO_ESP;
	a->blocked = true;
	a->sid = 42;
	a->rev = 7;
	a->msg = msg;
}

/* Run the checker on path; returns its output lines or NULL. */
static char *check_file(const char *path)
{
	size_t len = 0, cap = 1 << 16, n;
	char cmd[1200], *out = malloc(cap);
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s' '%s'", checker, path);
	p = popen(cmd, "r");
	while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 4096) {
			cap *= 2;
			out = realloc(out, cap);
		}
	}
	out[len] = '\0';
	if (pclose(p) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void test_escaping(void)
{
	static const char msg[] = "quote \" back \\ nl \n tab \t bell \x07 "
				  "del \x7f utf8 \xc3\xa9 bad \xff\xc3 end";
	char path[512], *out;
	struct packet_info pi;
	struct eve_alert a;
	struct eve *eve;
	uint8_t buf[256];

	snprintf(path, sizeof(path), "%s/escape.json", tap_tmpdir());
	make_alert(&a, &pi, buf, msg);
	a.in_iface = "veth\"0";
	if (!tap_ok(eve_open(path, &eve) == 0, "eve_open creates the file"))
		return;
	tap_ok(eve_write_alert(eve, &a) == 0, "alert with hostile msg written");
	eve_close(eve);
	out = check_file(path);
	if (!tap_ok(out != NULL, "line is valid JSON for python json.loads"))
		return;
	tap_ok(strstr(out, "[42, \"quote \\\" back \\\\ nl \\n tab \\t bell \\u0007 "
			   "del \\u007f utf8 \\u00e9 bad \\ufffd\\ufffd end\", ") != NULL,
	       "msg escaped, invalid UTF-8 replaced by U+FFFD");
	tap_ok(strstr(out, "\"10.0.0.1\", 40000, \"10.0.0.2\", 443, \"TCP\", "
			   "\"0xc0ffee01\", \"esp\", \"blocked\", \"veth\\\"0\"]") != NULL,
	       "addresses, ports, proto, spi, action, in_iface");
	tap_diag("%s", out);
	free(out);
}

static void test_fields(void)
{
	char line[EVE_LINE_MAX], path[512], *out;
	struct packet_info pi;
	struct eve_alert a;
	struct eve *eve;
	uint8_t buf[256];
	size_t len;
	ssize_t n;

	make_alert(&a, &pi, buf, "v6");
	len = build_ipv6(buf, "2001:db8::1", "2001:db8::2", IPPROTO_ICMPV6, 0, 0,
			 "ping", 4);
	packet_parse_ip(buf, len, &pi);
	a.ipsec_proto = IPPROTO_AH;
	a.blocked = false;
	n = eve_format_alert(&a, line, sizeof(line));
	tap_ok(n > 0 && line[n - 1] == '\n' && !memchr(line, '\n', (size_t)n - 1),
	       "formatted alert is one line ending in a newline");
	tap_ok(!strstr(line, "src_port") && !strstr(line, "dest_port"),
	       "no ports for ICMPv6");
	tap_ok(eve_format_alert(&a, line, 64) == -ENOSPC,
	       "too small buffer reported");

	snprintf(path, sizeof(path), "%s/fields.json", tap_tmpdir());
	eve_open(path, &eve);
	eve_write_alert(eve, &a);
	eve_close(eve);
	out = check_file(path);
	tap_ok(out && strstr(out, "[42, \"v6\", \"2001:db8::1\", null, \"2001:db8::2\", "
				  "null, \"IPv6-ICMP\", \"0xc0ffee01\", \"ah\", \"allowed\", null]"),
	       "IPv6 ICMP alert over AH, allowed");
	free(out);
}

struct writer {
	struct eve *eve;
	int id;
};

static void *write_many(void *arg)
{
	struct writer *w = arg;
	char msg[600];
	struct packet_info pi;
	struct eve_alert a;
	uint8_t buf[256];
	int i;

	/* Long lines make interleaving visible if writes were split. */
	memset(msg, 'a' + w->id, sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	make_alert(&a, &pi, buf, msg);
	a.sid = (uint32_t)w->id;
	for (i = 0; i < 500; i++)
		eve_write_alert(w->eve, &a);
	return NULL;
}

static void test_threads_and_reopen(void)
{
	char path[512], moved[512], *out, *line, *save = NULL;
	unsigned int lines = 0, per_sid[4] = { 0 };
	pthread_t threads[4];
	struct writer w[4];
	struct eve_stats st;
	struct packet_info pi;
	struct eve_alert a;
	struct eve *eve;
	uint8_t buf[256];
	int i;

	snprintf(path, sizeof(path), "%s/threads.json", tap_tmpdir());
	eve_open(path, &eve);
	for (i = 0; i < 4; i++) {
		w[i].eve = eve;
		w[i].id = i;
		pthread_create(&threads[i], NULL, write_many, &w[i]);
	}
	for (i = 0; i < 4; i++)
		pthread_join(threads[i], NULL);
	eve_get_stats(eve, &st);
	tap_ok(st.lines == 2000 && st.errors == 0, "2000 lines counted");
	out = check_file(path);
	if (tap_ok(out != NULL, "lines of 4 threads are all valid JSON")) {
		for (line = strtok_r(out, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			int sid = atoi(line + 1);

			lines++;
			if (sid >= 0 && sid < 4)
				per_sid[sid]++;
		}
		tap_ok(lines == 2000 && per_sid[0] == 500 && per_sid[3] == 500,
		       "every line whole: 500 per thread");
	}
	free(out);

	snprintf(moved, sizeof(moved), "%s/threads.json.1", tap_tmpdir());
	rename(path, moved);
	tap_ok(eve_reopen(eve) == 0, "eve_reopen after rotation");
	make_alert(&a, &pi, buf, "after rotation");
	eve_write_alert(eve, &a);
	eve_close(eve);
	out = check_file(path);
	tap_ok(out && strstr(out, "after rotation") && !strchr(strchr(out, '\n') + 1, '\n'),
	       "new file holds only the line after rotation");
	free(out);
}

int main(void)
{
	log_open(LOG_TARGET_STDERR, LOG_LEVEL_WARN, "eve_test");
	snprintf(checker, sizeof(checker), "%s/eve_check.py", PROXYD_TESTS_DIR);
	test_escaping();
	test_fields();
	test_threads_and_reopen();
	return tap_done();
}
