/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live gateway: its modes, its options and the state that the main
 * thread, the control thread and the workers share.
 *
 * Threads: the main thread handles signals and XFRM events, the control
 * thread serves ipsec-proxyctl, and each worker owns one slice of the SAs
 * (SPI affinity) with its own libucapi sessions and replay windows.
 * cfg_lock serializes every change of the SA configuration and of the
 * rules, whichever thread starts it.
 */
#ifndef PROXY_GW_H
#define PROXY_GW_H

#include <net/if.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "gw_opts.h"
#include "gw_saset.h"
#include "gw_xfrm.h"

struct capture;
struct control;
struct eve;
struct inspect;
struct xfrm_source;
struct gw_worker;

/* An SA of the configuration in force, kept to log what changes. */
struct gw_sa_note {
	uint32_t spi;
	uint8_t proto;
	struct sa_addr dst;
	char origin[SA_ORIGIN_MAX];
};

struct gw {
	struct gw_options opt;

	pthread_mutex_t cfg_lock;
	struct gw_saset *files;		/* SAs and pairs of the files */
	struct gw_xfrm_table xfrm;	/* SAs of the kernel, when watched */
	uint64_t sa_generation;		/* configurations published so far */
	size_t sa_count;		/* SAs of the last configuration */
	uint64_t sa_reloads_ok;
	uint64_t sa_reloads_failed;
	uint64_t sa_open_errors;	/* SAs left out: sessions failed */
	struct gw_sa_note *sa_notes;	/* the SAs in force */
	size_t n_sa_notes;

	struct inspect *ins;
	struct eve *eve;
	struct xfrm_source *xsrc;
	struct control *ctl;
	struct capture *caps[2];	/* inline and re-encrypt: A->B, B->A */
	int dlt[2];			/* pcap link type of each side */

	struct gw_worker *workers;
	unsigned int n_workers;
	int stop;			/* set atomically to end the workers */
};

/* Side of a frame: the interface it arrived on. */
#define GW_SIDE_A	0
#define GW_SIDE_B	1

int gw_main(int argc, char **argv);

#endif /* PROXY_GW_H */
