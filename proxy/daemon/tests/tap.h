/* SPDX-License-Identifier: GPL-2.0-only */
/* Minimal TAP output for the test programs: the plan comes last. */
#ifndef PROXYD_TESTS_TAP_H
#define PROXYD_TESTS_TAP_H

#include <stdbool.h>

bool tap_ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_skip(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the plan; returns the exit status for main(). */
int tap_done(void);

/* A fresh directory under $TMPDIR (or /tmp), removed by tap_done(). */
const char *tap_tmpdir(void);

#endif
