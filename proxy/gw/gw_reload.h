/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Changes of the SA configuration and of the rules while traffic runs.
 * Each function takes the gateway's cfg_lock, so reloads from SIGHUP, the
 * control socket and XFRM events run one after another.  No worker waits:
 * a worker takes a new SA database over between two batches, and the
 * rules switch with one pointer store.
 */
#ifndef PROXY_GW_RELOAD_H
#define PROXY_GW_RELOAD_H

#include <stdbool.h>

#include "outbuf.h"

struct gw;

/*
 * Build the databases of every worker from the current files and kernel
 * SAs and hand them over; with cfg_lock held.  When strict, a pair that
 * names a missing SA or an SA whose sessions fail to open fails the whole
 * configuration, and the one in force stays.
 */
int gw_publish_sas(struct gw *gw, bool strict, struct outbuf *errors);

/*
 * Read the SA files again and publish the result; on an error the SAs in
 * force stay.  Returns once every worker runs with the new SAs (or after
 * a few seconds).
 */
int gw_reload_sas(struct gw *gw, struct outbuf *errors);

/* Load the rule file again; -ENOENT when the daemon has none. */
int gw_reload_rules(struct gw *gw, struct outbuf *errors);

/* Deliver the queued XFRM events and publish the SAs if they changed. */
void gw_reload_xfrm(struct gw *gw);

#endif /* PROXY_GW_RELOAD_H */
