/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SAs and pairs that the --sa and --esp-sa files declare.  A load
 * reads every file.  It takes the "pair" statements out of the ip-xfrm
 * style files and leaves their lines blank, so line numbers stay right,
 * and the datapath's loader reads the rest.  The SAs here hold their keys but no
 * sessions: each worker opens sessions on a copy of its own SAs.
 */
#ifndef PROXY_GW_SASET_H
#define PROXY_GW_SASET_H

#include <stddef.h>

#include "gw_pair.h"
#include "outbuf.h"
#include "sadb.h"

#define GW_CONF_SIZE_MAX	(64u << 20)	/* bytes of one SA file */

struct gw_options;

struct gw_saset {
	struct sadb db;
	struct gw_pair_spec *pairs;
	size_t n_pairs;
};

/*
 * Load every SA file of opt.  Returns 0, or -EINVAL after errors, each of
 * them logged and appended to errors (when not NULL) as one line.
 */
int gw_saset_load(const struct gw_options *opt, struct gw_saset **out,
		  struct outbuf *errors);

/* Wipe the keys and free the set. */
void gw_saset_free(struct gw_saset *set);

#endif /* PROXY_GW_SASET_H */
