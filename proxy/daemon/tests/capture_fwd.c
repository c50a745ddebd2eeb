// SPDX-License-Identifier: GPL-2.0-only
/*
 * capture_fwd: forward frames between two interfaces with the capture
 * path and report which worker saw each frame.  Driven by
 * capture_test.py.
 *
 *   capture_fwd [-w WORKERS] [-s BLOCK_SIZE] [-c BLOCK_COUNT]
 *               [-p PAUSE_MS] [-f spi|hash] IF_A IF_B
 *
 * Prints "ready" once both directions are open, then one line per frame,
 * "frame dir=ab|ba worker=N data=HEX", and runs until standard input
 * reaches end of file.  Then it prints one "stats" line per direction and
 * worker.  With -p the workers wait PAUSE_MS before reading their rings,
 * so that a burst overflows them.
 */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "log.h"

struct direction {
	const char *name;
	struct capture *cap;
};

struct worker_thread {
	pthread_t thread;
	unsigned int id;
	struct direction *dirs;
	unsigned int pause_ms;
};

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int stop;

static enum capture_verdict on_frame(void *ctx, struct capture_worker *w,
				     const struct capture_frame *frame)
{
	static const char hex[] = "0123456789abcdef";
	struct direction *dir = ctx;
	char *line = malloc(frame->len * 2 + 64);
	size_t i, n;

	(void)w;
	if (!line)
		return CAPTURE_FORWARD;
	n = (size_t)sprintf(line, "frame dir=%s worker=%u data=", dir->name,
			    frame->worker);
	for (i = 0; i < frame->len; i++) {
		line[n++] = hex[frame->data[i] >> 4];
		line[n++] = hex[frame->data[i] & 15];
	}
	line[n++] = '\n';
	pthread_mutex_lock(&out_lock);
	fwrite(line, 1, n, stdout);
	pthread_mutex_unlock(&out_lock);
	free(line);
	return CAPTURE_FORWARD;
}

static void *run_worker(void *arg)
{
	struct worker_thread *t = arg;
	struct capture_worker *w[2];
	struct pollfd pfd[2];
	int i;

	if (t->pause_ms) {
		struct timespec ts = { t->pause_ms / 1000,
				       (long)(t->pause_ms % 1000) * 1000000L };

		nanosleep(&ts, NULL);
	}
	for (i = 0; i < 2; i++) {
		w[i] = capture_worker(t->dirs[i].cap, t->id);
		pfd[i].fd = capture_worker_fd(w[i]);
		pfd[i].events = POLLIN;
	}
	while (!stop) {
		for (i = 0; i < 2; i++)
			capture_worker_process(w[i], on_frame, &t->dirs[i]);
		poll(pfd, 2, 50);
	}
	for (i = 0; i < 2; i++)
		capture_worker_process(w[i], on_frame, &t->dirs[i]);
	return NULL;
}

static void print_stats(struct direction *dir, unsigned int n)
{
	struct capture_stats st;
	unsigned int i;

	for (i = 0; i < n; i++) {
		capture_worker_get_stats(capture_worker(dir->cap, i), &st);
		printf("stats dir=%s worker=%u rx_frames=%llu rx_bytes=%llu tx_frames=%llu tx_bytes=%llu tx_errors=%llu dropped=%llu truncated=%llu kernel_drops=%llu kernel_freezes=%llu\n",
		       dir->name, i, (unsigned long long)st.rx_frames,
		       (unsigned long long)st.rx_bytes,
		       (unsigned long long)st.tx_frames,
		       (unsigned long long)st.tx_bytes,
		       (unsigned long long)st.tx_errors,
		       (unsigned long long)st.dropped,
		       (unsigned long long)st.truncated,
		       (unsigned long long)st.kernel_drops,
		       (unsigned long long)st.kernel_freezes);
	}
}

int main(int argc, char **argv)
{
	struct capture_config cfg = { .n_workers = 2, .promisc = true };
	struct direction dirs[2] = { { "ab", NULL }, { "ba", NULL } };
	struct worker_thread *threads;
	unsigned int pause_ms = 0, i;
	char buf[256];
	int opt;

	log_open(LOG_TARGET_STDERR, LOG_LEVEL_INFO, "capture_fwd");
	while ((opt = getopt(argc, argv, "w:s:c:p:f:")) != -1) {
		switch (opt) {
		case 'w':
			cfg.n_workers = (unsigned int)atoi(optarg);
			break;
		case 's':
			cfg.block_size = (unsigned int)atoi(optarg);
			break;
		case 'c':
			cfg.block_count = (unsigned int)atoi(optarg);
			break;
		case 'p':
			pause_ms = (unsigned int)atoi(optarg);
			break;
		case 'f':
			cfg.fanout = strcmp(optarg, "hash") ? CAPTURE_FANOUT_SPI :
				     CAPTURE_FANOUT_HASH;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: capture_fwd [options] IF_A IF_B\n");
		return 2;
	}
	cfg.rx_ifname = argv[optind];
	cfg.tx_ifname = argv[optind + 1];
	if (capture_open(&cfg, &dirs[0].cap))
		return 1;
	cfg.rx_ifname = argv[optind + 1];
	cfg.tx_ifname = argv[optind];
	if (capture_open(&cfg, &dirs[1].cap))
		return 1;

	threads = calloc(cfg.n_workers, sizeof(*threads));
	for (i = 0; i < cfg.n_workers; i++) {
		threads[i].id = i;
		threads[i].dirs = dirs;
		threads[i].pause_ms = pause_ms;
		pthread_create(&threads[i].thread, NULL, run_worker, &threads[i]);
	}
	printf("ready\n");
	fflush(stdout);

	while (fgets(buf, sizeof(buf), stdin))
		;
	stop = 1;
	for (i = 0; i < cfg.n_workers; i++)
		pthread_join(threads[i].thread, NULL);
	print_stats(&dirs[0], cfg.n_workers);
	print_stats(&dirs[1], cfg.n_workers);
	fflush(stdout);
	capture_close(dirs[0].cap);
	capture_close(dirs[1].cap);
	free(threads);
	return 0;
}
