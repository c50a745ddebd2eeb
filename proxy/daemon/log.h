/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Daemon logging to syslog or stderr, with levels and per-key rate
 * limiting.  Every message is one line: control characters are written as
 * \xHH so that text from packets or rule files cannot forge lines.  No
 * function here takes binary data; callers must not pass key material.
 */
#ifndef PROXYD_LOG_H
#define PROXYD_LOG_H

#include <stdint.h>

enum log_level {
	LOG_LEVEL_ERR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

enum log_target {
	LOG_TARGET_STDERR,
	LOG_TARGET_SYSLOG,
};

#define LOG_LINE_MAX		1024	/* bytes of message text, longer is cut */
#define LOG_LIMIT_BURST		5	/* default messages per key per interval */
#define LOG_LIMIT_INTERVAL_MS	1000

int log_open(enum log_target target, enum log_level level, const char *ident);
void log_close(void);
void log_set_level(enum log_level level);
int log_level_parse(const char *name, enum log_level *level);
void log_set_ratelimit(unsigned int burst, unsigned int interval_ms);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Log at most `burst` messages per key per interval.  The first message of
 * the key after a suppressed interval reports how many were suppressed.
 */
void log_limited(enum log_level level, uint64_t key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Log the suppression count of every key that has one, then forget them. */
void log_flush_suppressed(void);

/* A rate-limit key from a reason string and an SPI (or other number). */
uint64_t log_key(const char *reason, uint64_t id);

#define log_err(...)	log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
