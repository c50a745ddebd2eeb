/* SPDX-License-Identifier: GPL-2.0-only */
/* Locating the IP header in captured frames of the common link types. */
#ifndef PROXY_LINKLAYER_H
#define PROXY_LINKLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether frames of this pcap link type (DLT_*) are understood. */
bool link_type_supported(int dlt);

/*
 * Find the IPv4 or IPv6 header in a frame of link type dlt.  Returns false
 * for frames that carry something else (ARP, LLDP, ...).
 */
bool link_ip_offset(int dlt, const uint8_t *frame, size_t len, size_t *off);

#endif /* PROXY_LINKLAYER_H */
