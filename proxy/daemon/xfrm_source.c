// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/xfrm/sa.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "log.h"
#include "packet.h"
#include "xfrm_msg.h"
#include "xfrm_source.h"

#define RECV_BUF_SIZE		65536
#define RCVBUF_DEFAULT		(4u << 20)
#define DUMP_TIMEOUT_S		10
#define DUMP_ATTEMPTS		3	/* dumps interrupted by changes */

struct xfrm_source {
	struct nl_sock *dump_sock;
	struct nl_sock *event_sock;
	xfrm_sa_callback callback;
	void *ctx;
	char *netns;
	struct xfrm_source_stats stats;
	struct xfrm_sa_desc desc;		/* wiped after every callback */
	uint8_t buf[RECV_BUF_SIZE];		/* wiped after every datagram */
	uint8_t scratch[RECV_BUF_SIZE];		/* rewritten messages */
};

const char *xfrm_sa_event_name(enum xfrm_sa_event event)
{
	switch (event) {
	case XFRM_SA_DUMP_BEGIN:
		return "dump-begin";
	case XFRM_SA_DUMPED:
		return "dumped";
	case XFRM_SA_DUMP_END:
		return "dump-end";
	case XFRM_SA_NEW:
		return "new";
	case XFRM_SA_UPDATED:
		return "updated";
	case XFRM_SA_DELETED:
		return "deleted";
	case XFRM_SA_EXPIRED_SOFT:
		return "expired-soft";
	case XFRM_SA_EXPIRED_HARD:
		return "expired-hard";
	case XFRM_SA_FLUSHED:
		return "flushed";
	}
	return "unknown";
}

/* Sockets are made in a thread of their own that enters the namespace. */
struct ns_job {
	const char *path;		/* NULL: stay in the current namespace */
	unsigned int rcvbuf;
	struct nl_sock *dump_sock;
	struct nl_sock *event_sock;
	int err;
};

static int nl_to_errno(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	default:
		return -EIO;
	}
}

static int set_rcvbuf(struct nl_sock *sk, unsigned int bytes)
{
	int fd = nl_socket_get_fd(sk), v = (int)bytes;

	/* SO_RCVBUFFORCE may exceed net.core.rmem_max; it needs CAP_NET_ADMIN. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)) == 0)
		return 0;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) == 0)
		return 0;
	return -errno;
}

static int make_sockets(struct ns_job *job)
{
	struct timeval tv = { .tv_sec = DUMP_TIMEOUT_S };
	int ret;

	job->dump_sock = nl_socket_alloc();
	job->event_sock = nl_socket_alloc();
	if (!job->dump_sock || !job->event_sock)
		return -ENOMEM;
	nl_socket_disable_auto_ack(job->dump_sock);
	nl_socket_disable_seq_check(job->event_sock);
	ret = nl_connect(job->dump_sock, NETLINK_XFRM);
	if (!ret)
		ret = nl_connect(job->event_sock, NETLINK_XFRM);
	if (ret)
		return nl_to_errno(ret);
	ret = nl_socket_add_memberships(job->event_sock, XFRMNLGRP_SA,
					XFRMNLGRP_EXPIRE, 0);
	if (ret)
		return nl_to_errno(ret);
	if (setsockopt(nl_socket_get_fd(job->dump_sock), SOL_SOCKET,
		       SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		return -errno;
	ret = set_rcvbuf(job->event_sock, job->rcvbuf);
	if (ret)
		return ret;
	return nl_socket_set_nonblocking(job->event_sock) ? -EIO : 0;
}

static void *ns_thread(void *arg)
{
	struct ns_job *job = arg;
	int fd;

	if (job->path) {
		fd = open(job->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			job->err = -errno;
			return NULL;
		}
		if (setns(fd, CLONE_NEWNET) < 0) {
			job->err = -errno;
			close(fd);
			return NULL;
		}
		close(fd);
	}
	job->err = make_sockets(job);
	return NULL;
}

static int netns_path(const char *netns, char *path, size_t size)
{
	if (strchr(netns, '/')) {
		if ((size_t)snprintf(path, size, "%s", netns) >= size)
			return -ENAMETOOLONG;
		return 0;
	}
	if (!*netns || !strcmp(netns, ".") || !strcmp(netns, ".."))
		return -EINVAL;
	if ((size_t)snprintf(path, size, "/run/netns/%s", netns) >= size)
		return -ENAMETOOLONG;
	return 0;
}

static int open_sockets(struct xfrm_source *src, const char *netns,
			unsigned int rcvbuf)
{
	struct ns_job job = { .rcvbuf = rcvbuf ? rcvbuf : RCVBUF_DEFAULT };
	char path[512];
	pthread_t thread;
	int ret;

	if (netns) {
		ret = netns_path(netns, path, sizeof(path));
		if (ret)
			return ret;
		job.path = path;
	}
	ret = pthread_create(&thread, NULL, ns_thread, &job);
	if (ret)
		return -ret;
	pthread_join(thread, NULL);
	src->dump_sock = job.dump_sock;
	src->event_sock = job.event_sock;
	return job.err;
}

int xfrm_source_open(const struct xfrm_source_config *cfg,
		     struct xfrm_source **out)
{
	const char *where = cfg->netns ? cfg->netns : "the current namespace";
	struct xfrm_source *src;
	int ret;

	if (!cfg->callback)
		return -EINVAL;
	src = calloc(1, sizeof(*src));
	if (!src)
		return -ENOMEM;
	src->callback = cfg->callback;
	src->ctx = cfg->ctx;
	src->netns = strdup(cfg->netns ? cfg->netns : "");
	ret = src->netns ? open_sockets(src, cfg->netns, cfg->rcvbuf) : -ENOMEM;
	if (ret) {
		if (ret == -EPERM)
			log_err("xfrm: cannot open the XFRM netlink sockets in %s: %s (entering a namespace needs CAP_SYS_ADMIN, SA events need CAP_NET_ADMIN)",
				where, strerror(-ret));
		else
			log_err("xfrm: cannot open the XFRM netlink sockets in %s: %s",
				where, strerror(-ret));
		xfrm_source_close(src);
		return ret;
	}
	log_info("xfrm: SA source open in %s", where);
	*out = src;
	return 0;
}

void xfrm_source_close(struct xfrm_source *src)
{
	if (!src)
		return;
	nl_socket_free(src->dump_sock);
	nl_socket_free(src->event_sock);
	free(src->netns);
	explicit_bzero(src, sizeof(*src));
	free(src);
}

int xfrm_source_fd(struct xfrm_source *src)
{
	return nl_socket_get_fd(src->event_sock);
}

static void copy_addr(struct nl_addr *addr, uint8_t *dst)
{
	unsigned int len;

	if (!addr)
		return;
	len = nl_addr_get_len(addr);
	memcpy(dst, nl_addr_get_binary_addr(addr), len > 16 ? 16 : len);
}

/* Fill what libnl-xfrm parses; keys were zeroed in nlh before. */
static int fill_from_libnl(struct nlmsghdr *nlh, struct xfrm_sa_desc *desc)
{
	unsigned int type, sport, dport, mask, value;
	struct xfrmnl_sa *sa = NULL;
	struct nl_addr *oa = NULL;
	int flags;

	if (xfrmnl_sa_parse(nlh, &sa) < 0)
		return -EBADMSG;
	desc->family = xfrmnl_sa_get_family(sa);
	copy_addr(xfrmnl_sa_get_saddr(sa), desc->src);
	copy_addr(xfrmnl_sa_get_daddr(sa), desc->dst);
	desc->spi = (uint32_t)xfrmnl_sa_get_spi(sa);
	desc->proto = (uint8_t)xfrmnl_sa_get_proto(sa);
	desc->mode = (uint8_t)xfrmnl_sa_get_mode(sa);
	desc->reqid = (uint32_t)xfrmnl_sa_get_reqid(sa);
	flags = xfrmnl_sa_get_flags(sa);
	desc->flags = flags < 0 ? 0 : (uint32_t)flags;
	desc->esn = desc->flags & XFRM_STATE_ESN;
	if (!desc->replay_window && xfrmnl_sa_get_replay_window(sa) > 0)
		desc->replay_window = (uint32_t)xfrmnl_sa_get_replay_window(sa);
	if (xfrmnl_sa_get_encap_tmpl(sa, &type, &sport, &dport, &oa) == 0) {
		desc->encap_type = (uint16_t)type;
		desc->encap_sport = (uint16_t)sport;
		desc->encap_dport = (uint16_t)dport;
		nl_addr_put(oa);
	}
	if (xfrmnl_sa_get_mark(sa, &mask, &value) == 0) {
		desc->mark_mask = mask;
		desc->mark_value = value;
	}
	xfrmnl_sa_put(sa);
	return 0;
}

static void log_event(enum xfrm_sa_event event, const struct xfrm_sa_desc *d)
{
	char dst[64];

	log_debug("xfrm: SA %s: spi=0x%08x proto=%u dst=%s", xfrm_sa_event_name(event),
		  d->spi, d->proto, packet_addr_str(d->family, d->dst, dst, sizeof(dst)));
}

static int deliver_sa(struct xfrm_source *src, struct nlmsghdr *nlh,
		      enum xfrm_sa_event event)
{
	struct xfrm_sa_desc *desc = &src->desc;
	struct nlmsghdr *msg = NULL;
	bool hard;
	int ret;

	memset(desc, 0, sizeof(*desc));
	ret = xfrm_msg_normalize(nlh, src->scratch, sizeof(src->scratch), &msg,
				 &hard);
	if (!ret)
		ret = xfrm_msg_take_algs(msg, desc);
	if (!ret)
		ret = fill_from_libnl(msg, desc);
	if (!ret) {
		if (event == XFRM_SA_EXPIRED_SOFT && hard)
			event = XFRM_SA_EXPIRED_HARD;
		log_event(event, desc);
		src->stats.events++;
		src->callback(src->ctx, event, desc);
	} else {
		src->stats.errors++;
		log_limited(LOG_LEVEL_ERR, log_key("xfrm-parse", nlh->nlmsg_type),
			    "xfrm: cannot parse an SA message of type %u: %s",
			    nlh->nlmsg_type, strerror(-ret));
	}
	explicit_bzero(desc, sizeof(*desc));
	if (msg && msg != nlh)
		explicit_bzero(msg, msg->nlmsg_len);
	return ret;
}

static void deliver_flush(struct xfrm_source *src, struct nlmsghdr *nlh)
{
	struct xfrm_usersa_flush flush;

	memset(&src->desc, 0, sizeof(src->desc));
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(flush))) {
		memcpy(&flush, NLMSG_DATA(nlh), sizeof(flush));
		src->desc.proto = flush.proto;
	}
	log_debug("xfrm: SAs flushed, protocol %u (0: all)", src->desc.proto);
	src->stats.events++;
	src->callback(src->ctx, XFRM_SA_FLUSHED, &src->desc);
}

/* Receive one datagram into src->buf; one not sent by the kernel is dropped. */
static ssize_t recv_datagram(struct xfrm_source *src, struct nl_sock *sk,
			     int flags)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = src->buf, .iov_len = sizeof(src->buf) };
	struct msghdr msg = {
		.msg_name = &from,
		.msg_namelen = sizeof(from),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t n;

	do {
		n = recvmsg(nl_socket_get_fd(sk), &msg, flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC) {
		explicit_bzero(src->buf, sizeof(src->buf));
		return -EMSGSIZE;
	}
	if (from.nl_pid != 0) {
		explicit_bzero(src->buf, (size_t)n);
		return 0;
	}
	return n;
}

static int nlmsg_error_code(struct nlmsghdr *nlh)
{
	struct nlmsgerr err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(err)))
		return -EBADMSG;
	memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
	return err.error;
}

enum dump_state {
	DUMP_RUNNING,
	DUMP_DONE,
	DUMP_INTERRUPTED,
};

/* Handle one datagram of dump replies. */
static int dump_datagram(struct xfrm_source *src, ssize_t n, uint32_t seq,
			 enum dump_state *state)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)src->buf;
	int rem = (int)n, ret = 0;

	for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			*state = DUMP_INTERRUPTED;
		if (nlh->nlmsg_type == NLMSG_DONE) {
			if (*state == DUMP_RUNNING)
				*state = DUMP_DONE;
			break;
		}
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			ret = nlmsg_error_code(nlh);
			break;
		}
		if (nlh->nlmsg_type == XFRM_MSG_NEWSA && *state == DUMP_RUNNING)
			deliver_sa(src, nlh, XFRM_SA_DUMPED);
	}
	explicit_bzero(src->buf, (size_t)n);
	return ret;
}

static int send_dump_request(struct xfrm_source *src, uint32_t *seq)
{
	struct nl_msg *msg = nlmsg_alloc_simple(XFRM_MSG_GETSA, NLM_F_DUMP);
	int ret;

	if (!msg)
		return -ENOMEM;
	ret = nl_send_auto(src->dump_sock, msg);
	*seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	return ret < 0 ? -EIO : 0;
}

static int dump_once(struct xfrm_source *src, enum dump_state *state)
{
	uint32_t seq = 0;
	ssize_t n;
	int ret;

	ret = send_dump_request(src, &seq);
	*state = DUMP_RUNNING;
	while (!ret && *state != DUMP_DONE) {
		n = recv_datagram(src, src->dump_sock, 0);
		if (n < 0)
			return n == -EAGAIN ? -ETIMEDOUT : (int)n;
		ret = dump_datagram(src, n, seq, state);
		if (*state == DUMP_INTERRUPTED)
			break;
	}
	return ret;
}

int xfrm_source_dump(struct xfrm_source *src)
{
	enum dump_state state = DUMP_INTERRUPTED;
	unsigned int attempt;
	int ret = 0;

	src->callback(src->ctx, XFRM_SA_DUMP_BEGIN, NULL);
	for (attempt = 0; attempt < DUMP_ATTEMPTS && state != DUMP_DONE;
	     attempt++) {
		ret = dump_once(src, &state);
		if (ret)
			break;
	}
	if (!ret && state != DUMP_DONE)
		ret = -EAGAIN;
	if (ret) {
		log_err("xfrm: dumping the SAs failed: %s%s", strerror(-ret),
			ret == -EPERM ? " (reading SAs needs CAP_NET_ADMIN)" : "");
		return ret;
	}
	src->stats.dumps++;
	src->callback(src->ctx, XFRM_SA_DUMP_END, NULL);
	return 0;
}

static int event_datagram(struct xfrm_source *src, ssize_t n)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)src->buf;
	int rem = (int)n, count = 0;

	for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
		switch (nlh->nlmsg_type) {
		case XFRM_MSG_NEWSA:
			count += !deliver_sa(src, nlh, XFRM_SA_NEW);
			break;
		case XFRM_MSG_UPDSA:
			count += !deliver_sa(src, nlh, XFRM_SA_UPDATED);
			break;
		case XFRM_MSG_DELSA:
			count += !deliver_sa(src, nlh, XFRM_SA_DELETED);
			break;
		case XFRM_MSG_EXPIRE:
			count += !deliver_sa(src, nlh, XFRM_SA_EXPIRED_SOFT);
			break;
		case XFRM_MSG_FLUSHSA:
			deliver_flush(src, nlh);
			count++;
			break;
		}
	}
	explicit_bzero(src->buf, (size_t)n);
	return count;
}

/* Events were lost: drop what is queued, then read the whole SA set. */
static int resync(struct xfrm_source *src)
{
	ssize_t n;

	src->stats.resyncs++;
	log_warn("xfrm: the SA event queue overflowed, reading every SA again");
	do {
		n = recv_datagram(src, src->event_sock, MSG_DONTWAIT);
		if (n > 0)
			explicit_bzero(src->buf, (size_t)n);
	} while (n >= 0 || n == -ENOBUFS || n == -EMSGSIZE);
	return xfrm_source_dump(src);
}

int xfrm_source_process(struct xfrm_source *src)
{
	int count = 0, ret;
	ssize_t n;

	for (;;) {
		n = recv_datagram(src, src->event_sock, MSG_DONTWAIT);
		if (n == -EAGAIN)
			return count;
		if (n == -ENOBUFS || n == -EMSGSIZE) {
			ret = resync(src);
			if (ret)
				return ret;
			continue;
		}
		if (n < 0) {
			log_err("xfrm: receiving SA events failed: %s",
				strerror((int)-n));
			return (int)n;
		}
		count += event_datagram(src, n);
	}
}

void xfrm_source_get_stats(struct xfrm_source *src,
			   struct xfrm_source_stats *stats)
{
	*stats = src->stats;
}
