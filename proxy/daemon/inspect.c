// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <hs/hs.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "inspect.h"
#include "log.h"

/* The rule and the content of it that a Hyperscan pattern id refers to. */
struct pattern_ref {
	uint32_t rule;
	uint32_t content;
};

/* One content bit per rule content, split by negation. */
struct rule_masks {
	uint32_t positive;
	uint32_t negative;
};

/* A rule set with its database; freed when the last reference goes. */
struct compiled {
	struct ruleset *rs;
	hs_database_t *db;		/* NULL when no rule has a content */
	struct pattern_ref *patterns;
	size_t n_patterns;
	struct rule_masks *masks;
	uint32_t *header_only;		/* rules without positive content */
	size_t n_header_only;
	uint64_t generation;
	unsigned int refs;
};

struct inspect {
	struct compiled *current;	/* read with acquire by workers */
	pthread_mutex_t lock;		/* current's reference count */
	pthread_mutex_t reload_lock;	/* one reload at a time */
	uint64_t generation;
	uint64_t reloads_ok;
	uint64_t reloads_failed;
	unsigned int workers;
};

struct inspect_worker {
	struct inspect *ins;
	struct compiled *cur;
	hs_scratch_t *scratch;
	uint32_t *hits;			/* content bits seen, per rule */
	uint32_t *touched;		/* rules with a bit in hits */
	size_t n_touched;
	uint32_t *matched;
	size_t cap;			/* entries of hits, touched, matched */
	struct inspect_worker_stats stats;
};

static void compiled_get(struct compiled *c)
{
	__atomic_fetch_add(&c->refs, 1, __ATOMIC_RELAXED);
}

static void compiled_put(struct compiled *c)
{
	if (!c || __atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL))
		return;
	hs_free_database(c->db);
	ruleset_free(c->rs);
	free(c->patterns);
	free(c->masks);
	free(c->header_only);
	free(c);
}

/* Write bytes as a Hyperscan literal: every byte as \xHH. */
static char *escape_literal(const uint8_t *bytes, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *s = malloc(len * 4 + 1), *p = s;
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < len; i++) {
		*p++ = '\\';
		*p++ = 'x';
		*p++ = hex[bytes[i] >> 4];
		*p++ = hex[bytes[i] & 15];
	}
	*p = '\0';
	return s;
}

static int compiled_alloc(struct ruleset *rs, struct compiled **out)
{
	struct compiled *c = calloc(1, sizeof(*c));
	size_t i, n = 0;

	if (!c)
		return -ENOMEM;
	c->refs = 1;
	for (i = 0; i < rs->count; i++)
		n += rs->rules[i].n_contents;
	c->n_patterns = n;
	c->patterns = calloc(n ? n : 1, sizeof(*c->patterns));
	c->masks = calloc(rs->count ? rs->count : 1, sizeof(*c->masks));
	c->header_only = calloc(rs->count ? rs->count : 1,
				sizeof(*c->header_only));
	if (!c->patterns || !c->masks || !c->header_only) {
		compiled_put(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

static void report_compile_error(const struct compiled *c,
				 const hs_compile_error_t *cerr,
				 const struct ruleset *rs, struct outbuf *errors)
{
	const struct rule *r;

	if (cerr->expression < 0 || (size_t)cerr->expression >= c->n_patterns) {
		outbuf_printf(errors, "%s: Hyperscan compile failed: %s\n",
			      rs->path, cerr->message);
		return;
	}
	r = &rs->rules[c->patterns[cerr->expression].rule];
	outbuf_printf(errors, "%s:%u: sid %u: content %u cannot be compiled: %s\n",
		      rs->path, r->line, r->sid,
		      c->patterns[cerr->expression].content + 1, cerr->message);
}

static int build_database(struct compiled *c, struct outbuf *errors)
{
	const struct ruleset *rs = c->rs;
	hs_compile_error_t *cerr = NULL;
	unsigned int *flags, *ids;
	char **exprs;
	size_t i, j, k = 0;
	int ret = -ENOMEM;

	exprs = calloc(c->n_patterns, sizeof(*exprs));
	flags = calloc(c->n_patterns, sizeof(*flags));
	ids = calloc(c->n_patterns, sizeof(*ids));
	if (!exprs || !flags || !ids)
		goto free_arrays;
	for (i = 0; i < rs->count; i++) {
		const struct rule *r = &rs->rules[i];

		for (j = 0; j < r->n_contents; j++, k++) {
			exprs[k] = escape_literal(r->contents[j].bytes,
						  r->contents[j].len);
			if (!exprs[k])
				goto free_exprs;
			flags[k] = HS_FLAG_SINGLEMATCH;
			if (r->contents[j].nocase)
				flags[k] |= HS_FLAG_CASELESS;
			ids[k] = (unsigned int)k;
		}
	}
	if (hs_compile_multi((const char *const *)exprs, flags, ids,
			     (unsigned int)c->n_patterns, HS_MODE_BLOCK, NULL,
			     &c->db, &cerr) != HS_SUCCESS) {
		report_compile_error(c, cerr, rs, errors);
		hs_free_compile_error(cerr);
		ret = -EINVAL;
		goto free_exprs;
	}
	ret = 0;
free_exprs:
	for (k = 0; k < c->n_patterns; k++)
		free(exprs[k]);
free_arrays:
	free(exprs);
	free(flags);
	free(ids);
	return ret;
}

/* Compile rs; on success the result owns rs. */
static int compile_rules(struct ruleset *rs, struct compiled **out,
			 struct outbuf *errors)
{
	struct compiled *c;
	size_t i, j, k = 0;
	int ret;

	ret = compiled_alloc(rs, &c);
	if (ret)
		return ret;
	for (i = 0; i < rs->count; i++) {
		const struct rule *r = &rs->rules[i];

		for (j = 0; j < r->n_contents; j++, k++) {
			c->patterns[k].rule = (uint32_t)i;
			c->patterns[k].content = (uint32_t)j;
			if (r->contents[j].negated)
				c->masks[i].negative |= 1u << j;
			else
				c->masks[i].positive |= 1u << j;
		}
		if (!c->masks[i].positive)
			c->header_only[c->n_header_only++] = (uint32_t)i;
	}
	if (c->n_patterns) {
		c->rs = rs;
		ret = build_database(c, errors);
		c->rs = NULL;
		if (ret) {
			compiled_put(c);
			return ret;
		}
	}
	c->rs = rs;
	*out = c;
	return 0;
}

int inspect_create(struct inspect **out)
{
	struct inspect *ins;
	struct ruleset *empty;
	int ret;

	if (hs_valid_platform() != HS_SUCCESS) {
		log_err("inspection: Hyperscan does not support this CPU (SSSE3 is required)");
		return -ENOTSUP;
	}
	ins = calloc(1, sizeof(*ins));
	empty = calloc(1, sizeof(*empty));
	if (!ins || !empty) {
		ret = -ENOMEM;
		goto free_all;
	}
	ret = compile_rules(empty, &ins->current, NULL);
	if (ret)
		goto free_all;
	pthread_mutex_init(&ins->lock, NULL);
	pthread_mutex_init(&ins->reload_lock, NULL);
	*out = ins;
	return 0;
free_all:
	free(empty);
	free(ins);
	return ret;
}

void inspect_destroy(struct inspect *ins)
{
	if (!ins)
		return;
	if (__atomic_load_n(&ins->workers, __ATOMIC_RELAXED))
		log_err("inspection: destroyed with %u workers still alive",
			ins->workers);
	compiled_put(ins->current);
	pthread_mutex_destroy(&ins->lock);
	pthread_mutex_destroy(&ins->reload_lock);
	free(ins);
}

static void publish(struct inspect *ins, struct compiled *c)
{
	struct compiled *old;

	pthread_mutex_lock(&ins->lock);
	old = ins->current;
	c->generation = ++ins->generation;
	__atomic_store_n(&ins->current, c, __ATOMIC_RELEASE);
	ins->reloads_ok++;
	pthread_mutex_unlock(&ins->lock);
	compiled_put(old);	/* freed once no worker holds it */
}

static void log_errors(const char *path, const struct outbuf *errs,
		       bool had_rules)
{
	const char *s = outbuf_str(errs);

	while (*s) {
		size_t n = strcspn(s, "\n");

		log_err("rules: %.*s", (int)n, s);
		s += n;
		if (*s)
			s++;
	}
	if (had_rules)
		log_err("rules: loading %s failed, the previous rules stay active",
			path);
	else
		log_err("rules: loading %s failed", path);
}

int inspect_reload(struct inspect *ins, const char *path,
		   struct outbuf *errors)
{
	struct outbuf errs;
	struct ruleset *rs;
	struct compiled *c;
	int ret;

	outbuf_init(&errs, 0);
	pthread_mutex_lock(&ins->reload_lock);
	ret = rules_load(path, &rs, &errs);
	if (!ret) {
		ret = compile_rules(rs, &c, &errs);
		if (ret)
			ruleset_free(rs);
	}
	if (ret) {
		pthread_mutex_lock(&ins->lock);
		ins->reloads_failed++;
		pthread_mutex_unlock(&ins->lock);
		log_errors(path, &errs, ins->generation > 0);
		if (errors)
			outbuf_append(errors, errs.data, errs.len);
	} else {
		publish(ins, c);
		log_info("rules: loaded %zu rules with %zu contents from %s (generation %llu)",
			 c->rs->count, c->n_patterns, path,
			 (unsigned long long)c->generation);
	}
	pthread_mutex_unlock(&ins->reload_lock);
	outbuf_free(&errs);
	return ret;
}

void inspect_get_stats(struct inspect *ins, struct inspect_stats *stats)
{
	pthread_mutex_lock(&ins->lock);
	stats->generation = ins->current->generation;
	stats->n_rules = ins->current->rs->count;
	stats->n_contents = ins->current->n_patterns;
	stats->reloads_ok = ins->reloads_ok;
	stats->reloads_failed = ins->reloads_failed;
	pthread_mutex_unlock(&ins->lock);
}

/* Size the worker's arrays and scratch for c. */
static int worker_prepare(struct inspect_worker *w, struct compiled *c)
{
	size_t n = c->rs->count;

	if (c->db && hs_alloc_scratch(c->db, &w->scratch) != HS_SUCCESS)
		return -ENOMEM;
	if (n > w->cap) {
		uint32_t *hits = calloc(n, sizeof(*hits));
		uint32_t *touched = calloc(n, sizeof(*touched));
		uint32_t *matched = calloc(n, sizeof(*matched));

		if (!hits || !touched || !matched) {
			free(hits);
			free(touched);
			free(matched);
			return -ENOMEM;
		}
		free(w->hits);
		free(w->touched);
		free(w->matched);
		w->hits = hits;
		w->touched = touched;
		w->matched = matched;
		w->cap = n;
	}
	return 0;
}

/*
 * Move to the active rule set if it changed.  The reference is taken under
 * the lock because publish() may drop the last other reference as soon as
 * it has replaced the pointer.
 */
void inspect_worker_sync(struct inspect_worker *w)
{
	struct inspect *ins = w->ins;
	struct compiled *c;

	c = __atomic_load_n(&ins->current, __ATOMIC_ACQUIRE);
	if (c == w->cur)
		return;
	pthread_mutex_lock(&ins->lock);
	c = ins->current;
	compiled_get(c);
	pthread_mutex_unlock(&ins->lock);

	if (worker_prepare(w, c)) {
		log_limited(LOG_LEVEL_ERR, log_key("inspect-switch", 0),
			    "inspection: out of memory moving to rule generation %llu, still using %llu",
			    (unsigned long long)c->generation,
			    (unsigned long long)w->cur->generation);
		compiled_put(c);
		return;
	}
	compiled_put(w->cur);
	w->cur = c;
}

int inspect_worker_create(struct inspect *ins, struct inspect_worker **out)
{
	struct inspect_worker *w = calloc(1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	w->ins = ins;
	pthread_mutex_lock(&ins->lock);
	w->cur = ins->current;
	compiled_get(w->cur);
	pthread_mutex_unlock(&ins->lock);
	if (worker_prepare(w, w->cur)) {
		compiled_put(w->cur);
		free(w);
		return -ENOMEM;
	}
	__atomic_fetch_add(&ins->workers, 1, __ATOMIC_RELAXED);
	*out = w;
	return 0;
}

void inspect_worker_destroy(struct inspect_worker *w)
{
	if (!w)
		return;
	__atomic_fetch_sub(&w->ins->workers, 1, __ATOMIC_RELAXED);
	compiled_put(w->cur);
	hs_free_scratch(w->scratch);
	free(w->hits);
	free(w->touched);
	free(w->matched);
	free(w);
}

static int on_match(unsigned int id, unsigned long long from,
		    unsigned long long to, unsigned int flags, void *ctx)
{
	struct inspect_worker *w = ctx;
	const struct pattern_ref *p = &w->cur->patterns[id];

	(void)from;
	(void)to;
	(void)flags;
	if (!w->hits[p->rule])
		w->touched[w->n_touched++] = p->rule;
	w->hits[p->rule] |= 1u << p->content;
	return 0;
}

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void fill_result(struct inspect_worker *w, size_t n_matched,
			bool pass, struct inspect_result *res)
{
	const struct ruleset *rs = w->cur->rs;
	size_t i;

	if (pass) {
		res->verdict = INSPECT_PASS;
		counter_add(&w->stats.passes, 1);
		return;
	}
	if (n_matched > 1)
		qsort(w->matched, n_matched, sizeof(*w->matched), compare_u32);
	for (i = 0; i < n_matched; i++) {
		const struct rule *r = &rs->rules[w->matched[i]];
		struct inspect_alert *a;

		if (r->action == RULE_ACTION_DROP)
			res->verdict = INSPECT_DROP;
		else if (res->verdict == INSPECT_NO_MATCH)
			res->verdict = INSPECT_ALERT;
		if (res->n_alerts == INSPECT_ALERTS_MAX) {
			res->alerts_lost++;
			continue;
		}
		a = &res->alerts[res->n_alerts++];
		a->action = r->action;
		a->sid = r->sid;
		a->rev = r->rev;
		a->msg = r->msg;
	}
	counter_add(&w->stats.alerts, res->n_alerts + res->alerts_lost);
	if (res->verdict == INSPECT_DROP)
		counter_add(&w->stats.drops, 1);
}

/* Check the header of rule i if its contents matched; record a match. */
static void consider(struct inspect_worker *w, uint32_t i,
		     const struct packet_info *pkt, size_t *n_matched,
		     bool *pass)
{
	const struct compiled *c = w->cur;
	const struct rule *r = &c->rs->rules[i];
	uint32_t hits = w->hits[i];

	if ((hits & c->masks[i].positive) != c->masks[i].positive ||
	    (hits & c->masks[i].negative))
		return;
	if (!rule_match_header(r, pkt))
		return;
	if (r->action == RULE_ACTION_PASS)
		*pass = true;
	else
		w->matched[(*n_matched)++] = i;
}

int inspect_packet(struct inspect_worker *w, const struct packet_info *pkt,
		   struct inspect_result *res)
{
	const struct compiled *c;
	size_t i, n_matched = 0;
	bool pass = false;
	int ret = 0;

	res->verdict = INSPECT_NO_MATCH;
	res->n_alerts = 0;
	res->alerts_lost = 0;
	inspect_worker_sync(w);
	c = w->cur;
	counter_add(&w->stats.packets, 1);

	w->n_touched = 0;
	if (c->db && pkt->payload_len) {
		hs_error_t err = hs_scan(c->db, (const char *)pkt->payload,
					 (unsigned int)pkt->payload_len, 0,
					 w->scratch, on_match, w);

		if (err != HS_SUCCESS) {
			counter_add(&w->stats.errors, 1);
			log_limited(LOG_LEVEL_ERR, log_key("hs_scan", (uint64_t)-err),
				    "inspection: hs_scan failed with error %d",
				    err);
			ret = -EIO;
			goto clear_hits;
		}
	}
	for (i = 0; i < w->n_touched; i++) {
		if (c->masks[w->touched[i]].positive)
			consider(w, w->touched[i], pkt, &n_matched, &pass);
	}
	for (i = 0; i < c->n_header_only; i++)
		consider(w, c->header_only[i], pkt, &n_matched, &pass);
	fill_result(w, n_matched, pass, res);
clear_hits:
	for (i = 0; i < w->n_touched; i++)
		w->hits[w->touched[i]] = 0;
	return ret;
}

void inspect_worker_get_stats(struct inspect_worker *w,
			      struct inspect_worker_stats *stats)
{
	stats->packets = counter_read(&w->stats.packets);
	stats->alerts = counter_read(&w->stats.alerts);
	stats->drops = counter_read(&w->stats.drops);
	stats->passes = counter_read(&w->stats.passes);
	stats->errors = counter_read(&w->stats.errors);
}
