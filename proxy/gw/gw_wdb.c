// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "gw_wdb.h"
#include "gw_worker.h"
#include "log.h"
#include "sa_crypto.h"

static void free_sa(struct sa *sa)
{
	sa_crypto_close(sa);
	sa_clear(sa);
	free(sa);
}

/* A copy of src with fresh state and no sessions. */
static struct sa *clone_sa(const struct sa *src)
{
	struct sa *sa = malloc(sizeof(*sa));

	if (!sa)
		return NULL;
	*sa = *src;
	memset(&sa->replay, 0, sizeof(sa->replay));
	memset(&sa->stats, 0, sizeof(sa->stats));
	sa->crypto = NULL;
	sa->next = NULL;
	if (replay_init(&sa->replay, src->replay_size, src->replay_top)) {
		sa_clear(sa);
		free(sa);
		return NULL;
	}
	return sa;
}

static int add_clone(struct gw_wdb *wdb, const struct sa *src,
		     const struct gw_wdb_params *p, struct sa **added,
		     unsigned int *failed, struct outbuf *errors)
{
	char desc[96], err[256];
	struct sa *sa;
	int ret;

	*added = NULL;
	sa = clone_sa(src);
	if (!sa)
		return -ENOMEM;
	ret = sa_crypto_open(sa, p->backend, err, sizeof(err));
	if (ret) {
		sa_describe(sa, desc, sizeof(desc));
		log_err("sa: %s: SA %s left out: %s", sa->origin, desc, err);
		if (errors)
			outbuf_printf(errors, "%s: SA %s: %s\n", sa->origin,
				      desc, err);
		(*failed)++;
		free_sa(sa);
		return 0;
	}
	ret = sadb_add(&wdb->db, sa);
	if (ret) {
		free_sa(sa);
		return ret;
	}
	*added = sa;
	return 0;
}

static int add_sas(struct gw_wdb *wdb, const struct gw_config *cfg,
		   const struct gw_wdb_params *p, struct sa **copies,
		   unsigned int *failed, struct outbuf *errors)
{
	size_t i;
	int ret;

	for (i = 0; i < cfg->n; i++) {
		if (cfg->owner[i] != p->worker)
			continue;
		ret = add_clone(wdb, cfg->sas[i], p, &copies[i], failed,
				errors);
		if (ret)
			return ret;
	}
	return 0;
}

static int add_pairs(struct gw_wdb *wdb, const struct gw_config *cfg,
		     struct sa **copies)
{
	size_t i;

	wdb->pairs = calloc(cfg->n + 1, sizeof(*wdb->pairs));
	if (!wdb->pairs)
		return -ENOMEM;
	for (i = 0; i < cfg->n; i++) {
		ssize_t out = cfg->pair_out[i];

		if (out < 0 || !copies[i] || !copies[out])
			continue;
		wdb->pairs[wdb->n_pairs].in = copies[i];
		wdb->pairs[wdb->n_pairs].out = copies[out];
		wdb->n_pairs++;
	}
	return 0;
}

static int create_dps(struct gw_wdb *wdb, const struct gw_wdb_params *p)
{
	struct dp_config dc = {
		.batch = p->batch,
		.result = gw_worker_on_inbound,
		.user = p->user,
	};
	int ret;

	ret = dp_create(&wdb->in_dp, &wdb->db, &dc);
	if (ret || !p->reencrypt)
		return ret;
	dc.result = gw_worker_on_outbound;
	return dp_create(&wdb->out_dp, &wdb->db, &dc);
}

int gw_wdb_build(const struct gw_config *cfg, const struct gw_wdb_params *p,
		 struct gw_wdb **out, unsigned int *failed,
		 struct outbuf *errors)
{
	struct sa **copies;
	struct gw_wdb *wdb;
	int ret;

	wdb = calloc(1, sizeof(*wdb));
	copies = calloc(cfg->n + 1, sizeof(*copies));
	if (!wdb || !copies) {
		ret = -ENOMEM;
		goto free_copies;
	}
	sadb_init(&wdb->db);
	wdb->generation = p->generation;
	ret = add_sas(wdb, cfg, p, copies, failed, errors);
	if (!ret)
		ret = add_pairs(wdb, cfg, copies);
	if (!ret)
		ret = create_dps(wdb, p);
	if (ret)
		goto destroy_wdb;
	free(copies);
	*out = wdb;
	return 0;

destroy_wdb:
	gw_wdb_destroy(wdb);
	wdb = NULL;
free_copies:
	free(copies);
	free(wdb);
	return ret;
}

void gw_wdb_destroy(struct gw_wdb *wdb)
{
	size_t i;

	if (!wdb)
		return;
	dp_destroy(wdb->in_dp);
	dp_destroy(wdb->out_dp);
	for (i = 0; i < wdb->db.count; i++)
		sa_crypto_close(wdb->db.all[i]);
	sadb_destroy(&wdb->db);
	free(wdb->pairs);
	free(wdb);
}

static bool keys_same(const struct sa *a, const struct sa *b)
{
	return a->enc == b->enc && a->auth == b->auth &&
	       a->enc_key_len == b->enc_key_len &&
	       a->auth_key_len == b->auth_key_len &&
	       !memcmp(a->enc_key, b->enc_key, a->enc_key_len) &&
	       !memcmp(a->auth_key, b->auth_key, a->auth_key_len);
}

/*
 * The same SA under the same key: its sequence numbers and IVs go on from
 * where they were, whatever else a reload changed (mode, window size,
 * padding, encapsulation).
 */
static bool same_key(const struct sa *a, const struct sa *b)
{
	return a->spi == b->spi && a->proto == b->proto &&
	       sa_addr_equal(&a->dst, &b->dst) && keys_same(a, b);
}

static const struct sa *find_same(const struct gw_wdb *old,
				  const struct sa *sa)
{
	const struct sa *prev;

	prev = sadb_lookup(&old->db, sa->spi, sa->proto, sa->dst.family,
			   sa->dst.bytes);
	return prev && same_key(prev, sa) ? prev : NULL;
}

/*
 * A window of another size keeps the top, and counts every number it
 * covers up to the top as received: some are refused that were never
 * seen, but none is accepted twice.
 */
static void copy_window(struct replay_window *to,
			const struct replay_window *from)
{
	if (!to->bitmap) {
		to->top = from->top;
		return;
	}
	if (to->nbits == from->nbits && from->bitmap)
		memcpy(to->bitmap, from->bitmap,
		       to->nbits / 64 * sizeof(*to->bitmap));
	else
		memset(to->bitmap, 0xff, to->nbits / 64 * sizeof(*to->bitmap));
	to->top = from->top;
}

static void copy_state(struct sa *to, const struct sa *from)
{
	copy_window(&to->replay, &from->replay);
	to->oseq = from->oseq;
	to->iv_mask = from->iv_mask;
	to->stats = from->stats;
}

bool gw_wdb_has(const struct gw_wdb *wdb, const struct sa *sa)
{
	return find_same(wdb, sa) != NULL;
}

void gw_wdb_carry(struct gw_wdb *to, const struct gw_wdb *from,
		  const struct sa *sa)
{
	const struct sa *prev = find_same(from, sa);
	struct sa *next;

	next = (struct sa *)find_same(to, sa);
	if (prev && next)
		copy_state(next, prev);
}

void gw_wdb_inherit(struct gw_wdb *wdb, const struct gw_wdb *old)
{
	const struct sa *prev;
	size_t i;

	if (!old)
		return;
	for (i = 0; i < wdb->db.count; i++) {
		prev = find_same(old, wdb->db.all[i]);
		if (prev)
			copy_state(wdb->db.all[i], prev);
	}
}

static uint64_t sa_syscalls(const struct sa *sa)
{
	const struct sa_crypto *c = sa->crypto;
	uint64_t n = 0;

	if (!c)
		return 0;
	if (c->aead)
		n += ucapi_session_syscalls(c->aead);
	if (c->hash)
		n += ucapi_session_syscalls(c->hash);
	if (c->cipher)
		n += ucapi_session_syscalls(c->cipher);
	return n;
}

uint64_t gw_wdb_syscalls(const struct gw_wdb *wdb)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; wdb && i < wdb->db.count; i++)
		n += sa_syscalls(wdb->db.all[i]);
	return n;
}

static uint64_t sa_drops(const struct sa *sa)
{
	uint64_t n = 0;
	int v;

	for (v = VERDICT_FIRST_DROP; v < VERDICT_COUNT; v++)
		n += sa->stats.verdicts[v];
	return n;
}

/*
 * "42", or for a number past 32 bits the two halves as the configuration
 * takes them: "4294967298 (hi 1, lo 2)".
 */
static void seq_format(uint64_t seq, char *buf, size_t len)
{
	if (seq >> 32)
		snprintf(buf, len, "%llu (hi %llu, lo %llu)",
			 (unsigned long long)seq,
			 (unsigned long long)(seq >> 32),
			 (unsigned long long)(seq & 0xffffffffu));
	else
		snprintf(buf, len, "%llu", (unsigned long long)seq);
}

void gw_wdb_log_retired(const struct gw_wdb *old, const struct gw_wdb *wdb,
			unsigned int worker, const char *why)
{
	char desc[96], rx[64], tx[64];
	const struct sa *sa;
	size_t i;

	for (i = 0; old && i < old->db.count; i++) {
		sa = old->db.all[i];
		if (wdb && find_same(wdb, sa))
			continue;
		sa_describe(sa, desc, sizeof(desc));
		seq_format(sa->replay.top, rx, sizeof(rx));
		seq_format(sa->oseq, tx, sizeof(tx));
		log_info("sa: worker %u: %s %s: %llu packet%s (%llu byte%s), %llu dropped, sequence numbers: highest received %s, last sent %s",
			 worker, desc, why, (unsigned long long)sa->stats.packets,
			 sa->stats.packets == 1 ? "" : "s",
			 (unsigned long long)sa->stats.bytes,
			 sa->stats.bytes == 1 ? "" : "s",
			 (unsigned long long)sa_drops(sa), rx, tx);
	}
}

struct sa *gw_wdb_pair_of(const struct gw_wdb *wdb, const struct sa *in)
{
	size_t i;

	/* NOTE: a linear scan; a worker serves few pairs in practice. */
	for (i = 0; i < wdb->n_pairs; i++)
		if (wdb->pairs[i].in == in)
			return wdb->pairs[i].out;
	return NULL;
}
