/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's XFRM SA database as a source of SAs.  The source opens two
 * NETLINK_XFRM sockets inside a network namespace: one dumps the SAs with
 * XFRM_MSG_GETSA, the other receives the XFRMNLGRP_SA and XFRMNLGRP_EXPIRE
 * events.  Every SA reaches the daemon through one callback as a plain
 * struct xfrm_sa_desc that contains its keys.
 *
 * Privileges: entering a named namespace needs CAP_SYS_ADMIN (setns), and
 * only while xfrm_source_open() runs.  Joining the SA event groups (in
 * xfrm_source_open()) and dumping SAs with their keys need CAP_NET_ADMIN
 * in the user namespace that owns the network namespace.
 *
 * Keys: the kernel sends the keys in the dump and in every SA event.  The
 * source receives into its own buffer, copies the keys out of the
 * algorithm attributes and zeroes them there before libnl-xfrm parses the
 * rest, because libnl frees its receive buffers and SA objects without
 * wiping them.  Every buffer that held a key is wiped with explicit_bzero()
 * after the callback returns; the callback must copy what it keeps.
 */
#ifndef PROXYD_XFRM_SOURCE_H
#define PROXYD_XFRM_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#define XFRM_SA_KEY_MAX		512	/* bytes; longer keys are rejected */
#define XFRM_SA_ALG_NAME_MAX	64	/* as in struct xfrm_algo */

struct xfrm_sa_alg {
	bool present;
	char name[XFRM_SA_ALG_NAME_MAX];	/* kernel name, e.g. "rfc4106(gcm(aes))" */
	unsigned int key_bits;
	unsigned int key_len;			/* bytes in key */
	unsigned int icv_bits;			/* AEAD ICV, or auth truncation */
	uint8_t key[XFRM_SA_KEY_MAX];
};

struct xfrm_sa_desc {
	int family;			/* of the outer addresses */
	uint8_t src[16];
	uint8_t dst[16];
	uint32_t spi;			/* host byte order */
	uint8_t proto;			/* IPPROTO_ESP, IPPROTO_AH, IPPROTO_COMP */
	uint8_t mode;			/* XFRM_MODE_TRANSPORT, XFRM_MODE_TUNNEL... */
	uint32_t reqid;
	uint32_t flags;			/* XFRM_STATE_* */
	bool esn;			/* XFRM_STATE_ESN */
	uint32_t replay_window;		/* packets */
	struct xfrm_sa_alg aead;
	struct xfrm_sa_alg enc;
	struct xfrm_sa_alg auth;
	uint16_t encap_type;		/* 0, or UDP_ENCAP_ESPINUDP (2) */
	uint16_t encap_sport;		/* host byte order */
	uint16_t encap_dport;
	uint32_t mark_value;
	uint32_t mark_mask;
};

enum xfrm_sa_event {
	XFRM_SA_DUMP_BEGIN,	/* the SAs up to DUMP_END are all there are */
	XFRM_SA_DUMPED,
	XFRM_SA_DUMP_END,
	XFRM_SA_NEW,
	XFRM_SA_UPDATED,
	XFRM_SA_DELETED,
	XFRM_SA_EXPIRED_SOFT,	/* a soft lifetime limit: rekey soon */
	XFRM_SA_EXPIRED_HARD,	/* the kernel deleted the SA */
	/* Every SA of sa->proto is gone; 0 or IPSEC_PROTO_ANY (255): all. */
	XFRM_SA_FLUSHED,
};

/*
 * sa is NULL for DUMP_BEGIN and DUMP_END, and has only proto set for
 * FLUSHED.  Expire events carry no algorithms.
 */
typedef void (*xfrm_sa_callback)(void *ctx, enum xfrm_sa_event event,
				 const struct xfrm_sa_desc *sa);

struct xfrm_source_config {
	/* A name under /run/netns, a path, or NULL for the caller's own. */
	const char *netns;
	/* Receive buffer of the event socket in bytes; 0: 4 MiB. */
	unsigned int rcvbuf;
	xfrm_sa_callback callback;
	void *ctx;
};

struct xfrm_source_stats {
	uint64_t events;
	uint64_t dumps;
	uint64_t resyncs;	/* event queue overflows answered by a dump */
	uint64_t errors;	/* messages that could not be parsed */
};

struct xfrm_source;

int xfrm_source_open(const struct xfrm_source_config *cfg,
		     struct xfrm_source **out);
void xfrm_source_close(struct xfrm_source *src);

/* Dump every SA: DUMP_BEGIN, one DUMPED per SA, DUMP_END. */
int xfrm_source_dump(struct xfrm_source *src);

/* The event socket, to poll for POLLIN. */
int xfrm_source_fd(struct xfrm_source *src);

/*
 * Deliver the queued events without blocking.  When the kernel dropped
 * events because the queue was full, the queue is discarded and a dump
 * follows, so the daemon's view converges again.  Returns the number of
 * events delivered or a negative errno.
 */
int xfrm_source_process(struct xfrm_source *src);

void xfrm_source_get_stats(struct xfrm_source *src,
			   struct xfrm_source_stats *stats);

const char *xfrm_sa_event_name(enum xfrm_sa_event event);

#endif
