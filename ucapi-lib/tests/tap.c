// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static unsigned int tap_count, tap_failed;

static void tap_vline(bool ok, const char *fmt, va_list ap)
{
	printf("%sok %u - ", ok ? "" : "not ", ++tap_count);
	vprintf(fmt, ap);
}

bool tap_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline(ok, fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		tap_failed++;
	fflush(stdout);
	return ok;
}

void tap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline(true, fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
	fflush(stdout);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

bool tap_is_int(long got, long want, const char *fmt, ...)
{
	bool ok = got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vline(ok, fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok) {
		tap_failed++;
		printf("#   got %ld, expected %ld\n", got, want);
	}
	fflush(stdout);
	return ok;
}

static void print_hex(const char *label, const unsigned char *p, size_t len)
{
	size_t i;

	printf("#   %s", label);
	for (i = 0; i < len && i < 64; i++)
		printf("%02x", p[i]);
	printf("%s\n", len > 64 ? "..." : "");
}

bool tap_is_mem(const void *got, const void *want, size_t len,
		const char *fmt, ...)
{
	bool ok = !len || !memcmp(got, want, len);
	const unsigned char *g = got, *w = want;
	va_list ap;
	size_t first = 0;

	va_start(ap, fmt);
	tap_vline(ok, fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok) {
		tap_failed++;
		while (g[first] == w[first])
			first++;
		printf("#   first difference at byte %zu of %zu\n", first, len);
		print_hex("got:      ", g + first, len - first);
		print_hex("expected: ", w + first, len - first);
	}
	fflush(stdout);
	return ok;
}

void tap_bail(const char *fmt, ...)
{
	va_list ap;

	fputs("Bail out! ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(1);
}

int tap_done(void)
{
	printf("1..%u\n", tap_count);
	if (tap_failed)
		printf("# %u of %u checks failed\n", tap_failed, tap_count);
	return tap_failed ? 1 : 0;
}
