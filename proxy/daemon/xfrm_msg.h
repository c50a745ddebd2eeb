/* SPDX-License-Identifier: GPL-2.0-only */
/* Raw XFRM netlink SA messages: layout fixes and key extraction. */
#ifndef PROXYD_XFRM_MSG_H
#define PROXYD_XFRM_MSG_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>

#include "xfrm_source.h"

/*
 * Give an SA message the layout of XFRM_MSG_NEWSA: struct
 * xfrm_usersa_info, then the attributes.  DELSA messages start with
 * struct xfrm_usersa_id and carry the SA in an XFRMA_SA attribute.  EXPIRE
 * messages wrap it in struct xfrm_user_expire.  Both are rewritten into
 * buf, because libnl-xfrm 3.7 reads their attributes at the wrong offset.
 * *out is nlh itself or buf, and *hard is set for a hard EXPIRE.  Returns
 * 0, -EBADMSG, or -EMSGSIZE when buf is too small.
 */
int xfrm_msg_normalize(struct nlmsghdr *nlh, void *buf, size_t size,
		       struct nlmsghdr **out, bool *hard);

/*
 * Copy the algorithms (names, key lengths, ICV lengths, keys) and the ESN
 * replay window of a NEWSA-layout message into desc, then zero every key
 * in the message.  Returns 0, -EBADMSG or -EMSGSIZE for a key longer than
 * XFRM_SA_KEY_MAX.
 */
int xfrm_msg_take_algs(struct nlmsghdr *nlh, struct xfrm_sa_desc *desc);

#endif
