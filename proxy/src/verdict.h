/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Verdicts: the outcome of one packet in the datapath.  Every input packet
 * ends with exactly one.  verdict_is_drop() returns true for the drops.
 */
#ifndef PROXY_VERDICT_H
#define PROXY_VERDICT_H

#include <stdbool.h>

enum verdict {
	VERDICT_OUTPUT,		/* decapsulated or encapsulated, emitted */
	VERDICT_DUMMY,		/* ESP next header 59 (RFC 4303 2.6) */
	VERDICT_NOT_IPSEC,	/* neither ESP nor AH nor ESP-in-UDP */
	VERDICT_IKE,		/* UDP 4500 with the non-ESP marker */
	VERDICT_KEEPALIVE,	/* NAT-keepalive, RFC 3948 2.3 */

	VERDICT_DROP_UNKNOWN_SPI,
	VERDICT_DROP_AUTH,		/* ICV mismatch */
	VERDICT_DROP_REPLAY,		/* already received */
	VERDICT_DROP_TOO_OLD,		/* left of the replay window */
	VERDICT_DROP_MALFORMED,
	VERDICT_DROP_BAD_PADDING,
	VERDICT_DROP_BAD_NEXT_HEADER,
	VERDICT_DROP_FRAGMENT,		/* outer fragments are not reassembled */
	VERDICT_DROP_ENCAP_MISMATCH,	/* UDP encapsulation differs from SA */
	VERDICT_DROP_SEQ_OVERFLOW,	/* outbound counter exhausted */
	VERDICT_DROP_CRYPTO_ERROR,	/* the crypto backend failed */

	VERDICT_COUNT
};

#define VERDICT_FIRST_DROP VERDICT_DROP_UNKNOWN_SPI

static inline bool verdict_is_drop(enum verdict v)
{
	return v >= VERDICT_FIRST_DROP;
}

/* Short lower-case name for reports, "authentication failed". */
const char *verdict_name(enum verdict v);

#endif /* PROXY_VERDICT_H */
