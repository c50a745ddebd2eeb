/* SPDX-License-Identifier: GPL-2.0-only */
/* Parsing of keys, numbers and addresses shared by the SA file loaders. */
#ifndef PROXY_KEYPARSE_H
#define PROXY_KEYPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "sa.h"

/*
 * Parse "0x" followed by an even number of hex digits, or else take the
 * bytes of the string itself, as ip-xfrm(8) and Wireshark do.  Returns 0,
 * -EINVAL for a bad hex digit or an odd digit count, -E2BIG when longer
 * than max.
 */
int parse_key(const char *text, uint8_t *out, size_t max, size_t *len);

/* Parse a decimal or 0x-prefixed number no larger than max. */
int parse_u64(const char *text, uint64_t max, uint64_t *value);

/* Parse an IPv4 or IPv6 address. */
int parse_addr(const char *text, struct sa_addr *addr);

#endif /* PROXY_KEYPARSE_H */
