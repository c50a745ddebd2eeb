/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A growable text buffer for responses, error lists and metrics.  An
 * allocation failure is sticky: later appends do nothing and
 * outbuf_error() returns -ENOMEM, so a caller checks once at the end.
 */
#ifndef PROXYD_OUTBUF_H
#define PROXYD_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>

struct outbuf {
	char *data;		/* NUL-terminated when len > 0 */
	size_t len;
	size_t cap;
	size_t max;		/* 0: no limit */
	bool failed;
};

void outbuf_init(struct outbuf *buf, size_t max);
void outbuf_free(struct outbuf *buf);
void outbuf_reset(struct outbuf *buf);
int outbuf_append(struct outbuf *buf, const void *data, size_t len);
int outbuf_printf(struct outbuf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int outbuf_error(const struct outbuf *buf);
const char *outbuf_str(const struct outbuf *buf);

#endif
