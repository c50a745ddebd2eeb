/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SA database of one worker: copies of the SAs it serves, each with
 * libucapi sessions of its own, the pairs among them, and the datapaths
 * that run over it.  The control side builds a new one for every SA
 * configuration, and the worker takes it over between two batches.  The
 * worker then carries over the replay window, the sequence counter, the
 * IV mask and the counters of every SA whose key did not change.
 */
#ifndef PROXY_GW_WDB_H
#define PROXY_GW_WDB_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"
#include "gw_config.h"
#include "outbuf.h"
#include "sadb.h"

struct gw_worker;

struct gw_wdb_pair {
	struct sa *in;
	struct sa *out;
};

struct gw_wdb {
	struct sadb db;
	struct gw_wdb_pair *pairs;
	size_t n_pairs;
	struct dp *in_dp;		/* decapsulation */
	struct dp *out_dp;		/* re-encrypt mode: encapsulation */
	uint64_t generation;
};

struct gw_wdb_params {
	unsigned int worker;		/* whose SAs to take */
	struct gw_worker *user;		/* handed to the result callbacks */
	unsigned int batch;
	enum ucapi_backend backend;
	bool reencrypt;
	uint64_t generation;
};

/*
 * Build the database of worker p->worker from cfg.  An SA whose sessions
 * fail to open is left out and counted in *failed, its reason logged and
 * appended to errors.  Returns 0 or a negative errno.
 */
int gw_wdb_build(const struct gw_config *cfg, const struct gw_wdb_params *p,
		 struct gw_wdb **out, unsigned int *failed,
		 struct outbuf *errors);

/* Close the sessions, wipe the keys and free everything. */
void gw_wdb_destroy(struct gw_wdb *wdb);

/*
 * Carry the state of every SA of old that wdb has under the same key: same
 * SPI, protocol, destination, algorithms and keys.  The replay window, the
 * sequence counter, the IV mask and the counters go on.
 */
void gw_wdb_inherit(struct gw_wdb *wdb, const struct gw_wdb *old);

/* Whether wdb has sa under the same key. */
bool gw_wdb_has(const struct gw_wdb *wdb, const struct sa *sa);

/* Copy the state of sa, as inherit does, from from's copy to to's. */
void gw_wdb_carry(struct gw_wdb *to, const struct gw_wdb *from,
		  const struct sa *sa);

/* ucapi system calls made so far by the sessions of wdb (NULL: 0). */
uint64_t gw_wdb_syscalls(const struct gw_wdb *wdb);

/*
 * Log the counters and the sequence numbers reached of every SA of old
 * that wdb (may be NULL) does not carry on under the same key, so that
 * they outlive the SA; why names what ended it.
 */
void gw_wdb_log_retired(const struct gw_wdb *old, const struct gw_wdb *wdb,
			unsigned int worker, const char *why);

/* The outbound SA paired with in, or NULL. */
struct sa *gw_wdb_pair_of(const struct gw_wdb *wdb, const struct sa *in);

#endif /* PROXY_GW_WDB_H */
