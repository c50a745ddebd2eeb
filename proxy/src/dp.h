/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IPsec datapath: ESP (RFC 4303) and AH (RFC 4302) decapsulation and
 * encapsulation, with UDP encapsulation (RFC 3948), over an SA database.
 *
 * Packets wait in slots until all slots are taken or dp_flush() runs.  Then
 * the crypto operations of the waiting packets run through ucapi_batch(),
 * one call per session, and the results come back in queue order.  The
 * anti-replay window is checked when a packet is queued.  It is checked
 * again, and advanced, only after the packet's ICV verified.
 */
#ifndef PROXY_DP_H
#define PROXY_DP_H

#include <stddef.h>
#include <stdint.h>

#include "sadb.h"
#include "ucapi.h"
#include "verdict.h"

#define DP_BATCH_DEFAULT	32
#define DP_BATCH_MAX		256	/* operations per ucapi_batch() call */
#define DP_PACKET_MAX		65535	/* largest IP datagram */

enum dp_dir {
	DP_INBOUND,	/* decapsulate */
	DP_OUTBOUND,	/* encapsulate */
};

/* Caller's description of a packet, handed back with its result. */
struct dp_meta {
	uint64_t number;	/* e.g. 1-based position in a capture */
	int64_t ts_sec;
	int64_t ts_usec;
};

struct dp_result {
	enum dp_dir dir;
	enum verdict verdict;
	const char *why;		/* detail of a drop, or NULL */
	const struct dp_meta *meta;
	struct sa *sa;			/* NULL when no SA was found */
	uint8_t proto;			/* IPsec protocol, 0 when none */
	uint32_t spi;			/* from the packet when proto is set */
	const uint8_t *data;		/* VERDICT_OUTPUT: the packet */
	size_t len;
};

typedef void (*dp_result_fn)(void *user, const struct dp_result *res);

struct dp_config {
	unsigned int batch;		/* packets per flush, 1..DP_BATCH_MAX */
	dp_result_fn result;
	void *user;
};

struct dp_stats {
	uint64_t verdicts[VERDICT_COUNT];
	uint64_t batch_calls;		/* ucapi_batch() calls */
	uint64_t crypto_ops;		/* operations in those calls */
};

struct dp;

/* The SAs of db must have their sessions open (sa_crypto_open()). */
int dp_create(struct dp **dpp, struct sadb *db, const struct dp_config *cfg);
void dp_destroy(struct dp *dp);

/* Queue an IP packet (IPv4 or IPv6 header first) for decapsulation. */
int dp_decap(struct dp *dp, const uint8_t *pkt, size_t len,
	     const struct dp_meta *meta);

/*
 * Queue a packet for encapsulation with sa: the inner packet in tunnel mode,
 * the packet to protect in transport mode.
 */
int dp_encap(struct dp *dp, struct sa *sa, const uint8_t *pkt, size_t len,
	     const struct dp_meta *meta);

/* Run the queued crypto operations and deliver every queued result. */
int dp_flush(struct dp *dp);

const struct dp_stats *dp_get_stats(const struct dp *dp);

#endif /* PROXY_DP_H */
