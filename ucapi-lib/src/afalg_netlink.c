// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Transform parameters from NETLINK_CRYPTO (CONFIG_CRYPTO_USER).  A dump of
 * CRYPTO_MSG_GETALG lists every registered implementation; the Crypto API
 * instantiates the one of highest priority for a name, so that one is
 * reported.  A lookup by name alone would return the first registered,
 * which need not be the one in use.
 */
#include <errno.h>
#include <string.h>

#include <linux/cryptouser.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "internal.h"

/* Flags of struct crypto_alg.cra_flags (include/linux/crypto.h). */
#define CRYPTO_ALG_LARVAL	0x00000010
#define CRYPTO_ALG_DEAD		0x00000020
#define CRYPTO_ALG_DYING	0x00000040
#define CRYPTO_ALG_INTERNAL	0x00002000
#define UNUSABLE_FLAGS	(CRYPTO_ALG_LARVAL | CRYPTO_ALG_DEAD | \
			 CRYPTO_ALG_DYING | CRYPTO_ALG_INTERNAL)

struct alg_search {
	const char *name;
	enum ucapi_type type;
	bool found;
	uint32_t priority;
	struct ucapi_alg_params params;
};

static bool report_params(enum ucapi_type type, struct nlattr **attrs,
			  struct ucapi_alg_params *p)
{
	const struct crypto_report_aead *aead;
	const struct crypto_report_blkcipher *sk;
	const struct crypto_report_hash *hash;
	struct nlattr *a;

	memset(p, 0, sizeof(*p));
	if (type == UCAPI_AEAD && (a = attrs[CRYPTOCFGA_REPORT_AEAD]) &&
	    nla_len(a) >= (int)sizeof(*aead)) {
		aead = nla_data(a);
		p->ivsize = aead->ivsize;
		p->blocksize = aead->blocksize;
		p->maxauthsize = aead->maxauthsize;
		p->authsize = aead->maxauthsize;
		return true;
	}
	if (type == UCAPI_SKCIPHER &&
	    (a = attrs[CRYPTOCFGA_REPORT_BLKCIPHER]) &&
	    nla_len(a) >= (int)sizeof(*sk)) {
		sk = nla_data(a);
		p->ivsize = sk->ivsize;
		p->blocksize = sk->blocksize;
		p->min_keysize = sk->min_keysize;
		p->max_keysize = sk->max_keysize;
		return true;
	}
	if (type == UCAPI_HASH && (a = attrs[CRYPTOCFGA_REPORT_HASH]) &&
	    nla_len(a) >= (int)sizeof(*hash)) {
		hash = nla_data(a);
		p->blocksize = hash->blocksize;
		p->digestsize = hash->digestsize;
		return true;
	}
	return false;
}

static int parse_alg(struct nl_msg *msg, void *arg)
{
	struct alg_search *search = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *attrs[CRYPTOCFGA_MAX + 1];
	const struct crypto_user_alg *cru;
	struct ucapi_alg_params params;
	uint32_t priority = 0;

	if (nlh->nlmsg_type != CRYPTO_MSG_GETALG ||
	    !nlmsg_valid_hdr(nlh, sizeof(*cru)))
		return NL_SKIP;
	cru = nlmsg_data(nlh);
	if (strncmp(cru->cru_name, search->name, sizeof(cru->cru_name)) ||
	    (cru->cru_flags & UNUSABLE_FLAGS))
		return NL_SKIP;
	if (nlmsg_parse(nlh, sizeof(*cru), attrs, CRYPTOCFGA_MAX, NULL))
		return NL_SKIP;
	if (!report_params(search->type, attrs, &params))
		return NL_SKIP;
	if (attrs[CRYPTOCFGA_PRIORITY_VAL])
		priority = nla_get_u32(attrs[CRYPTOCFGA_PRIORITY_VAL]);
	if (search->found && priority <= search->priority)
		return NL_SKIP;

	memcpy(params.driver_name, cru->cru_driver_name,
	       sizeof(params.driver_name) < sizeof(cru->cru_driver_name) ?
	       sizeof(params.driver_name) : sizeof(cru->cru_driver_name));
	params.driver_name[sizeof(params.driver_name) - 1] = '\0';
	search->params = params;
	search->priority = priority;
	search->found = true;
	return NL_SKIP;
}

static int request_dump(struct nl_sock *sk)
{
	struct crypto_user_alg cru;
	struct nl_msg *msg;
	int err;

	msg = nlmsg_alloc_simple(CRYPTO_MSG_GETALG, NLM_F_REQUEST | NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	memset(&cru, 0, sizeof(cru));
	err = nlmsg_append(msg, &cru, sizeof(cru), NLMSG_ALIGNTO);
	if (!err)
		err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	return err < 0 ? -EIO : 0;
}

/*
 * Fill params with the parameters of the highest-priority implementation
 * of alg_name.  Returns -ENOENT when none matches, -EIO when NETLINK_CRYPTO
 * is not available.
 */
int ucapi_netlink_alg_info(const char *alg_name, enum ucapi_type type,
			   struct ucapi_alg_params *params)
{
	struct alg_search search = { .name = alg_name, .type = type };
	struct nl_sock *sk;
	int err;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	nl_socket_disable_auto_ack(sk);
	if (nl_connect(sk, NETLINK_CRYPTO)) {
		err = -EIO;
		goto free_socket;
	}
	err = nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, parse_alg,
				  &search);
	if (err) {
		err = -EIO;
		goto free_socket;
	}
	err = request_dump(sk);
	if (err)
		goto free_socket;
	if (nl_recvmsgs_default(sk) < 0) {
		err = -EIO;
		goto free_socket;
	}
	err = search.found ? 0 : -ENOENT;
	if (!err)
		*params = search.params;

free_socket:
	nl_socket_free(sk);
	return err;
}
