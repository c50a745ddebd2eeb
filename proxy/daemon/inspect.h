/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inspection of decrypted inner packets against the rule set.  All
 * contents of all rules form one Hyperscan block-mode database.  A scan of
 * the L4 payload marks the contents that occur.  Then each rule whose
 * contents all occur, and whose negated contents do not, has its header
 * checked against the packet.  Rules without contents are checked on the
 * header alone.
 *
 * Reloading compiles a new database while workers keep scanning with the
 * old one, then publishes it with one pointer store.  Each worker holds a
 * reference to the rule set it scans with and moves to the new one before
 * its next packet.  Moving takes a mutex held only for a pointer copy and a
 * reference count increment, so no worker waits while a reload compiles.
 * A replaced rule set is freed when the last worker has left it.
 */
#ifndef PROXYD_INSPECT_H
#define PROXYD_INSPECT_H

#include <stddef.h>
#include <stdint.h>

#include "outbuf.h"
#include "packet.h"
#include "rules.h"

#define INSPECT_ALERTS_MAX	16	/* alerts reported for one packet */

/* The strongest action among the matching rules: pass > drop > alert. */
enum inspect_verdict {
	INSPECT_NO_MATCH,
	INSPECT_ALERT,
	INSPECT_DROP,
	INSPECT_PASS,
};

struct inspect_alert {
	enum rule_action action;	/* RULE_ACTION_ALERT or _DROP */
	uint32_t sid;
	uint32_t rev;
	const char *msg;
};

/*
 * When a pass rule matches, the verdict is INSPECT_PASS and no alerts are
 * listed.  Otherwise every matching drop and alert rule is listed in rule
 * file order, up to INSPECT_ALERTS_MAX; alerts_lost counts the rest.  The
 * msg pointers stay valid until the worker's next inspect call.
 */
struct inspect_result {
	enum inspect_verdict verdict;
	struct inspect_alert alerts[INSPECT_ALERTS_MAX];
	size_t n_alerts;
	size_t alerts_lost;
};

struct inspect_stats {
	uint64_t generation;	/* 0 until the first successful load */
	size_t n_rules;
	size_t n_contents;
	uint64_t reloads_ok;
	uint64_t reloads_failed;
};

struct inspect_worker_stats {
	uint64_t packets;
	uint64_t alerts;	/* alert events, not packets */
	uint64_t drops;
	uint64_t passes;
	uint64_t errors;	/* scan failures */
};

struct inspect;
struct inspect_worker;

/* Create an inspector with an empty rule set. */
int inspect_create(struct inspect **out);

/* Destroy the inspector; every worker must be destroyed before. */
void inspect_destroy(struct inspect *ins);

/*
 * Load the rule file at path and make it the active rule set.  On failure
 * the active rule set stays, the reasons are logged and appended to errors
 * (when not NULL), and the return is -EINVAL for invalid rules or another
 * negative errno.  Safe to call while workers inspect packets.
 */
int inspect_reload(struct inspect *ins, const char *path,
		   struct outbuf *errors);

void inspect_get_stats(struct inspect *ins, struct inspect_stats *stats);

/* A worker owns Hyperscan scratch space; use each from one thread only. */
int inspect_worker_create(struct inspect *ins, struct inspect_worker **out);
void inspect_worker_destroy(struct inspect_worker *w);

/*
 * Match pkt against the active rule set.  Returns 0, or -EIO when the scan
 * failed: result->verdict is then INSPECT_NO_MATCH and the caller decides
 * whether to forward.  When moving to a newly loaded rule set fails for
 * lack of memory, the worker logs it and goes on with the rule set it had.
 */
int inspect_packet(struct inspect_worker *w, const struct packet_info *pkt,
		   struct inspect_result *result);

/* Let go of a replaced rule set while idle, so its memory can be freed. */
void inspect_worker_sync(struct inspect_worker *w);

void inspect_worker_get_stats(struct inspect_worker *w,
			      struct inspect_worker_stats *stats);

#endif
