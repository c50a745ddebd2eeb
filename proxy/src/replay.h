/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Anti-replay sliding window of RFC 4303 section 3.4.3 and Appendix A,
 * with 64-bit extended sequence numbers (ESN).
 */
#ifndef PROXY_REPLAY_H
#define PROXY_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#define REPLAY_WINDOW_MAX	65536	/* bits */

struct replay_window {
	uint32_t size;		/* window in packets; 0 disables the check */
	uint32_t nbits;		/* bitmap length: size rounded up to 64 */
	uint64_t top;		/* highest authenticated sequence number */
	uint64_t *bitmap;	/* bit (seq % nbits) set when seq was seen */
};

enum replay_verdict {
	REPLAY_OK,
	REPLAY_DUPLICATE,	/* inside the window and already seen */
	REPLAY_TOO_OLD,		/* left of the window, or sequence number 0 */
};

int replay_init(struct replay_window *w, uint32_t size, uint64_t top);
void replay_free(struct replay_window *w);

/*
 * Reconstruct the full sequence number from the 32 bits on the wire.
 * Without ESN the high half is 0.  Returns false when the ESN rule places
 * the number below sequence number 0, which no sender can have used.
 */
bool replay_infer_seq(const struct replay_window *w, bool esn,
		      uint32_t seq_lo, uint64_t *seq);

enum replay_verdict replay_check(const struct replay_window *w, uint64_t seq);

/* Record seq as authenticated.  Call only after replay_check() passed. */
void replay_advance(struct replay_window *w, uint64_t seq);

#endif /* PROXY_REPLAY_H */
