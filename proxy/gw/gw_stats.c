// SPDX-License-Identifier: GPL-2.0-only
#include "gw_stats.h"

static const char *const counter_names[GW_COUNTER_COUNT] = {
	[GW_RX_FRAMES] = "rx_frames",
	[GW_RX_BYTES] = "rx_bytes",
	[GW_FORWARDED] = "forwarded",
	[GW_DECRYPTED] = "decrypted",
	[GW_ENCRYPTED] = "encrypted",
	[GW_ALERTS] = "alerts",
	[GW_BATCHES] = "batches",
	[GW_OTHER_BRIDGED] = "other_bridged",
	[GW_UNKNOWN_SPI_FORWARDED] = "unknown_spi_forwarded",
	[GW_AFFINITY_MISSES] = "affinity_misses",
	[GW_INNER_UNPARSED] = "inner_unparsed",
	[GW_SA_SWAPS] = "sa_swaps",
};

static const char *const drop_names[GW_DROP_COUNT] = {
	[GW_DROP_UNKNOWN_SPI] = "unknown_spi",
	[GW_DROP_AUTH] = "auth",
	[GW_DROP_REPLAY] = "replay",
	[GW_DROP_TOO_OLD] = "too_old",
	[GW_DROP_MALFORMED] = "malformed",
	[GW_DROP_BAD_PADDING] = "bad_padding",
	[GW_DROP_BAD_NEXT_HEADER] = "bad_next_header",
	[GW_DROP_FRAGMENT] = "fragment",
	[GW_DROP_ENCAP_MISMATCH] = "encap_mismatch",
	[GW_DROP_SEQ_OVERFLOW] = "seq_overflow",
	[GW_DROP_CRYPTO_ERROR] = "crypto_error",
	[GW_DROP_RULE] = "rule",
	[GW_DROP_INSPECT_ERROR] = "inspect_error",
	[GW_DROP_OTHER] = "other",
	[GW_DROP_NO_PAIR] = "no_pair",
	[GW_DROP_DUMMY] = "dummy",
	[GW_DROP_OVERSIZE] = "oversize",
	[GW_DROP_TX_ERROR] = "tx_error",
};

static const char *const verdict_keys[VERDICT_COUNT] = {
	[VERDICT_OUTPUT] = "output",
	[VERDICT_DUMMY] = "dummy",
	[VERDICT_NOT_IPSEC] = "not_ipsec",
	[VERDICT_IKE] = "ike",
	[VERDICT_KEEPALIVE] = "keepalive",
	[VERDICT_DROP_UNKNOWN_SPI] = "unknown_spi",
	[VERDICT_DROP_AUTH] = "auth",
	[VERDICT_DROP_REPLAY] = "replay",
	[VERDICT_DROP_TOO_OLD] = "too_old",
	[VERDICT_DROP_MALFORMED] = "malformed",
	[VERDICT_DROP_BAD_PADDING] = "bad_padding",
	[VERDICT_DROP_BAD_NEXT_HEADER] = "bad_next_header",
	[VERDICT_DROP_FRAGMENT] = "fragment",
	[VERDICT_DROP_ENCAP_MISMATCH] = "encap_mismatch",
	[VERDICT_DROP_SEQ_OVERFLOW] = "seq_overflow",
	[VERDICT_DROP_CRYPTO_ERROR] = "crypto_error",
};

const char *gw_counter_name(enum gw_counter c)
{
	return c < GW_COUNTER_COUNT ? counter_names[c] : "unknown";
}

const char *gw_drop_name(enum gw_drop d)
{
	return d < GW_DROP_COUNT ? drop_names[d] : "unknown";
}

const char *gw_verdict_key(enum verdict v)
{
	return v < VERDICT_COUNT ? verdict_keys[v] : "unknown";
}

enum gw_drop gw_drop_of_verdict(enum verdict v)
{
	switch (v) {
	case VERDICT_DROP_UNKNOWN_SPI:
		return GW_DROP_UNKNOWN_SPI;
	case VERDICT_DROP_AUTH:
		return GW_DROP_AUTH;
	case VERDICT_DROP_REPLAY:
		return GW_DROP_REPLAY;
	case VERDICT_DROP_TOO_OLD:
		return GW_DROP_TOO_OLD;
	case VERDICT_DROP_BAD_PADDING:
		return GW_DROP_BAD_PADDING;
	case VERDICT_DROP_BAD_NEXT_HEADER:
		return GW_DROP_BAD_NEXT_HEADER;
	case VERDICT_DROP_FRAGMENT:
		return GW_DROP_FRAGMENT;
	case VERDICT_DROP_ENCAP_MISMATCH:
		return GW_DROP_ENCAP_MISMATCH;
	case VERDICT_DROP_SEQ_OVERFLOW:
		return GW_DROP_SEQ_OVERFLOW;
	case VERDICT_DROP_CRYPTO_ERROR:
		return GW_DROP_CRYPTO_ERROR;
	default:
		return GW_DROP_MALFORMED;
	}
}
