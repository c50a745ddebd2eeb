// SPDX-License-Identifier: GPL-2.0-only
#include <netinet/in.h>

#include "counter.h"
#include "eve.h"
#include "gw.h"
#include "gw_check.h"
#include "gw_worker.h"
#include "inspect.h"
#include "log.h"
#include "packet.h"

static void write_alerts(struct gw_worker *w, const struct gw_entry *e,
			 const struct dp_result *res,
			 const struct packet_info *pkt,
			 const struct inspect_result *r, bool blocked)
{
	struct gw *gw = w->gw;
	struct eve_alert a = {
		.time = e->time,
		.pkt = pkt,
		.in_iface = gw->opt.ifname[e->side],
		.spi = res->spi,
		.ipsec_proto = res->proto == IPPROTO_AH ? IPPROTO_AH :
			       IPPROTO_ESP,
		.blocked = blocked,
	};
	size_t i;

	for (i = 0; i < r->n_alerts; i++) {
		a.sid = r->alerts[i].sid;
		a.rev = r->alerts[i].rev;
		a.msg = r->alerts[i].msg;
		counter_add(&w->counters[GW_ALERTS], 1);
		if (gw->eve && eve_write_alert(gw->eve, &a))
			log_limited(LOG_LEVEL_WARN, log_key("eve-write", 0),
				    "eve: writing an alert failed (sid %u, spi 0x%08x)",
				    a.sid, a.spi);
	}
	if (r->alerts_lost)
		log_limited(LOG_LEVEL_WARN, log_key("eve-lost", res->spi),
			    "inspection: %zu more alerts of one packet of spi 0x%08x not written",
			    r->alerts_lost, res->spi);
}

bool gw_check_inner(struct gw_worker *w, const struct gw_entry *e,
		    const struct dp_result *res)
{
	bool monitor = w->gw->opt.mode == GW_MODE_MONITOR;
	struct inspect_result r;
	struct packet_info pkt;

	if (packet_parse_ip(res->data, res->len, &pkt)) {
		/* Nothing a rule could match: e.g. a transport-mode payload
		 * that is not a complete IP packet. */
		counter_add(&w->counters[GW_INNER_UNPARSED], 1);
		return true;
	}
	if (inspect_packet(w->iw, &pkt, &r)) {
		if (!monitor)
			counter_add(&w->drops[GW_DROP_INSPECT_ERROR], 1);
		log_limited(LOG_LEVEL_ERR, log_key("inspect", res->spi),
			    "worker %u: inspecting a packet of spi 0x%08x failed; %s",
			    w->id, res->spi,
			    monitor ? "not inspected" : "dropped");
		return monitor;
	}
	if (r.verdict == INSPECT_DROP && !monitor) {
		write_alerts(w, e, res, &pkt, &r, true);
		counter_add(&w->drops[GW_DROP_RULE], 1);
		return false;
	}
	if (r.verdict == INSPECT_DROP || r.verdict == INSPECT_ALERT)
		write_alerts(w, e, res, &pkt, &r, false);
	return true;
}
