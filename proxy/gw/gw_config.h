/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One SA configuration: the SAs of the files and of the kernel, the pairs
 * between them resolved, and the worker that serves each SA.
 *
 * A worker serves the SAs whose SPI the capture's fanout program steers to
 * it (capture_spi_worker()), so its replay windows and sequence counters
 * have one writer.  The outbound SA of a pair goes to the worker of the
 * pair's inbound SA instead, because that worker encapsulates with it.
 */
#ifndef PROXY_GW_CONFIG_H
#define PROXY_GW_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "outbuf.h"
#include "sa.h"

struct gw;

struct gw_config {
	const struct sa **sas;	/* into the file set and the XFRM table */
	size_t n;
	unsigned int *owner;	/* worker of each SA */
	ssize_t *pair_out;	/* index of the SA that sas[i] pairs to, or -1 */
};

/*
 * Build the configuration from gw->files and gw->xfrm, with cfg_lock
 * held.  Pairs count in the re-encrypt mode only.  An SA of the
 * kernel with the identity (SPI, destination, protocol) of a file SA is
 * left out with a warning.  A pair whose SAs are missing is an error
 * when strict, else a warning; a pair that reuses an SA is always an
 * error.  Errors go to the log and to errors.
 */
int gw_config_build(const struct gw *gw, bool strict, struct gw_config *cfg,
		    struct outbuf *errors);
void gw_config_free(struct gw_config *cfg);

#endif /* PROXY_GW_CONFIG_H */
