// SPDX-License-Identifier: GPL-2.0-only
/* Logging: levels, escaping, one line per message, rate limiting. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "tap.h"

static char path[512];
static int saved_stderr;

/* Send stderr to a fresh file. */
static void capture_start(void)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

/* Restore stderr and return what was written (static buffer). */
static const char *capture_end(void)
{
	static char text[65536];
	ssize_t n;
	int fd;

	dup2(saved_stderr, STDERR_FILENO);
	fd = open(path, O_RDONLY);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n < 0 ? 0 : n] = '\0';
	return text;
}

static unsigned int count_lines(const char *s, const char *needle)
{
	unsigned int n = 0;

	for (; (s = strstr(s, needle)); s += strlen(needle))
		n++;
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void test_levels(void)
{
	const char *out;

	log_open(LOG_TARGET_STDERR, LOG_LEVEL_WARN, "proxyd-test");
	capture_start();
	log_info("info line %d", 1);
	log_warn("warning line %d", 2);
	log_err("error line %d", 3);
	out = capture_end();
	tap_ok(!strstr(out, "info line"), "level warn hides info");
	tap_ok(strstr(out, "proxyd-test: warning: warning line 2\n") != NULL,
	       "warning line has ident and level");
	tap_ok(strstr(out, "proxyd-test: error: error line 3\n") != NULL,
	       "error line has ident and level");
	log_set_level(LOG_LEVEL_DEBUG);
	capture_start();
	log_debug("debug now");
	out = capture_end();
	tap_ok(strstr(out, "debug now") != NULL, "level debug shows debug");
}

static void test_escaping(void)
{
	const char *out;

	capture_start();
	log_info("two\nlines\tand\x1b[31m escape");
	out = capture_end();
	tap_ok(strstr(out, "two\\x0alines\\x09and\\x1b[31m escape\n") != NULL,
	       "control characters written as \\xHH");
	tap_ok(count_lines(out, "\n") == 1, "one message is one line");
}

static void test_long_message(void)
{
	char big[3000];
	const char *out;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	capture_start();
	log_info("%s", big);
	out = capture_end();
	tap_ok(strstr(out, "...\n") != NULL && strlen(out) < LOG_LINE_MAX + 64,
	       "long message cut with '...'");
}

static void test_rate_limit(void)
{
	uint64_t key1 = log_key("replay", 0x1000), key2 = log_key("replay", 0x2000);
	const char *out;
	int i;

	tap_ok(key1 != key2, "log_key differs by SPI");
	tap_ok(log_key("auth", 0x1000) != key1, "log_key differs by reason");

	log_set_ratelimit(3, 300);
	capture_start();
	for (i = 0; i < 10; i++)
		log_limited(LOG_LEVEL_WARN, key1, "replay on spi 0x1000 #%d", i);
	for (i = 0; i < 2; i++)
		log_limited(LOG_LEVEL_WARN, key2, "replay on spi 0x2000 #%d", i);
	out = capture_end();
	tap_ok(count_lines(out, "spi 0x1000") == 3,
	       "burst of 3 per key passes (got %u)", count_lines(out, "spi 0x1000"));
	tap_ok(count_lines(out, "spi 0x2000") == 2, "other key counted apart");

	sleep_ms(350);
	capture_start();
	log_limited(LOG_LEVEL_WARN, key1, "replay on spi 0x1000 again");
	out = capture_end();
	tap_ok(strstr(out, "again (7 similar messages suppressed)") != NULL,
	       "next interval reports suppressed count");

	capture_start();
	for (i = 0; i < 5; i++)
		log_limited(LOG_LEVEL_WARN, key2, "burst %d", i);
	log_flush_suppressed();
	out = capture_end();
	tap_ok(count_lines(out, "burst") == 4 &&
	       strstr(out, "2 messages suppressed, the last began: burst 4") != NULL,
	       "flush reports pending suppressions");
	capture_start();
	log_flush_suppressed();
	out = capture_end();
	tap_ok(out[0] == '\0', "flush forgets reported suppressions");
}

static void test_level_parse(void)
{
	enum log_level level;

	tap_ok(log_level_parse("debug", &level) == 0 && level == LOG_LEVEL_DEBUG,
	       "log_level_parse accepts debug");
	tap_ok(log_level_parse("warn", &level) == 0 && level == LOG_LEVEL_WARN,
	       "log_level_parse accepts warn");
	tap_ok(log_level_parse("warning", &level) == 0 &&
	       level == LOG_LEVEL_WARN, "log_level_parse accepts warning");
	tap_ok(log_level_parse("err", &level) == 0 && level == LOG_LEVEL_ERR,
	       "log_level_parse accepts err");
	tap_ok(log_level_parse("verbose", &level) < 0,
	       "log_level_parse rejects unknown name");
}

int main(void)
{
	snprintf(path, sizeof(path), "%s/stderr.txt", tap_tmpdir());
	saved_stderr = dup(STDERR_FILENO);
	test_levels();
	test_escaping();
	test_long_message();
	test_rate_limit();
	test_level_parse();
	return tap_done();
}
