// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <linux/xfrm.h>
#include <string.h>

#include "xfrm_msg.h"

#define SA_INFO_LEN	NLMSG_ALIGN(sizeof(struct xfrm_usersa_info))

/* A cursor over rem bytes of attributes at pos; attr_next() checks lengths. */
struct attr_iter {
	char *pos;
	size_t rem;
};

static struct nlattr *attr_next(struct attr_iter *it)
{
	struct nlattr *a = (struct nlattr *)it->pos;
	size_t step;

	if (it->rem < NLA_HDRLEN || a->nla_len < NLA_HDRLEN ||
	    a->nla_len > it->rem)
		return NULL;
	step = NLA_ALIGN(a->nla_len);
	if (step > it->rem)
		step = it->rem;
	it->pos += step;
	it->rem -= step;
	return a;
}

static int attr_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static void *attr_data(struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}

static size_t attr_len(const struct nlattr *a)
{
	return (size_t)a->nla_len - NLA_HDRLEN;
}

static size_t payload_len(const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_len - NLMSG_HDRLEN;
}

/*
 * Build in buf a NEWSA-layout copy of nlh: info, then the attributes that
 * follow hdrlen bytes of nlh's payload, except skip_type.
 */
static int rebuild(struct nlmsghdr *nlh, size_t hdrlen,
		   const struct xfrm_usersa_info *info, int skip_type,
		   void *buf, size_t size, struct nlmsghdr **out)
{
	struct nlmsghdr *copy = buf;
	struct attr_iter it;
	struct nlattr *a;
	size_t len = NLMSG_HDRLEN + SA_INFO_LEN;

	if (size < len)
		return -EMSGSIZE;
	memcpy(copy, nlh, NLMSG_HDRLEN);
	memset((char *)buf + NLMSG_HDRLEN, 0, SA_INFO_LEN);
	memcpy((char *)buf + NLMSG_HDRLEN, info, sizeof(*info));

	it.pos = (char *)NLMSG_DATA(nlh) + hdrlen;
	it.rem = payload_len(nlh) - hdrlen;
	while ((a = attr_next(&it))) {
		size_t n = NLA_ALIGN(a->nla_len);

		if (attr_type(a) == skip_type)
			continue;
		if (size - len < n)
			return -EMSGSIZE;
		memset((char *)buf + len, 0, n);
		memcpy((char *)buf + len, a, a->nla_len);
		len += n;
	}
	copy->nlmsg_len = (__u32)len;
	copy->nlmsg_type = XFRM_MSG_NEWSA;
	*out = copy;
	return 0;
}

static int normalize_delsa(struct nlmsghdr *nlh, void *buf, size_t size,
			   struct nlmsghdr **out)
{
	size_t hdrlen = NLMSG_ALIGN(sizeof(struct xfrm_usersa_id));
	struct xfrm_usersa_info info;
	struct attr_iter it;
	struct nlattr *a;

	if (payload_len(nlh) < hdrlen)
		return -EBADMSG;
	it.pos = (char *)NLMSG_DATA(nlh) + hdrlen;
	it.rem = payload_len(nlh) - hdrlen;
	while ((a = attr_next(&it))) {
		if (attr_type(a) != XFRMA_SA)
			continue;
		if (attr_len(a) < sizeof(info))
			return -EBADMSG;
		memcpy(&info, attr_data(a), sizeof(info));
		return rebuild(nlh, hdrlen, &info, XFRMA_SA, buf, size, out);
	}
	return -EBADMSG;
}

int xfrm_msg_normalize(struct nlmsghdr *nlh, void *buf, size_t size,
		       struct nlmsghdr **out, bool *hard)
{
	struct xfrm_user_expire expire;

	*hard = false;
	switch (nlh->nlmsg_type) {
	case XFRM_MSG_NEWSA:
	case XFRM_MSG_UPDSA:
		if (payload_len(nlh) < sizeof(struct xfrm_usersa_info))
			return -EBADMSG;
		*out = nlh;
		return 0;
	case XFRM_MSG_DELSA:
		return normalize_delsa(nlh, buf, size, out);
	case XFRM_MSG_EXPIRE:
		if (payload_len(nlh) < sizeof(expire))
			return -EBADMSG;
		memcpy(&expire, NLMSG_DATA(nlh), sizeof(expire));
		*hard = expire.hard != 0;
		if (payload_len(nlh) < NLMSG_ALIGN(sizeof(expire)))
			return -EBADMSG;
		return rebuild(nlh, NLMSG_ALIGN(sizeof(expire)), &expire.state,
			       -1, buf, size, out);
	default:
		return -EBADMSG;
	}
}

/*
 * Copy one algorithm.  struct_len is the size of the kernel struct before
 * the key.  Each of these structs starts with the 64-byte name and the key
 * length in bits.
 */
static int take_alg(struct nlattr *a, size_t struct_len, unsigned int icv_bits,
		    struct xfrm_sa_alg *alg)
{
	const char *data = attr_data(a);
	unsigned int bits;
	size_t bytes;

	if (attr_len(a) < struct_len ||
	    !memchr(data, '\0', XFRM_SA_ALG_NAME_MAX))
		return -EBADMSG;
	memcpy(&bits, data + XFRM_SA_ALG_NAME_MAX, sizeof(bits));
	bytes = ((size_t)bits + 7) / 8;
	if (bytes > attr_len(a) - struct_len)
		return -EBADMSG;
	if (bytes > XFRM_SA_KEY_MAX)
		return -EMSGSIZE;
	alg->present = true;
	memcpy(alg->name, data, XFRM_SA_ALG_NAME_MAX);
	alg->key_bits = bits;
	alg->key_len = (unsigned int)bytes;
	alg->icv_bits = icv_bits;
	memcpy(alg->key, data + struct_len, bytes);
	return 0;
}

/* Zero every byte of an algorithm attribute after its struct: the key. */
static void wipe_alg(struct nlattr *a, size_t struct_len)
{
	if (attr_len(a) > struct_len)
		explicit_bzero((char *)attr_data(a) + struct_len,
			       attr_len(a) - struct_len);
}

static int take_one(struct nlattr *a, struct xfrm_sa_desc *desc)
{
	struct xfrm_replay_state_esn esn;
	struct xfrm_algo_aead aead;
	struct xfrm_algo_auth auth;

	switch (attr_type(a)) {
	case XFRMA_ALG_AEAD:
		if (attr_len(a) < sizeof(aead))
			return -EBADMSG;
		memcpy(&aead, attr_data(a), sizeof(aead));
		return take_alg(a, sizeof(aead), aead.alg_icv_len, &desc->aead);
	case XFRMA_ALG_CRYPT:
		return take_alg(a, sizeof(struct xfrm_algo), 0, &desc->enc);
	case XFRMA_ALG_AUTH_TRUNC:
		if (attr_len(a) < sizeof(auth))
			return -EBADMSG;
		memcpy(&auth, attr_data(a), sizeof(auth));
		return take_alg(a, sizeof(auth), auth.alg_trunc_len, &desc->auth);
	case XFRMA_ALG_AUTH:
		/* The kernel also sends AUTH_TRUNC, which has the ICV length. */
		if (desc->auth.present)
			return 0;
		return take_alg(a, sizeof(struct xfrm_algo), 0, &desc->auth);
	case XFRMA_REPLAY_ESN_VAL:
		if (attr_len(a) < sizeof(esn))
			return -EBADMSG;
		memcpy(&esn, attr_data(a), sizeof(esn));
		desc->replay_window = esn.replay_window;
		return 0;
	}
	return 0;
}

static void wipe_one(struct nlattr *a)
{
	switch (attr_type(a)) {
	case XFRMA_ALG_AEAD:
		wipe_alg(a, sizeof(struct xfrm_algo_aead));
		break;
	case XFRMA_ALG_AUTH_TRUNC:
		wipe_alg(a, sizeof(struct xfrm_algo_auth));
		break;
	case XFRMA_ALG_CRYPT:
	case XFRMA_ALG_AUTH:
	case XFRMA_ALG_COMP:
		wipe_alg(a, sizeof(struct xfrm_algo));
		break;
	}
}

int xfrm_msg_take_algs(struct nlmsghdr *nlh, struct xfrm_sa_desc *desc)
{
	struct attr_iter it;
	struct nlattr *a;
	int ret = 0;

	if (payload_len(nlh) < SA_INFO_LEN)
		return -EBADMSG;
	it.pos = (char *)NLMSG_DATA(nlh) + SA_INFO_LEN;
	it.rem = payload_len(nlh) - SA_INFO_LEN;
	while ((a = attr_next(&it))) {
		if (!ret)
			ret = take_one(a, desc);
		wipe_one(a);
	}
	return ret;
}
