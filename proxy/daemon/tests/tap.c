// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static unsigned int count, failed;
static char tmpdir[256];

static void vprint(const char *prefix, const char *fmt, va_list ap,
		   const char *suffix)
{
	char text[1024];

	vsnprintf(text, sizeof(text), fmt, ap);
	printf("%s %u - %s%s\n", prefix, count, text, suffix);
	fflush(stdout);
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	count++;
	if (!cond)
		failed++;
	va_start(ap, fmt);
	vprint(cond ? "ok" : "not ok", fmt, ap, "");
	va_end(ap);
	return cond;
}

void tap_skip(const char *reason, const char *fmt, ...)
{
	char suffix[256];
	va_list ap;

	count++;
	snprintf(suffix, sizeof(suffix), " # SKIP %s", reason);
	va_start(ap, fmt);
	vprint("ok", fmt, ap, suffix);
	va_end(ap);
}

void tap_diag(const char *fmt, ...)
{
	char text[4096], *line, *save = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		printf("# %s\n", line);
	fflush(stdout);
}

const char *tap_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir[0])
		return tmpdir;
	snprintf(tmpdir, sizeof(tmpdir), "%s/proxyd-test.XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
	return tmpdir;
}

int tap_done(void)
{
	char cmd[300];

	printf("1..%u\n", count);
	if (tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tmpdir);
	}
	return failed ? 1 : 0;
}
