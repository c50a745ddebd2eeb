// SPDX-License-Identifier: GPL-2.0-only
#include "bytes.h"
#include "verdict.h"

static const char *const verdict_names[VERDICT_COUNT] = {
	[VERDICT_OUTPUT] = "output",
	[VERDICT_DUMMY] = "dummy packet",
	[VERDICT_NOT_IPSEC] = "not IPsec",
	[VERDICT_IKE] = "IKE",
	[VERDICT_KEEPALIVE] = "NAT-keepalive",
	[VERDICT_DROP_UNKNOWN_SPI] = "unknown SPI",
	[VERDICT_DROP_AUTH] = "authentication failed",
	[VERDICT_DROP_REPLAY] = "replay",
	[VERDICT_DROP_TOO_OLD] = "left of replay window",
	[VERDICT_DROP_MALFORMED] = "malformed",
	[VERDICT_DROP_BAD_PADDING] = "bad padding",
	[VERDICT_DROP_BAD_NEXT_HEADER] = "bad next header",
	[VERDICT_DROP_FRAGMENT] = "fragment",
	[VERDICT_DROP_ENCAP_MISMATCH] = "encapsulation mismatch",
	[VERDICT_DROP_SEQ_OVERFLOW] = "sequence number overflow",
	[VERDICT_DROP_CRYPTO_ERROR] = "crypto error",
};

const char *verdict_name(enum verdict v)
{
	if ((unsigned int)v >= ARRAY_SIZE(verdict_names) || !verdict_names[v])
		return "unknown verdict";
	return verdict_names[v];
}
