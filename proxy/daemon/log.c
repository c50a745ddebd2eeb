// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define LIMIT_SLOTS	256
#define LIMIT_PROBE	8

struct limit_slot {
	uint64_t key;
	uint64_t window_start_ms;
	unsigned int count;		/* messages in the current window */
	unsigned int suppressed;	/* not yet reported */
	char reason[64];		/* start of the last suppressed message */
	bool used;
};

static struct {
	enum log_target target;
	enum log_level level;
	char ident[32];
	unsigned int burst;
	unsigned int interval_ms;
	pthread_mutex_t lock;
	struct limit_slot slots[LIMIT_SLOTS];
} logger = {
	.target = LOG_TARGET_STDERR,
	.level = LOG_LEVEL_INFO,
	.ident = "ipsec-proxyd",
	.burst = LOG_LIMIT_BURST,
	.interval_ms = LOG_LIMIT_INTERVAL_MS,
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

static const char *const level_names[] = {
	[LOG_LEVEL_ERR] = "error",
	[LOG_LEVEL_WARN] = "warning",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

/* The short names of --log-level, accepted as well as the long ones. */
static const char *const level_short_names[] = {
	[LOG_LEVEL_ERR] = "err",
	[LOG_LEVEL_WARN] = "warn",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

static const int level_priorities[] = {
	[LOG_LEVEL_ERR] = LOG_ERR,
	[LOG_LEVEL_WARN] = LOG_WARNING,
	[LOG_LEVEL_INFO] = LOG_INFO,
	[LOG_LEVEL_DEBUG] = LOG_DEBUG,
};

int log_open(enum log_target target, enum log_level level, const char *ident)
{
	if (level > LOG_LEVEL_DEBUG ||
	    (target != LOG_TARGET_STDERR && target != LOG_TARGET_SYSLOG))
		return -EINVAL;
	if (ident)
		snprintf(logger.ident, sizeof(logger.ident), "%s", ident);
	logger.target = target;
	logger.level = level;
	if (target == LOG_TARGET_SYSLOG)
		openlog(logger.ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	return 0;
}

void log_close(void)
{
	log_flush_suppressed();
	if (logger.target == LOG_TARGET_SYSLOG)
		closelog();
	logger.target = LOG_TARGET_STDERR;
}

void log_set_level(enum log_level level)
{
	if (level <= LOG_LEVEL_DEBUG)
		__atomic_store_n(&logger.level, level, __ATOMIC_RELAXED);
}

int log_level_parse(const char *name, enum log_level *level)
{
	unsigned int i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (!strcmp(name, level_names[i]) ||
		    !strcmp(name, level_short_names[i])) {
			*level = i;
			return 0;
		}
	}
	return -EINVAL;
}

void log_set_ratelimit(unsigned int burst, unsigned int interval_ms)
{
	pthread_mutex_lock(&logger.lock);
	logger.burst = burst ? burst : 1;
	logger.interval_ms = interval_ms ? interval_ms : 1;
	memset(logger.slots, 0, sizeof(logger.slots));
	pthread_mutex_unlock(&logger.lock);
}

static bool level_enabled(enum log_level level)
{
	return level <= __atomic_load_n(&logger.level, __ATOMIC_RELAXED);
}

/* Copy src to dst, writing bytes below 0x20 and 0x7f as \xHH. */
static size_t escape_text(char *dst, size_t size, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	for (; *src && n + 5 < size; src++) {
		unsigned char c = (unsigned char)*src;

		if (c < 0x20 || c == 0x7f) {
			dst[n++] = '\\';
			dst[n++] = 'x';
			dst[n++] = hex[c >> 4];
			dst[n++] = hex[c & 15];
		} else {
			dst[n++] = (char)c;
		}
	}
	dst[n] = '\0';
	return n;
}

/* Write one line with one write(), so lines of threads do not mix. */
static void emit(enum log_level level, const char *text)
{
	char line[LOG_LINE_MAX * 4 + 128];
	size_t n;

	if (logger.target == LOG_TARGET_SYSLOG) {
		escape_text(line, sizeof(line), text);
		syslog(level_priorities[level], "%s", line);
		return;
	}
	n = (size_t)snprintf(line, sizeof(line), "%s: %s: ", logger.ident,
			     level_names[level]);
	n += escape_text(line + n, sizeof(line) - n - 1, text);
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0)
		return;	/* nowhere left to report it */
}

static void vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (n >= (int)size && size > 4)
		memcpy(buf + size - 4, "...", 4);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char text[LOG_LINE_MAX];
	va_list ap;

	if (!level_enabled(level))
		return;
	va_start(ap, fmt);
	vformat(text, sizeof(text), fmt, ap);
	va_end(ap);
	emit(level, text);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

uint64_t log_key(const char *reason, uint64_t id)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a offset basis */

	for (; *reason; reason++) {
		h ^= (unsigned char)*reason;
		h *= 0x100000001b3ULL;
	}
	return mix64(h ^ mix64(id));
}

/*
 * Find the slot of key, or take a free one, or evict the slot whose window
 * started first among the probed ones.  Slots are never freed one by one,
 * so a key's slot always comes before any free slot in its probe order.
 */
static struct limit_slot *limit_slot(uint64_t key)
{
	struct limit_slot *free_slot = NULL, *oldest = NULL, *victim;
	unsigned int i;

	for (i = 0; i < LIMIT_PROBE; i++) {
		struct limit_slot *s = &logger.slots[(key + i) % LIMIT_SLOTS];

		if (!s->used) {
			free_slot = s;
			break;
		}
		if (s->key == key)
			return s;
		if (!oldest || s->window_start_ms < oldest->window_start_ms)
			oldest = s;
	}
	victim = free_slot ? free_slot : oldest;
	memset(victim, 0, sizeof(*victim));
	victim->used = true;
	victim->key = key;
	return victim;
}

void log_limited(enum log_level level, uint64_t key, const char *fmt, ...)
{
	char text[LOG_LINE_MAX], line[LOG_LINE_MAX + 64];
	unsigned int suppressed = 0;
	struct limit_slot *s;
	uint64_t now;
	va_list ap;
	bool pass;

	if (!level_enabled(level))
		return;
	va_start(ap, fmt);
	vformat(text, sizeof(text), fmt, ap);
	va_end(ap);

	now = now_ms();
	pthread_mutex_lock(&logger.lock);
	s = limit_slot(key);
	if (!s->window_start_ms || now - s->window_start_ms >= logger.interval_ms) {
		s->window_start_ms = now ? now : 1;
		s->count = 0;
	}
	pass = s->count < logger.burst;
	if (pass) {
		s->count++;
		suppressed = s->suppressed;
		s->suppressed = 0;
	} else {
		s->suppressed++;
		/* The start of the text is enough to recognize the message. */
		memcpy(s->reason, text, sizeof(s->reason) - 1);
		s->reason[sizeof(s->reason) - 1] = '\0';
	}
	pthread_mutex_unlock(&logger.lock);

	if (!pass)
		return;
	if (suppressed) {
		snprintf(line, sizeof(line), "%s (%u similar messages suppressed)",
			 text, suppressed);
		emit(level, line);
	} else {
		emit(level, text);
	}
}

void log_flush_suppressed(void)
{
	struct limit_slot pending[LIMIT_SLOTS];
	unsigned int i, n = 0;

	pthread_mutex_lock(&logger.lock);
	for (i = 0; i < LIMIT_SLOTS; i++) {
		if (logger.slots[i].used && logger.slots[i].suppressed) {
			pending[n++] = logger.slots[i];
			logger.slots[i].suppressed = 0;
		}
	}
	pthread_mutex_unlock(&logger.lock);

	for (i = 0; i < n; i++)
		log_msg(LOG_LEVEL_WARN, "%u messages suppressed, the last began: %s",
			pending[i].suppressed, pending[i].reason);
}
