/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 64-bit statistics counters read by the control thread while workers
 * update them.  counter_add() is for counters with a single writer (one
 * worker): a relaxed load and store, no locked instruction on the packet
 * path.  counter_add_shared() is for counters several threads update.
 */
#ifndef PROXYD_COUNTER_H
#define PROXYD_COUNTER_H

#include <stdint.h>

static inline void counter_add(uint64_t *counter, uint64_t n)
{
	uint64_t v = __atomic_load_n(counter, __ATOMIC_RELAXED);

	__atomic_store_n(counter, v + n, __ATOMIC_RELAXED);
}

static inline void counter_add_shared(uint64_t *counter, uint64_t n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static inline uint64_t counter_read(const uint64_t *counter)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

#endif
