// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"

int replay_init(struct replay_window *w, uint32_t size, uint64_t top)
{
	memset(w, 0, sizeof(*w));
	if (size > REPLAY_WINDOW_MAX)
		return -EINVAL;
	w->size = size;
	w->top = top;
	if (!size)
		return 0;
	w->nbits = (size + 63) & ~63U;
	w->bitmap = calloc(w->nbits / 64, sizeof(uint64_t));
	if (!w->bitmap)
		return -ENOMEM;
	/* The configured top counts as received, as the kernel treats it. */
	if (top)
		w->bitmap[(top % w->nbits) / 64] |= 1ULL << (top % 64);
	return 0;
}

void replay_free(struct replay_window *w)
{
	free(w->bitmap);
	w->bitmap = NULL;
}

/*
 * RFC 4303 Appendix A2.2: the window bottom decides whether seq_lo belongs
 * to the current 2^32 block of the top, the next one or the previous one.
 * Without a window, the top alone splits the blocks half way.
 */
bool replay_infer_seq(const struct replay_window *w, bool esn,
		      uint32_t seq_lo, uint64_t *seq)
{
	uint32_t top_lo = (uint32_t)w->top, top_hi = w->top >> 32;
	uint32_t win = w->size ? w->size : 1U << 31;
	uint32_t bottom = top_lo - win + 1;	/* modulo 2^32 */
	uint32_t hi;

	if (!esn) {
		*seq = seq_lo;
		return true;
	}
	if (top_lo >= win - 1) {
		hi = seq_lo >= bottom ? top_hi : top_hi + 1;
	} else {
		if (seq_lo >= bottom) {
			if (!top_hi)
				return false;
			hi = top_hi - 1;
		} else {
			hi = top_hi;
		}
	}
	*seq = (uint64_t)hi << 32 | seq_lo;
	return true;
}

static bool bit_test(const struct replay_window *w, uint64_t seq)
{
	uint32_t bit = seq % w->nbits;

	return w->bitmap[bit / 64] & (1ULL << (bit % 64));
}

static void bit_set(struct replay_window *w, uint64_t seq)
{
	uint32_t bit = seq % w->nbits;

	w->bitmap[bit / 64] |= 1ULL << (bit % 64);
}

static void bit_clear(struct replay_window *w, uint64_t seq)
{
	uint32_t bit = seq % w->nbits;

	w->bitmap[bit / 64] &= ~(1ULL << (bit % 64));
}

enum replay_verdict replay_check(const struct replay_window *w, uint64_t seq)
{
	if (!seq)
		return REPLAY_TOO_OLD;
	if (!w->size || seq > w->top)
		return REPLAY_OK;
	if (w->top - seq >= w->size)
		return REPLAY_TOO_OLD;
	return bit_test(w, seq) ? REPLAY_DUPLICATE : REPLAY_OK;
}

void replay_advance(struct replay_window *w, uint64_t seq)
{
	uint64_t diff, i;

	if (!w->size) {
		if (seq > w->top)
			w->top = seq;
		return;
	}
	if (seq > w->top) {
		diff = seq - w->top;
		if (diff >= w->nbits) {
			memset(w->bitmap, 0, w->nbits / 8);
		} else {
			/* Counted, not compared: seq may be UINT64_MAX. */
			for (i = 1; i <= diff; i++)
				bit_clear(w, w->top + i);
		}
		w->top = seq;
	}
	bit_set(w, seq);
}
