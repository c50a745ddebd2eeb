// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "alg.h"
#include "gw.h"
#include "gw_config.h"
#include "gw_handover.h"
#include "gw_reload.h"
#include "gw_wdb.h"
#include "gw_worker.h"
#include "inspect.h"
#include "log.h"
#include "xfrm_source.h"

#define APPLY_WAIT_MS	5000	/* workers take a new set within ~100 ms */

static bool note_matches(const struct gw_sa_note *n, const struct sa *sa)
{
	size_t len = sa->dst.family == AF_INET ? 4 : 16;

	return n->spi == sa->spi && n->proto == sa->proto &&
	       n->dst.family == sa->dst.family &&
	       (!sa->dst.family || !memcmp(n->dst.bytes, sa->dst.bytes, len));
}

static bool in_config(const struct gw_config *cfg, const struct gw_sa_note *n)
{
	size_t i;

	for (i = 0; i < cfg->n; i++)
		if (note_matches(n, cfg->sas[i]))
			return true;
	return false;
}

static bool in_notes(const struct gw *gw, const struct sa *sa)
{
	size_t i;

	for (i = 0; i < gw->n_sa_notes; i++)
		if (note_matches(&gw->sa_notes[i], sa))
			return true;
	return false;
}

/* Write the algorithms of sa into buf: "cbc(aes) hmac(sha256)". */
static void alg_describe(const struct sa *sa, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", sa->enc ? sa->enc->name : "",
		 sa->enc && sa->auth ? " " : "",
		 sa->auth ? sa->auth->name : "");
}

/* Log the SAs that come and go, then remember the new ones. */
static void log_sa_changes(struct gw *gw, const struct gw_config *cfg)
{
	struct gw_sa_note *notes;
	char desc[96], dst[64], alg[96];
	size_t i;

	for (i = 0; i < gw->n_sa_notes; i++) {
		const struct gw_sa_note *n = &gw->sa_notes[i];

		if (in_config(cfg, n))
			continue;
		sa_addr_format(&n->dst, dst, sizeof(dst));
		log_info("sa: removed %s spi 0x%08x dst %s (%s)",
			 sa_proto_name(n->proto), n->spi, dst, n->origin);
	}
	for (i = 0; i < cfg->n; i++) {
		if (in_notes(gw, cfg->sas[i]))
			continue;
		sa_describe(cfg->sas[i], desc, sizeof(desc));
		alg_describe(cfg->sas[i], alg, sizeof(alg));
		log_info("sa: added %s %s (%s), worker %u", desc, alg,
			 cfg->sas[i]->origin, cfg->owner[i]);
	}
	notes = calloc(cfg->n + 1, sizeof(*notes));
	if (!notes) {
		log_warn("sa: out of memory; later SA changes may be logged incompletely");
		return;
	}
	for (i = 0; i < cfg->n; i++) {
		notes[i].spi = cfg->sas[i]->spi;
		notes[i].proto = cfg->sas[i]->proto;
		notes[i].dst = cfg->sas[i]->dst;
		snprintf(notes[i].origin, sizeof(notes[i].origin), "%s",
			 cfg->sas[i]->origin);
	}
	free(gw->sa_notes);
	gw->sa_notes = notes;
	gw->n_sa_notes = cfg->n;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void wait_applied(struct gw *gw, uint64_t generation)
{
	int64_t end = now_ms() + APPLY_WAIT_MS;
	struct timespec pause = { 0, 5 * 1000 * 1000 };
	unsigned int i;

	for (i = 0; i < gw->n_workers; i++) {
		while (gw_worker_applied(&gw->workers[i]) < generation) {
			if (now_ms() > end) {
				log_warn("sa: worker %u has not taken configuration %llu yet",
					 i, (unsigned long long)generation);
				return;
			}
			nanosleep(&pause, NULL);
		}
	}
}

static int build_all(struct gw *gw, const struct gw_config *cfg,
		     uint64_t generation, struct gw_wdb **wdbs,
		     unsigned int *failed, struct outbuf *errors)
{
	struct gw_wdb_params p = {
		.batch = gw->opt.batch,
		.backend = gw->opt.backend,
		.reencrypt = gw->opt.mode == GW_MODE_REENCRYPT,
		.generation = generation,
	};
	unsigned int i;
	int ret;

	for (i = 0; i < gw->n_workers; i++) {
		p.worker = i;
		p.user = &gw->workers[i];
		ret = gw_wdb_build(cfg, &p, &wdbs[i], failed, errors);
		if (ret) {
			log_err("sa: building the SA database of worker %u failed: %s",
				i, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

static void announce_config(struct gw *gw, const struct gw_config *cfg,
			    uint64_t generation)
{
	log_sa_changes(gw, cfg);
	log_info("sa: configuration %llu in force: %zu SA%s, %zu of them from the kernel",
		 (unsigned long long)generation, gw->sa_count,
		 gw->sa_count == 1 ? "" : "s",
		 cfg->n - (gw->files ? gw->files->db.count : 0));
	/* The kernel's SAs may come later; SA files give all there are. */
	if (!gw->sa_count && !gw->xsrc)
		log_warn("sa: no SAs in force: every ESP and AH packet has an unknown SPI");
}

/*
 * Build and publish the databases of cfg, and wait until every worker has
 * taken its own.  announce logs the SA changes and the configuration, which
 * the intermediate configuration of a handover leaves out.
 */
static int publish(struct gw *gw, const struct gw_config *cfg, bool strict,
		   const struct gw_handover *h, bool announce,
		   struct outbuf *errors)
{
	uint64_t generation = gw->sa_generation + 1;
	unsigned int failed = 0, i;
	struct gw_wdb **wdbs;
	int ret;

	wdbs = calloc(gw->n_workers, sizeof(*wdbs));
	if (!wdbs)
		return -ENOMEM;
	ret = build_all(gw, cfg, generation, wdbs, &failed, errors);
	if (!ret && strict && failed)
		ret = -EINVAL;
	if (ret) {
		for (i = 0; i < gw->n_workers; i++)
			gw_wdb_destroy(wdbs[i]);
		goto free_wdbs;
	}
	if (h)
		gw_handover_carry(gw, cfg, h, wdbs);
	for (i = 0; i < gw->n_workers; i++)
		gw_worker_publish(&gw->workers[i], wdbs[i]);
	gw->sa_generation = generation;
	gw->sa_count = cfg->n - failed;
	gw->sa_open_errors += failed;
	if (announce)
		announce_config(gw, cfg, generation);
	wait_applied(gw, generation);

free_wdbs:
	free(wdbs);
	return ret;
}

int gw_publish_sas(struct gw *gw, bool strict, struct outbuf *errors)
{
	struct gw_config cfg, quiet;
	struct gw_handover h;
	int ret;

	/* Pairs may wait for kernel SAs that are not there yet. */
	ret = gw_config_build(gw, strict && !gw->opt.xfrm_netns, &cfg, errors);
	if (ret)
		return ret;
	ret = gw_handover_find(gw, &cfg, &h);
	if (ret)
		goto free_cfg;
	if (h.moved) {
		ret = gw_handover_quiet(&cfg, &h, &quiet);
		if (!ret)
			ret = publish(gw, &quiet, strict, NULL, false, errors);
		gw_handover_quiet_free(&quiet);
		if (ret)
			goto free_handover;
	}
	ret = publish(gw, &cfg, strict, h.moved ? &h : NULL, true, errors);

free_handover:
	gw_handover_free(&h);
free_cfg:
	gw_config_free(&cfg);
	return ret;
}

int gw_reload_sas(struct gw *gw, struct outbuf *errors)
{
	struct gw_saset *files = NULL, *old;
	int ret = 0;

	pthread_mutex_lock(&gw->cfg_lock);
	log_info("sa: reloading the SA files");
	if (gw->opt.n_sa_files) {
		ret = gw_saset_load(&gw->opt, &files, errors);
		if (ret)
			goto failed;
	}
	old = gw->files;
	gw->files = files;
	ret = gw_publish_sas(gw, true, errors);
	if (ret) {
		gw->files = old;
		gw_saset_free(files);
		goto failed;
	}
	gw_saset_free(old);
	gw->sa_reloads_ok++;
	pthread_mutex_unlock(&gw->cfg_lock);
	return 0;

failed:
	gw->sa_reloads_failed++;
	log_err("sa: reload failed: %s; the SAs in force stay", strerror(-ret));
	pthread_mutex_unlock(&gw->cfg_lock);
	return ret;
}

int gw_reload_rules(struct gw *gw, struct outbuf *errors)
{
	int ret;

	if (!gw->opt.rules_path) {
		if (errors)
			outbuf_printf(errors, "no rule file: the daemon was started without --rules\n");
		return -ENOENT;
	}
	pthread_mutex_lock(&gw->cfg_lock);
	ret = inspect_reload(gw->ins, gw->opt.rules_path, errors);
	pthread_mutex_unlock(&gw->cfg_lock);
	return ret;
}

void gw_reload_xfrm(struct gw *gw)
{
	int ret;

	pthread_mutex_lock(&gw->cfg_lock);
	ret = xfrm_source_process(gw->xsrc);
	if (ret < 0)
		log_limited(LOG_LEVEL_ERR, log_key("xfrm-process", 0),
			    "xfrm: reading events failed: %s", strerror(-ret));
	if (gw_xfrm_take_changed(&gw->xfrm)) {
		ret = gw_publish_sas(gw, false, NULL);
		if (ret)
			log_err("sa: the kernel's SAs changed, but building the new configuration failed: %s",
				strerror(-ret));
	}
	pthread_mutex_unlock(&gw->cfg_lock);
}
