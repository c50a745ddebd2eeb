/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SA database: SAs keyed by (SPI, destination address, protocol), as
 * RFC 4301 section 4.1 identifies inbound SAs.
 */
#ifndef PROXY_SADB_H
#define PROXY_SADB_H

#include <stddef.h>
#include <stdint.h>

#include "sa.h"

#define SADB_BUCKETS	1024

struct sadb {
	struct sa *buckets[SADB_BUCKETS];
	struct sa **all;	/* insertion order, for reports */
	size_t count;
	size_t capacity;
};

void sadb_init(struct sadb *db);
/* Wipe and free every SA. */
void sadb_destroy(struct sadb *db);

/*
 * Take ownership of sa (allocated with malloc).  Returns -EEXIST when an SA
 * with the same SPI, destination and protocol is present, -ENOMEM.
 */
int sadb_add(struct sadb *db, struct sa *sa);

/*
 * Find the SA for an inbound packet.  family and dst give the outer
 * destination address; an SA with a wildcard destination matches when no
 * exact one does.
 */
struct sa *sadb_lookup(const struct sadb *db, uint32_t spi, uint8_t proto,
		       int family, const uint8_t *dst);

#endif /* PROXY_SADB_H */
