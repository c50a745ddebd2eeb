// SPDX-License-Identifier: GPL-2.0-only
/* Anti-replay window and ESN inference (RFC 4303 Appendix A). */
#include <stdint.h>

#include "replay.h"
#include "tap.h"

static void test_basic_window(void)
{
	struct replay_window w;
	uint64_t s;
	bool all_ok = true;

	replay_init(&w, 64, 0);
	tap_ok(replay_check(&w, 0) == REPLAY_TOO_OLD, "sequence number 0 rejected");
	for (s = 1; s <= 100; s++) {
		if (replay_check(&w, s) != REPLAY_OK)
			all_ok = false;
		replay_advance(&w, s);
	}
	tap_ok(all_ok, "in-order numbers 1..100 accepted");
	tap_ok(replay_check(&w, 100) == REPLAY_DUPLICATE, "top is a duplicate");
	tap_ok(replay_check(&w, 37) == REPLAY_DUPLICATE,
	       "inside window and seen is a duplicate");
	tap_ok(replay_check(&w, 36) == REPLAY_TOO_OLD,
	       "window edge: top - 64 is left of the window");

	replay_advance(&w, 110);
	tap_ok(replay_check(&w, 105) == REPLAY_OK,
	       "skipped number inside the window is accepted");
	replay_advance(&w, 105);
	tap_ok(replay_check(&w, 105) == REPLAY_DUPLICATE,
	       "late number recorded once accepted");
	tap_ok(replay_check(&w, 100) == REPLAY_DUPLICATE,
	       "bits survive a small advance");

	replay_advance(&w, 10000);
	tap_ok(replay_check(&w, 9990) == REPLAY_OK &&
	       replay_check(&w, 9936) == REPLAY_TOO_OLD,
	       "large jump clears the bitmap and moves the edge");
	replay_free(&w);
}

static void test_large_window(void)
{
	struct replay_window w;
	uint64_t s;
	bool ok = true;

	tap_ok(replay_init(&w, 4096, 0) == 0 && w.nbits == 4096,
	       "window of 4096 allocates");
	replay_advance(&w, 5000);
	for (s = 5000 - 4095; s < 5000; s += 7) {
		if (replay_check(&w, s) != REPLAY_OK)
			ok = false;
		replay_advance(&w, s);
	}
	tap_ok(ok, "out-of-order numbers within 4096 accepted");
	tap_ok(replay_check(&w, 5000 - 4095) == REPLAY_DUPLICATE &&
	       replay_check(&w, 5000 - 4096) == REPLAY_TOO_OLD,
	       "4096 window edges");
	replay_free(&w);

	tap_ok(replay_init(&w, 100, 0) == 0 && w.nbits == 128,
	       "window of 100 rounds its bitmap up to 128");
	replay_advance(&w, 200);
	tap_ok(replay_check(&w, 101) == REPLAY_OK &&
	       replay_check(&w, 100) == REPLAY_TOO_OLD,
	       "rounded bitmap keeps the configured window");
	replay_free(&w);
	tap_ok(replay_init(&w, REPLAY_WINDOW_MAX + 1, 0) != 0,
	       "window above the maximum rejected");
}

static void test_initial_top(void)
{
	struct replay_window w;

	replay_init(&w, 32, 1000);
	tap_ok(replay_check(&w, 1000) == REPLAY_DUPLICATE &&
	       replay_check(&w, 999) == REPLAY_OK &&
	       replay_check(&w, 1001) == REPLAY_OK,
	       "configured top counts as received");
	replay_free(&w);

	replay_init(&w, 0, 0);
	tap_ok(replay_check(&w, 5) == REPLAY_OK, "window 0 disables the check");
	replay_advance(&w, 5);
	tap_ok(replay_check(&w, 5) == REPLAY_OK, "window 0 accepts repeats");
	replay_free(&w);
}

static void test_esn_inference(void)
{
	struct replay_window w;
	uint64_t seq = 0;

	replay_init(&w, 64, 1ULL << 32 | 1000);
	tap_ok(replay_infer_seq(&w, true, 940, &seq) && seq == (1ULL << 32 | 940),
	       "ESN case A: inside the window keeps the high half");
	tap_ok(replay_infer_seq(&w, true, 5, &seq) && seq == (2ULL << 32 | 5),
	       "ESN case A: below the window wraps to the next half");
	tap_ok(replay_infer_seq(&w, false, 5, &seq) && seq == 5,
	       "without ESN the high half is 0");
	replay_free(&w);

	replay_init(&w, 64, 2ULL << 32 | 5);
	tap_ok(replay_infer_seq(&w, true, 0xfffffff0, &seq) &&
	       seq == (1ULL << 32 | 0xfffffff0),
	       "ESN case B: window reaching back takes the previous half");
	tap_ok(replay_infer_seq(&w, true, 100, &seq) && seq == (2ULL << 32 | 100),
	       "ESN case B: ahead stays in the current half");
	replay_free(&w);

	replay_init(&w, 64, 5);
	tap_ok(!replay_infer_seq(&w, true, 0xfffffff0, &seq),
	       "ESN case B below sequence number 0 is rejected");
	replay_free(&w);

	replay_init(&w, 64, 0xffffffffULL);
	tap_ok(replay_infer_seq(&w, true, 0, &seq) && seq == 1ULL << 32 &&
	       replay_check(&w, seq) == REPLAY_OK,
	       "ESN wrap from 2^32-1 to 2^32");
	replay_advance(&w, seq);
	tap_ok(replay_infer_seq(&w, true, 0xfffffffe, &seq) &&
	       seq == 0xfffffffeULL && replay_check(&w, seq) == REPLAY_OK,
	       "ESN late packet from before the wrap");
	replay_free(&w);
}

/* The last ESN sequence number; advancing to it must terminate. */
static void test_last_sequence_number(void)
{
	struct replay_window w;

	replay_init(&w, 64, UINT64_MAX - 3);
	tap_ok(replay_check(&w, UINT64_MAX) == REPLAY_OK,
	       "sequence number 2^64-1 accepted");
	replay_advance(&w, UINT64_MAX);
	tap_ok(w.top == UINT64_MAX &&
	       replay_check(&w, UINT64_MAX) == REPLAY_DUPLICATE &&
	       replay_check(&w, UINT64_MAX - 1) == REPLAY_OK,
	       "window at 2^64-1");
	replay_free(&w);
}

int main(void)
{
	test_basic_window();
	test_large_window();
	test_initial_top();
	test_esn_inference();
	test_last_sequence_number();
	return tap_done();
}
