/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AH ICV covers the IP header with the fields that change in transit
 * set to zero, or to the value they will have at the destination (RFC 4302
 * section 3.3.3.1 and Appendix A).
 */
#ifndef PROXY_AH_MUTABLE_H
#define PROXY_AH_MUTABLE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Rewrite, in the copy p of an IPv4 or IPv6 packet, every mutable field in
 * front of the AH header at ah_off.  Returns 0, or -EINVAL with *why set
 * when an option or extension header cannot be processed.
 */
int ah_zero_mutable(uint8_t *p, size_t ah_off, const char **why);

#endif /* PROXY_AH_MUTABLE_H */
