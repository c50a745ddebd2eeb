/* SPDX-License-Identifier: GPL-2.0-only */
/* AH header layout shared by verification and generation. */
#ifndef PROXY_AH_H
#define PROXY_AH_H

#include <stdbool.h>
#include <stddef.h>

#include "sa.h"

/* Explicit IV of AES-GMAC in AH (RFC 4543 section 3.1); 0 for HMAC. */
static inline unsigned int ah_iv_len(const struct sa *sa)
{
	return sa->enc ? sa->enc->iv_len : 0;
}

/*
 * AH length: header, IV and ICV, aligned to 32 bits for IPv4 (RFC 4302
 * section 2.2) or to 64 bits for IPv6 and for IPv4 without 'flag align4',
 * which is what Linux sends.
 */
static inline size_t ah_total_len(const struct sa *sa, bool ipv6, bool align8)
{
	size_t len = 12 + ah_iv_len(sa) + sa->icv_len;
	size_t align = ipv6 || align8 ? 8 : 4;

	return (len + align - 1) / align * align;
}

#endif /* PROXY_AH_H */
