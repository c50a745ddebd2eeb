/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Test Anything Protocol output: one "ok N - name" or "not ok N - name" line
 * per check, diagnostics as "# ..." lines, the plan "1..N" at the end.
 */
#ifndef UCAPI_TEST_TAP_H
#define UCAPI_TEST_TAP_H

#include <stdbool.h>
#include <stddef.h>

#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))

bool tap_ok(bool ok, const char *fmt, ...) TAP_PRINTF(2, 3);
void tap_skip(const char *reason, const char *fmt, ...) TAP_PRINTF(2, 3);
void tap_diag(const char *fmt, ...) TAP_PRINTF(1, 2);
bool tap_is_int(long got, long want, const char *fmt, ...) TAP_PRINTF(3, 4);
bool tap_is_mem(const void *got, const void *want, size_t len,
		const char *fmt, ...) TAP_PRINTF(4, 5);
void tap_bail(const char *fmt, ...) TAP_PRINTF(1, 2)
	__attribute__((noreturn));
/* Print the plan; returns the exit status: 0 when every check passed. */
int tap_done(void);

#endif /* UCAPI_TEST_TAP_H */
