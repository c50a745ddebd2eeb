// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control socket with the real ipsec-proxyctl: every command, the
 * framing, socket file handling and the Prometheus output.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"
#include "inspect.h"
#include "log.h"
#include "tap.h"

struct fixture {
	struct inspect *ins;
	const char *rules_path;
	unsigned int sa_reloads;
	unsigned int reload_delay_s;
	uint8_t esp_key[20];	/* never to appear in any output */
};

static struct fixture fx;
static char ctl_bin[600], sock_path[300], out_path[300], err_path[300];

static int walk_sas(void *ctx, control_sa_fn fn, void *arg)
{
	static const struct control_counter esp_packets[] = {
		{ "forwarded", NULL, 5 },
		{ "dropped_auth", NULL, 1 },
	};
	static const struct control_counter ah_packets[] = {
		{ "forwarded", NULL, 9 },
	};
	struct control_sa esp = {
		.family = AF_INET, .spi = 0x1000, .protocol = IPPROTO_ESP,
		.mode = "tunnel", .aead_alg = "rfc4106(gcm(aes))",
		.icv_bits = 128, .esn = true, .replay_window = 64,
		.encap_sport = 4500, .encap_dport = 4500,
		.packets = esp_packets, .n_packets = 2, .bytes = 1234,
	};
	struct control_sa ah = {
		.family = AF_INET6, .spi = 0x2000, .protocol = IPPROTO_AH,
		.mode = "transport", .auth_alg = "hmac(sha256)", .icv_bits = 128,
		.replay_window = 32, .packets = ah_packets, .n_packets = 1,
		.bytes = 900,
	};
	int ret;

	(void)ctx;
	inet_pton(AF_INET, "192.0.2.1", esp.src);
	inet_pton(AF_INET, "192.0.2.2", esp.dst);
	inet_pton(AF_INET6, "2001:db8::1", ah.src);
	inet_pton(AF_INET6, "2001:db8::2", ah.dst);
	ret = fn(arg, &esp);
	return ret ? ret : fn(arg, &ah);
}

static int walk_workers(void *ctx, control_worker_fn fn, void *arg)
{
	static const struct control_counter w0[] = {
		{ "rx_frames", "Frames received.", 10 },
		{ "tx_frames", "Frames sent.", 10 },
		{ "kernel_drops", "Frames the kernel dropped, ring full.", 0 },
	};
	static const struct control_counter w1[] = {
		{ "rx_frames", "Frames received.", 20 },
		{ "tx_frames", "Frames sent.", 19 },
		{ "kernel_drops", "Frames the kernel dropped, ring full.", 1 },
	};
	struct control_worker w = { .id = 0, .counters = w0, .n_counters = 3 };
	int ret;

	(void)ctx;
	ret = fn(arg, &w);
	w.id = 1;
	w.counters = w1;
	return ret ? ret : fn(arg, &w);
}

static int walk_drops(void *ctx, control_counter_fn fn, void *arg)
{
	static const struct control_counter drops[] = {
		{ "replay", NULL, 3 },
		{ "auth", NULL, 1 },
		{ "odd\"re\\ason", NULL, 2 },
	};
	size_t i;
	int ret = 0;

	(void)ctx;
	for (i = 0; !ret && i < 3; i++)
		ret = fn(arg, &drops[i]);
	return ret;
}

static int walk_metrics(void *ctx, control_metric_fn fn, void *arg)
{
	struct fixture *f = ctx;
	struct inspect_stats st;
	struct control_metric m = {
		.name = "rules_loaded", .help = "Rules in the active set.",
		.type = CONTROL_METRIC_GAUGE,
	};
	int ret;

	inspect_get_stats(f->ins, &st);
	m.value = st.n_rules;
	ret = fn(arg, &m);
	m.name = "rule_reloads_total";
	m.help = "Rule reloads by result.";
	m.type = CONTROL_METRIC_COUNTER;
	m.label = "result";
	m.label_value = "ok";
	m.value = st.reloads_ok;
	if (!ret)
		ret = fn(arg, &m);
	m.label_value = "failed";
	m.value = st.reloads_failed;
	return ret ? ret : fn(arg, &m);
}

static int rules_reload(void *ctx, struct outbuf *out)
{
	struct fixture *f = ctx;

	return inspect_reload(f->ins, f->rules_path, out);
}

static int sa_reload(void *ctx, struct outbuf *out)
{
	struct fixture *f = ctx;

	sleep(f->reload_delay_s);
	f->sa_reloads++;
	outbuf_printf(out, "2 SAs loaded\n");
	return 0;
}

static const struct control_ops ops = {
	.walk_sas = walk_sas,
	.walk_workers = walk_workers,
	.walk_drops = walk_drops,
	.walk_metrics = walk_metrics,
	.rules_reload = rules_reload,
	.sa_reload = sa_reload,
};

static char *read_file(const char *path)
{
	static char buf[8][1 << 16];
	static int next;
	char *b = buf[next++ % 8];
	ssize_t n = -1;
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		n = read(fd, b, sizeof(buf[0]) - 1);
		close(fd);
	}
	b[n < 0 ? 0 : n] = '\0';
	return b;
}

/* Run ipsec-proxyctl with args; returns its exit status. */
static int ctl(const char *args, char **out, char **err)
{
	char cmd[2048];
	int status;

	snprintf(cmd, sizeof(cmd), "'%s' -s '%s' %s >'%s' 2>'%s'", ctl_bin,
		 sock_path, args, out_path, err_path);
	status = system(cmd);
	*out = read_file(out_path);
	*err = read_file(err_path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char key_hex[64];

static bool no_key(const char *text)
{
	return !strstr(text, key_hex);
}

static void test_commands(void)
{
	char *out, *err;
	int rc;

	rc = ctl("help", &out, &err);
	tap_ok(rc == 0 && strstr(out, "rules reload") && strstr(out, "metrics"),
	       "help lists the commands");

	rc = ctl("stats", &out, &err);
	tap_ok(rc == 0, "stats exits 0");
	tap_ok(strstr(out, "sa spi=0x00001000 protocol=esp src=192.0.2.1 dst=192.0.2.2 bytes=1234 forwarded=5 dropped_auth=1\n") != NULL,
	       "stats: per-SA line");
	tap_ok(strstr(out, "worker id=1 rx_frames=20 tx_frames=19 kernel_drops=1\n") != NULL,
	       "stats: per-worker line");
	tap_ok(strstr(out, "drop reason=replay packets=3\n") &&
	       strstr(out, "drop reason=odd\"re\\ason packets=2\n"),
	       "stats: drops by reason");
	tap_ok(strstr(out, "metric name=rule_reloads_total result=ok value=") != NULL,
	       "stats: daemon metrics");
	tap_ok(no_key(out), "stats shows no key");

	rc = ctl("sa list", &out, &err);
	tap_ok(rc == 0 && strstr(out, "spi=0x00001000 protocol=esp src=192.0.2.1 dst=192.0.2.2 mode=tunnel aead=rfc4106(gcm(aes)) icv_bits=128 esn=yes replay_window=64 encap=udp:4500:4500\n"),
	       "sa list: ESP SA with parameters");
	tap_ok(strstr(out, "spi=0x00002000 protocol=ah src=2001:db8::1 dst=2001:db8::2 mode=transport auth=hmac(sha256) icv_bits=128 esn=no replay_window=32 encap=none\n") != NULL,
	       "sa list: AH SA over IPv6");
	tap_ok(no_key(out), "sa list shows no key");

	rc = ctl("sa reload", &out, &err);
	tap_ok(rc == 0 && !strcmp(out, "2 SAs loaded\n") && fx.sa_reloads == 1,
	       "sa reload runs the callback and prints its text");

	rc = ctl("frobnicate", &out, &err);
	tap_ok(rc == 1 && strstr(err, "ipsec-proxyd: unknown command 'frobnicate' (try 'help')"),
	       "unknown command: status 1 and reason");

	rc = ctl("sa", &out, &err);
	tap_ok(rc == 1 && strstr(err, "ipsec-proxyd: unknown command 'sa' (try 'sa list' or 'sa reload')"),
	       "sa without a subcommand names the valid ones");
	rc = ctl("rules", &out, &err);
	tap_ok(rc == 1 && strstr(err, "ipsec-proxyd: unknown command 'rules' (try 'rules reload')"),
	       "rules without a subcommand names the valid one");
}

static void test_metrics(void)
{
	char cmd[1200], metrics[300], *out, *err, *check;
	int rc;

	rc = ctl("metrics", &out, &err);
	tap_ok(rc == 0, "metrics exits 0");
	tap_ok(strstr(out, "# TYPE ipsec_proxy_packets_total counter\n") &&
	       strstr(out, "ipsec_proxy_packets_total{spi=\"0x00001000\",protocol=\"esp\",dst=\"192.0.2.2\",result=\"forwarded\"} 5\n"),
	       "metrics: per-SA packets by result");
	tap_ok(strstr(out, "ipsec_proxy_worker_rx_frames_total{worker=\"1\"} 20\n") &&
	       strstr(out, "# HELP ipsec_proxy_worker_rx_frames_total Frames received.\n"),
	       "metrics: per-worker counter with HELP");
	tap_ok(strstr(out, "ipsec_proxy_drops_total{reason=\"odd\\\"re\\\\ason\"} 2\n") != NULL,
	       "metrics: label value escaped");
	tap_ok(strstr(out, "# TYPE ipsec_proxy_rules_loaded gauge\n") &&
	       strstr(out, "ipsec_proxy_rule_reloads_total{result=\"failed\"} "),
	       "metrics: daemon gauge and labelled counter");
	tap_ok(strstr(out, "ipsec_proxy_sas 2\n") != NULL, "metrics: SA count");
	tap_ok(no_key(out), "metrics shows no key");

	snprintf(metrics, sizeof(metrics), "%s/metrics.txt", tap_tmpdir());
	rename(out_path, metrics);
	snprintf(cmd, sizeof(cmd), "'%s/prom_check.py' '%s' >'%s' 2>&1",
		 PROXYD_TESTS_DIR, metrics, out_path);
	rc = system(cmd);
	check = read_file(out_path);
	if (!tap_ok(rc == 0 && strstr(check, "valid:"),
		    "metrics pass the exposition format check"))
		tap_diag("%s", check);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

/* Send raw bytes, read until EOF or ".\n" count reached; returns text. */
static char *raw_exchange(const char *request, int responses)
{
	static char buf[65536];
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len = 0;
	int fd, seen = 0;

	strcpy(addr.sun_path, sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	buf[0] = '\0';
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		close(fd);
		return buf;
	}
	if (write(fd, request, strlen(request)) < 0)
		tap_diag("raw write failed");
	while (len < sizeof(buf) - 1 && (responses < 0 || seen < responses)) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);
		char *p;

		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		for (seen = 0, p = buf; (p = strstr(p, "\n.\n")); p += 3)
			seen++;
	}
	close(fd);
	return buf;
}

static void test_rules_reload(void)
{
	struct inspect_stats before, after;
	char good[400], *out, *err, *raw;
	int rc;

	snprintf(good, sizeof(good), "%s/good.rules", tap_tmpdir());
	write_text(good, "alert tcp any any -> any 80 (content:\"x\"; sid:1;)\n");
	fx.rules_path = good;
	rc = ctl("rules reload", &out, &err);
	inspect_get_stats(fx.ins, &after);
	tap_ok(rc == 0 && after.n_rules == 1, "rules reload loads the file");

	/* A relative path makes error lines start with '.', to test stuffing. */
	if (chdir(tap_tmpdir()))
		tap_diag("chdir failed");
	write_text("broken.rules", "alert tcp any any -> any 80 (sid:2;)\n"
		   "alert tcp any any -> any 81 (sid:3; nope;)\n");
	fx.rules_path = "./broken.rules";
	inspect_get_stats(fx.ins, &before);
	rc = ctl("rules reload", &out, &err);
	inspect_get_stats(fx.ins, &after);
	tap_ok(rc == 1 && strstr(err, "ipsec-proxyd: rules reload failed: Invalid argument\n"),
	       "broken rules: status 1 and reason");
	tap_ok(strstr(err, "\n./broken.rules:2: unsupported option 'nope'") != NULL,
	       "broken rules: error line un-stuffed by the tool");
	tap_ok(after.generation == before.generation && after.n_rules == 1,
	       "broken rules: old rules kept");

	raw = raw_exchange("rules reload\n", 1);
	tap_ok(!strncmp(raw, "ERR rules reload failed", 23) &&
	       strstr(raw, "\n../broken.rules:2: ") && strstr(raw, "\n.\n"),
	       "wire: body line starting with '.' is dot-stuffed");
}

static void test_protocol(void)
{
	char line[400], *raw, *out, *err;
	struct stat st;
	int rc;

	raw = raw_exchange("help\nsa list\n", 2);
	tap_ok(!strncmp(raw, "OK\nhelp ", 8) && strstr(raw, "\n.\nOK\nspi=0x00001000"),
	       "two pipelined requests answered in order");

	memset(line, 'x', sizeof(line) - 2);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = '\0';
	raw = raw_exchange(line, -1);
	tap_ok(!strcmp(raw, "ERR request line longer than 256 bytes\n.\n"),
	       "overlong request rejected and connection closed");

	raw = raw_exchange("quit\nhelp\n", -1);
	tap_ok(!strcmp(raw, "OK\n.\n"), "quit answers and closes");

	raw = raw_exchange("\n", 1);
	tap_ok(!strncmp(raw, "ERR empty request", 17), "empty request rejected");

	tap_ok(stat(sock_path, &st) == 0 && S_ISSOCK(st.st_mode) &&
	       (st.st_mode & 0777) == 0600, "socket file has mode 0600");

	fx.reload_delay_s = 3;
	rc = ctl("-t 1 sa reload", &out, &err);
	fx.reload_delay_s = 0;
	tap_ok(rc == 2 && strstr(err, "no complete response within the timeout"),
	       "tool gives up after -t seconds with status 2");
	sleep(3);	/* let the slow reload finish */
}

static void test_socket_files(struct control *live)
{
	struct control_config cfg = { .ops = &ops, .ctx = &fx };
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char stale[300], regular[300], *text;
	struct control *ctl2 = NULL;
	struct stat st;
	int fd, ret;

	(void)live;
	cfg.path = sock_path;
	ret = control_open(&cfg, &ctl2);
	tap_ok(ret == -EADDRINUSE, "second daemon on a live path rejected");

	snprintf(stale, sizeof(stale), "%s/stale.sock", tap_tmpdir());
	strcpy(addr.sun_path, stale);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(fd, (struct sockaddr *)&addr, sizeof(addr));
	close(fd);	/* the file stays: a daemon that died */
	cfg.path = stale;
	ret = control_open(&cfg, &ctl2);
	tap_ok(ret == 0, "stale socket file replaced");
	if (!ret) {
		control_close(ctl2);
		tap_ok(stat(stale, &st) < 0 && errno == ENOENT,
		       "socket file removed on close");
	}

	snprintf(regular, sizeof(regular), "%s/regular.sock", tap_tmpdir());
	write_text(regular, "keep me\n");
	cfg.path = regular;
	ret = control_open(&cfg, &ctl2);
	text = read_file(regular);
	tap_ok(ret == -EEXIST && !strcmp(text, "keep me\n"),
	       "regular file at the path left alone");

	cfg.path = "/nonexistent-dir/ctl.sock";
	tap_ok(control_open(&cfg, &ctl2) < 0, "missing directory reported");
}

int main(int argc, char **argv)
{
	struct control_config cfg = { .ops = &ops, .ctx = &fx };
	struct control *ctl_srv;
	char self[512], *out, *err;
	ssize_t n;
	size_t i;

	(void)argc;
	(void)argv;
	log_open(LOG_TARGET_STDERR, LOG_LEVEL_WARN, "control_test");
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n < 0 ? 0 : n] = '\0';
	snprintf(ctl_bin, sizeof(ctl_bin), "%s/../ipsec-proxyctl", dirname(self));
	snprintf(sock_path, sizeof(sock_path), "%s/ctl.sock", tap_tmpdir());
	snprintf(out_path, sizeof(out_path), "%s/out.txt", tap_tmpdir());
	snprintf(err_path, sizeof(err_path), "%s/err.txt", tap_tmpdir());
	for (i = 0; i < sizeof(fx.esp_key); i++) {
		fx.esp_key[i] = (uint8_t)(0xa0 + i);
		snprintf(key_hex + 2 * i, 3, "%02x", fx.esp_key[i]);
	}

	if (inspect_create(&fx.ins)) {
		printf("Bail out! inspection cannot start\n");
		return 1;
	}
	cfg.path = sock_path;
	if (!tap_ok(control_open(&cfg, &ctl_srv) == 0, "control socket opens") ||
	    !tap_ok(control_start(ctl_srv) == 0, "control thread starts"))
		return tap_done();

	test_commands();
	test_metrics();
	test_rules_reload();
	test_protocol();
	test_socket_files(ctl_srv);

	control_close(ctl_srv);
	tap_ok(access(sock_path, F_OK) < 0, "socket removed after control_close");
	tap_ok(ctl("help", &out, &err) == 2 && strstr(err, "cannot connect"),
	       "tool without daemon: status 2, cannot connect");
	inspect_destroy(fx.ins);
	return tap_done();
}
