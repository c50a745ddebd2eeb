// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>

#include "capture.h"
#include "gw_monitor.h"
#include "gw_opts.h"
#include "gw_worker.h"
#include "linklayer.h"
#include "log.h"

static int set_filter(pcap_t *p, const struct gw_options *opt)
{
	struct bpf_program prog;
	int ret = 0;

	if (!opt->bpf)
		return 0;
	if (pcap_compile(p, &prog, opt->bpf, 1, PCAP_NETMASK_UNKNOWN)) {
		log_err("monitor: invalid filter '%s': %s", opt->bpf,
			pcap_geterr(p));
		return -EINVAL;
	}
	if (pcap_setfilter(p, &prog)) {
		log_err("monitor: setting the filter on %s failed: %s",
			opt->ifname[0], pcap_geterr(p));
		ret = -EINVAL;
	}
	pcap_freecode(&prog);
	return ret;
}

static int configure(pcap_t *p, const struct gw_options *opt)
{
	unsigned int block = opt->ring_block_size ? opt->ring_block_size :
			     CAPTURE_BLOCK_SIZE_DEFAULT;
	unsigned int blocks = opt->ring_blocks ? opt->ring_blocks :
			      CAPTURE_BLOCK_COUNT_DEFAULT;
	int timeout = (int)(opt->flush_ms ? opt->flush_ms :
			    CAPTURE_BLOCK_TIMEOUT_DEFAULT);

	if (pcap_set_snaplen(p, GW_FRAME_MAX) || pcap_set_promisc(p, 1) ||
	    pcap_set_timeout(p, timeout) ||
	    pcap_set_buffer_size(p, (int)(block * blocks)))
		return -EINVAL;
	return 0;
}

int gw_monitor_open(const struct gw_options *opt, pcap_t **out, int *dlt)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	const char *ifname = opt->ifname[0];
	pcap_t *p;
	int ret;

	p = pcap_create(ifname, errbuf);
	if (!p) {
		log_err("monitor: cannot open %s: %s", ifname, errbuf);
		return -ENODEV;
	}
	ret = configure(p, opt);
	if (ret) {
		log_err("monitor: cannot configure %s", ifname);
		goto close_p;
	}
	ret = pcap_activate(p);
	if (ret < 0) {
		log_err("monitor: cannot capture on %s: %s (needs CAP_NET_RAW)",
			ifname, pcap_geterr(p));
		ret = -EIO;
		goto close_p;
	}
	if (ret > 0)
		log_warn("monitor: %s: %s", ifname, pcap_geterr(p));
	*dlt = pcap_datalink(p);
	if (!link_type_supported(*dlt)) {
		log_err("monitor: %s: link type %s is not supported", ifname,
			pcap_datalink_val_to_name(*dlt) ?: "unknown");
		ret = -EOPNOTSUPP;
		goto close_p;
	}
	ret = set_filter(p, opt);
	if (!ret && pcap_setnonblock(p, 1, errbuf)) {
		log_err("monitor: %s: %s", ifname, errbuf);
		ret = -EIO;
	}
	if (ret)
		goto close_p;
	log_info("monitor: capturing on %s%s%s", ifname,
		 opt->bpf ? " with filter " : "", opt->bpf ? opt->bpf : "");
	*out = p;
	return 0;

close_p:
	pcap_close(p);
	return ret;
}
