/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The counters of a worker and the reasons a packet is dropped, with the
 * names that ipsec-proxyctl and the metrics show.  Each worker updates its
 * own counters only (counter_add()); the control thread reads them.
 */
#ifndef PROXY_GW_STATS_H
#define PROXY_GW_STATS_H

#include "verdict.h"

enum gw_counter {
	GW_RX_FRAMES,
	GW_RX_BYTES,
	GW_FORWARDED,		/* frames sent on, original or re-encrypted */
	GW_DECRYPTED,
	GW_ENCRYPTED,
	GW_ALERTS,		/* alert events written */
	GW_BATCHES,		/* flushes of queued packets */
	GW_OTHER_BRIDGED,
	GW_UNKNOWN_SPI_FORWARDED,
	GW_AFFINITY_MISSES,	/* an SPI this worker does not serve */
	GW_INNER_UNPARSED,	/* decrypted, but no IP header to inspect */
	GW_SA_SWAPS,		/* SA configurations taken over */
	GW_COUNTER_COUNT
};

enum gw_drop {
	GW_DROP_UNKNOWN_SPI,
	GW_DROP_AUTH,
	GW_DROP_REPLAY,
	GW_DROP_TOO_OLD,
	GW_DROP_MALFORMED,
	GW_DROP_BAD_PADDING,
	GW_DROP_BAD_NEXT_HEADER,
	GW_DROP_FRAGMENT,
	GW_DROP_ENCAP_MISMATCH,
	GW_DROP_SEQ_OVERFLOW,
	GW_DROP_CRYPTO_ERROR,
	GW_DROP_RULE,		/* a drop rule matched */
	GW_DROP_INSPECT_ERROR,	/* the scan failed: dropped, not forwarded unseen */
	GW_DROP_OTHER,		/* --other drop */
	GW_DROP_NO_PAIR,	/* re-encrypt: the SA has no pair */
	GW_DROP_DUMMY,		/* re-encrypt: dummy packet, nothing to forward */
	GW_DROP_OVERSIZE,	/* frame larger than an IP datagram can be */
	GW_DROP_TX_ERROR,	/* sending failed */
	GW_DROP_COUNT
};

const char *gw_counter_name(enum gw_counter c);
const char *gw_drop_name(enum gw_drop d);

/* The drop reason of a datapath drop verdict. */
enum gw_drop gw_drop_of_verdict(enum verdict v);

/* A metric-style name for a verdict: "output", "auth", "replay"... */
const char *gw_verdict_key(enum verdict v);

#endif /* PROXY_GW_STATS_H */
