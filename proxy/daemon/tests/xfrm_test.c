// SPDX-License-Identifier: GPL-2.0-only
/*
 * The XFRM SA source against a real kernel: dump, add, update, delete,
 * expire, flush, queue overflow, missing privileges.  Needs root and a
 * kernel with XFRM_USER and ESP/AH, so it runs in the QEMU guest
 * (tests/run-guest.sh).  Creates and removes its own network namespace.
 */
#include <arpa/inet.h>
#include <cap-ng.h>
#include <errno.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "tap.h"
#include "xfrm_source.h"

#define EVENTS_MAX	1024

struct seen {
	enum xfrm_sa_event event;
	struct xfrm_sa_desc sa;
};

static struct seen events[EVENTS_MAX];
static unsigned int n_events, n_dumped, n_begin, n_end;
static const struct xfrm_sa_desc *last_desc;
static char ns[64];

static void on_sa(void *ctx, enum xfrm_sa_event event,
		  const struct xfrm_sa_desc *sa)
{
	(void)ctx;
	if (event == XFRM_SA_DUMP_BEGIN) {
		n_begin++;
		return;
	}
	if (event == XFRM_SA_DUMP_END) {
		n_end++;
		return;
	}
	if (event == XFRM_SA_DUMPED)
		n_dumped++;
	last_desc = sa;
	if (n_events < EVENTS_MAX) {
		events[n_events].event = event;
		events[n_events].sa = *sa;
		n_events++;
	}
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int status;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	status = system(cmd);
	if (status != 0)
		tap_diag("command failed (%d): %s", status, cmd);
	return status;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Process events until want have arrived or timeout_ms has passed. */
static void wait_events(struct xfrm_source *src, unsigned int want,
			long timeout_ms)
{
	struct pollfd pfd = { .fd = xfrm_source_fd(src), .events = POLLIN };
	long end = now_ms() + timeout_ms;

	while (n_events < want && now_ms() < end) {
		poll(&pfd, 1, 100);
		xfrm_source_process(src);
	}
}

static const struct seen *find(enum xfrm_sa_event event, uint32_t spi)
{
	unsigned int i;

	for (i = 0; i < n_events; i++) {
		if (events[i].event == event && events[i].sa.spi == spi)
			return &events[i];
	}
	return NULL;
}

static void hex_bytes(const char *hex, uint8_t *out, unsigned int *len)
{
	unsigned int i;

	for (i = 0; hex[2 * i] && hex[2 * i + 1]; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
	*len = i;
}

static bool key_is(const struct xfrm_sa_alg *alg, const char *hex)
{
	uint8_t want[XFRM_SA_KEY_MAX];
	unsigned int len;

	hex_bytes(hex, want, &len);
	return alg->present && alg->key_len == len && !memcmp(alg->key, want, len);
}

static bool addr_is(const uint8_t *addr, int family, const char *text)
{
	uint8_t want[16] = { 0 };

	inet_pton(family, text, want);
	return !memcmp(addr, want, family == AF_INET ? 4 : 16);
}

#define AEAD_KEY	"000102030405060708090a0b0c0d0e0f10111213"
#define ENC_KEY		"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
#define AUTH_KEY	"b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"

static void add_sa1(const char *verb, const char *extra)
{
	sh("ip -n %s xfrm state %s src 10.1.0.1 dst 10.1.0.2 proto esp spi 0x100 "
	   "mode tunnel reqid 7 replay-window 32 "
	   "aead 'rfc4106(gcm(aes))' 0x" AEAD_KEY " 128 %s", ns, verb, extra);
}

static void test_dump(struct xfrm_source *src)
{
	const struct seen *e;

	tap_ok(xfrm_source_dump(src) == 0, "dump succeeds");
	tap_ok(n_begin == 1 && n_end == 1 && n_dumped == 1,
	       "dump: begin, one SA, end");
	e = find(XFRM_SA_DUMPED, 0x100);
	if (!tap_ok(e != NULL, "dump: SA 0x100 found"))
		return;
	tap_ok(e->sa.family == AF_INET && addr_is(e->sa.src, AF_INET, "10.1.0.1") &&
	       addr_is(e->sa.dst, AF_INET, "10.1.0.2"), "dump: addresses");
	tap_ok(e->sa.proto == IPPROTO_ESP && e->sa.mode == XFRM_MODE_TUNNEL &&
	       e->sa.reqid == 7 && e->sa.replay_window == 32 && !e->sa.esn,
	       "dump: protocol, mode, reqid, replay window");
	tap_ok(!strcmp(e->sa.aead.name, "rfc4106(gcm(aes))") &&
	       e->sa.aead.key_bits == 160 && e->sa.aead.icv_bits == 128,
	       "dump: AEAD name as the kernel names it, key and ICV length");
	tap_ok(key_is(&e->sa.aead, AEAD_KEY), "dump: AEAD key bytes");
	tap_ok(!e->sa.enc.present && !e->sa.auth.present && !e->sa.encap_type,
	       "dump: no separate cipher, auth or encapsulation");
	tap_ok(last_desc && last_desc->spi == 0 && !last_desc->aead.present &&
	       !last_desc->aead.key[0] && !last_desc->aead.key[19],
	       "description wiped after the callback");
}

static void test_events(struct xfrm_source *src)
{
	const struct seen *e;
	unsigned int base = n_events;

	sh("ip -n %s xfrm state add src 10.1.0.3 dst 10.1.0.4 proto esp spi 0x200 "
	   "mode tunnel enc 'cbc(aes)' 0x" ENC_KEY " "
	   "auth-trunc 'hmac(sha256)' 0x" AUTH_KEY " 128 "
	   "flag esn replay-window 128 encap espinudp 4500 4501 0.0.0.0", ns);
	wait_events(src, base + 1, 3000);
	e = find(XFRM_SA_NEW, 0x200);
	if (tap_ok(e != NULL, "new: event for SA 0x200")) {
		tap_ok(!strcmp(e->sa.enc.name, "cbc(aes)") && key_is(&e->sa.enc, ENC_KEY),
		       "new: cipher name and key");
		tap_ok(!strcmp(e->sa.auth.name, "hmac(sha256)") &&
		       key_is(&e->sa.auth, AUTH_KEY) && e->sa.auth.icv_bits == 128,
		       "new: auth name, key and truncation");
		tap_ok(e->sa.esn && e->sa.replay_window == 128,
		       "new: ESN flag and 128-packet window");
		tap_ok(e->sa.encap_type == UDP_ENCAP_ESPINUDP &&
		       e->sa.encap_sport == 4500 && e->sa.encap_dport == 4501,
		       "new: UDP encapsulation type and ports");
	}

	base = n_events;
	sh("ip -n %s xfrm state add src 2001:db8::1 dst 2001:db8::2 proto ah spi 0x300 "
	   "mode transport auth-trunc 'hmac(sha256)' 0x" AUTH_KEY " 96", ns);
	wait_events(src, base + 1, 3000);
	e = find(XFRM_SA_NEW, 0x300);
	tap_ok(e && e->sa.family == AF_INET6 && e->sa.proto == IPPROTO_AH &&
	       e->sa.mode == XFRM_MODE_TRANSPORT &&
	       addr_is(e->sa.dst, AF_INET6, "2001:db8::2") &&
	       e->sa.auth.icv_bits == 96, "new: AH over IPv6, transport mode");

	base = n_events;
	add_sa1("update", "limit time-soft 5000");
	wait_events(src, base + 1, 3000);
	e = find(XFRM_SA_UPDATED, 0x100);
	tap_ok(e && key_is(&e->sa.aead, AEAD_KEY) && e->sa.replay_window == 32,
	       "update: event with the SA and its key");

	base = n_events;
	sh("ip -n %s xfrm state delete src 2001:db8::1 dst 2001:db8::2 proto ah spi 0x300", ns);
	wait_events(src, base + 1, 3000);
	e = find(XFRM_SA_DELETED, 0x300);
	tap_ok(e && e->sa.family == AF_INET6 && e->sa.proto == IPPROTO_AH &&
	       addr_is(e->sa.src, AF_INET6, "2001:db8::1") &&
	       !strcmp(e->sa.auth.name, "hmac(sha256)"),
	       "delete: event with addresses and algorithm");
}

static void test_expire(struct xfrm_source *src)
{
	const struct seen *soft, *hard;
	unsigned int base = n_events;

	sh("ip -n %s xfrm state add src 10.1.0.5 dst 10.1.0.6 proto esp spi 0x400 "
	   "mode tunnel aead 'rfc4106(gcm(aes))' 0x" AEAD_KEY " 128 "
	   "limit time-soft 1 limit time-hard 4", ns);
	/*
	 * The kernel reports only the hard expiry when its timer runs after
	 * both limits have passed, which a loaded emulated guest can cause
	 * with limits one second apart.
	 */
	wait_events(src, base + 3, 14000);
	soft = find(XFRM_SA_EXPIRED_SOFT, 0x400);
	hard = find(XFRM_SA_EXPIRED_HARD, 0x400);
	tap_ok(find(XFRM_SA_NEW, 0x400) != NULL, "expire: SA 0x400 added");
	tap_ok(soft && addr_is(soft->sa.dst, AF_INET, "10.1.0.6"),
	       "expire: soft expiry event");
	tap_ok(hard != NULL && hard > soft, "expire: hard expiry event after it");
}

static void test_flush(struct xfrm_source *src)
{
	unsigned int base = n_events, i;
	bool flushed = false;

	sh("ip -n %s xfrm state flush", ns);
	wait_events(src, base + 1, 3000);
	for (i = base; i < n_events; i++) {
		if (events[i].event == XFRM_SA_FLUSHED) {
			flushed = true;
			tap_diag("flush event protocol %u", events[i].sa.proto);
		}
	}
	tap_ok(flushed, "flush: event received");
}

static void test_overflow(void)
{
	struct xfrm_source_config cfg = {
		.netns = ns, .rcvbuf = 4096, .callback = on_sa,
	};
	struct xfrm_source_stats st;
	struct xfrm_source *src;
	char batch[256];
	FILE *f;
	int i;

	if (!tap_ok(xfrm_source_open(&cfg, &src) == 0, "overflow: source with a 4 KiB queue"))
		return;
	snprintf(batch, sizeof(batch), "%s/batch", tap_tmpdir());
	f = fopen(batch, "w");
	for (i = 0; i < 200; i++)
		fprintf(f, "xfrm state add src 10.2.0.1 dst 10.2.%d.%d proto esp spi 0x%x "
			"mode tunnel aead rfc4106(gcm(aes)) 0x" AEAD_KEY " 128\n",
			i / 200, i % 200 + 1, 0x1000 + i);
	fclose(f);
	n_events = n_dumped = n_begin = n_end = 0;
	sh("ip -n %s -batch %s", ns, batch);
	xfrm_source_process(src);
	xfrm_source_get_stats(src, &st);
	tap_ok(st.resyncs >= 1, "overflow: lost events detected (%llu resyncs)",
	       (unsigned long long)st.resyncs);
	tap_ok(n_begin >= 1 && n_end == n_begin && n_dumped >= 200,
	       "overflow: a full dump follows (%u SAs)", n_dumped);
	xfrm_source_close(src);
	sh("ip -n %s xfrm state flush", ns);
}

/*
 * Without CAP_NET_ADMIN the kernel refuses the SA event groups, and with
 * them the source; with it alone (no CAP_SYS_ADMIN) the namespace cannot
 * be entered.
 */
static int child_open(unsigned int cap)
{
	struct xfrm_source_config cfg = { .netns = ns, .callback = on_sa };
	int status = -1, ret;
	pid_t pid = fork();

	if (pid == 0) {
		struct xfrm_source *src = NULL;

		capng_clear(CAPNG_SELECT_BOTH);
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, cap);
		if (capng_apply(CAPNG_SELECT_BOTH))
			_exit(100);
		log_set_level(LOG_LEVEL_ERR);
		ret = xfrm_source_open(&cfg, &src);
		xfrm_source_close(src);
		_exit(-ret);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -1000;
}

static void test_privileges(void)
{
	int ret = child_open(CAP_SYS_ADMIN);

	tap_ok(ret == -EPERM, "without CAP_NET_ADMIN: EPERM (got %d)", ret);
	ret = child_open(CAP_NET_ADMIN);
	tap_ok(ret == -EPERM, "without CAP_SYS_ADMIN: EPERM (got %d)", ret);
}

int main(void)
{
	struct xfrm_source_config cfg = { .callback = on_sa };
	struct xfrm_source *src;
	unsigned int i;

	log_open(LOG_TARGET_STDERR, LOG_LEVEL_DEBUG, "xfrm_test");
	snprintf(ns, sizeof(ns), "pxx%d", (int)getpid());
	if (sh("ip netns add %s", ns)) {
		printf("Bail out! cannot create a network namespace\n");
		return 1;
	}
	add_sa1("add", "");

	cfg.netns = "no-such-namespace";
	tap_ok(xfrm_source_open(&cfg, &src) == -ENOENT,
	       "missing namespace: ENOENT");
	cfg.netns = ns;
	if (!tap_ok(xfrm_source_open(&cfg, &src) == 0, "source opens in the namespace"))
		goto out;
	test_dump(src);
	test_events(src);
	test_expire(src);
	test_flush(src);
	xfrm_source_close(src);
	test_overflow();
	test_privileges();
out:
	for (i = 0; i < n_events; i++)
		explicit_bzero(&events[i].sa, sizeof(events[i].sa));
	sh("ip netns del %s", ns);
	return tap_done();
}
