/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Handing an SA over from one worker to another.  The outbound SA of a
 * pair is served by the worker of the pair's inbound SA, so a changed pair
 * can move it to another worker, where it must go on from the sequence
 * number it reached.  Workers inherit state only from their own previous
 * database, so the move takes two configurations.  In the first no pair
 * uses the SA, which stops it on its old worker.  Before the second is
 * published, the SA's state is copied into it from the old worker.
 */
#ifndef PROXY_GW_HANDOVER_H
#define PROXY_GW_HANDOVER_H

#include "gw.h"
#include "gw_config.h"
#include "gw_wdb.h"

struct gw_handover {
	int *from;		/* old worker of each SA of cfg that moves, or -1 */
	size_t n;
	unsigned int moved;
};

/* Find the SAs of cfg that some worker serves now and cfg gives another. */
int gw_handover_find(struct gw *gw, const struct gw_config *cfg,
		     struct gw_handover *h);

/*
 * Write into quiet a copy of cfg in which each moving SA stays with its
 * old worker and no pair uses it.  Free it with gw_handover_quiet_free().
 */
int gw_handover_quiet(const struct gw_config *cfg, const struct gw_handover *h,
		      struct gw_config *quiet);
void gw_handover_quiet_free(struct gw_config *quiet);

/*
 * Copy the state of each moving SA from its old worker's database into
 * wdbs, the databases of cfg not yet published, one per worker.
 */
void gw_handover_carry(struct gw *gw, const struct gw_config *cfg,
		       const struct gw_handover *h, struct gw_wdb **wdbs);

void gw_handover_free(struct gw_handover *h);

#endif /* PROXY_GW_HANDOVER_H */
