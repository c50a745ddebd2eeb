/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SAs of the kernel's XFRM database, as the XFRM source reports them,
 * converted to datapath SAs.  Only the main thread changes the table, and
 * always with the gateway's cfg_lock held.
 */
#ifndef PROXY_GW_XFRM_H
#define PROXY_GW_XFRM_H

#include <stdbool.h>
#include <stddef.h>

#include "sa.h"
#include "xfrm_source.h"

struct gw_xfrm_entry {
	struct sa *sa;		/* keys included, no sessions */
	bool stale;		/* not seen in the dump that runs */
};

struct gw_xfrm_table {
	struct gw_xfrm_entry *entries;
	size_t count;
	size_t capacity;
	const char *netns;	/* for the SAs' origin */
	bool changed;		/* since the last gw_xfrm_take_changed() */
	uint64_t events;
	uint64_t rejected;	/* SAs the datapath cannot run */
};

void gw_xfrm_init(struct gw_xfrm_table *t, const char *netns);
/* Wipe the keys and free every SA. */
void gw_xfrm_clear(struct gw_xfrm_table *t);

/* Apply one event of the XFRM source; an xfrm_sa_callback. */
void gw_xfrm_event(void *table, enum xfrm_sa_event event,
		   const struct xfrm_sa_desc *desc);

/* Whether the table changed since the last call. */
bool gw_xfrm_take_changed(struct gw_xfrm_table *t);

/*
 * Convert an SA of the kernel.  Returns 0 with *out allocated, or
 * -EOPNOTSUPP for what the datapath does not run (IPComp, BEET mode, an
 * unknown algorithm) and -EINVAL for invalid parameters, with the reason
 * in err.
 */
int gw_xfrm_convert(const struct xfrm_sa_desc *d, const char *origin,
		    struct sa **out, char *err, size_t err_len);

#endif /* PROXY_GW_XFRM_H */
