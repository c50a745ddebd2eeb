// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "counter.h"
#include "gw.h"
#include "gw_rotate.h"
#include "gw_wdb.h"
#include "gw_worker.h"
#include "inspect.h"
#include "log.h"

#define IDLE_POLL_MS	100	/* also bounds how late a new SA set applies */

static void free_entries(struct gw_worker *w)
{
	unsigned int i;

	if (!w->entries)
		return;
	for (i = 0; i < w->batch; i++) {
		if (w->entries[i].frame)
			explicit_bzero(w->entries[i].frame, GW_FRAME_MAX);
		if (w->entries[i].out)
			explicit_bzero(w->entries[i].out, GW_OUT_MAX);
		free(w->entries[i].frame);
		free(w->entries[i].out);
	}
	free(w->entries);
	w->entries = NULL;
}

static int alloc_entries(struct gw_worker *w, bool reencrypt)
{
	unsigned int i;

	w->entries = calloc(w->batch, sizeof(*w->entries));
	if (!w->entries)
		return -ENOMEM;
	for (i = 0; i < w->batch; i++) {
		w->entries[i].frame = malloc(GW_FRAME_MAX);
		if (!w->entries[i].frame)
			return -ENOMEM;
		if (!reencrypt)
			continue;
		w->entries[i].out = malloc(GW_OUT_MAX);
		if (!w->entries[i].out)
			return -ENOMEM;
	}
	return 0;
}

int gw_worker_init(struct gw_worker *w, struct gw *gw, unsigned int id)
{
	int ret;

	memset(w, 0, sizeof(*w));
	w->gw = gw;
	w->id = id;
	w->batch = gw->opt.batch;
	pthread_mutex_init(&w->db_lock, NULL);
	ret = alloc_entries(w, gw->opt.mode == GW_MODE_REENCRYPT);
	if (ret)
		goto free_entries;
	ret = inspect_worker_create(gw->ins, &w->iw);
	if (ret)
		goto free_entries;
	if (gw->caps[0]) {
		w->cw[GW_SIDE_A] = capture_worker(gw->caps[0], id);
		w->cw[GW_SIDE_B] = capture_worker(gw->caps[1], id);
	}
	return 0;

free_entries:
	free_entries(w);
	pthread_mutex_destroy(&w->db_lock);
	return ret;
}

void gw_worker_fini(struct gw_worker *w)
{
	gw_wdb_destroy(w->next);
	gw_wdb_destroy(w->db);
	w->next = w->db = NULL;
	if (w->iw)
		inspect_worker_destroy(w->iw);
	free_entries(w);
	pthread_mutex_destroy(&w->db_lock);
}

void gw_worker_publish(struct gw_worker *w, struct gw_wdb *wdb)
{
	struct gw_wdb *stale;

	pthread_mutex_lock(&w->db_lock);
	if (!w->started) {
		gw_wdb_inherit(wdb, w->db);
		gw_wdb_log_retired(w->db, wdb, w->id, "retired");
		stale = w->db;
		w->db = wdb;
		__atomic_store_n(&w->applied, wdb->generation, __ATOMIC_RELEASE);
	} else {
		stale = w->next;
		w->next = wdb;
		__atomic_store_n(&w->next_pending, 1, __ATOMIC_RELEASE);
	}
	w->syscalls_retired += gw_wdb_syscalls(stale);
	pthread_mutex_unlock(&w->db_lock);
	gw_wdb_destroy(stale);
}

uint64_t gw_worker_applied(struct gw_worker *w)
{
	return __atomic_load_n(&w->applied, __ATOMIC_ACQUIRE);
}

/* Take over a published database; the queue is empty here. */
static void take_next(struct gw_worker *w)
{
	struct gw_wdb *old;

	if (!__atomic_load_n(&w->next_pending, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&w->db_lock);
	old = w->db;
	if (w->next) {
		gw_wdb_inherit(w->next, old);
		w->syscalls_retired += gw_wdb_syscalls(old);
		w->db = w->next;
		w->next = NULL;
		__atomic_store_n(&w->applied, w->db->generation,
				 __ATOMIC_RELEASE);
		counter_add(&w->counters[GW_SA_SWAPS], 1);
	} else {
		old = NULL;
	}
	__atomic_store_n(&w->next_pending, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&w->db_lock);
	if (old)
		gw_wdb_log_retired(old, w->db, w->id, "retired");
	gw_wdb_destroy(old);
}

struct side_ctx {
	struct gw_worker *w;
	unsigned int side;
};

static enum capture_verdict on_frame(void *ctx, struct capture_worker *cw,
				     const struct capture_frame *f)
{
	struct side_ctx *s = ctx;

	gw_path_input(s->w, s->side, f->data, f->len, &f->time);
	return CAPTURE_CONSUMED;
}

static void run_capture(struct gw_worker *w)
{
	struct side_ctx sides[2] = { { w, GW_SIDE_A }, { w, GW_SIDE_B } };
	struct pollfd pfd[2];
	int i, frames;

	for (i = 0; i < 2; i++) {
		pfd[i].fd = capture_worker_fd(w->cw[i]);
		pfd[i].events = POLLIN;
	}
	while (!__atomic_load_n(&w->gw->stop, __ATOMIC_ACQUIRE)) {
		take_next(w);
		frames = 0;
		for (i = 0; i < 2; i++) {
			int n = capture_worker_process(w->cw[i], on_frame,
						       &sides[i]);

			frames += n > 0 ? n : 0;
		}
		gw_path_flush(w);
		if (frames)
			continue;
		inspect_worker_sync(w->iw);
		if (poll(pfd, 2, IDLE_POLL_MS) < 0 && errno != EINTR)
			log_limited(LOG_LEVEL_ERR, log_key("worker-poll", w->id),
				    "worker %u: poll failed: %s", w->id,
				    strerror(errno));
	}
}

static void on_pcap(u_char *user, const struct pcap_pkthdr *h,
		    const u_char *bytes)
{
	struct gw_worker *w = (struct gw_worker *)user;
	struct timespec t = {
		.tv_sec = h->ts.tv_sec,
		.tv_nsec = h->ts.tv_usec * 1000L,
	};

	gw_path_input(w, GW_SIDE_A, bytes, h->caplen, &t);
}

/* libpcap's counters are not safe to read from another thread. */
static void read_pcap_drops(struct gw_worker *w)
{
	struct pcap_stat ps;

	if (!pcap_stats(w->pcap, &ps))
		__atomic_store_n(&w->pcap_drops, ps.ps_drop, __ATOMIC_RELAXED);
}

static void run_pcap(struct gw_worker *w)
{
	struct pollfd pfd = {
		.fd = pcap_get_selectable_fd(w->pcap),
		.events = POLLIN,
	};
	unsigned int busy = 0;
	int n;

	while (!__atomic_load_n(&w->gw->stop, __ATOMIC_ACQUIRE)) {
		take_next(w);
		n = pcap_dispatch(w->pcap, -1, on_pcap, (u_char *)w);
		if (n < 0)
			log_limited(LOG_LEVEL_ERR, log_key("pcap-read", 0),
				    "monitor: reading %s failed: %s",
				    w->gw->opt.ifname[0], pcap_geterr(w->pcap));
		gw_path_flush(w);
		if (w->dump)
			gw_rotate_flush(w->dump);
		if (n > 0 && ++busy % 256)
			continue;
		read_pcap_drops(w);
		if (n > 0)
			continue;
		inspect_worker_sync(w->iw);
		if (poll(&pfd, 1, IDLE_POLL_MS) < 0 && errno != EINTR)
			log_limited(LOG_LEVEL_ERR, log_key("worker-poll", w->id),
				    "monitor: poll failed: %s", strerror(errno));
	}
}

static void *worker_main(void *arg)
{
	struct gw_worker *w = arg;

	if (w->pcap)
		run_pcap(w);
	else
		run_capture(w);
	gw_path_flush(w);
	return NULL;
}

int gw_worker_start(struct gw_worker *w)
{
	int ret;

	pthread_mutex_lock(&w->db_lock);
	w->started = true;
	pthread_mutex_unlock(&w->db_lock);
	ret = pthread_create(&w->thread, NULL, worker_main, w);
	if (ret) {
		pthread_mutex_lock(&w->db_lock);
		w->started = false;
		pthread_mutex_unlock(&w->db_lock);
		log_err("worker %u: cannot start its thread: %s", w->id,
			strerror(ret));
		return -ret;
	}
	return 0;
}

void gw_worker_join(struct gw_worker *w)
{
	if (!w->started)
		return;
	pthread_join(w->thread, NULL);
	pthread_mutex_lock(&w->db_lock);
	gw_wdb_log_retired(w->db, NULL, w->id, "at stop");
	w->started = false;
	pthread_mutex_unlock(&w->db_lock);
}
