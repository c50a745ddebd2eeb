// SPDX-License-Identifier: GPL-2.0-only
#include <pcap/pcap.h>

#include "bytes.h"
#include "linklayer.h"

#define ETH_HDR_LEN	14
#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8
#define SLL_HDR_LEN	16
#define SLL2_HDR_LEN	20
#define NULL_HDR_LEN	4
#define VLAN_MAX	2

#ifndef DLT_IPV4
#define DLT_IPV4	228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6	229
#endif
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif

bool link_type_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_NULL:
	case DLT_LOOP:
		return true;
	default:
		return false;
	}
}

static bool ethertype_ip(uint16_t type)
{
	return type == ETH_P_IP || type == ETH_P_IPV6;
}

static bool ethernet(const uint8_t *f, size_t len, size_t *off)
{
	size_t o = ETH_HDR_LEN;
	uint16_t type;
	int tags = 0;

	if (len < ETH_HDR_LEN)
		return false;
	type = get_be16(f + 12);
	while ((type == ETH_P_8021Q || type == ETH_P_8021AD) &&
	       tags++ < VLAN_MAX) {
		if (len < o + 4)
			return false;
		type = get_be16(f + o + 2);
		o += 4;
	}
	*off = o;
	return ethertype_ip(type);
}

/* BSD loopback headers name the family in host or network order. */
static bool null_header(const uint8_t *f, size_t len, size_t *off)
{
	if (len <= NULL_HDR_LEN)
		return false;
	*off = NULL_HDR_LEN;
	return f[NULL_HDR_LEN] >> 4 == 4 || f[NULL_HDR_LEN] >> 4 == 6;
}

bool link_ip_offset(int dlt, const uint8_t *f, size_t len, size_t *off)
{
	switch (dlt) {
	case DLT_EN10MB:
		return ethernet(f, len, off);
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		*off = 0;
		return len > 0;
	case DLT_LINUX_SLL:
		*off = SLL_HDR_LEN;
		return len >= SLL_HDR_LEN && ethertype_ip(get_be16(f + 14));
	case DLT_LINUX_SLL2:
		*off = SLL2_HDR_LEN;
		return len >= SLL2_HDR_LEN && ethertype_ip(get_be16(f));
	case DLT_NULL:
	case DLT_LOOP:
		return null_header(f, len, off);
	default:
		return false;
	}
}
