// SPDX-License-Identifier: GPL-2.0-only
/*
 * The packet path of a worker: queue a frame, let the datapath decide,
 * inspect what it decrypted, then send or drop every queued frame in the
 * order it arrived.
 */
#include <errno.h>
#include <pcap/dlt.h>
#include <string.h>

#include "bytes.h"
#include "capture.h"
#include "counter.h"
#include "gw.h"
#include "gw_check.h"
#include "gw_rotate.h"
#include "gw_wdb.h"
#include "gw_worker.h"
#include "linklayer.h"
#include "log.h"

#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_IPV6	0x86dd

static void drop(struct gw_worker *w, struct gw_entry *e,
		 enum gw_drop reason)
{
	e->fate = GW_FATE_DROP;
	counter_add(&w->drops[reason], 1);
}

static bool monitoring(const struct gw_worker *w)
{
	return w->gw->opt.mode == GW_MODE_MONITOR;
}

/* Traffic that is not IPsec with an SA: ARP, IKE, plain IP... */
static void pass_other(struct gw_worker *w, struct gw_entry *e)
{
	if (monitoring(w)) {
		e->fate = GW_FATE_DONE;
	} else if (w->gw->opt.bridge_other) {
		e->fate = GW_FATE_SEND;
		counter_add(&w->counters[GW_OTHER_BRIDGED], 1);
	} else {
		drop(w, e, GW_DROP_OTHER);
	}
}

static void log_drop(const struct gw_worker *w, const struct dp_result *res)
{
	char sa[96];

	if (res->sa)
		sa_describe(res->sa, sa, sizeof(sa));
	else
		snprintf(sa, sizeof(sa), "%s spi 0x%08x",
			 sa_proto_name(res->proto), res->spi);
	log_limited(LOG_LEVEL_WARN, log_key(verdict_name(res->verdict), res->spi),
		    "worker %u: %s: packet dropped: %s%s%s", w->id, sa,
		    verdict_name(res->verdict), res->why ? ": " : "",
		    res->why ? res->why : "");
}

static void unknown_spi(struct gw_worker *w, struct gw_entry *e,
			const struct dp_result *res)
{
	if (capture_spi_worker(res->spi, w->gw->n_workers) != w->id)
		counter_add(&w->counters[GW_AFFINITY_MISSES], 1);
	if (!monitoring(w) && w->gw->opt.forward_unknown_spi) {
		e->fate = GW_FATE_SEND;
		counter_add(&w->counters[GW_UNKNOWN_SPI_FORWARDED], 1);
		return;
	}
	drop(w, e, GW_DROP_UNKNOWN_SPI);
	log_drop(w, res);
}

static void reencrypt(struct gw_worker *w, struct gw_entry *e,
		      const struct dp_result *res)
{
	struct sa *out = gw_wdb_pair_of(w->db, res->sa);
	int ret;

	if (!out) {
		drop(w, e, GW_DROP_NO_PAIR);
		log_limited(LOG_LEVEL_WARN, log_key("no-pair", res->spi),
			    "worker %u: spi 0x%08x has no pair to re-encrypt with; packet dropped",
			    w->id, res->spi);
		return;
	}
	e->fate = GW_FATE_ENCAP;
	ret = dp_encap(w->db->out_dp, out, res->data, res->len, res->meta);
	if (ret) {
		drop(w, e, ret == -EMSGSIZE ? GW_DROP_OVERSIZE :
		     GW_DROP_CRYPTO_ERROR);
		log_limited(LOG_LEVEL_WARN, log_key("encap", out->spi),
			    "worker %u: re-encrypting with spi 0x%08x failed: %s",
			    w->id, out->spi, strerror(-ret));
	}
}

static void decrypted(struct gw_worker *w, struct gw_entry *e,
		      const struct dp_result *res)
{
	counter_add(&w->counters[GW_DECRYPTED], 1);
	if (!gw_check_inner(w, e, res)) {
		e->fate = GW_FATE_DROP;
		return;
	}
	switch (w->gw->opt.mode) {
	case GW_MODE_INLINE:
		e->fate = GW_FATE_SEND;
		break;
	case GW_MODE_MONITOR:
		e->fate = GW_FATE_DONE;
		if (w->dump)
			gw_rotate_write(w->dump, &e->time, res->data, res->len);
		break;
	case GW_MODE_REENCRYPT:
		reencrypt(w, e, res);
		break;
	}
}

void gw_worker_on_inbound(void *user, const struct dp_result *res)
{
	struct gw_worker *w = user;
	struct gw_entry *e = &w->entries[res->meta->number];

	switch (res->verdict) {
	case VERDICT_OUTPUT:
		decrypted(w, e, res);
		break;
	case VERDICT_DUMMY:
		if (w->gw->opt.mode == GW_MODE_INLINE)
			e->fate = GW_FATE_SEND;
		else if (monitoring(w))
			e->fate = GW_FATE_DONE;
		else
			drop(w, e, GW_DROP_DUMMY);
		break;
	case VERDICT_NOT_IPSEC:
	case VERDICT_IKE:
	case VERDICT_KEEPALIVE:
		pass_other(w, e);
		break;
	case VERDICT_DROP_UNKNOWN_SPI:
		unknown_spi(w, e, res);
		break;
	default:
		drop(w, e, gw_drop_of_verdict(res->verdict));
		log_drop(w, res);
		break;
	}
}

/* The received link-layer header, then the new IP packet. */
static void build_frame(struct gw_worker *w, struct gw_entry *e,
			const struct dp_result *res)
{
	int dlt = w->gw->dlt[e->side];

	if (e->ip_off + res->len > GW_OUT_MAX) {
		drop(w, e, GW_DROP_OVERSIZE);
		return;
	}
	memcpy(e->out, e->frame, e->ip_off);
	memcpy(e->out + e->ip_off, res->data, res->len);
	e->out_len = e->ip_off + res->len;
	if (dlt == DLT_EN10MB && e->ip_off >= 2)
		put_be16(e->out + e->ip_off - 2, (res->data[0] >> 4) == 6 ?
			 ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
	e->fate = GW_FATE_SEND_OUT;
	counter_add(&w->counters[GW_ENCRYPTED], 1);
}

void gw_worker_on_outbound(void *user, const struct dp_result *res)
{
	struct gw_worker *w = user;
	struct gw_entry *e = &w->entries[res->meta->number];

	if (res->verdict == VERDICT_OUTPUT) {
		build_frame(w, e, res);
		return;
	}
	drop(w, e, gw_drop_of_verdict(res->verdict));
	log_drop(w, res);
}

void gw_path_input(struct gw_worker *w, unsigned int side,
		   const uint8_t *frame, size_t len,
		   const struct timespec *time)
{
	struct dp_meta meta = { 0 };
	struct gw_entry *e;
	int ret;

	counter_add(&w->counters[GW_RX_FRAMES], 1);
	counter_add(&w->counters[GW_RX_BYTES], len);
	if (len > GW_FRAME_MAX) {
		counter_add(&w->drops[GW_DROP_OVERSIZE], 1);
		return;
	}
	meta.number = w->n_entries;
	meta.ts_sec = time->tv_sec;
	meta.ts_usec = time->tv_nsec / 1000;
	e = &w->entries[w->n_entries++];
	memcpy(e->frame, frame, len);
	e->len = len;
	e->side = side;
	e->time = *time;
	e->fate = GW_FATE_QUEUED;
	if (!link_ip_offset(w->gw->dlt[side], e->frame, len, &e->ip_off)) {
		pass_other(w, e);
	} else {
		ret = dp_decap(w->db->in_dp, e->frame + e->ip_off,
			       len - e->ip_off, &meta);
		if (ret)
			log_limited(LOG_LEVEL_ERR, log_key("decap", w->id),
				    "worker %u: queueing a packet failed: %s",
				    w->id, strerror(-ret));
	}
	if (w->n_entries == w->batch)
		gw_path_flush(w);
}

static void send_frame(struct gw_worker *w, struct gw_entry *e,
		       const uint8_t *data, size_t len)
{
	if (capture_worker_send(w->cw[e->side], data, len))
		counter_add(&w->drops[GW_DROP_TX_ERROR], 1);
	else
		counter_add(&w->counters[GW_FORWARDED], 1);
}

static void emit(struct gw_worker *w, struct gw_entry *e)
{
	switch (e->fate) {
	case GW_FATE_SEND:
		send_frame(w, e, e->frame, e->len);
		break;
	case GW_FATE_SEND_OUT:
		send_frame(w, e, e->out, e->out_len);
		break;
	case GW_FATE_QUEUED:
	case GW_FATE_ENCAP:
		/* The datapath delivers every queued packet in dp_flush(). */
		counter_add(&w->drops[GW_DROP_CRYPTO_ERROR], 1);
		log_limited(LOG_LEVEL_ERR, log_key("no-result", w->id),
			    "worker %u: a packet got no result; dropped", w->id);
		break;
	case GW_FATE_DROP:
	case GW_FATE_DONE:
		break;
	}
}

void gw_path_flush(struct gw_worker *w)
{
	unsigned int i;

	if (!w->n_entries)
		return;
	dp_flush(w->db->in_dp);
	if (w->db->out_dp)
		dp_flush(w->db->out_dp);
	for (i = 0; i < w->n_entries; i++)
		emit(w, &w->entries[i]);
	w->n_entries = 0;
	counter_add(&w->counters[GW_BATCHES], 1);
}
