// SPDX-License-Identifier: GPL-2.0-only
/*
 * The live modes of ipsec-proxyd: setup, the main loop that serves
 * signals and XFRM events, and the teardown.  Setup follows what the
 * privileges need: everything that needs CAP_SYS_ADMIN or opens files as
 * root comes before privileges are dropped, and threads start after.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "backend_opt.h"
#include "capture.h"
#include "control.h"
#include "eve.h"
#include "gw.h"
#include "gw_ctl.h"
#include "gw_daemon.h"
#include "gw_link.h"
#include "gw_monitor.h"
#include "gw_reload.h"
#include "gw_rotate.h"
#include "gw_wdb.h"
#include "gw_worker.h"
#include "inspect.h"
#include "log.h"
#include "offline.h"
#include "privs.h"
#include "xfrm_source.h"

#define MAIN_POLL_MS	1000
#define PATHS_MAX	(GW_SA_FILES_MAX + 8)

/* Paths made absolute, so reloads work from any working directory. */
static char *owned_paths[PATHS_MAX];
static unsigned int n_owned_paths;

static int absolute(const char **path)
{
	char cwd[PATH_MAX], *abs;

	if (!*path || (*path)[0] == '/' || !strcmp(*path, "-"))
		return 0;
	if (!getcwd(cwd, sizeof(cwd)) || n_owned_paths == PATHS_MAX)
		return -ENAMETOOLONG;
	if (asprintf(&abs, "%s/%s", cwd, *path) < 0)
		return -ENOMEM;
	owned_paths[n_owned_paths++] = abs;
	*path = abs;
	return 0;
}

static int make_paths_absolute(struct gw_options *opt)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < opt->n_sa_files && !ret; i++)
		ret = absolute(&opt->sa_files[i]);
	ret = ret ?: absolute(&opt->rules_path);
	ret = ret ?: absolute(&opt->eve_path);
	ret = ret ?: absolute(&opt->control_path);
	ret = ret ?: absolute(&opt->pidfile);
	ret = ret ?: absolute(&opt->write_path);
	if (ret)
		log_err("cannot make the file names absolute: %s", strerror(-ret));
	return ret;
}

static void free_paths(void)
{
	while (n_owned_paths)
		free(owned_paths[--n_owned_paths]);
}

static int open_captures(struct gw *gw)
{
	const struct gw_options *opt = &gw->opt;
	struct capture_config cc = {
		.n_workers = gw->n_workers,
		.block_size = opt->ring_block_size,
		.block_count = opt->ring_blocks,
		.block_timeout_ms = opt->flush_ms,
		.fanout = CAPTURE_FANOUT_SPI,
		.promisc = true,
	};
	int side, ret;

	for (side = 0; side < 2; side++) {
		ret = gw_link_type(opt->ifname[side]);
		if (ret < 0)
			return ret;
		gw->dlt[side] = ret;
		cc.rx_ifname = opt->ifname[side];
		cc.tx_ifname = opt->ifname[!side];
		ret = capture_open(&cc, &gw->caps[side]);
		if (ret)
			return ret;
	}
	return 0;
}

static int open_sources(struct gw *gw)
{
	struct gw_worker *w = &gw->workers[0];
	int ret;

	if (gw->opt.mode != GW_MODE_MONITOR)
		return 0;
	ret = gw_monitor_open(&gw->opt, &w->pcap, &gw->dlt[0]);
	if (ret || !gw->opt.write_path)
		return ret;
	return gw_rotate_open(gw->opt.write_path, gw->opt.rotate_bytes,
			      gw->opt.rotate_count, &w->dump);
}

static int open_xfrm(struct gw *gw)
{
	struct xfrm_source_config xc = {
		.netns = gw->opt.xfrm_netns,
		.callback = gw_xfrm_event,
		.ctx = &gw->xfrm,
	};
	int ret;

	if (!gw->opt.xfrm_netns)
		return 0;
	gw_xfrm_init(&gw->xfrm, gw->opt.xfrm_netns);
	ret = xfrm_source_open(&xc, &gw->xsrc);
	if (ret) {
		log_err("xfrm: cannot watch the SAs of namespace %s: %s",
			gw->opt.xfrm_netns, strerror(-ret));
		return ret;
	}
	ret = xfrm_source_dump(gw->xsrc);
	if (ret)
		log_err("xfrm: dumping the SAs of namespace %s failed: %s",
			gw->opt.xfrm_netns, strerror(-ret));
	gw_xfrm_take_changed(&gw->xfrm);
	return ret;
}

static int open_inspection(struct gw *gw)
{
	int ret;

	ret = inspect_create(&gw->ins);
	if (ret)
		return ret;
	if (gw->opt.rules_path) {
		ret = inspect_reload(gw->ins, gw->opt.rules_path, NULL);
		if (ret)
			return ret;
	}
	if (gw->opt.eve_path)
		ret = eve_open(gw->opt.eve_path, &gw->eve);
	return ret;
}

static int create_workers(struct gw *gw)
{
	unsigned int i;
	int ret;

	gw->workers = calloc(gw->n_workers, sizeof(*gw->workers));
	if (!gw->workers)
		return -ENOMEM;
	for (i = 0; i < gw->n_workers; i++) {
		ret = gw_worker_init(&gw->workers[i], gw, i);
		if (ret) {
			log_err("worker %u: setup failed: %s", i, strerror(-ret));
			gw->n_workers = i;
			return ret;
		}
	}
	return 0;
}

static int open_control(struct gw *gw)
{
	struct control_config cc = {
		.path = gw->opt.control_path,
		.ops = &gw_control_ops,
		.ctx = gw,
	};
	int ret;

	if (!gw->opt.control_path)
		return 0;
	ret = control_open(&cc, &gw->ctl);
	if (ret)
		log_err("control: cannot open %s: %s", gw->opt.control_path,
			strerror(-ret));
	return ret;
}

/* Everything that may fail before the daemon detaches. */
static int setup(struct gw *gw)
{
	int ret;

	gw->n_workers = gw->opt.workers;
	pthread_mutex_init(&gw->cfg_lock, NULL);
	gw_xfrm_init(&gw->xfrm, NULL);
	ret = make_paths_absolute(&gw->opt);
	if (!ret && gw->opt.n_sa_files)
		ret = gw_saset_load(&gw->opt, &gw->files, NULL);
	ret = ret ?: open_inspection(gw);
	ret = ret ?: open_xfrm(gw);
	if (!ret && gw->opt.mode != GW_MODE_MONITOR)
		ret = open_captures(gw);
	ret = ret ?: create_workers(gw);
	ret = ret ?: open_sources(gw);
	if (!ret) {
		pthread_mutex_lock(&gw->cfg_lock);
		ret = gw_publish_sas(gw, true, NULL);
		pthread_mutex_unlock(&gw->cfg_lock);
	}
	return ret ?: open_control(gw);
}

static void teardown(struct gw *gw)
{
	unsigned int i;

	control_close(gw->ctl);
	for (i = 0; gw->workers && i < gw->n_workers; i++) {
		struct gw_worker *w = &gw->workers[i];

		gw_rotate_close(w->dump);
		if (w->pcap)
			pcap_close(w->pcap);
		gw_worker_fini(w);
	}
	free(gw->workers);
	capture_close(gw->caps[0]);
	capture_close(gw->caps[1]);
	xfrm_source_close(gw->xsrc);
	gw_xfrm_clear(&gw->xfrm);
	gw_saset_free(gw->files);
	eve_close(gw->eve);
	inspect_destroy(gw->ins);
	free(gw->sa_notes);
	pthread_mutex_destroy(&gw->cfg_lock);
	free_paths();
}

static int start_threads(struct gw *gw)
{
	unsigned int i;
	int ret;

	for (i = 0; i < gw->n_workers; i++) {
		ret = gw_worker_start(&gw->workers[i]);
		if (ret)
			return ret;
	}
	if (gw->ctl) {
		ret = control_start(gw->ctl);
		if (ret) {
			log_err("control: cannot start its thread: %s",
				strerror(-ret));
			return ret;
		}
	}
	return 0;
}

static void stop_workers(struct gw *gw)
{
	unsigned int i;

	__atomic_store_n(&gw->stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < gw->n_workers; i++)
		gw_worker_join(&gw->workers[i]);
}

static void on_sighup(struct gw *gw)
{
	log_info("SIGHUP: reloading the rules and the SA files, reopening the EVE file");
	if (gw->opt.rules_path)
		gw_reload_rules(gw, NULL);
	if (gw->opt.n_sa_files)
		gw_reload_sas(gw, NULL);
	if (gw->eve && eve_reopen(gw->eve))
		log_err("eve: reopening %s failed", gw->opt.eve_path);
}

/* Returns false once a stop signal arrived. */
static bool read_signals(struct gw *gw, int fd)
{
	struct signalfd_siginfo si;

	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			on_sighup(gw);
			continue;
		}
		log_info("signal %u: stopping", si.ssi_signo);
		return false;
	}
	return true;
}

static void main_loop(struct gw *gw, int sig_fd)
{
	struct pollfd pfd[2] = {
		{ .fd = sig_fd, .events = POLLIN },
		{ .fd = gw->xsrc ? xfrm_source_fd(gw->xsrc) : -1,
		  .events = POLLIN },
	};

	for (;;) {
		if (poll(pfd, 2, MAIN_POLL_MS) < 0 && errno != EINTR) {
			log_err("main loop: poll failed: %s", strerror(errno));
			return;
		}
		if ((pfd[0].revents & POLLIN) && !read_signals(gw, sig_fd))
			return;
		if (pfd[1].revents & (POLLIN | POLLERR))
			gw_reload_xfrm(gw);
	}
}

static void log_summary(struct gw *gw)
{
	uint64_t rx = 0, fwd = 0, drops = 0;
	unsigned int i, d;

	for (i = 0; i < gw->n_workers; i++) {
		rx += gw->workers[i].counters[GW_RX_FRAMES];
		fwd += gw->workers[i].counters[GW_FORWARDED];
		for (d = 0; d < GW_DROP_COUNT; d++)
			drops += gw->workers[i].drops[d];
	}
	log_info("stopped: %llu frames received, %llu forwarded, %llu dropped",
		 (unsigned long long)rx, (unsigned long long)fwd,
		 (unsigned long long)drops);
}

static int drop_privileges(const struct gw *gw)
{
	struct privs_config pc = { .user = gw->opt.user };

	return privs_drop(&pc);
}

/*
 * Name the libucapi backend for the start message.  With auto, libucapi
 * uses the backend that UCAPI_BACKEND names, or else the first present of
 * syscall, af_alg and openssl, and opens a transform that one lacks on the
 * next.  In that last case *probed is set, because the name is only the
 * first choice, and the crypto_backend metric shows where sessions run.
 */
static const char *backend_in_use(enum ucapi_backend chosen, bool *probed)
{
	const char *env = getenv("UCAPI_BACKEND");

	*probed = false;
	if (chosen == UCAPI_BACKEND_AUTO && env && *env)
		backend_opt_parse(env, &chosen);
	if (chosen != UCAPI_BACKEND_AUTO)
		return ucapi_backend_name(chosen);
	*probed = true;
	return ucapi_backend_name(ucapi_default_backend());
}

static void log_started(const struct gw *gw)
{
	const char *backend;
	bool probed;

	backend = backend_in_use(gw->opt.backend, &probed);
	log_info("started: %s mode on %s%s%s, %u worker%s, batch %u, backend %s%s",
		 gw_mode_name(gw->opt.mode), gw->opt.ifname[0],
		 gw->opt.n_ifs == 2 ? " and " : "", gw->opt.ifname[1],
		 gw->n_workers, gw->n_workers == 1 ? "" : "s", gw->opt.batch,
		 backend,
		 probed ? " (auto)" : "");
}

static int run(struct gw *gw)
{
	int ready_fd = -1, sig_fd = -1, ret;

	if (!gw->opt.foreground) {
		ready_fd = gw_daemonize();
		if (ready_fd < 0) {
			log_err("cannot detach: %s", strerror(-ready_fd));
			return EXIT_USAGE;
		}
		log_open(LOG_TARGET_SYSLOG, gw->opt.log_level, "ipsec-proxyd");
	}
	ret = gw->opt.pidfile ? gw_pidfile_write(gw->opt.pidfile) : 0;
	ret = ret ?: drop_privileges(gw);
	if (!ret) {
		sig_fd = gw_signals_open();
		ret = sig_fd < 0 ? sig_fd : 0;
	}
	ret = ret ?: start_threads(gw);
	if (ret) {
		gw_daemon_ready(ready_fd, EXIT_USAGE);
		stop_workers(gw);
		gw_pidfile_remove(gw->opt.pidfile);
		return EXIT_USAGE;
	}
	log_started(gw);
	gw_daemon_ready(ready_fd, 0);
	main_loop(gw, sig_fd);
	stop_workers(gw);
	log_summary(gw);
	close(sig_fd);
	gw_pidfile_remove(gw->opt.pidfile);
	return EXIT_NO_DROPS;
}

int gw_main(int argc, char **argv)
{
	struct gw *gw;
	int status, ret;

	gw = calloc(1, sizeof(*gw));
	if (!gw) {
		fprintf(stderr, "ipsec-proxyd: out of memory\n");
		return EXIT_USAGE;
	}
	ret = gw_opts_parse(argc, argv, &gw->opt);
	if (ret) {
		free(gw);
		return ret > 0 ? EXIT_NO_DROPS : EXIT_USAGE;
	}
	log_open(LOG_TARGET_STDERR, gw->opt.log_level, "ipsec-proxyd");
	if (setup(gw)) {
		log_err("setup failed; not started");
		status = EXIT_USAGE;
	} else {
		status = run(gw);
	}
	teardown(gw);
	log_close();
	free(gw);
	return status;
}
