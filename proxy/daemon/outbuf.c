// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outbuf.h"

void outbuf_init(struct outbuf *buf, size_t max)
{
	memset(buf, 0, sizeof(*buf));
	buf->max = max;
}

void outbuf_free(struct outbuf *buf)
{
	free(buf->data);
	outbuf_init(buf, buf->max);
}

void outbuf_reset(struct outbuf *buf)
{
	buf->len = 0;
	buf->failed = false;
	if (buf->data)
		buf->data[0] = '\0';
}

static int outbuf_reserve(struct outbuf *buf, size_t extra)
{
	size_t need, cap;
	char *data;

	if (buf->failed)
		return -ENOMEM;
	if (extra > SIZE_MAX / 2 - buf->len)
		goto fail;
	need = buf->len + extra + 1;
	if (buf->max && need > buf->max + 1)
		goto fail;
	if (need <= buf->cap)
		return 0;
	cap = buf->cap ? buf->cap : 256;
	while (cap < need)
		cap *= 2;
	data = realloc(buf->data, cap);
	if (!data)
		goto fail;
	buf->data = data;
	buf->cap = cap;
	return 0;
fail:
	buf->failed = true;
	return -ENOMEM;
}

int outbuf_append(struct outbuf *buf, const void *data, size_t len)
{
	int err = outbuf_reserve(buf, len);

	if (err)
		return err;
	memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return 0;
}

int outbuf_printf(struct outbuf *buf, const char *fmt, ...)
{
	va_list ap;
	int n, err;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		buf->failed = true;
		return -EINVAL;
	}
	err = outbuf_reserve(buf, (size_t)n);
	if (err)
		return err;
	va_start(ap, fmt);
	vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf->len += (size_t)n;
	return 0;
}

int outbuf_error(const struct outbuf *buf)
{
	return buf->failed ? -ENOMEM : 0;
}

const char *outbuf_str(const struct outbuf *buf)
{
	return buf->len ? buf->data : "";
}
