// SPDX-License-Identifier: GPL-2.0-only
/*
 * ESP encapsulation, RFC 4303 section 3.3.
 *
 * IVs: AES-GCM, AES-GMAC, AES-CTR and ChaCha20-Poly1305 need an IV that
 * never repeats under one key (RFC 4106 section 3.1, RFC 3686 section 3.1,
 * RFC 7634 section 2).  They take the 64-bit sequence number XORed with
 * the SA's random iv_mask.  The sequence number never repeats within one
 * opening of the SA's sessions, because encapsulation stops when the
 * counter is exhausted.  After a restart a key may count from 1 again, and
 * the new mask keeps it from repeating its earlier IVs, as the kernel's
 * seqiv does.  AES-CBC takes 16 bytes from
 * getrandom(2), as RFC 3602 section 2.1 requires an unpredictable IV.
 */
#include <string.h>
#include <sys/random.h>

#include "bytes.h"
#include "csum.h"
#include "dp_slot.h"
#include "iphdr.h"

static void esp_out_stage_done(struct dp_slot *s, unsigned int i);
static void esp_out_finish(struct dp_slot *s);

static const struct dp_handler esp_out_handler = {
	.stage_done = esp_out_stage_done,
	.finish = esp_out_finish,
};

static bool next_seq(struct dp_slot *s)
{
	struct sa *sa = s->sa;
	uint64_t limit = sa->esn ? UINT64_MAX : UINT32_MAX;

	if (sa->oseq >= limit) {
		slot_end(s, VERDICT_DROP_SEQ_OVERFLOW,
			 "sequence number exhausted; the SA needs rekeying");
		return false;
	}
	s->seq = ++sa->oseq;
	return true;
}

static bool make_iv(struct dp_slot *s, uint8_t *iv)
{
	const struct enc_alg *enc = s->sa->enc;

	if (!enc->iv_len)
		return true;
	if (enc->kind != ENC_AES_CBC) {
		put_be64(iv, s->seq ^ s->sa->iv_mask);
		return true;
	}
	if (getrandom(iv, enc->iv_len, 0) != (ssize_t)enc->iv_len) {
		slot_end(s, VERDICT_DROP_CRYPTO_ERROR,
			 "getrandom() failed to supply an IV");
		return false;
	}
	return true;
}

/*
 * Write payload, TFC padding, padding 1, 2, 3, ..., pad length and next
 * header at pt.  The padding makes the ciphertext end on the cipher's
 * block size, and on 4 bytes at least.  Returns the plaintext length.
 */
static size_t write_plaintext(uint8_t *pt, const uint8_t *payload,
			      size_t payload_len, size_t tfc,
			      unsigned int block, uint8_t nh)
{
	unsigned int align = block > 4 ? block : 4;
	size_t len = payload_len + tfc, pad, i;

	memcpy(pt, payload, payload_len);
	memset(pt + payload_len, 0, tfc);
	pad = (align - (len + 2) % align) % align;
	for (i = 0; i < pad; i++)
		pt[len + i] = (uint8_t)(i + 1);
	pt[len + pad] = (uint8_t)pad;
	pt[len + pad + 1] = nh;
	return len + pad + 2;
}

struct esp_plan {
	const uint8_t *payload;
	size_t payload_len;
	uint8_t nh;
	size_t hdr_len;		/* outer IP header(s) */
	size_t proto_field;
	size_t tfc;
};

static bool plan_tunnel(struct dp_slot *s, struct esp_plan *pl)
{
	enum verdict v;
	const char *why;
	uint8_t nh = s->pkt_len && s->pkt[0] >> 4 == 6 ? IPPROTO_NUM_IPV6 :
		     IPPROTO_NUM_IPIP;

	if (inner_packet_len(s->pkt, s->pkt_len, nh, &v, &why) !=
	    s->pkt_len) {
		slot_end(s, VERDICT_DROP_MALFORMED,
			 "inner packet is not one IPv4 or IPv6 datagram");
		return false;
	}
	pl->payload = s->pkt;
	pl->payload_len = s->pkt_len;
	pl->nh = nh;
	pl->hdr_len = tunnel_header_len(s->sa);
	if (s->sa->tfcpad > s->pkt_len)
		pl->tfc = s->sa->tfcpad - s->pkt_len;
	return true;
}

static bool plan_transport(struct dp_slot *s, struct esp_plan *pl)
{
	if (transport_split(s->pkt, s->pkt_len, &pl->hdr_len,
			    &pl->proto_field, &pl->nh)) {
		slot_end(s, VERDICT_DROP_MALFORMED,
			 "packet is not one IPv4 or IPv6 datagram");
		return false;
	}
	pl->payload = s->pkt + pl->hdr_len;
	pl->payload_len = s->pkt_len - pl->hdr_len;
	return true;
}

/* Write the outer header(s) and the UDP header into s->out. */
static void write_headers(struct dp_slot *s, const struct esp_plan *pl,
			  size_t esp_len)
{
	const struct sa *sa = s->sa;
	size_t udp = sa->encap == SA_ENCAP_ESPINUDP ? UDP_HDR_LEN : 0;
	uint8_t proto = udp ? IPPROTO_NUM_UDP : IPPROTO_ESP_NUM;
	uint8_t *o = s->out;

	if (sa->mode == SA_MODE_TUNNEL) {
		tunnel_header_write(o, sa, proto, udp + esp_len, s->pkt,
				    s->dp->ip_id++);
	} else {
		memcpy(o, s->pkt, pl->hdr_len);
		ip_header_finish(o, pl->hdr_len, pl->proto_field, proto,
				 pl->hdr_len + udp + esp_len);
	}
	if (udp) {
		uint8_t *u = o + pl->hdr_len;

		put_be16(u, sa->encap_sport);
		put_be16(u + 2, sa->encap_dport);
		put_be16(u + 4, (uint16_t)(UDP_HDR_LEN + esp_len));
		put_be16(u + 6, 0);	/* RFC 3948 section 2.1 for IPv4 */
	}
}

static void build_ops(struct dp_slot *s, size_t pt_len)
{
	const struct sa *sa = s->sa;
	const struct sa_crypto *c = sa->crypto;
	unsigned int iv_len = sa->enc->iv_len;
	uint8_t *w = s->work;
	struct ucapi_op op;
	size_t aad_len;

	memset(&op, 0, sizeof(op));
	if (c->engine == SA_ENGINE_AEAD) {
		aad_len = s->text_off;
		op.op = UCAPI_ENCRYPT;
		op.src = w;
		op.dst = w;
		op.src_len = (uint32_t)(aad_len + pt_len);
		op.dst_len = (uint32_t)(aad_len + pt_len + sa->icv_len);
		op.aad_len = (uint32_t)aad_len;
		op.iv = iv_len ? w + aad_len - iv_len : NULL;
		op.iv_len = iv_len;
		slot_add_stage(s, STAGE_AEAD, c->aead, &op);
		return;
	}
	if (c->cipher) {
		op.op = UCAPI_ENCRYPT;
		op.src = w + s->text_off;
		op.dst = w + s->text_off;
		op.src_len = (uint32_t)pt_len;
		op.dst_len = (uint32_t)pt_len;
		op.iv = s->iv;
		op.iv_len = sizeof(s->iv);
		slot_add_stage(s, STAGE_CIPHER, c->cipher, &op);
	}
	if (c->hash) {
		memset(&op, 0, sizeof(op));
		op.op = UCAPI_DIGEST;
		op.src = w;
		op.src_len = (uint32_t)(s->text_off + pt_len +
					(sa->esn ? 4 : 0));
		op.dst = s->digest;
		op.dst_len = sizeof(s->digest);
		slot_add_stage(s, STAGE_HASH, c->hash, &op);
	}
}

/*
 * Work buffer: SPI, [ESN high bits for AEAD,] sequence number, IV,
 * plaintext, [ESN high bits for the split engine's HMAC].
 */
static size_t fill_work(struct dp_slot *s, const struct esp_plan *pl,
			const uint8_t *iv)
{
	const struct sa *sa = s->sa;
	bool aead = sa->crypto->engine == SA_ENGINE_AEAD;
	unsigned int iv_len = sa->enc->iv_len;
	uint8_t *w = s->work;
	size_t off = 0, pt_len;

	put_be32(w, sa->spi);
	off = 4;
	if (aead && sa->esn) {
		put_be32(w + off, (uint32_t)(s->seq >> 32));
		off += 4;
	}
	put_be32(w + off, (uint32_t)s->seq);
	off += 4;
	memcpy(w + off, iv, iv_len);
	off += iv_len;
	s->text_off = off;
	pt_len = write_plaintext(w + off, pl->payload, pl->payload_len,
				 pl->tfc, sa->enc->block_size, pl->nh);
	if (!aead && sa->esn)
		put_be32(w + off + pt_len, (uint32_t)(s->seq >> 32));

	if (sa->enc->kind == ENC_AES_CTR) {
		memcpy(s->iv, sa->enc_key + sa->enc_key_len - 4, 4);
		memcpy(s->iv + 4, iv, 8);
		put_be32(s->iv + 12, 1);
	} else if (iv_len) {
		memcpy(s->iv, iv, iv_len);
	}
	return pt_len;
}

void esp_out_prepare(struct dp_slot *s)
{
	const struct sa *sa = s->sa;
	struct esp_plan pl = { 0 };
	uint8_t iv[16];
	size_t pt_len, esp_len, udp;

	s->handler = &esp_out_handler;
	if (sa->mode == SA_MODE_TUNNEL ? !plan_tunnel(s, &pl) :
	    !plan_transport(s, &pl))
		return;

	udp = sa->encap == SA_ENCAP_ESPINUDP ? UDP_HDR_LEN : 0;
	esp_len = ESP_HDR_LEN + sa->enc->iv_len + pl.payload_len + pl.tfc +
		  sa->enc->block_size + 4 + sa->icv_len;
	if (pl.hdr_len + udp + esp_len > DP_PACKET_MAX) {
		slot_end(s, VERDICT_DROP_MALFORMED,
			 "encapsulated packet would exceed 65535 bytes");
		return;
	}
	if (!next_seq(s) || !make_iv(s, iv))
		return;

	pt_len = fill_work(s, &pl, iv);
	explicit_bzero(iv, sizeof(iv));
	esp_len = ESP_HDR_LEN + sa->enc->iv_len + pt_len + sa->icv_len;

	/* Transport mode copies the original header before it is replaced. */
	write_headers(s, &pl, esp_len);
	s->payload_off = pl.hdr_len + udp;
	s->text_len = pt_len;
	s->out_len = s->payload_off + esp_len;
	build_ops(s, pt_len);
}

static void esp_out_stage_done(struct dp_slot *s, unsigned int i)
{
	if (s->stage[i].op.status)
		slot_end_crypto(s, s->stage[i].op.status);
}

static void esp_out_finish(struct dp_slot *s)
{
	const struct sa *sa = s->sa;
	bool aead = sa->crypto->engine == SA_ENGINE_AEAD;
	unsigned int iv_len = sa->enc->iv_len;
	uint8_t *o = s->out + s->payload_off;
	const uint8_t *w = s->work;

	put_be32(o, sa->spi);
	put_be32(o + 4, (uint32_t)s->seq);
	memcpy(o + ESP_HDR_LEN, w + s->text_off - iv_len, iv_len);
	memcpy(o + ESP_HDR_LEN + iv_len, w + s->text_off,
	       s->text_len + (aead ? sa->icv_len : 0));
	if (!aead && sa->icv_len)
		memcpy(o + ESP_HDR_LEN + iv_len + s->text_len, s->digest,
		       sa->icv_len);

	if (s->out[0] >> 4 == 6 && sa->encap == SA_ENCAP_ESPINUDP) {
		size_t udp_off = s->payload_off - UDP_HDR_LEN;

		udp6_set_csum(s->out, s->out + udp_off,
			      s->out_len - udp_off);
	}
	s->verdict = VERDICT_OUTPUT;
}
