/* SPDX-License-Identifier: GPL-2.0-only */
/* The link-layer framing of an interface, as a pcap link type. */
#ifndef PROXY_GW_LINK_H
#define PROXY_GW_LINK_H

/*
 * DLT_EN10MB for Ethernet (and loopback), DLT_RAW for interfaces without
 * a link-layer header (tun, ip_vti...), or -EOPNOTSUPP and -ENODEV.
 */
int gw_link_type(const char *ifname);

#endif /* PROXY_GW_LINK_H */
