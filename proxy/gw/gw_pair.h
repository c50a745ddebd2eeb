/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SA pairs of the re-encrypt mode: a packet that the inbound SA of a pair
 * decapsulates is encapsulated again with its outbound SA.  A pair is a
 * "pair" statement of ipsec-proxyd.conf(5):
 *
 *   pair in spi 0x1000 [dst ADDR] [proto esp|ah] \
 *        out spi 0x2000 [dst ADDR] [proto esp|ah]
 *
 * Without dst, the SPI and protocol must name exactly one SA.
 */
#ifndef PROXY_GW_PAIR_H
#define PROXY_GW_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include "sa.h"

#define GW_PAIR_IN	0
#define GW_PAIR_OUT	1

/* One end of a pair: which SA it names. */
struct gw_sa_ref {
	uint32_t spi;
	uint8_t proto;
	struct sa_addr dst;	/* family 0: any destination */
};

struct gw_pair_spec {
	struct gw_sa_ref end[2];	/* GW_PAIR_IN, GW_PAIR_OUT */
	char origin[SA_ORIGIN_MAX];	/* "file:line" */
};

/*
 * Parse the words after "pair" of one statement, written into text (it is
 * modified).  Returns 0, or -EINVAL with the reason in err.
 */
int gw_pair_parse(char *text, struct gw_pair_spec *spec, char *err,
		  size_t err_len);

/* Whether sa is the SA that ref names. */
bool gw_sa_ref_matches(const struct gw_sa_ref *ref, const struct sa *sa);

/* Write "esp spi 0x00001000 dst 10.0.0.2" (or "dst *") into buf. */
void gw_sa_ref_describe(const struct gw_sa_ref *ref, char *buf, size_t len);

#endif /* PROXY_GW_PAIR_H */
