// SPDX-License-Identifier: GPL-2.0-only
/*
 * AH generation, RFC 4302 section 3.3.  AES-GMAC takes the 64-bit sequence
 * number XORed with the SA's iv_mask as IV, which never repeats under one
 * key (see esp_out.c).
 */
#include <string.h>

#include "ah.h"
#include "ah_mutable.h"
#include "bytes.h"
#include "dp_slot.h"
#include "iphdr.h"

#define GMAC_AAD_LEN	16

static void ah_out_stage_done(struct dp_slot *s, unsigned int i);
static void ah_out_finish(struct dp_slot *s);

static const struct dp_handler ah_out_handler = {
	.stage_done = ah_out_stage_done,
	.finish = ah_out_finish,
};

static bool next_seq(struct dp_slot *s)
{
	struct sa *sa = s->sa;

	if (sa->oseq >= (sa->esn ? UINT64_MAX : UINT32_MAX)) {
		slot_end(s, VERDICT_DROP_SEQ_OVERFLOW,
			 "sequence number exhausted; the SA needs rekeying");
		return false;
	}
	s->seq = ++sa->oseq;
	return true;
}

/*
 * Lay out header, AH with a zero ICV field, and payload in s->out.
 * Returns the AH offset, or 0 after ending the packet.
 */
static size_t build_packet(struct dp_slot *s)
{
	const struct sa *sa = s->sa;
	const uint8_t *payload;
	size_t hdr_len, proto_field = 0, payload_len, ah_len, total;
	uint8_t nh, *ah;
	bool v6;

	if (sa->mode == SA_MODE_TUNNEL) {
		enum verdict v;
		const char *why;

		nh = s->pkt_len && s->pkt[0] >> 4 == 6 ? IPPROTO_NUM_IPV6 :
		     IPPROTO_NUM_IPIP;
		if (inner_packet_len(s->pkt, s->pkt_len, nh, &v, &why) !=
		    s->pkt_len)
			goto malformed;
		hdr_len = tunnel_header_len(sa);
		payload = s->pkt;
		payload_len = s->pkt_len;
		v6 = hdr_len == IPV6_HDR_LEN;
	} else {
		if (transport_split(s->pkt, s->pkt_len, &hdr_len, &proto_field,
				    &nh))
			goto malformed;
		payload = s->pkt + hdr_len;
		payload_len = s->pkt_len - hdr_len;
		v6 = s->pkt[0] >> 4 == 6;
	}
	ah_len = ah_total_len(sa, v6, !sa->align4);
	total = hdr_len + ah_len + payload_len;
	if (total > DP_PACKET_MAX) {
		slot_end(s, VERDICT_DROP_MALFORMED,
			 "AH packet would exceed 65535 bytes");
		return 0;
	}

	if (sa->mode == SA_MODE_TUNNEL) {
		tunnel_header_write(s->out, sa, IPPROTO_AH_NUM,
				    ah_len + payload_len, s->pkt,
				    s->dp->ip_id++);
	} else {
		memcpy(s->out, s->pkt, hdr_len);
		ip_header_finish(s->out, hdr_len, proto_field, IPPROTO_AH_NUM,
				 total);
	}
	ah = s->out + hdr_len;
	memset(ah, 0, ah_len);
	ah[0] = nh;
	ah[1] = (uint8_t)(ah_len / 4 - 2);
	put_be32(ah + 4, sa->spi);
	put_be32(ah + 8, (uint32_t)s->seq);
	if (ah_iv_len(sa))
		put_be64(ah + 12, s->seq ^ sa->iv_mask);
	memcpy(ah + ah_len, payload, payload_len);
	s->out_len = total;
	return hdr_len;

malformed:
	slot_end(s, VERDICT_DROP_MALFORMED,
		 "packet is not one IPv4 or IPv6 datagram");
	return 0;
}

void ah_out_prepare(struct dp_slot *s)
{
	const struct sa *sa = s->sa;
	struct ucapi_op op = { 0 };
	size_t ah_off, len;
	const char *why;

	s->handler = &ah_out_handler;
	if (!next_seq(s))
		return;
	ah_off = build_packet(s);
	if (!ah_off)
		return;
	s->icv_off = ah_off + 12 + ah_iv_len(sa);

	memcpy(s->work, s->out, s->out_len);
	if (ah_zero_mutable(s->work, ah_off, &why)) {
		slot_end(s, VERDICT_DROP_MALFORMED, why);
		return;
	}
	len = s->out_len;
	if (sa->esn) {
		put_be32(s->work + len, (uint32_t)(s->seq >> 32));
		len += 4;
	}

	if (sa->crypto->engine == SA_ENGINE_AEAD) {
		put_be64(s->iv, s->seq ^ sa->iv_mask);
		op.op = UCAPI_ENCRYPT;
		op.src = s->work;
		op.dst = s->work;
		op.src_len = (uint32_t)len;
		op.dst_len = (uint32_t)(len + sa->icv_len);
		op.aad_len = GMAC_AAD_LEN;
		op.iv = s->iv;
		op.iv_len = 8;
		s->text_off = len;	/* the tag follows the covered bytes */
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

static void ah_out_stage_done(struct dp_slot *s, unsigned int i)
{
	if (s->stage[i].op.status)
		slot_end_crypto(s, s->stage[i].op.status);
}

static void ah_out_finish(struct dp_slot *s)
{
	const struct sa *sa = s->sa;

	if (sa->crypto->engine == SA_ENGINE_AEAD)
		memcpy(s->out + s->icv_off, s->work + s->text_off,
		       sa->icv_len);
	else
		memcpy(s->out + s->icv_off, s->digest, sa->icv_len);
	s->verdict = VERDICT_OUTPUT;
}
