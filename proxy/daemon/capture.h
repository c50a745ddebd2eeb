/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live capture path: frames are received on one interface through an
 * AF_PACKET TPACKET_V3 ring per worker, and sent unchanged (or as the
 * handler rewrites them) out of another interface.  All rings of one
 * capture form one PACKET_FANOUT group, so the kernel picks the worker of
 * each frame: by SPI with the classic BPF program of capture_bpf.h, or by
 * the kernel's flow hash.  A gateway between interfaces A and B opens two
 * captures, A to B and B to A, with the same number of workers.
 *
 * Memory: each worker maps block_size * block_count bytes of ring.  When
 * the ring is full, the kernel drops frames and counts them, and
 * capture_worker_get_stats() reports them as kernel_drops.  A frame waits
 * in the ring until its block is full or block_timeout_ms have passed.
 *
 * NOTE: GRO and LRO on the receive interface merge frames into frames
 * larger than the MTU, which cannot be sent unchanged and count as
 * tx_errors.  Gateway interfaces need them off (ethtool -K IF gro off lro
 * off).
 *
 * Needs CAP_NET_RAW for the sockets.  The receive interface is put into
 * promiscuous mode while the capture is open when promisc is set.
 */
#ifndef PROXYD_CAPTURE_H
#define PROXYD_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "capture_bpf.h"

#define CAPTURE_WORKERS_MAX		64
#define CAPTURE_BLOCK_SIZE_DEFAULT	(256u << 10)
#define CAPTURE_BLOCK_COUNT_DEFAULT	16
#define CAPTURE_BLOCK_TIMEOUT_DEFAULT	2	/* ms before a block is handed over */
#define CAPTURE_RING_TOTAL_MAX		(1ull << 30)	/* all rings of a capture */

enum capture_fanout {
	CAPTURE_FANOUT_SPI,	/* the classic BPF program: SA affinity */
	CAPTURE_FANOUT_HASH,	/* PACKET_FANOUT_HASH: the kernel's flow hash */
};

struct capture_config {
	const char *rx_ifname;
	const char *tx_ifname;
	unsigned int n_workers;
	unsigned int block_size;	/* power of 2, >= 64 KiB; 0: default */
	unsigned int block_count;	/* 0: default */
	unsigned int block_timeout_ms;	/* 0: default */
	enum capture_fanout fanout;
	bool promisc;
};

/* A received frame as it was on the wire, VLAN tag included. */
struct capture_frame {
	const uint8_t *data;
	size_t len;
	struct timespec time;		/* kernel receive time, CLOCK_REALTIME */
	unsigned int worker;
};

enum capture_verdict {
	CAPTURE_FORWARD,	/* send the frame out of tx_ifname unchanged */
	CAPTURE_DROP,
	CAPTURE_CONSUMED,	/* the handler sent what it wanted itself */
};

struct capture_worker;

/* frame->data is valid only during the call. */
typedef enum capture_verdict (*capture_handler)(void *ctx,
						struct capture_worker *w,
						const struct capture_frame *frame);

struct capture_stats {
	uint64_t rx_frames;
	uint64_t rx_bytes;
	uint64_t tx_frames;
	uint64_t tx_bytes;
	uint64_t tx_errors;	/* send failed: queue full, frame too big... */
	uint64_t dropped;	/* CAPTURE_DROP verdicts */
	uint64_t truncated;	/* frames larger than a ring block */
	uint64_t kernel_drops;	/* ring full (PACKET_STATISTICS tp_drops) */
	uint64_t kernel_freezes;	/* tp_freeze_q_cnt */
};

struct capture;

int capture_open(const struct capture_config *cfg, struct capture **out);
void capture_close(struct capture *cap);

unsigned int capture_worker_count(const struct capture *cap);
struct capture_worker *capture_worker(struct capture *cap, unsigned int i);

/* The ring's socket: poll it for POLLIN to wait for frames. */
int capture_worker_fd(const struct capture_worker *w);

/*
 * Hand every frame of every filled block to handler, without blocking.
 * One thread per worker.  Returns the number of frames handled.
 */
int capture_worker_process(struct capture_worker *w, capture_handler handler,
			   void *ctx);

/* Wait up to timeout_ms for frames, then process them. */
int capture_worker_poll(struct capture_worker *w, int timeout_ms,
			capture_handler handler, void *ctx);

/* Send a frame out of the capture's tx interface; from the worker thread. */
int capture_worker_send(struct capture_worker *w, const void *frame,
			size_t len);

/* Any thread may call this; it collects the kernel's ring counters. */
void capture_worker_get_stats(struct capture_worker *w,
			      struct capture_stats *stats);

#endif
