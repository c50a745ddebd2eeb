// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "dp_slot.h"
#include "iphdr.h"

static void free_slots(struct dp *dp)
{
	unsigned int i;

	if (!dp->slots)
		return;
	for (i = 0; i < dp->cfg.batch; i++) {
		free(dp->slots[i].pkt);
		if (dp->slots[i].work)
			explicit_bzero(dp->slots[i].work, DP_BUF_SIZE);
		free(dp->slots[i].work);
		free(dp->slots[i].out);
	}
	free(dp->slots);
}

static int alloc_slots(struct dp *dp)
{
	unsigned int i;

	dp->slots = calloc(dp->cfg.batch, sizeof(*dp->slots));
	if (!dp->slots)
		return -ENOMEM;
	for (i = 0; i < dp->cfg.batch; i++) {
		struct dp_slot *s = &dp->slots[i];

		s->dp = dp;
		s->pkt = malloc(DP_BUF_SIZE);
		s->work = malloc(DP_BUF_SIZE);
		s->out = malloc(DP_BUF_SIZE);
		if (!s->pkt || !s->work || !s->out)
			return -ENOMEM;
	}
	return 0;
}

/* Collect the UDP ports the SAs use for ESP-in-UDP, besides 4500. */
static int collect_encap_ports(struct dp *dp)
{
	size_t i;
	unsigned int j, n = 0;

	dp->encap_ports = calloc(dp->db->count * 2 + 1,
				 sizeof(*dp->encap_ports));
	if (!dp->encap_ports)
		return -ENOMEM;
	for (i = 0; i < dp->db->count; i++) {
		const struct sa *sa = dp->db->all[i];
		uint16_t ports[2] = { sa->encap_sport, sa->encap_dport };

		if (sa->encap != SA_ENCAP_ESPINUDP)
			continue;
		for (j = 0; j < 2; j++) {
			unsigned int k;

			for (k = 0; k < n && dp->encap_ports[k] != ports[j]; k++)
				;
			if (k == n)
				dp->encap_ports[n++] = ports[j];
		}
	}
	dp->nr_encap_ports = n;
	return 0;
}

int dp_create(struct dp **dpp, struct sadb *db, const struct dp_config *cfg)
{
	struct dp *dp;
	int err;

	if (!cfg->batch || cfg->batch > DP_BATCH_MAX || !cfg->result)
		return -EINVAL;
	dp = calloc(1, sizeof(*dp));
	if (!dp)
		return -ENOMEM;
	dp->db = db;
	dp->cfg = *cfg;

	err = alloc_slots(dp);
	if (err)
		goto free_dp;
	dp->ops = calloc(cfg->batch, sizeof(*dp->ops));
	dp->op_slots = calloc(cfg->batch, sizeof(*dp->op_slots));
	if (!dp->ops || !dp->op_slots) {
		err = -ENOMEM;
		goto free_dp;
	}
	err = collect_encap_ports(dp);
	if (err)
		goto free_dp;
	*dpp = dp;
	return 0;

free_dp:
	dp_destroy(dp);
	return err;
}

void dp_destroy(struct dp *dp)
{
	if (!dp)
		return;
	free_slots(dp);
	free(dp->ops);
	free(dp->op_slots);
	free(dp->encap_ports);
	free(dp);
}

const struct dp_stats *dp_get_stats(const struct dp *dp)
{
	return &dp->stats;
}

static struct dp_slot *take_slot(struct dp *dp, enum dp_dir dir,
				 const uint8_t *pkt, size_t len,
				 const struct dp_meta *meta)
{
	struct dp_slot *s = &dp->slots[dp->used++];

	s->dir = dir;
	s->meta = *meta;
	s->pending = true;
	s->verdict = VERDICT_OUTPUT;
	s->why = NULL;
	s->handler = NULL;
	s->sa = NULL;
	s->proto = 0;
	s->spi = 0;
	s->seq = 0;
	s->nr_stages = 0;
	s->out_len = 0;
	s->pkt_len = len;
	memcpy(s->pkt, pkt, len);
	return s;
}

int dp_decap(struct dp *dp, const uint8_t *pkt, size_t len,
	     const struct dp_meta *meta)
{
	struct pkt_parse_opts opts = {
		.encap_ports = dp->encap_ports,
		.nr_encap_ports = dp->nr_encap_ports,
	};
	struct dp_slot *s;
	enum verdict v;
	const char *why;

	if (len > DP_PACKET_MAX) {
		s = take_slot(dp, DP_INBOUND, pkt, 0, meta);
		slot_end(s, VERDICT_DROP_MALFORMED, "longer than 65535 bytes");
	} else {
		s = take_slot(dp, DP_INBOUND, pkt, len, meta);
		v = pkt_parse(s->pkt, len, &opts, &s->info, &why);
		if (v != VERDICT_OUTPUT)
			slot_end(s, v, why);
		else if (s->info.proto == IPPROTO_ESP_NUM)
			esp_in_prepare(s);
		else
			ah_in_prepare(s);
	}
	if (dp->used == dp->cfg.batch)
		return dp_flush(dp);
	return 0;
}

int dp_encap(struct dp *dp, struct sa *sa, const uint8_t *pkt, size_t len,
	     const struct dp_meta *meta)
{
	struct dp_slot *s;

	if (len > DP_PACKET_MAX)
		return -EMSGSIZE;
	s = take_slot(dp, DP_OUTBOUND, pkt, len, meta);
	s->sa = sa;
	s->proto = sa->proto;
	s->spi = sa->spi;
	if (sa->proto == IPPROTO_ESP_NUM)
		esp_out_prepare(s);
	else
		ah_out_prepare(s);
	if (dp->used == dp->cfg.batch)
		return dp_flush(dp);
	return 0;
}

void slot_end_crypto(struct dp_slot *s, int status)
{
	if (status == -EBADMSG)
		slot_end(s, VERDICT_DROP_AUTH, "ICV mismatch");
	else
		slot_end(s, VERDICT_DROP_CRYPTO_ERROR, ucapi_strerror(status));
}

void slot_check_hash(struct dp_slot *s, const uint8_t *icv)
{
	if (!ct_equal(s->digest, icv, s->sa->icv_len))
		slot_end(s, VERDICT_DROP_AUTH, "ICV mismatch");
}

bool slot_replay_precheck(struct dp_slot *s, uint32_t seq_lo)
{
	struct sa *sa = s->sa;

	if (!replay_infer_seq(&sa->replay, sa->esn, seq_lo, &s->seq)) {
		slot_end(s, VERDICT_DROP_TOO_OLD,
			 "ESN places the sequence number below 1");
		return false;
	}
	switch (replay_check(&sa->replay, s->seq)) {
	case REPLAY_OK:
		return true;
	case REPLAY_DUPLICATE:
		slot_end(s, VERDICT_DROP_REPLAY, "sequence number already received");
		return false;
	default:
		slot_end(s, VERDICT_DROP_TOO_OLD,
			 s->seq ? "sequence number left of the replay window" :
			 "sequence number 0");
		return false;
	}
}

/* Recheck: an earlier packet of the same batch may have taken seq. */
bool slot_replay_commit(struct dp_slot *s)
{
	struct sa *sa = s->sa;

	switch (replay_check(&sa->replay, s->seq)) {
	case REPLAY_OK:
		replay_advance(&sa->replay, s->seq);
		return true;
	case REPLAY_DUPLICATE:
		slot_end(s, VERDICT_DROP_REPLAY, "sequence number already received");
		return false;
	default:
		slot_end(s, VERDICT_DROP_TOO_OLD,
			 "sequence number left of the replay window");
		return false;
	}
}

/*
 * Find the inbound SA of s->spi, dropping the packet when the SPI is the
 * reserved value 0 (reason names where proto's RFC reserves it) or unknown.
 */
bool slot_find_sa(struct dp_slot *s, uint8_t proto, int family,
		  const uint8_t *dst, const char *spi0_reason)
{
	if (!s->spi) {
		slot_end(s, VERDICT_DROP_MALFORMED, spi0_reason);
		return false;
	}
	s->sa = sadb_lookup(s->dp->db, s->spi, proto, family, dst);
	if (!s->sa) {
		slot_end(s, VERDICT_DROP_UNKNOWN_SPI, NULL);
		return false;
	}
	return true;
}

/*
 * Deliver a verified inbound payload: check the inner packet (tunnel mode),
 * advance the replay window, discard dummy packets (next header 59), and
 * write the inner packet, or the rebuilt transport-mode packet whose outer
 * header is the first hdr_len bytes of s->pkt, to s->out.
 */
void slot_deliver(struct dp_slot *s, const uint8_t *payload,
		  size_t payload_len, uint8_t nh, bool tunnel, size_t hdr_len)
{
	size_t inner = 0;
	enum verdict v;
	const char *why;

	if (tunnel && nh != IPPROTO_NUM_NONE) {
		inner = inner_packet_len(payload, payload_len, nh, &v, &why);
		if (!inner) {
			slot_end(s, v, why);
			return;
		}
	}
	if (!slot_replay_commit(s))
		return;
	if (nh == IPPROTO_NUM_NONE) {
		slot_end(s, VERDICT_DUMMY, NULL);
		return;
	}
	if (tunnel) {
		memcpy(s->out, payload, inner);
		s->out_len = inner;
	} else {
		s->out_len = transport_join(s->out, s->pkt, hdr_len,
					    s->info.proto_field, nh, payload,
					    payload_len);
	}
	s->verdict = VERDICT_OUTPUT;
}

/* Operations from ops[from] that fit the per-call source byte limit. */
static unsigned int batch_fit(const struct dp *dp, unsigned int from,
			      unsigned int n)
{
	uint64_t total = 0;
	unsigned int k;

	for (k = from; k < n; k++) {
		total += dp->ops[k].src_len;
		if (total > DP_BATCH_BYTES_MAX && k > from)
			break;
	}
	return k - from;
}

/* Run the operations of every pending slot's stage i with session sess. */
static void run_session(struct dp *dp, unsigned int i,
			struct ucapi_session *sess)
{
	unsigned int n = 0, k, done;
	int ret;

	for (k = 0; k < dp->used; k++) {
		struct dp_slot *s = &dp->slots[k];

		if (!s->pending || s->nr_stages <= i ||
		    s->stage[i].sess != sess)
			continue;
		dp->ops[n] = s->stage[i].op;
		dp->op_slots[n++] = s;
		s->stage[i].sess = NULL;	/* taken */
	}

	for (done = 0; done < n; done += (unsigned int)ret) {
		ret = ucapi_batch(sess, dp->ops + done, batch_fit(dp, done, n));
		dp->stats.batch_calls++;
		if (ret <= 0) {
			for (k = done; k < n; k++)
				dp->ops[k].status = ret ? ret : -EIO;
			break;
		}
		dp->stats.crypto_ops += (uint64_t)ret;
	}
	for (k = 0; k < n; k++)
		dp->op_slots[k]->stage[i].op = dp->ops[k];
}

static void run_stage(struct dp *dp, unsigned int i)
{
	unsigned int k;

	for (k = 0; k < dp->used; k++) {
		struct dp_slot *s = &dp->slots[k];

		if (s->pending && s->nr_stages > i && s->stage[i].sess)
			run_session(dp, i, s->stage[i].sess);
	}
	for (k = 0; k < dp->used; k++) {
		struct dp_slot *s = &dp->slots[k];

		if (s->pending && s->nr_stages > i)
			s->handler->stage_done(s, i);
	}
}

static void deliver(struct dp *dp, struct dp_slot *s)
{
	struct dp_result res = {
		.dir = s->dir,
		.verdict = s->verdict,
		.why = s->why,
		.meta = &s->meta,
		.sa = s->sa,
		.proto = s->proto,
		.spi = s->spi,
	};

	if (s->verdict == VERDICT_OUTPUT) {
		res.data = s->out;
		res.len = s->out_len;
	}
	dp->stats.verdicts[s->verdict]++;
	if (s->sa) {
		s->sa->stats.verdicts[s->verdict]++;
		/* Bytes are those of the inner packets, either way. */
		if (s->verdict == VERDICT_OUTPUT) {
			s->sa->stats.packets++;
			s->sa->stats.bytes += s->dir == DP_OUTBOUND ?
					      s->pkt_len : res.len;
		}
	}
	dp->cfg.result(dp->cfg.user, &res);
}

int dp_flush(struct dp *dp)
{
	unsigned int i, k;

	for (i = 0; i < DP_MAX_STAGES; i++)
		run_stage(dp, i);
	for (k = 0; k < dp->used; k++) {
		struct dp_slot *s = &dp->slots[k];

		if (s->pending) {
			s->pending = false;
			s->handler->finish(s);
		}
		deliver(dp, s);
		explicit_bzero(s->iv, sizeof(s->iv));
		explicit_bzero(s->digest, sizeof(s->digest));
	}
	dp->used = 0;
	return 0;
}
