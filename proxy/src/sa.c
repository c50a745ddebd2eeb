// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sa.h"

void sa_init(struct sa *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->mode = SA_MODE_TRANSPORT;
	sa->replay_size = SA_REPLAY_DEFAULT;
}

void sa_clear(struct sa *sa)
{
	replay_free(&sa->replay);
	explicit_bzero(sa->enc_key, sizeof(sa->enc_key));
	explicit_bzero(sa->auth_key, sizeof(sa->auth_key));
	sa->enc_key_len = 0;
	sa->auth_key_len = 0;
}

const char *sa_proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_ESP_NUM:
		return "esp";
	case IPPROTO_AH_NUM:
		return "ah";
	default:
		return "unknown";
	}
}

size_t sa_addr_len(int family)
{
	switch (family) {
	case AF_INET:
		return 4;
	case AF_INET6:
		return 16;
	default:
		return 0;
	}
}

bool sa_addr_equal(const struct sa_addr *a, const struct sa_addr *b)
{
	return a->family == b->family &&
	       !memcmp(a->bytes, b->bytes, sa_addr_len(a->family));
}

void sa_addr_format(const struct sa_addr *addr, char *buf, size_t len)
{
	if (!addr->family) {
		snprintf(buf, len, "*");
		return;
	}
	if (!inet_ntop(addr->family, addr->bytes, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

void sa_describe(const struct sa *sa, char *buf, size_t len)
{
	char dst[INET6_ADDRSTRLEN];

	sa_addr_format(&sa->dst, dst, sizeof(dst));
	snprintf(buf, len, "%s spi 0x%08x dst %s", sa_proto_name(sa->proto),
		 sa->spi, dst);
}
