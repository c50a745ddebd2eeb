/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals of the datapath shared by dp.c and the protocol handlers
 * (esp_in.c, esp_out.c, ah_in.c, ah_out.c).
 */
#ifndef PROXY_DP_SLOT_H
#define PROXY_DP_SLOT_H

#include <stdbool.h>

#include "dp.h"
#include "pkt.h"
#include "sa_crypto.h"

#define DP_BUF_SIZE	(DP_PACKET_MAX + 512)
#define DP_MAX_STAGES	2
#define DP_BATCH_BYTES_MAX	(4U << 20)	/* source bytes a call takes */

enum stage_kind {
	STAGE_AEAD,		/* ESP AEAD, authenc(), AH GMAC */
	STAGE_HASH,		/* HMAC of the split engine */
	STAGE_CIPHER,		/* cipher of the split engine */
};

struct dp_stage {
	enum stage_kind kind;
	struct ucapi_session *sess;
	struct ucapi_op op;
};

struct dp_slot;

struct dp_handler {
	/* Check the result of stage i; may end the packet with a verdict. */
	void (*stage_done)(struct dp_slot *s, unsigned int i);
	/* All stages passed: set the verdict and the output. */
	void (*finish)(struct dp_slot *s);
};

struct dp_slot {
	struct dp *dp;
	const struct dp_handler *handler;
	enum dp_dir dir;
	struct dp_meta meta;
	bool pending;		/* queued, verdict not yet decided */
	enum verdict verdict;
	const char *why;

	struct sa *sa;
	uint8_t proto;
	uint32_t spi;
	uint64_t seq;

	uint8_t *pkt;		/* copy of the input packet */
	size_t pkt_len;
	struct pkt_info info;	/* inbound: outer headers */

	uint8_t *work;		/* crypto buffer */
	uint8_t *out;		/* output packet */
	size_t out_len;

	uint8_t iv[16];		/* IV or RFC 3686 counter block */
	uint8_t digest[64];	/* HMAC output of a STAGE_HASH */

	struct dp_stage stage[DP_MAX_STAGES];
	unsigned int nr_stages;

	/* Protocol handler state */
	size_t icv_off;		/* ICV in pkt (inbound) or out (outbound) */
	size_t text_off;	/* plaintext or ciphertext in work */
	size_t text_len;
	size_t payload_off;	/* outbound: ciphertext goes to out here */
	uint8_t next_header;
};

struct dp {
	struct sadb *db;
	struct dp_config cfg;
	struct dp_stats stats;
	struct dp_slot *slots;
	unsigned int used;
	struct ucapi_op *ops;		/* gathered for one ucapi_batch() */
	struct dp_slot **op_slots;
	uint16_t *encap_ports;
	unsigned int nr_encap_ports;
	uint16_t ip_id;			/* outer IPv4 identification */
};

/* End the packet with verdict v; why may be NULL. */
static inline void slot_end(struct dp_slot *s, enum verdict v,
			    const char *why)
{
	s->pending = false;
	s->verdict = v;
	s->why = why;
}

static inline void slot_add_stage(struct dp_slot *s, enum stage_kind kind,
				  struct ucapi_session *sess,
				  const struct ucapi_op *op)
{
	struct dp_stage *st = &s->stage[s->nr_stages++];

	st->kind = kind;
	st->sess = sess;
	st->op = *op;
}

/* Map a failed AEAD or cipher status to a verdict. */
void slot_end_crypto(struct dp_slot *s, int status);

/* Verify a STAGE_HASH digest against the ICV at icv (constant time). */
void slot_check_hash(struct dp_slot *s, const uint8_t *icv);

/* Inbound replay handling around the crypto operations. */
bool slot_replay_precheck(struct dp_slot *s, uint32_t seq_lo);
bool slot_replay_commit(struct dp_slot *s);
bool slot_find_sa(struct dp_slot *s, uint8_t proto, int family,
		  const uint8_t *dst, const char *spi0_reason);
void slot_deliver(struct dp_slot *s, const uint8_t *payload,
		  size_t payload_len, uint8_t nh, bool tunnel, size_t hdr_len);

/* Inbound handlers prepare the slot's stages from s->pkt and s->info. */
void esp_in_prepare(struct dp_slot *s);
void ah_in_prepare(struct dp_slot *s);
/* Outbound handlers build the packet for s->sa from s->pkt. */
void esp_out_prepare(struct dp_slot *s);
void ah_out_prepare(struct dp_slot *s);

#endif /* PROXY_DP_SLOT_H */
