// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "keyparse.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int parse_key(const char *text, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(text), i;
	int hi, lo;

	if (n < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
		if (n > max)
			return -E2BIG;
		memcpy(out, text, n);
		*len = n;
		return 0;
	}
	text += 2;
	n -= 2;
	if (n % 2)
		return -EINVAL;
	if (n / 2 > max)
		return -E2BIG;
	for (i = 0; i < n / 2; i++) {
		hi = hex_digit(text[2 * i]);
		lo = hex_digit(text[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			explicit_bzero(out, i);
			return -EINVAL;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

int parse_u64(const char *text, uint64_t max, uint64_t *value)
{
	unsigned long long v;
	char *end;

	if (!*text || *text == '-' || isspace((unsigned char)*text))
		return -EINVAL;
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || *end)
		return -EINVAL;
	if (v > max)
		return -ERANGE;
	*value = v;
	return 0;
}

int parse_addr(const char *text, struct sa_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, text, addr->bytes) == 1) {
		addr->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, addr->bytes) == 1) {
		addr->family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}
