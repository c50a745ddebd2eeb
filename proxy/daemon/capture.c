// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capture.h"
#include "counter.h"
#include "log.h"

#define FRAME_SIZE	2048	/* only sizes tp_frame_nr in TPACKET_V3 */
#define BLOCK_SIZE_MIN	(64u << 10)
#define VLAN_TAG_LEN	4
#define MAC_ADDRS_LEN	12

struct capture_worker {
	struct capture *cap;
	unsigned int id;
	int rx_fd;
	int tx_fd;
	uint8_t *ring;
	size_t ring_size;
	unsigned int next_block;
	uint8_t *frame_buf;		/* a frame with its VLAN tag put back */
	struct capture_stats stats;
};

struct capture {
	unsigned int n_workers;
	unsigned int block_size;
	unsigned int block_count;
	unsigned int block_timeout_ms;
	enum capture_fanout fanout;
	bool promisc;
	int rx_ifindex;
	int tx_ifindex;
	char rx_ifname[IF_NAMESIZE];
	char tx_ifname[IF_NAMESIZE];
	int fanout_id;
	struct capture_worker *workers;
};

static int check_config(const struct capture_config *cfg, struct capture *cap)
{
	unsigned long long total;
	long page = sysconf(_SC_PAGESIZE);

	cap->n_workers = cfg->n_workers;
	cap->block_size = cfg->block_size ?: CAPTURE_BLOCK_SIZE_DEFAULT;
	cap->block_count = cfg->block_count ?: CAPTURE_BLOCK_COUNT_DEFAULT;
	cap->block_timeout_ms = cfg->block_timeout_ms ?:
				CAPTURE_BLOCK_TIMEOUT_DEFAULT;
	cap->fanout = cfg->fanout;
	cap->promisc = cfg->promisc;
	if (!cap->n_workers || cap->n_workers > CAPTURE_WORKERS_MAX) {
		log_err("capture: %u workers: expected 1..%d", cap->n_workers,
			CAPTURE_WORKERS_MAX);
		return -EINVAL;
	}
	if (cap->block_size < BLOCK_SIZE_MIN ||
	    (cap->block_size & (cap->block_size - 1)) ||
	    cap->block_size % (unsigned long)page) {
		log_err("capture: block size %u: expected a power of 2 of at least %u",
			cap->block_size, BLOCK_SIZE_MIN);
		return -EINVAL;
	}
	total = (unsigned long long)cap->block_size * cap->block_count *
		cap->n_workers;
	if (cap->block_count < 2 || total > CAPTURE_RING_TOTAL_MAX) {
		log_err("capture: %u workers x %u blocks x %u bytes: expected at least 2 blocks and at most %llu bytes in all",
			cap->n_workers, cap->block_count, cap->block_size,
			CAPTURE_RING_TOTAL_MAX);
		return -EINVAL;
	}
	return 0;
}

static int lookup_ifindex(const char *name, char *copy, int *index)
{
	if (!name || strlen(name) >= IF_NAMESIZE) {
		log_err("capture: invalid interface name '%s'",
			name ? name : "");
		return -EINVAL;
	}
	strcpy(copy, name);
	*index = (int)if_nametoindex(name);
	if (!*index) {
		log_err("capture: interface %s not found: %s", name,
			strerror(errno));
		return -ENODEV;
	}
	return 0;
}

static int setsockopt_checked(int fd, int level, int name, const void *val,
			      socklen_t len)
{
	return setsockopt(fd, level, name, val, len) < 0 ? -errno : 0;
}

static int setup_ring(struct capture *cap, struct capture_worker *w)
{
	struct tpacket_req3 req = {
		.tp_block_size = cap->block_size,
		.tp_block_nr = cap->block_count,
		.tp_frame_size = FRAME_SIZE,
		.tp_frame_nr = cap->block_size / FRAME_SIZE * cap->block_count,
		.tp_retire_blk_tov = cap->block_timeout_ms,
	};
	unsigned short filter_len;
	struct sock_fprog filter;
	int version = TPACKET_V3, ret;

	filter.filter = (struct sock_filter *)capture_rx_filter(&filter_len);
	filter.len = filter_len;
	ret = setsockopt_checked(w->rx_fd, SOL_PACKET, PACKET_VERSION, &version,
				 sizeof(version));
	if (!ret)
		ret = setsockopt_checked(w->rx_fd, SOL_SOCKET, SO_ATTACH_FILTER,
					 &filter, sizeof(filter));
	if (!ret)
		ret = setsockopt_checked(w->rx_fd, SOL_PACKET, PACKET_RX_RING,
					 &req, sizeof(req));
	if (ret)
		return ret;
	w->ring_size = (size_t)cap->block_size * cap->block_count;
	w->ring = mmap(NULL, w->ring_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       w->rx_fd, 0);
	if (w->ring == MAP_FAILED) {
		w->ring = NULL;
		return -errno;
	}
	return 0;
}

static int bind_ifindex(int fd, int ifindex, uint16_t protocol)
{
	struct sockaddr_ll addr = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(protocol),
		.sll_ifindex = ifindex,
	};

	return bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ? -errno : 0;
}

static int set_promisc(struct capture *cap, struct capture_worker *w)
{
	struct packet_mreq mr = {
		.mr_ifindex = cap->rx_ifindex,
		.mr_type = PACKET_MR_PROMISC,
	};

	return setsockopt_checked(w->rx_fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP,
				  &mr, sizeof(mr));
}

/*
 * The first socket creates the group with a kernel-chosen id; the others
 * join it.  Group members are numbered in joining order, which is the
 * worker order the fanout program's return value indexes.
 */
static int join_fanout(struct capture *cap, struct capture_worker *w)
{
	int type = cap->fanout == CAPTURE_FANOUT_SPI ? PACKET_FANOUT_CBPF :
		   PACKET_FANOUT_HASH;
	socklen_t len = sizeof(int);
	int arg, ret;

	if (w->id == 0)
		arg = (type | PACKET_FANOUT_FLAG_UNIQUEID) << 16;
	else
		arg = cap->fanout_id | type << 16;
	ret = setsockopt_checked(w->rx_fd, SOL_PACKET, PACKET_FANOUT, &arg,
				 sizeof(arg));
	if (ret || w->id != 0)
		return ret;
	if (getsockopt(w->rx_fd, SOL_PACKET, PACKET_FANOUT, &arg, &len) < 0)
		return -errno;
	cap->fanout_id = arg & 0xffff;
	if (cap->fanout == CAPTURE_FANOUT_SPI) {
		unsigned short prog_len;
		struct sock_fprog prog;

		prog.filter = (struct sock_filter *)capture_fanout_program(&prog_len);
		prog.len = prog_len;
		ret = setsockopt_checked(w->rx_fd, SOL_PACKET, PACKET_FANOUT_DATA,
					 &prog, sizeof(prog));
	}
	return ret;
}

static int open_worker(struct capture *cap, struct capture_worker *w)
{
	const char *step;
	int ret;

	w->rx_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	w->tx_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (w->rx_fd < 0 || w->tx_fd < 0) {
		ret = -errno;
		step = "socket (needs CAP_NET_RAW)";
		goto fail;
	}
	w->frame_buf = malloc(cap->block_size + VLAN_TAG_LEN);
	if (!w->frame_buf) {
		ret = -ENOMEM;
		step = "frame buffer";
		goto fail;
	}
	step = "rx ring";
	ret = setup_ring(cap, w);
	if (ret)
		goto fail;
	step = "bind rx";
	ret = bind_ifindex(w->rx_fd, cap->rx_ifindex, ETH_P_ALL);
	if (!ret && cap->promisc) {
		step = "promiscuous mode";
		ret = set_promisc(cap, w);
	}
	if (!ret) {
		step = "fanout";
		ret = join_fanout(cap, w);
	}
	if (!ret) {
		/* Protocol 0: the tx socket never receives. */
		step = "bind tx";
		ret = bind_ifindex(w->tx_fd, cap->tx_ifindex, 0);
	}
	if (!ret)
		return 0;
fail:
	log_err("capture: worker %u on %s: %s failed: %s", w->id,
		cap->rx_ifname, step, strerror(-ret));
	return ret;
}

static void close_worker(struct capture_worker *w)
{
	if (w->ring)
		munmap(w->ring, w->ring_size);
	if (w->rx_fd >= 0)
		close(w->rx_fd);
	if (w->tx_fd >= 0)
		close(w->tx_fd);
	free(w->frame_buf);
}

int capture_open(const struct capture_config *cfg, struct capture **out)
{
	struct capture *cap = calloc(1, sizeof(*cap));
	unsigned int i;
	int ret;

	if (!cap)
		return -ENOMEM;
	ret = check_config(cfg, cap);
	if (ret)
		goto free_cap;
	ret = lookup_ifindex(cfg->rx_ifname, cap->rx_ifname, &cap->rx_ifindex);
	if (!ret)
		ret = lookup_ifindex(cfg->tx_ifname, cap->tx_ifname,
				     &cap->tx_ifindex);
	if (ret)
		goto free_cap;
	cap->workers = calloc(cap->n_workers, sizeof(*cap->workers));
	if (!cap->workers) {
		ret = -ENOMEM;
		goto free_cap;
	}
	for (i = 0; i < cap->n_workers; i++) {
		cap->workers[i].cap = cap;
		cap->workers[i].id = i;
		cap->workers[i].rx_fd = cap->workers[i].tx_fd = -1;
	}
	for (i = 0; i < cap->n_workers; i++) {
		ret = open_worker(cap, &cap->workers[i]);
		if (ret)
			goto close_workers;
	}
	log_info("capture: %s to %s, %u worker%s, fanout %s, %u x %u bytes of ring each",
		 cap->rx_ifname, cap->tx_ifname, cap->n_workers,
		 cap->n_workers == 1 ? "" : "s",
		 cap->fanout == CAPTURE_FANOUT_SPI ? "by SPI" : "by flow hash",
		 cap->block_count, cap->block_size);
	*out = cap;
	return 0;

close_workers:
	for (i = 0; i < cap->n_workers; i++)
		close_worker(&cap->workers[i]);
	free(cap->workers);
free_cap:
	free(cap);
	return ret;
}

void capture_close(struct capture *cap)
{
	unsigned int i;

	if (!cap)
		return;
	for (i = 0; i < cap->n_workers; i++)
		close_worker(&cap->workers[i]);
	free(cap->workers);
	free(cap);
}

unsigned int capture_worker_count(const struct capture *cap)
{
	return cap->n_workers;
}

struct capture_worker *capture_worker(struct capture *cap, unsigned int i)
{
	return i < cap->n_workers ? &cap->workers[i] : NULL;
}

int capture_worker_fd(const struct capture_worker *w)
{
	return w->rx_fd;
}

int capture_worker_send(struct capture_worker *w, const void *frame,
			size_t len)
{
	ssize_t n = send(w->tx_fd, frame, len, MSG_DONTWAIT);

	if (n == (ssize_t)len) {
		counter_add(&w->stats.tx_frames, 1);
		counter_add(&w->stats.tx_bytes, len);
		return 0;
	}
	n = n < 0 ? -errno : -EIO;
	counter_add(&w->stats.tx_errors, 1);
	log_limited(LOG_LEVEL_WARN, log_key("capture-tx", (uint64_t)-n),
		    "capture: sending a %zu-byte frame on %s failed: %s", len,
		    w->cap->tx_ifname, strerror((int)-n));
	return (int)n;
}

/*
 * The kernel moves an 802.1Q tag into the frame's metadata before
 * AF_PACKET receives the frame.  Put it back after the MAC addresses.
 */
static const uint8_t *restore_vlan(struct capture_worker *w,
				   const struct tpacket3_hdr *h,
				   const uint8_t *data, size_t *len)
{
	uint16_t tpid = ETH_P_8021Q, tci = h->hv1.tp_vlan_tci;
	uint8_t *out = w->frame_buf;

	if (*len < MAC_ADDRS_LEN)
		return data;
	if (h->tp_status & TP_STATUS_VLAN_TPID_VALID)
		tpid = h->hv1.tp_vlan_tpid;
	memcpy(out, data, MAC_ADDRS_LEN);
	out[12] = (uint8_t)(tpid >> 8);
	out[13] = (uint8_t)tpid;
	out[14] = (uint8_t)(tci >> 8);
	out[15] = (uint8_t)tci;
	memcpy(out + 16, data + MAC_ADDRS_LEN, *len - MAC_ADDRS_LEN);
	*len += VLAN_TAG_LEN;
	return out;
}

static void handle_frame(struct capture_worker *w, const struct tpacket3_hdr *h,
			 capture_handler handler, void *ctx)
{
	const uint8_t *data = (const uint8_t *)h + h->tp_mac;
	size_t len = h->tp_snaplen;
	struct capture_frame frame;

	counter_add(&w->stats.rx_frames, 1);
	counter_add(&w->stats.rx_bytes, h->tp_len);
	if (h->tp_snaplen < h->tp_len) {
		counter_add(&w->stats.truncated, 1);
		return;
	}
	if (h->tp_status & TP_STATUS_VLAN_VALID)
		data = restore_vlan(w, h, data, &len);
	frame.data = data;
	frame.len = len;
	frame.time.tv_sec = h->tp_sec;
	frame.time.tv_nsec = h->tp_nsec;
	frame.worker = w->id;

	switch (handler(ctx, w, &frame)) {
	case CAPTURE_FORWARD:
		capture_worker_send(w, data, len);
		break;
	case CAPTURE_DROP:
		counter_add(&w->stats.dropped, 1);
		break;
	case CAPTURE_CONSUMED:
		break;
	}
}

int capture_worker_process(struct capture_worker *w, capture_handler handler,
			   void *ctx)
{
	const struct capture *cap = w->cap;
	unsigned int blocks;
	int frames = 0;

	/* At most one pass over the ring, so a flood cannot pin the caller. */
	for (blocks = 0; blocks < cap->block_count; blocks++) {
		struct tpacket_block_desc *bd = (struct tpacket_block_desc *)
			(w->ring + (size_t)w->next_block * cap->block_size);
		const struct tpacket3_hdr *h;
		uint32_t i, n;

		if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) &
		      TP_STATUS_USER))
			break;
		n = bd->hdr.bh1.num_pkts;
		h = (const struct tpacket3_hdr *)((uint8_t *)bd +
						   bd->hdr.bh1.offset_to_first_pkt);
		for (i = 0; i < n; i++) {
			handle_frame(w, h, handler, ctx);
			h = (const struct tpacket3_hdr *)((const uint8_t *)h +
							   h->tp_next_offset);
		}
		frames += (int)n;
		__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL,
				 __ATOMIC_RELEASE);
		w->next_block = (w->next_block + 1) % cap->block_count;
	}
	return frames;
}

int capture_worker_poll(struct capture_worker *w, int timeout_ms,
			capture_handler handler, void *ctx)
{
	struct pollfd pfd = { .fd = w->rx_fd, .events = POLLIN | POLLERR };
	int frames = capture_worker_process(w, handler, ctx);

	if (frames)
		return frames;
	if (poll(&pfd, 1, timeout_ms) < 0)
		return errno == EINTR ? 0 : -errno;
	return capture_worker_process(w, handler, ctx);
}

void capture_worker_get_stats(struct capture_worker *w,
			      struct capture_stats *st)
{
	struct tpacket_stats_v3 ks;
	socklen_t len = sizeof(ks);

	/* Reading the kernel counters resets them: add them up here. */
	if (getsockopt(w->rx_fd, SOL_PACKET, PACKET_STATISTICS, &ks, &len) == 0) {
		counter_add_shared(&w->stats.kernel_drops, ks.tp_drops);
		counter_add_shared(&w->stats.kernel_freezes, ks.tp_freeze_q_cnt);
	}
	st->rx_frames = counter_read(&w->stats.rx_frames);
	st->rx_bytes = counter_read(&w->stats.rx_bytes);
	st->tx_frames = counter_read(&w->stats.tx_frames);
	st->tx_bytes = counter_read(&w->stats.tx_bytes);
	st->tx_errors = counter_read(&w->stats.tx_errors);
	st->dropped = counter_read(&w->stats.dropped);
	st->truncated = counter_read(&w->stats.truncated);
	st->kernel_drops = counter_read(&w->stats.kernel_drops);
	st->kernel_freezes = counter_read(&w->stats.kernel_freezes);
}
