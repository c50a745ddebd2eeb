/* SPDX-License-Identifier: GPL-2.0-only */
/* Inspection of a decrypted packet with the rules, and its EVE alerts. */
#ifndef PROXY_GW_CHECK_H
#define PROXY_GW_CHECK_H

#include <stdbool.h>

#include "dp.h"

struct gw_worker;
struct gw_entry;

/*
 * Match the inner packet of res (a VERDICT_OUTPUT of decapsulation)
 * against the rules and write an EVE line for each alert.  Returns true
 * when the packet may go on; false after a drop rule matched or the scan
 * failed, with the drop counted.  In monitor mode nothing is blocked, so
 * the alerts of drop rules have the action "allowed".
 */
bool gw_check_inner(struct gw_worker *w, const struct gw_entry *e,
		    const struct dp_result *res);

#endif /* PROXY_GW_CHECK_H */
