// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "gw_pair.h"
#include "keyparse.h"

#define PAIR_WORDS_MAX	16

static size_t split_words(char *text, char **words)
{
	char *save = NULL, *w;
	size_t n = 0;

	for (w = strtok_r(text, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (*w == '#')
			break;
		if (n == PAIR_WORDS_MAX)
			return PAIR_WORDS_MAX + 1;
		words[n++] = w;
	}
	return n;
}

/* Parse "spi N [dst ADDR] [proto P]" from words[*pos] on, up to stop. */
static int parse_end(char **words, size_t n, size_t *pos, const char *stop,
		     struct gw_sa_ref *ref, char *err, size_t err_len)
{
	uint64_t spi = 0;
	size_t i = *pos;

	ref->proto = IPPROTO_ESP_NUM;
	memset(&ref->dst, 0, sizeof(ref->dst));
	for (; i < n && (!stop || strcmp(words[i], stop)); i += 2) {
		const char *key = words[i], *val = i + 1 < n ? words[i + 1] : NULL;

		if (strcmp(key, "spi") && strcmp(key, "dst") &&
		    strcmp(key, "proto")) {
			snprintf(err, err_len, "unknown keyword '%s': expected spi, dst or proto",
				 key);
			return -EINVAL;
		}
		if (!val) {
			snprintf(err, err_len, "'%s' needs a value", key);
			return -EINVAL;
		}
		if (!strcmp(key, "spi")) {
			if (parse_u64(val, UINT32_MAX, &spi) || !spi) {
				snprintf(err, err_len, "invalid SPI '%s': expected 1 to 0xffffffff",
					 val);
				return -EINVAL;
			}
		} else if (!strcmp(key, "dst")) {
			if (parse_addr(val, &ref->dst)) {
				snprintf(err, err_len, "invalid address '%s'", val);
				return -EINVAL;
			}
		} else if (!strcmp(val, "esp")) {
			ref->proto = IPPROTO_ESP_NUM;
		} else if (!strcmp(val, "ah")) {
			ref->proto = IPPROTO_AH_NUM;
		} else {
			snprintf(err, err_len, "invalid protocol '%s': expected esp or ah",
				 val);
			return -EINVAL;
		}
	}
	if (!spi) {
		snprintf(err, err_len, "missing 'spi'");
		return -EINVAL;
	}
	ref->spi = (uint32_t)spi;
	*pos = i;
	return 0;
}

int gw_pair_parse(char *text, struct gw_pair_spec *spec, char *err,
		  size_t err_len)
{
	char *words[PAIR_WORDS_MAX];
	size_t n, pos = 1;

	memset(spec, 0, sizeof(*spec));
	n = split_words(text, words);
	if (n > PAIR_WORDS_MAX) {
		snprintf(err, err_len, "too many words");
		return -EINVAL;
	}
	if (n < 1 || strcmp(words[0], "in")) {
		snprintf(err, err_len, "expected 'pair in spi SPI ... out spi SPI ...'");
		return -EINVAL;
	}
	if (parse_end(words, n, &pos, "out", &spec->end[GW_PAIR_IN], err,
		      err_len))
		return -EINVAL;
	if (pos == n) {
		snprintf(err, err_len, "missing 'out spi SPI'");
		return -EINVAL;
	}
	pos++;
	if (parse_end(words, n, &pos, NULL, &spec->end[GW_PAIR_OUT], err,
		      err_len))
		return -EINVAL;
	return 0;
}

bool gw_sa_ref_matches(const struct gw_sa_ref *ref, const struct sa *sa)
{
	if (ref->spi != sa->spi || ref->proto != sa->proto)
		return false;
	if (!ref->dst.family)
		return true;
	return sa_addr_equal(&ref->dst, &sa->dst);
}

void gw_sa_ref_describe(const struct gw_sa_ref *ref, char *buf, size_t len)
{
	char dst[64];

	if (!ref->dst.family) {
		snprintf(buf, len, "%s spi 0x%08x", sa_proto_name(ref->proto),
			 ref->spi);
		return;
	}
	sa_addr_format(&ref->dst, dst, sizeof(dst));
	snprintf(buf, len, "%s spi 0x%08x dst %s", sa_proto_name(ref->proto),
		 ref->spi, dst);
}
