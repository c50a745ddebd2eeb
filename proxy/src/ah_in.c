// SPDX-License-Identifier: GPL-2.0-only
/*
 * AH verification, RFC 4302 section 3.4, with HMAC-SHA1-96,
 * HMAC-SHA-256-128 (RFC 4868) or AES-GMAC (RFC 4543).
 */
#include <string.h>
#include <sys/socket.h>

#include "ah.h"
#include "ah_mutable.h"
#include "bytes.h"
#include "dp_slot.h"
#include "iphdr.h"

/* GMAC runs as rfc4543 with the first 16 bytes of the packet as AAD. */
#define GMAC_AAD_LEN	16

static void ah_in_stage_done(struct dp_slot *s, unsigned int i);
static void ah_in_finish(struct dp_slot *s);

static const struct dp_handler ah_in_handler = {
	.stage_done = ah_in_stage_done,
	.finish = ah_in_finish,
};

static bool check_length(struct dp_slot *s, size_t ah_len)
{
	const struct sa *sa = s->sa;
	bool v6 = s->info.version == 6;

	if (ah_len != ah_total_len(sa, v6, false) &&
	    ah_len != ah_total_len(sa, v6, true)) {
		slot_end(s, VERDICT_DROP_MALFORMED,
			 "AH length does not fit the SA's ICV length");
		return false;
	}
	return true;
}

/*
 * The ICV covers the whole packet with mutable fields and the ICV field
 * zeroed, followed by the ESN high bits (RFC 4302 section 3.3.3.1).
 */
static bool build_work(struct dp_slot *s, size_t ah_len, size_t *len)
{
	const struct sa *sa = s->sa;
	size_t icv_field = 12 + ah_iv_len(sa);
	uint8_t *w = s->work;
	const char *why;

	memcpy(w, s->pkt, s->info.len);
	memset(w + s->info.ipsec_off + icv_field, 0, ah_len - icv_field);
	if (ah_zero_mutable(w, s->info.ipsec_off, &why)) {
		slot_end(s, VERDICT_DROP_MALFORMED, why);
		return false;
	}
	*len = s->info.len;
	if (sa->esn) {
		put_be32(w + *len, (uint32_t)(s->seq >> 32));
		*len += 4;
	}
	return true;
}

static void build_ops(struct dp_slot *s, size_t len)
{
	const struct sa *sa = s->sa;
	struct ucapi_op op = { 0 };

	if (sa->crypto->engine == SA_ENGINE_AEAD) {
		/* NOTE: the GMAC AAD of AH with ESN is assumed to end with
		 * the high bits, as for HMAC; RFC 4543 gives no AH vector. */
		memcpy(s->work + len, s->pkt + s->icv_off, sa->icv_len);
		memcpy(s->iv, s->pkt + s->info.ipsec_off + 12, 8);
		op.op = UCAPI_DECRYPT;
		op.src = s->work;
		op.dst = s->work;
		op.src_len = (uint32_t)(len + sa->icv_len);
		op.dst_len = (uint32_t)(len + sa->icv_len);
		op.aad_len = GMAC_AAD_LEN;
		op.iv = s->iv;
		op.iv_len = 8;
		slot_add_stage(s, STAGE_AEAD, sa->crypto->aead, &op);
		return;
	}
	op.op = UCAPI_DIGEST;
	op.src = s->work;
	op.src_len = (uint32_t)len;
	op.dst = s->digest;
	op.dst_len = sizeof(s->digest);
	slot_add_stage(s, STAGE_HASH, sa->crypto->hash, &op);
}

void ah_in_prepare(struct dp_slot *s)
{
	const struct pkt_info *info = &s->info;
	const uint8_t *ah = s->pkt + info->ipsec_off;
	int family = info->version == 6 ? AF_INET6 : AF_INET;
	size_t ah_len = ((size_t)ah[1] + 2) * 4, len;

	s->handler = &ah_in_handler;
	s->proto = IPPROTO_AH_NUM;
	s->spi = get_be32(ah + 4);
	s->next_header = ah[0];
	if (!slot_find_sa(s, IPPROTO_AH_NUM, family, info->dst,
			  "SPI 0 is reserved (RFC 4302 section 2.4)"))
		return;
	if (!check_length(s, ah_len) ||
	    !slot_replay_precheck(s, get_be32(ah + 8)))
		return;
	s->icv_off = info->ipsec_off + 12 + ah_iv_len(s->sa);
	s->text_off = info->ipsec_off + ah_len;	/* AH payload */
	if (!build_work(s, ah_len, &len))
		return;
	build_ops(s, len);
}

static void ah_in_stage_done(struct dp_slot *s, unsigned int i)
{
	const struct dp_stage *st = &s->stage[i];

	if (st->op.status) {
		slot_end_crypto(s, st->op.status);
		return;
	}
	if (st->kind == STAGE_HASH)
		slot_check_hash(s, s->pkt + s->icv_off);
}

static void ah_in_finish(struct dp_slot *s)
{
	const uint8_t *payload = s->pkt + s->text_off;
	size_t payload_len = s->info.len - s->text_off;
	uint8_t nh = s->next_header;
	bool tunnel = s->sa->mode == SA_MODE_TUNNEL ||
		      (s->sa->mode == SA_MODE_AUTO &&
		       (nh == IPPROTO_NUM_IPIP || nh == IPPROTO_NUM_IPV6));

	slot_deliver(s, payload, payload_len, nh, tunnel, s->info.ipsec_off);
}
