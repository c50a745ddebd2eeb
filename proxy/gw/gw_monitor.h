/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The capture of the monitor mode: libpcap on a live interface, in
 * promiscuous and non-blocking mode, with an optional BPF filter.
 */
#ifndef PROXY_GW_MONITOR_H
#define PROXY_GW_MONITOR_H

#include <pcap/pcap.h>

struct gw_options;

/* Open opt->ifname[0]; *dlt is set to its pcap link type. */
int gw_monitor_open(const struct gw_options *opt, pcap_t **out, int *dlt);

#endif /* PROXY_GW_MONITOR_H */
