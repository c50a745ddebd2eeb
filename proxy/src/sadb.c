// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sadb.h"

/* The destination is left out of the hash so wildcard SAs share a chain. */
static unsigned int bucket_of(uint32_t spi, uint8_t proto)
{
	uint32_t h = spi * 0x9e3779b1U ^ proto;

	return (h ^ h >> 16) % SADB_BUCKETS;
}

static bool addr_equal(const struct sa_addr *a, int family,
		       const uint8_t *bytes)
{
	return a->family == family &&
	       !memcmp(a->bytes, bytes, sa_addr_len(family));
}

void sadb_init(struct sadb *db)
{
	memset(db, 0, sizeof(*db));
}

void sadb_destroy(struct sadb *db)
{
	size_t i;

	for (i = 0; i < db->count; i++) {
		sa_clear(db->all[i]);
		free(db->all[i]);
	}
	free(db->all);
	sadb_init(db);
}

int sadb_add(struct sadb *db, struct sa *sa)
{
	unsigned int b = bucket_of(sa->spi, sa->proto);
	struct sa **all;
	struct sa *it;

	for (it = db->buckets[b]; it; it = it->next)
		if (it->spi == sa->spi && it->proto == sa->proto &&
		    addr_equal(&it->dst, sa->dst.family, sa->dst.bytes))
			return -EEXIST;

	if (db->count == db->capacity) {
		size_t cap = db->capacity ? db->capacity * 2 : 16;

		all = realloc(db->all, cap * sizeof(*all));
		if (!all)
			return -ENOMEM;
		db->all = all;
		db->capacity = cap;
	}
	db->all[db->count++] = sa;
	sa->next = db->buckets[b];
	db->buckets[b] = sa;
	return 0;
}

struct sa *sadb_lookup(const struct sadb *db, uint32_t spi, uint8_t proto,
		       int family, const uint8_t *dst)
{
	struct sa *wildcard = NULL;
	struct sa *it;

	for (it = db->buckets[bucket_of(spi, proto)]; it; it = it->next) {
		if (it->spi != spi || it->proto != proto)
			continue;
		if (addr_equal(&it->dst, family, dst))
			return it;
		if (!it->dst.family)
			wildcard = it;
	}
	return wildcard;
}
