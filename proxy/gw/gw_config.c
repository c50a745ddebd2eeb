// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "capture_bpf.h"
#include "gw.h"
#include "gw_config.h"
#include "log.h"

static bool same_identity(const struct sa *a, const struct sa *b)
{
	size_t len = a->dst.family == AF_INET ? 4 : 16;

	return a->spi == b->spi && a->proto == b->proto &&
	       a->dst.family == b->dst.family &&
	       (!a->dst.family || !memcmp(a->dst.bytes, b->dst.bytes, len));
}

static bool listed(const struct gw_config *cfg, const struct sa *sa)
{
	size_t i;

	for (i = 0; i < cfg->n; i++)
		if (same_identity(cfg->sas[i], sa))
			return true;
	return false;
}

static int collect(const struct gw *gw, struct gw_config *cfg)
{
	size_t files = gw->files ? gw->files->db.count : 0;
	size_t total = files + gw->xfrm.count, i;
	char desc[96];

	cfg->sas = calloc(total + 1, sizeof(*cfg->sas));
	cfg->owner = calloc(total + 1, sizeof(*cfg->owner));
	cfg->pair_out = calloc(total + 1, sizeof(*cfg->pair_out));
	if (!cfg->sas || !cfg->owner || !cfg->pair_out)
		return -ENOMEM;
	for (i = 0; i < files; i++)
		cfg->sas[cfg->n++] = gw->files->db.all[i];
	for (i = 0; i < gw->xfrm.count; i++) {
		const struct sa *sa = gw->xfrm.entries[i].sa;

		if (listed(cfg, sa)) {
			sa_describe(sa, desc, sizeof(desc));
			log_limited(LOG_LEVEL_WARN, log_key("xfrm-dup", sa->spi),
				    "sa: kernel SA %s left out: a file declares the same SA",
				    desc);
			continue;
		}
		cfg->sas[cfg->n++] = sa;
	}
	for (i = 0; i < cfg->n; i++)
		cfg->pair_out[i] = -1;
	return 0;
}

/* Index of the one SA ref names; -ENOENT for none, -EEXIST for several. */
static ssize_t resolve(const struct gw_config *cfg, const struct gw_sa_ref *ref)
{
	ssize_t found = -ENOENT;
	size_t i;

	for (i = 0; i < cfg->n; i++) {
		if (!gw_sa_ref_matches(ref, cfg->sas[i]))
			continue;
		if (found >= 0)
			return -EEXIST;
		found = (ssize_t)i;
	}
	return found;
}

static bool used_in_pair(const struct gw_config *cfg, size_t idx)
{
	size_t i;

	if (cfg->pair_out[idx] >= 0)
		return true;
	for (i = 0; i < cfg->n; i++)
		if (cfg->pair_out[i] == (ssize_t)idx)
			return true;
	return false;
}

static void report(struct outbuf *errors, bool error, const char *msg)
{
	if (error) {
		log_err("sa: %s", msg);
		if (errors)
			outbuf_printf(errors, "%s\n", msg);
	} else {
		log_warn("sa: %s", msg);
	}
}

static int resolve_pair(struct gw_config *cfg, const struct gw_pair_spec *p,
			bool strict, struct outbuf *errors)
{
	static const char *const what[2] = { "in", "out" };
	char desc[96], msg[512];
	ssize_t idx[2];
	int k;

	for (k = 0; k < 2; k++) {
		gw_sa_ref_describe(&p->end[k], desc, sizeof(desc));
		idx[k] = resolve(cfg, &p->end[k]);
		if (idx[k] == -EEXIST) {
			snprintf(msg, sizeof(msg),
				 "%s: field 'pair': '%s' SA %s is ambiguous; add its dst",
				 p->origin, what[k], desc);
			report(errors, true, msg);
			return -EINVAL;
		}
		if (idx[k] < 0) {
			snprintf(msg, sizeof(msg),
				 "%s: field 'pair': '%s' SA %s not found",
				 p->origin, what[k], desc);
			report(errors, strict, msg);
			return strict ? -EINVAL : 0;
		}
	}
	if (idx[0] == idx[1]) {
		gw_sa_ref_describe(&p->end[0], desc, sizeof(desc));
		snprintf(msg, sizeof(msg),
			 "%s: field 'pair': 'in' and 'out' name the same SA %s",
			 p->origin, desc);
		report(errors, true, msg);
		return -EINVAL;
	}
	for (k = 0; k < 2; k++) {
		if (!used_in_pair(cfg, (size_t)idx[k]))
			continue;
		gw_sa_ref_describe(&p->end[k], desc, sizeof(desc));
		snprintf(msg, sizeof(msg),
			 "%s: field 'pair': '%s' SA %s is in another pair already; every SA may be in one pair only",
			 p->origin, what[k], desc);
		report(errors, true, msg);
		return -EINVAL;
	}
	cfg->pair_out[idx[0]] = idx[1];
	return 0;
}

static void assign_owners(struct gw_config *cfg, unsigned int n_workers)
{
	size_t i;

	for (i = 0; i < cfg->n; i++)
		cfg->owner[i] = capture_spi_worker(cfg->sas[i]->spi, n_workers);
	for (i = 0; i < cfg->n; i++)
		if (cfg->pair_out[i] >= 0)
			cfg->owner[cfg->pair_out[i]] = cfg->owner[i];
}

int gw_config_build(const struct gw *gw, bool strict, struct gw_config *cfg,
		    struct outbuf *errors)
{
	size_t i;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	ret = collect(gw, cfg);
	if (ret)
		goto free_cfg;
	/* Only the re-encrypt mode uses pairs; the others ignore them. */
	for (i = 0; gw->opt.mode == GW_MODE_REENCRYPT && gw->files &&
		    i < gw->files->n_pairs; i++) {
		ret = resolve_pair(cfg, &gw->files->pairs[i], strict, errors);
		if (ret)
			goto free_cfg;
	}
	assign_owners(cfg, gw->n_workers);
	return 0;

free_cfg:
	gw_config_free(cfg);
	return ret;
}

void gw_config_free(struct gw_config *cfg)
{
	free(cfg->sas);
	free(cfg->owner);
	free(cfg->pair_out);
	memset(cfg, 0, sizeof(*cfg));
}
