// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

static unsigned int planned, run, failed;

void tap_plan(unsigned int n)
{
	planned = n;
	printf("1..%u\n", n);
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	run++;
	if (!cond)
		failed++;
	printf("%sok %u - ", cond ? "" : "not ", run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int tap_done(void)
{
	if (!planned)
		printf("1..%u\n", run);
	else if (planned != run)
		tap_diag("planned %u tests but ran %u", planned, run);
	return failed || (planned && planned != run) ? 1 : 0;
}
