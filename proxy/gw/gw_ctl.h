/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The gateway's callbacks of the control socket: SAs with their counters
 * (never keys), worker counters, drops by reason, daemon-wide metrics, and
 * the rules and SA reloads.
 */
#ifndef PROXY_GW_CTL_H
#define PROXY_GW_CTL_H

#include "control.h"

extern const struct control_ops gw_control_ops;

#endif /* PROXY_GW_CTL_H */
