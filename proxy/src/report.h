/* SPDX-License-Identifier: GPL-2.0-only */
/* The end-of-run report: per-SA counts and drops by reason. */
#ifndef PROXY_REPORT_H
#define PROXY_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dp.h"
#include "sadb.h"

void report_print(FILE *out, const char *input, uint64_t frames,
		  uint64_t non_ip, uint64_t written, const struct sadb *db,
		  const struct dp_stats *stats);

bool report_has_drops(const struct dp_stats *stats);

#endif /* PROXY_REPORT_H */
