/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing JSON text into a fixed buffer.  Strings are escaped as RFC 8259
 * requires, and bytes that are not valid UTF-8 become U+FFFD, so the
 * output is valid JSON whatever bytes a rule message holds.
 */
#ifndef PROXYD_JSON_H
#define PROXYD_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_writer {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;		/* something did not fit; buf is cut */
};

void json_init(struct json_writer *w, char *buf, size_t size);
void json_raw(struct json_writer *w, const char *text);
void json_string(struct json_writer *w, const char *s, size_t len);
void json_uint(struct json_writer *w, uint64_t value);

/* Write "key": before a value, with a comma first unless it follows '{'. */
void json_key(struct json_writer *w, const char *key);

#endif
