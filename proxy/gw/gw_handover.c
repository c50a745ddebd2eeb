// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gw_handover.h"
#include "gw_worker.h"
#include "log.h"

/* The worker whose database has sa under the same key, or -1. */
static int current_worker(struct gw *gw, const struct sa *sa)
{
	unsigned int i;
	int found = -1;

	for (i = 0; i < gw->n_workers && found < 0; i++) {
		struct gw_worker *w = &gw->workers[i];

		pthread_mutex_lock(&w->db_lock);
		if (w->db && gw_wdb_has(w->db, sa))
			found = (int)i;
		pthread_mutex_unlock(&w->db_lock);
	}
	return found;
}

int gw_handover_find(struct gw *gw, const struct gw_config *cfg,
		     struct gw_handover *h)
{
	char desc[96];
	size_t i;
	int old;

	memset(h, 0, sizeof(*h));
	h->from = malloc((cfg->n + 1) * sizeof(*h->from));
	if (!h->from)
		return -ENOMEM;
	h->n = cfg->n;
	for (i = 0; i < cfg->n; i++) {
		old = current_worker(gw, cfg->sas[i]);
		h->from[i] = old >= 0 && (unsigned int)old != cfg->owner[i] ?
			     old : -1;
		if (h->from[i] < 0)
			continue;
		h->moved++;
		sa_describe(cfg->sas[i], desc, sizeof(desc));
		log_info("sa: %s moves from worker %d to worker %u with its pair",
			 desc, old, cfg->owner[i]);
	}
	return 0;
}

int gw_handover_quiet(const struct gw_config *cfg, const struct gw_handover *h,
		      struct gw_config *quiet)
{
	size_t i;

	*quiet = *cfg;
	quiet->owner = malloc((cfg->n + 1) * sizeof(*quiet->owner));
	quiet->pair_out = malloc((cfg->n + 1) * sizeof(*quiet->pair_out));
	if (!quiet->owner || !quiet->pair_out) {
		gw_handover_quiet_free(quiet);
		return -ENOMEM;
	}
	for (i = 0; i < cfg->n; i++) {
		ssize_t out = cfg->pair_out[i];

		quiet->owner[i] = h->from[i] >= 0 ? (unsigned int)h->from[i] :
			cfg->owner[i];
		quiet->pair_out[i] = out >= 0 && h->from[out] >= 0 ? -1 : out;
	}
	return 0;
}

void gw_handover_quiet_free(struct gw_config *quiet)
{
	free(quiet->owner);
	free(quiet->pair_out);
	memset(quiet, 0, sizeof(*quiet));
}

void gw_handover_carry(struct gw *gw, const struct gw_config *cfg,
		       const struct gw_handover *h, struct gw_wdb **wdbs)
{
	struct gw_worker *w;
	size_t i;

	for (i = 0; i < h->n; i++) {
		if (h->from[i] < 0)
			continue;
		w = &gw->workers[h->from[i]];
		pthread_mutex_lock(&w->db_lock);
		if (w->db)
			gw_wdb_carry(wdbs[cfg->owner[i]], w->db, cfg->sas[i]);
		pthread_mutex_unlock(&w->db_lock);
	}
}

void gw_handover_free(struct gw_handover *h)
{
	free(h->from);
	memset(h, 0, sizeof(*h));
}
