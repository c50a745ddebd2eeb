// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "capture.h"
#include "counter.h"
#include "eve.h"
#include "gw.h"
#include "gw_ctl.h"
#include "gw_reload.h"
#include "gw_wdb.h"
#include "gw_worker.h"
#include "inspect.h"
#include "sa_crypto.h"

/* Per-SA results: decapsulated and encapsulated packets, then drops. */
static const enum verdict sa_verdicts[] = {
	VERDICT_OUTPUT, VERDICT_DUMMY, VERDICT_DROP_AUTH, VERDICT_DROP_REPLAY,
	VERDICT_DROP_TOO_OLD, VERDICT_DROP_MALFORMED, VERDICT_DROP_BAD_PADDING,
	VERDICT_DROP_BAD_NEXT_HEADER, VERDICT_DROP_ENCAP_MISMATCH,
	VERDICT_DROP_SEQ_OVERFLOW, VERDICT_DROP_CRYPTO_ERROR,
};
#define SA_VERDICTS	(sizeof(sa_verdicts) / sizeof(sa_verdicts[0]))

/* Worker counters besides enum gw_counter, from the capture rings. */
enum { RING_DROPS, RING_TRUNCATED, TX_ERRORS, WORKER_EXTRA };
#define WORKER_COUNTERS	(GW_COUNTER_COUNT + WORKER_EXTRA)

static const char *mode_name(enum sa_mode mode)
{
	switch (mode) {
	case SA_MODE_TUNNEL:
		return "tunnel";
	case SA_MODE_TRANSPORT:
		return "transport";
	default:
		return "auto";
	}
}

static void fill_sa(struct control_sa *c, const struct sa *sa,
		    struct control_counter *packets)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->family = sa->dst.family ? sa->dst.family :
		    sa->src.family ? sa->src.family : AF_INET;
	memcpy(c->src, sa->src.bytes, sizeof(c->src));
	memcpy(c->dst, sa->dst.bytes, sizeof(c->dst));
	c->spi = sa->spi;
	c->protocol = sa->proto == IPPROTO_AH_NUM ? IPPROTO_AH : IPPROTO_ESP;
	c->mode = mode_name(sa->mode);
	if (sa->enc && sa->enc->aead)
		c->aead_alg = sa->enc->name;
	else if (sa->enc)
		c->enc_alg = sa->enc->name;
	if (sa->auth)
		c->auth_alg = sa->auth->name;
	c->icv_bits = sa->icv_len * 8;
	c->esn = sa->esn;
	c->replay_window = sa->replay_size;
	if (sa->encap == SA_ENCAP_ESPINUDP) {
		c->encap_sport = sa->encap_sport;
		c->encap_dport = sa->encap_dport;
	}
	for (i = 0; i < SA_VERDICTS; i++) {
		packets[i].name = gw_verdict_key(sa_verdicts[i]);
		packets[i].help = "packets of the SA by result";
		packets[i].value = counter_read(&sa->stats.verdicts[sa_verdicts[i]]);
	}
	c->packets = packets;
	c->n_packets = SA_VERDICTS;
	c->bytes = counter_read(&sa->stats.bytes);
}

static int walk_worker_sas(struct gw_worker *w, control_sa_fn fn, void *arg)
{
	struct control_counter packets[SA_VERDICTS];
	struct control_sa c;
	size_t i;
	int ret = 0;

	pthread_mutex_lock(&w->db_lock);
	for (i = 0; w->db && i < w->db->db.count && !ret; i++) {
		fill_sa(&c, w->db->db.all[i], packets);
		ret = fn(arg, &c);
	}
	pthread_mutex_unlock(&w->db_lock);
	return ret;
}

static int walk_sas(void *ctx, control_sa_fn fn, void *arg)
{
	struct gw *gw = ctx;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < gw->n_workers && !ret; i++)
		ret = walk_worker_sas(&gw->workers[i], fn, arg);
	return ret;
}

static void ring_stats(struct gw *gw, struct gw_worker *w,
		       struct capture_stats *sum)
{
	struct capture_stats st;
	unsigned int side;

	memset(sum, 0, sizeof(*sum));
	if (w->pcap) {
		sum->kernel_drops = __atomic_load_n(&w->pcap_drops,
						    __ATOMIC_RELAXED);
		return;
	}
	for (side = 0; side < 2; side++) {
		if (!w->cw[side])
			continue;
		capture_worker_get_stats(w->cw[side], &st);
		sum->kernel_drops += st.kernel_drops;
		sum->truncated += st.truncated;
		sum->tx_errors += st.tx_errors;
	}
}

static size_t worker_sa_count(struct gw_worker *w)
{
	size_t n;

	pthread_mutex_lock(&w->db_lock);
	n = w->db ? w->db->db.count : 0;
	pthread_mutex_unlock(&w->db_lock);
	return n;
}

static int walk_workers(void *ctx, control_worker_fn fn, void *arg)
{
	struct control_counter counters[WORKER_COUNTERS];
	struct control_worker cw;
	struct capture_stats rs;
	struct gw *gw = ctx;
	unsigned int i, k;
	int ret = 0;

	for (i = 0; i < gw->n_workers && !ret; i++) {
		struct gw_worker *w = &gw->workers[i];

		for (k = 0; k < GW_COUNTER_COUNT; k++) {
			counters[k].name = gw_counter_name(k);
			counters[k].help = "worker counter";
			counters[k].value = counter_read(&w->counters[k]);
		}
		ring_stats(gw, w, &rs);
		counters[k + RING_DROPS] = (struct control_counter){
			"ring_drops", "frames the kernel dropped: ring full",
			rs.kernel_drops };
		counters[k + RING_TRUNCATED] = (struct control_counter){
			"ring_truncated", "frames larger than a ring block",
			rs.truncated };
		counters[k + TX_ERRORS] = (struct control_counter){
			"tx_errors", "frames that could not be sent",
			rs.tx_errors };
		cw.id = i;
		cw.counters = counters;
		cw.n_counters = WORKER_COUNTERS;
		ret = fn(arg, &cw);
	}
	return ret;
}

static int walk_drops(void *ctx, control_counter_fn fn, void *arg)
{
	struct control_counter c;
	struct capture_stats rs;
	uint64_t ring = 0, truncated = 0;
	struct gw *gw = ctx;
	unsigned int d, i;
	int ret = 0;

	for (d = 0; d < GW_DROP_COUNT && !ret; d++) {
		c.name = gw_drop_name(d);
		c.help = "packets dropped, by reason";
		c.value = 0;
		for (i = 0; i < gw->n_workers; i++)
			c.value += counter_read(&gw->workers[i].drops[d]);
		ret = fn(arg, &c);
	}
	for (i = 0; i < gw->n_workers; i++) {
		ring_stats(gw, &gw->workers[i], &rs);
		ring += rs.kernel_drops;
		truncated += rs.truncated;
	}
	c.help = "packets dropped, by reason";
	if (!ret) {
		c.name = "ring_full";
		c.value = ring;
		ret = fn(arg, &c);
	}
	if (!ret) {
		c.name = "ring_truncated";
		c.value = truncated;
		ret = fn(arg, &c);
	}
	return ret;
}

static const struct ucapi_session *any_session(const struct sa *sa)
{
	const struct sa_crypto *c = sa->crypto;

	if (!c)
		return NULL;
	if (c->aead)
		return c->aead;
	if (c->hash)
		return c->hash;
	return c->cipher;
}

/*
 * Crypto system calls of every session, those already closed included, and
 * the backend of the first session.
 */
static uint64_t crypto_totals(struct gw *gw, const char **backend)
{
	const struct ucapi_session *s;
	uint64_t n = 0;
	unsigned int i;
	size_t k;

	*backend = NULL;
	for (i = 0; i < gw->n_workers; i++) {
		struct gw_worker *w = &gw->workers[i];

		pthread_mutex_lock(&w->db_lock);
		n += w->syscalls_retired + gw_wdb_syscalls(w->db);
		for (k = 0; w->db && k < w->db->db.count; k++) {
			s = any_session(w->db->db.all[k]);
			if (s && !*backend)
				*backend = ucapi_backend_name(ucapi_session_backend(s));
		}
		pthread_mutex_unlock(&w->db_lock);
	}
	return n;
}

static int emit(control_metric_fn fn, void *arg, const char *name,
		const char *help, enum control_metric_type type,
		const char *label, const char *label_value, uint64_t value)
{
	struct control_metric m = {
		.name = name,
		.help = help,
		.type = type,
		.label = label,
		.label_value = label_value,
		.value = value,
	};

	return fn(arg, &m);
}

#define GAUGE	CONTROL_METRIC_GAUGE
#define COUNTER	CONTROL_METRIC_COUNTER

static int walk_worker_sas_metric(struct gw *gw, control_metric_fn fn,
				  void *arg)
{
	char id[16];
	unsigned int i;
	int ret = 0;

	for (i = 0; i < gw->n_workers && !ret; i++) {
		snprintf(id, sizeof(id), "%u", i);
		ret = emit(fn, arg, "worker_sas", "SAs each worker serves", GAUGE,
			   "worker", id, worker_sa_count(&gw->workers[i]));
	}
	return ret;
}

static int walk_metrics(void *ctx, control_metric_fn fn, void *arg)
{
	struct inspect_stats is;
	struct eve_stats es = { 0 };
	struct xfrm_source_stats xs = { 0 };
	struct gw *gw = ctx;
	const char *backend;
	uint64_t syscalls, sas, generation, ok, failed;
	int ret;

	inspect_get_stats(gw->ins, &is);
	if (gw->eve)
		eve_get_stats(gw->eve, &es);
	syscalls = crypto_totals(gw, &backend);
	pthread_mutex_lock(&gw->cfg_lock);
	if (gw->xsrc)
		xfrm_source_get_stats(gw->xsrc, &xs);
	sas = gw->sa_count;
	generation = gw->sa_generation;
	ok = gw->sa_reloads_ok;
	failed = gw->sa_reloads_failed;
	pthread_mutex_unlock(&gw->cfg_lock);

	ret = emit(fn, arg, "workers", "worker threads", GAUGE, "mode",
		   gw_mode_name(gw->opt.mode), gw->n_workers);
	ret = ret ?: walk_worker_sas_metric(gw, fn, arg);
	ret = ret ?: emit(fn, arg, "sa_configured", "SAs of the configuration in force",
			  GAUGE, NULL, NULL, sas);
	ret = ret ?: emit(fn, arg, "sa_generation", "SA configurations published",
			  GAUGE, NULL, NULL, generation);
	ret = ret ?: emit(fn, arg, "sa_reloads_total", "SA reloads", COUNTER,
			  "result", "ok", ok);
	ret = ret ?: emit(fn, arg, "sa_reloads_total", "SA reloads", COUNTER,
			  "result", "failed", failed);
	ret = ret ?: emit(fn, arg, "rules", "rules in force", GAUGE, NULL, NULL,
			  is.n_rules);
	ret = ret ?: emit(fn, arg, "rules_generation", "rule sets loaded",
			  GAUGE, NULL, NULL, is.generation);
	ret = ret ?: emit(fn, arg, "rules_reloads_total", "rule reloads",
			  COUNTER, "result", "ok", is.reloads_ok);
	ret = ret ?: emit(fn, arg, "rules_reloads_total", "rule reloads",
			  COUNTER, "result", "failed", is.reloads_failed);
	ret = ret ?: emit(fn, arg, "eve_lines_total", "EVE lines written",
			  COUNTER, NULL, NULL, es.lines);
	ret = ret ?: emit(fn, arg, "eve_errors_total", "EVE lines not written",
			  COUNTER, NULL, NULL, es.errors);
	ret = ret ?: emit(fn, arg, "xfrm_events_total", "XFRM events received",
			  COUNTER, NULL, NULL, xs.events);
	ret = ret ?: emit(fn, arg, "xfrm_resyncs_total",
			  "XFRM event queue overflows answered by a dump",
			  COUNTER, NULL, NULL, xs.resyncs);
	ret = ret ?: emit(fn, arg, "crypto_syscalls_total",
			  "ucapi system calls of the SA sessions", COUNTER,
			  NULL, NULL, syscalls);
	if (backend)
		ret = ret ?: emit(fn, arg, "crypto_backend",
				  "libucapi backend of the SA sessions", GAUGE,
				  "backend", backend, 1);
	return ret;
}

static int rules_reload(void *ctx, struct outbuf *out)
{
	return gw_reload_rules(ctx, out);
}

static int sa_reload(void *ctx, struct outbuf *out)
{
	return gw_reload_sas(ctx, out);
}

const struct control_ops gw_control_ops = {
	.walk_sas = walk_sas,
	.walk_workers = walk_workers,
	.walk_drops = walk_drops,
	.walk_metrics = walk_metrics,
	.rules_reload = rules_reload,
	.sa_reload = sa_reload,
};
