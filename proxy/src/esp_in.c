// SPDX-License-Identifier: GPL-2.0-only
/*
 * ESP decapsulation, RFC 4303 section 3.4, with the ESP-in-UDP rules of
 * RFC 3948 section 3.  Nothing of the packet reaches the output unless its
 * ICV verified (for SAs with integrity), the replay window accepted its
 * sequence number, and its padding and next header are valid.
 */
#include <string.h>
#include <sys/socket.h>

#include "bytes.h"
#include "dp_slot.h"
#include "iphdr.h"

static void esp_in_stage_done(struct dp_slot *s, unsigned int i);
static void esp_in_finish(struct dp_slot *s);

static const struct dp_handler esp_in_handler = {
	.stage_done = esp_in_stage_done,
	.finish = esp_in_finish,
};

static bool check_encap(struct dp_slot *s)
{
	enum sa_encap encap = s->sa->encap;

	if (encap == SA_ENCAP_ANY)
		return true;
	if (encap == SA_ENCAP_NONE && s->info.udp_encap) {
		slot_end(s, VERDICT_DROP_ENCAP_MISMATCH,
			 "UDP-encapsulated ESP for an SA without encap");
		return false;
	}
	if (encap == SA_ENCAP_ESPINUDP && !s->info.udp_encap) {
		slot_end(s, VERDICT_DROP_ENCAP_MISMATCH,
			 "plain ESP for an SA with UDP encapsulation");
		return false;
	}
	return true;
}

/* Split the ESP packet into header, IV, ciphertext and ICV. */
static bool check_lengths(struct dp_slot *s)
{
	const struct sa *sa = s->sa;
	size_t esp_len = s->info.len - s->info.ipsec_off;
	size_t fixed = ESP_HDR_LEN + sa->enc->iv_len + sa->icv_len;

	if (esp_len < fixed + 2) {
		slot_end(s, VERDICT_DROP_MALFORMED,
			 "ESP shorter than header, IV, trailer and ICV");
		return false;
	}
	s->text_len = esp_len - fixed;
	if (s->text_len % sa->enc->block_size) {
		slot_end(s, VERDICT_DROP_MALFORMED,
			 "ciphertext is not a multiple of the block size");
		return false;
	}
	s->icv_off = s->info.len - sa->icv_len;
	return true;
}

/*
 * AEAD layout of the kernel's ESP: AAD = SPI, [ESN high bits,] sequence
 * number, IV; then ciphertext and ICV.  rfc4106 and rfc7539esp take the IV
 * out of the AAD again; authenc() authenticates it, as ESP requires.
 */
static void build_aead(struct dp_slot *s)
{
	const struct sa *sa = s->sa;
	const uint8_t *esp = s->pkt + s->info.ipsec_off;
	unsigned int iv_len = sa->enc->iv_len;
	size_t aad_len = ESP_HDR_LEN + (sa->esn ? 4 : 0) + iv_len;
	size_t len = aad_len + s->text_len + sa->icv_len;
	uint8_t *w = s->work;
	struct ucapi_op op = { .op = UCAPI_DECRYPT };

	memcpy(w, esp, 4);
	if (sa->esn)
		put_be32(w + 4, (uint32_t)(s->seq >> 32));
	memcpy(w + aad_len - iv_len - 4, esp + 4, 4 + iv_len + s->text_len +
	       sa->icv_len);
	s->text_off = aad_len;

	op.src = w;
	op.dst = w;
	op.src_len = (uint32_t)len;
	op.dst_len = (uint32_t)len;
	op.aad_len = (uint32_t)aad_len;
	op.iv = iv_len ? w + aad_len - iv_len : NULL;
	op.iv_len = iv_len;
	slot_add_stage(s, STAGE_AEAD, sa->crypto->aead, &op);
}

/* Counter block of RFC 3686 section 4: nonce, IV, block counter 1. */
static void ctr_block(struct dp_slot *s, const uint8_t *iv)
{
	const struct sa *sa = s->sa;

	memcpy(s->iv, sa->enc_key + sa->enc_key_len - 4, 4);
	memcpy(s->iv + 4, iv, 8);
	put_be32(s->iv + 12, 1);
}

/*
 * Split engine: HMAC over SPI, sequence number, IV, ciphertext and, with
 * ESN, the high bits (RFC 4303 section 2.2.1), then the cipher.
 */
static void build_split(struct dp_slot *s)
{
	const struct sa *sa = s->sa;
	const struct sa_crypto *c = sa->crypto;
	const uint8_t *esp = s->pkt + s->info.ipsec_off;
	unsigned int iv_len = sa->enc->iv_len;
	size_t covered = ESP_HDR_LEN + iv_len + s->text_len;
	uint8_t *w = s->work;
	struct ucapi_op op;

	memcpy(w, esp, covered);
	if (sa->esn)
		put_be32(w + covered, (uint32_t)(s->seq >> 32));
	s->text_off = ESP_HDR_LEN + iv_len;

	if (c->hash) {
		memset(&op, 0, sizeof(op));
		op.op = UCAPI_DIGEST;
		op.src = w;
		op.src_len = (uint32_t)(covered + (sa->esn ? 4 : 0));
		op.dst = s->digest;
		op.dst_len = sizeof(s->digest);
		slot_add_stage(s, STAGE_HASH, c->hash, &op);
	}
	if (c->cipher) {
		memset(&op, 0, sizeof(op));
		op.op = UCAPI_DECRYPT;
		op.src = w + s->text_off;
		op.dst = w + s->text_off;
		op.src_len = (uint32_t)s->text_len;
		op.dst_len = (uint32_t)s->text_len;
		if (sa->enc->kind == ENC_AES_CTR)
			ctr_block(s, esp + ESP_HDR_LEN);
		else
			memcpy(s->iv, esp + ESP_HDR_LEN, iv_len);
		op.iv = s->iv;
		op.iv_len = sizeof(s->iv);
		slot_add_stage(s, STAGE_CIPHER, c->cipher, &op);
	}
}

void esp_in_prepare(struct dp_slot *s)
{
	const struct pkt_info *info = &s->info;
	const uint8_t *esp = s->pkt + info->ipsec_off;
	int family = info->version == 6 ? AF_INET6 : AF_INET;

	s->handler = &esp_in_handler;
	s->proto = IPPROTO_ESP_NUM;
	s->spi = get_be32(esp);
	if (!slot_find_sa(s, IPPROTO_ESP_NUM, family, info->dst,
			  "SPI 0 is reserved (RFC 4303 section 2.1)"))
		return;
	if (!check_encap(s) || !check_lengths(s) ||
	    !slot_replay_precheck(s, get_be32(esp + 4)))
		return;

	if (s->sa->crypto->engine == SA_ENGINE_AEAD)
		build_aead(s);
	else
		build_split(s);
}

static void esp_in_stage_done(struct dp_slot *s, unsigned int i)
{
	const struct dp_stage *st = &s->stage[i];

	if (st->op.status) {
		slot_end_crypto(s, st->op.status);
		return;
	}
	if (st->kind == STAGE_HASH)
		slot_check_hash(s, s->pkt + s->icv_off);
}

/* RFC 4303 section 2.4: padding bytes are 1, 2, 3, ... */
static bool check_padding(struct dp_slot *s, const uint8_t *pt, size_t len,
			  size_t *payload_len)
{
	uint8_t pad_len = pt[len - 2];
	size_t i, start;

	if ((size_t)pad_len + 2 > len) {
		slot_end(s, VERDICT_DROP_BAD_PADDING,
			 "pad length exceeds the payload");
		return false;
	}
	start = len - 2 - pad_len;
	for (i = 0; i < pad_len; i++) {
		if (pt[start + i] != (uint8_t)(i + 1)) {
			slot_end(s, VERDICT_DROP_BAD_PADDING,
				 "padding bytes are not 1, 2, 3, ...");
			return false;
		}
	}
	*payload_len = start;
	return true;
}

static bool is_tunnel(const struct sa *sa, uint8_t nh)
{
	if (sa->mode == SA_MODE_AUTO)
		return nh == IPPROTO_NUM_IPIP || nh == IPPROTO_NUM_IPV6;
	return sa->mode == SA_MODE_TUNNEL;
}

/*
 * The window advances only for packets that pass every check, as in the
 * kernel, so a packet with bad padding leaves its sequence number unused.
 */
static void esp_in_finish(struct dp_slot *s)
{
	const uint8_t *pt = s->work + s->text_off;
	bool tunnel;
	size_t payload_len;
	uint8_t nh;

	if (!check_padding(s, pt, s->text_len, &payload_len))
		return;
	nh = pt[s->text_len - 1];
	tunnel = is_tunnel(s->sa, nh);
	slot_deliver(s, pt, payload_len, nh, tunnel, s->info.net_hdr_len);
}
