/* SPDX-License-Identifier: GPL-2.0-only */
/* Test Anything Protocol output for the C tests. */
#ifndef PROXY_TAP_H
#define PROXY_TAP_H

#include <stdbool.h>

void tap_plan(unsigned int n);
/* Print "ok N - name" or "not ok N - name"; returns cond. */
bool tap_ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the plan when none was given and return the exit status. */
int tap_done(void);

#endif /* PROXY_TAP_H */
