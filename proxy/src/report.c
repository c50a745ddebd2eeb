// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>

#include "report.h"
#include "sa_crypto.h"

bool report_has_drops(const struct dp_stats *stats)
{
	unsigned int v;

	for (v = VERDICT_FIRST_DROP; v < VERDICT_COUNT; v++)
		if (stats->verdicts[v])
			return true;
	return false;
}

/* The plural ending for a count of n. */
static const char *s_of(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static uint64_t sa_drops(const struct sa *sa)
{
	uint64_t n = 0;
	unsigned int v;

	for (v = VERDICT_FIRST_DROP; v < VERDICT_COUNT; v++)
		n += sa->stats.verdicts[v];
	return n;
}

static void print_sa(FILE *out, const struct sa *sa)
{
	char desc[96];
	unsigned int v;

	sa_describe(sa, desc, sizeof(desc));
	fprintf(out, "  %s (%s, %s): %" PRIu64 " packet%s, %" PRIu64
		" byte%s, %" PRIu64 " dropped\n", desc, sa->origin,
		sa->crypto ? sa->crypto->desc : "no sessions",
		sa->stats.packets, s_of(sa->stats.packets), sa->stats.bytes,
		s_of(sa->stats.bytes), sa_drops(sa));
	if (sa->stats.verdicts[VERDICT_DUMMY])
		fprintf(out, "    %s: %" PRIu64 "\n",
			verdict_name(VERDICT_DUMMY),
			sa->stats.verdicts[VERDICT_DUMMY]);
	for (v = VERDICT_FIRST_DROP; v < VERDICT_COUNT; v++)
		if (sa->stats.verdicts[v])
			fprintf(out, "    dropped, %s: %" PRIu64 "\n",
				verdict_name(v), sa->stats.verdicts[v]);
}

void report_print(FILE *out, const char *input, uint64_t frames,
		  uint64_t non_ip, uint64_t written, const struct sadb *db,
		  const struct dp_stats *stats)
{
	const uint64_t *vs = stats->verdicts;
	uint64_t drops = 0;
	unsigned int v;
	size_t i;

	for (v = VERDICT_FIRST_DROP; v < VERDICT_COUNT; v++)
		drops += vs[v];

	fprintf(out, "%s: %" PRIu64 " packet%s read, %" PRIu64
		" written, %" PRIu64 " dropped\n", input, frames, s_of(frames),
		written, drops);
	fprintf(out, "not IPsec: %" PRIu64 ", IKE: %" PRIu64
		", NAT-keepalive: %" PRIu64 ", dummy: %" PRIu64 "\n",
		vs[VERDICT_NOT_IPSEC] + non_ip, vs[VERDICT_IKE],
		vs[VERDICT_KEEPALIVE], vs[VERDICT_DUMMY]);
	fprintf(out, "crypto: %" PRIu64 " operation%s in %" PRIu64
		" ucapi_batch() call%s\n", stats->crypto_ops,
		s_of(stats->crypto_ops), stats->batch_calls,
		s_of(stats->batch_calls));

	fprintf(out, "SAs:\n");
	for (i = 0; i < db->count; i++)
		print_sa(out, db->all[i]);

	fprintf(out, "drops by reason:\n");
	for (v = VERDICT_FIRST_DROP; v < VERDICT_COUNT; v++)
		fprintf(out, "  %s: %" PRIu64 "\n", verdict_name(v), vs[v]);
}
