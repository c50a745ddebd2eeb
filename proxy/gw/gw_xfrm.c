// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "gw_xfrm.h"
#include "log.h"
#include "sa_load.h"

#define UDP_ENCAP_ESPINUDP_TYPE	2	/* linux/udp.h UDP_ENCAP_ESPINUDP */

void gw_xfrm_init(struct gw_xfrm_table *t, const char *netns)
{
	memset(t, 0, sizeof(*t));
	t->netns = netns;
}

static void free_sa(struct sa *sa)
{
	sa_clear(sa);
	free(sa);
}

void gw_xfrm_clear(struct gw_xfrm_table *t)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		free_sa(t->entries[i].sa);
	free(t->entries);
	t->entries = NULL;
	t->count = t->capacity = 0;
}

static int set_addr(struct sa_addr *a, int family, const uint8_t *bytes)
{
	if (family != AF_INET && family != AF_INET6)
		return -EOPNOTSUPP;
	a->family = family;
	memset(a->bytes, 0, sizeof(a->bytes));
	memcpy(a->bytes, bytes, family == AF_INET ? 4 : 16);
	return 0;
}

static int set_aead(struct sa *sa, const struct xfrm_sa_alg *alg, char *err,
		    size_t err_len)
{
	const struct enc_alg *enc = enc_alg_find(alg->name);

	if (!enc || !enc->aead) {
		snprintf(err, err_len, "AEAD '%s' is not supported", alg->name);
		return -EOPNOTSUPP;
	}
	if (alg->key_len > ENC_KEY_MAX ||
	    !enc_alg_key_len_valid(enc, alg->key_len)) {
		snprintf(err, err_len, "'%s' with a %u-byte key is invalid",
			 alg->name, alg->key_len);
		return -EINVAL;
	}
	if (!enc_alg_icv_bits_valid(enc, alg->icv_bits)) {
		snprintf(err, err_len, "'%s' with a %u-bit ICV is invalid",
			 alg->name, alg->icv_bits);
		return -EINVAL;
	}
	sa->enc = enc;
	memcpy(sa->enc_key, alg->key, alg->key_len);
	sa->enc_key_len = alg->key_len;
	sa->icv_len = alg->icv_bits / 8;
	return 0;
}

static int set_enc(struct sa *sa, const struct xfrm_sa_alg *alg, char *err,
		   size_t err_len)
{
	const struct enc_alg *enc = enc_alg_find(alg->name);

	if (!enc || enc->aead) {
		snprintf(err, err_len, "encryption '%s' is not supported",
			 alg->name);
		return -EOPNOTSUPP;
	}
	if (alg->key_len > ENC_KEY_MAX ||
	    !enc_alg_key_len_valid(enc, alg->key_len)) {
		snprintf(err, err_len, "'%s' with a %u-byte key is invalid",
			 alg->name, alg->key_len);
		return -EINVAL;
	}
	sa->enc = enc;
	memcpy(sa->enc_key, alg->key, alg->key_len);
	sa->enc_key_len = alg->key_len;
	return 0;
}

static int set_auth(struct sa *sa, const struct xfrm_sa_alg *alg, char *err,
		    size_t err_len)
{
	const struct auth_alg *auth = auth_alg_find(alg->name);
	unsigned int bits;

	if (!auth) {
		snprintf(err, err_len, "authentication '%s' is not supported",
			 alg->name);
		return -EOPNOTSUPP;
	}
	if (auth->kind == AUTH_NONE)
		return 0;
	bits = alg->icv_bits ? alg->icv_bits : auth->default_trunc_bits;
	if (bits < 64 || bits % 32 || bits > auth->digest_len * 8 ||
	    alg->key_len > AUTH_KEY_MAX) {
		snprintf(err, err_len, "'%s' with a %u-bit ICV and a %u-byte key is invalid",
			 alg->name, bits, alg->key_len);
		return -EINVAL;
	}
	sa->auth = auth;
	memcpy(sa->auth_key, alg->key, alg->key_len);
	sa->auth_key_len = alg->key_len;
	sa->icv_len = bits / 8;
	return 0;
}

static int set_identity(struct sa *sa, const struct xfrm_sa_desc *d,
			char *err, size_t err_len)
{
	if (d->proto != IPPROTO_ESP && d->proto != IPPROTO_AH) {
		snprintf(err, err_len, "protocol %u is not ESP or AH", d->proto);
		return -EOPNOTSUPP;
	}
	if (d->mode != XFRM_MODE_TRANSPORT && d->mode != XFRM_MODE_TUNNEL) {
		snprintf(err, err_len, "mode %u is not transport or tunnel",
			 d->mode);
		return -EOPNOTSUPP;
	}
	if (set_addr(&sa->dst, d->family, d->dst) ||
	    set_addr(&sa->src, d->family, d->src)) {
		snprintf(err, err_len, "address family %d is not supported",
			 d->family);
		return -EOPNOTSUPP;
	}
	sa->spi = d->spi;
	sa->proto = d->proto == IPPROTO_ESP ? IPPROTO_ESP_NUM : IPPROTO_AH_NUM;
	sa->mode = d->mode == XFRM_MODE_TUNNEL ? SA_MODE_TUNNEL :
		   SA_MODE_TRANSPORT;
	sa->reqid = d->reqid;
	sa->esn = d->esn;
	/*
	 * A sender's outbound SA has no replay window, but the gateway sees
	 * that direction as a receiver does, so it checks replays there too.
	 */
	sa->replay_size = d->replay_window ? d->replay_window :
			  SA_REPLAY_DEFAULT;
	if (d->encap_type == UDP_ENCAP_ESPINUDP_TYPE) {
		sa->encap = SA_ENCAP_ESPINUDP;
		sa->encap_sport = d->encap_sport;
		sa->encap_dport = d->encap_dport;
	} else if (d->encap_type) {
		snprintf(err, err_len, "UDP encapsulation type %u is not supported",
			 d->encap_type);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int fill_sa(struct sa *sa, const struct xfrm_sa_desc *d, char *err,
		   size_t err_len)
{
	int ret;

	ret = set_identity(sa, d, err, err_len);
	if (!ret && d->aead.present)
		ret = set_aead(sa, &d->aead, err, err_len);
	if (!ret && d->enc.present)
		ret = set_enc(sa, &d->enc, err, err_len);
	if (!ret && d->auth.present)
		ret = set_auth(sa, &d->auth, err, err_len);
	return ret;
}

struct commit_ctx {
	char *err;
	size_t err_len;
};

static void commit_error(void *user, const char *msg)
{
	struct commit_ctx *c = user;

	snprintf(c->err, c->err_len, "%s", msg);
}

static void commit_warning(void *user, const char *msg)
{
	log_warn("xfrm: %s", msg);
}

/*
 * The datapath's loader checks the SA as a whole and sets up its replay
 * window; a scratch database receives it and then gives it back.
 */
static int check_and_init(struct sa *sa, const char *origin,
			  struct sa **out, char *err, size_t err_len)
{
	struct commit_ctx c = { err, err_len };
	struct sa_load ld = {
		.file = origin,
		.error = commit_error,
		.warning = commit_warning,
		.user = &c,
	};
	struct sadb scratch;
	int ret;

	sadb_init(&scratch);
	ld.db = &scratch;
	ret = sa_load_commit(&ld, 0, sa);	/* frees sa on failure */
	if (ret)
		return ret;
	snprintf(sa->origin, sizeof(sa->origin), "%s", origin);
	sa->next = NULL;
	free(scratch.all);
	*out = sa;
	return 0;
}

int gw_xfrm_convert(const struct xfrm_sa_desc *d, const char *origin,
		    struct sa **out, char *err, size_t err_len)
{
	struct sa *sa = malloc(sizeof(*sa));
	int ret;

	if (!sa) {
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	sa_init(sa);
	ret = fill_sa(sa, d, err, err_len);
	if (ret) {
		free_sa(sa);
		return ret;
	}
	return check_and_init(sa, origin, out, err, err_len);
}

static bool same_id(const struct sa *sa, const struct xfrm_sa_desc *d)
{
	uint8_t proto = d->proto == IPPROTO_ESP ? IPPROTO_ESP_NUM :
			d->proto == IPPROTO_AH ? IPPROTO_AH_NUM : 0;

	return sa->spi == d->spi && sa->proto == proto &&
	       sa->dst.family == d->family &&
	       !memcmp(sa->dst.bytes, d->dst, d->family == AF_INET ? 4 : 16);
}

static ssize_t find(const struct gw_xfrm_table *t, const struct xfrm_sa_desc *d)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		if (same_id(t->entries[i].sa, d))
			return (ssize_t)i;
	return -1;
}

static void remove_at(struct gw_xfrm_table *t, size_t i)
{
	free_sa(t->entries[i].sa);
	t->entries[i] = t->entries[--t->count];
	t->changed = true;
}

static int append(struct gw_xfrm_table *t, struct sa *sa)
{
	if (t->count == t->capacity) {
		size_t cap = t->capacity ? t->capacity * 2 : 16;
		struct gw_xfrm_entry *e;

		e = realloc(t->entries, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		t->entries = e;
		t->capacity = cap;
	}
	t->entries[t->count].sa = sa;
	t->entries[t->count].stale = false;
	t->count++;
	return 0;
}

static void upsert(struct gw_xfrm_table *t, const struct xfrm_sa_desc *d)
{
	char err[512], origin[SA_ORIGIN_MAX];
	struct sa *sa;
	ssize_t i;
	int ret;

	snprintf(origin, sizeof(origin), "xfrm:%s",
		 t->netns ? t->netns : "(own namespace)");
	ret = gw_xfrm_convert(d, origin, &sa, err, sizeof(err));
	i = find(t, d);
	if (ret) {
		t->rejected++;
		log_limited(LOG_LEVEL_WARN, log_key("xfrm-convert", d->spi),
			    "xfrm: SA spi 0x%08x left out: %s", d->spi, err);
		if (i >= 0)
			remove_at(t, (size_t)i);
		return;
	}
	if (i >= 0) {
		free_sa(t->entries[i].sa);
		t->entries[i].sa = sa;
		t->entries[i].stale = false;
	} else if (append(t, sa)) {
		log_err("xfrm: SA spi 0x%08x left out: out of memory", d->spi);
		free_sa(sa);
		return;
	}
	t->changed = true;
}

static void flush_proto(struct gw_xfrm_table *t, uint8_t proto)
{
	uint8_t num = proto == IPPROTO_ESP ? IPPROTO_ESP_NUM :
		      proto == IPPROTO_AH ? IPPROTO_AH_NUM : 0;
	size_t i = 0;

	/* Only 0 and IPSEC_PROTO_ANY (255) flush every protocol. */
	if (!num && proto != 0 && proto != 255)
		return;
	while (i < t->count) {
		if (!num || t->entries[i].sa->proto == num)
			remove_at(t, i);
		else
			i++;
	}
}

static void end_dump(struct gw_xfrm_table *t)
{
	size_t i = 0;

	while (i < t->count) {
		if (t->entries[i].stale)
			remove_at(t, i);
		else
			i++;
	}
}

void gw_xfrm_event(void *table, enum xfrm_sa_event event,
		   const struct xfrm_sa_desc *d)
{
	struct gw_xfrm_table *t = table;
	ssize_t i;
	size_t k;

	t->events++;
	switch (event) {
	case XFRM_SA_DUMP_BEGIN:
		for (k = 0; k < t->count; k++)
			t->entries[k].stale = true;
		break;
	case XFRM_SA_DUMP_END:
		end_dump(t);
		break;
	case XFRM_SA_DUMPED:
	case XFRM_SA_NEW:
	case XFRM_SA_UPDATED:
		upsert(t, d);
		break;
	case XFRM_SA_DELETED:
	case XFRM_SA_EXPIRED_HARD:
		i = find(t, d);
		if (i >= 0)
			remove_at(t, (size_t)i);
		break;
	case XFRM_SA_EXPIRED_SOFT:
		log_info("xfrm: SA spi 0x%08x reached a soft lifetime limit",
			 d->spi);
		break;
	case XFRM_SA_FLUSHED:
		flush_proto(t, d->proto);
		break;
	}
}

bool gw_xfrm_take_changed(struct gw_xfrm_table *t)
{
	bool changed = t->changed;

	t->changed = false;
	return changed;
}
