/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A worker: one thread with one ring per receive interface (the fanout
 * groups steer each SA to one worker), or the libpcap handle of the
 * monitor mode.  It queues the frames it receives, runs their crypto in
 * batches, inspects the decrypted packets and then sends, in arrival
 * order, the frames that passed.
 *
 * Frames are queued until the batch is full or the ring has no filled
 * block left; TPACKET_V3 hands over a partly filled block after the
 * retire timeout (--flush-ms), which bounds the added latency.
 */
#ifndef PROXY_GW_WORKER_H
#define PROXY_GW_WORKER_H

#include <pcap/pcap.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "dp.h"
#include "gw_stats.h"

#define GW_L2_MAX	64	/* link-layer header bytes before the IP header */
#define GW_FRAME_MAX	(DP_PACKET_MAX + GW_L2_MAX)
#define GW_OUT_MAX	(GW_FRAME_MAX + 512)	/* re-encrypted frame */

struct gw;
struct gw_wdb;
struct gw_rotate;
struct capture_worker;
struct inspect_worker;

enum gw_fate {
	GW_FATE_QUEUED,		/* waiting for the datapath */
	GW_FATE_ENCAP,		/* waiting for re-encryption */
	GW_FATE_SEND,		/* send the frame as received */
	GW_FATE_SEND_OUT,	/* send the re-encrypted frame */
	GW_FATE_DROP,
	GW_FATE_DONE,		/* monitor: nothing to send */
};

struct gw_entry {
	uint8_t *frame;		/* copy of the received frame */
	size_t len;
	size_t ip_off;
	unsigned int side;	/* GW_SIDE_A or GW_SIDE_B */
	struct timespec time;
	enum gw_fate fate;
	uint8_t *out;		/* re-encrypt mode only */
	size_t out_len;
};

struct gw_worker {
	struct gw *gw;
	unsigned int id;
	pthread_t thread;
	bool started;

	struct capture_worker *cw[2];	/* inline and re-encrypt */
	pcap_t *pcap;			/* monitor */
	struct gw_rotate *dump;		/* monitor: decrypted packets */
	struct inspect_worker *iw;

	/*
	 * db is the worker's; the control side reads it under db_lock and
	 * leaves the next one in next, which the worker takes over.
	 */
	pthread_mutex_t db_lock;
	struct gw_wdb *db;
	struct gw_wdb *next;
	int next_pending;
	uint64_t applied;		/* generation of db */
	uint64_t syscalls_retired;	/* of the databases taken down */

	struct gw_entry *entries;
	unsigned int n_entries;
	unsigned int batch;

	uint64_t counters[GW_COUNTER_COUNT];
	uint64_t drops[GW_DROP_COUNT];
	uint64_t pcap_drops;		/* monitor: libpcap ps_drop */
};

int gw_worker_init(struct gw_worker *w, struct gw *gw, unsigned int id);
void gw_worker_fini(struct gw_worker *w);
int gw_worker_start(struct gw_worker *w);
/* Wait for the thread after gw->stop was set. */
void gw_worker_join(struct gw_worker *w);

/*
 * Hand a new database to the worker, which takes it over between two
 * batches.  Before the worker runs, it takes effect at once.  The call
 * does not wait: gw_worker_applied() returns the generation in use.
 */
void gw_worker_publish(struct gw_worker *w, struct gw_wdb *wdb);
uint64_t gw_worker_applied(struct gw_worker *w);

/* The packet path (gw_path.c). */
void gw_path_input(struct gw_worker *w, unsigned int side,
		   const uint8_t *frame, size_t len,
		   const struct timespec *time);
void gw_path_flush(struct gw_worker *w);
void gw_worker_on_inbound(void *user, const struct dp_result *res);
void gw_worker_on_outbound(void *user, const struct dp_result *res);

#endif /* PROXY_GW_WORKER_H */
