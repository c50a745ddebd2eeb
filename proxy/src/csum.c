// SPDX-License-Identifier: GPL-2.0-only
#include "bytes.h"
#include "csum.h"

uint32_t csum_partial(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get_be16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t ipv4_header_csum(const uint8_t *hdr, size_t len)
{
	uint32_t sum;

	sum = csum_partial(hdr, 10, 0);
	sum = csum_partial(hdr + 12, len - 12, sum);
	return csum_fold(sum);
}

void udp6_set_csum(const uint8_t *ip6, uint8_t *udp, size_t udp_len)
{
	uint8_t tail[8] = { 0 };
	uint32_t sum;
	uint16_t csum;

	put_be32(tail, (uint32_t)udp_len);
	tail[7] = 17;
	put_be16(udp + 6, 0);
	sum = csum_partial(ip6 + 8, 32, 0);
	sum = csum_partial(tail, sizeof(tail), sum);
	sum = csum_partial(udp, udp_len, sum);
	csum = csum_fold(sum);
	put_be16(udp + 6, csum ? csum : 0xffff);
}
