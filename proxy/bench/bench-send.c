// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-send: send the frames of a pcap file out of one interface, in a
 * loop, as fast as the kernel takes them, for a given time.
 *
 * The frames are read into memory once and sent with sendmmsg(2) on an
 * AF_PACKET socket with PACKET_QDISC_BYPASS, so that a frame costs one
 * copy into an skb and the driver's transmit, and no qdisc.  A frame the
 * kernel rejects (ENOBUFS when the receiver's backlog is full) is counted
 * and skipped.  The socket keeps the default send buffer, against which a
 * frame counts until the receiver frees it.  So a receiver that processes
 * frames from its backlog (the kernel's XFRM input) slows the sender down
 * instead of dropping frames after part of the work: the sender retries
 * while the buffer is full (EAGAIN), which it counts.
 *
 * Output on stdout: "sending" when the first frame is about to go, then at
 * the end one line of key=value pairs:
 *
 *   sent=N rejected=N buffer_full=N seconds=S rate=FRAMES_PER_S frames=N
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH_MAX	256

struct frames {
	unsigned char *data;
	struct iovec *iov;
	size_t count;
};

struct options {
	const char *ifname;
	const char *pcap_path;
	double duration;
	unsigned int batch;
};

struct totals {
	uint64_t sent;
	uint64_t rejected;
	uint64_t buffer_full;
	double seconds;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	stop_requested = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: bench-send --interface IF --pcap FILE --duration S [--batch N]\n"
		"Send the frames of FILE out of IF in a loop for S seconds.\n"
		"\n"
		"  --interface IF  interface to send on (AF_PACKET, qdisc bypassed)\n"
		"  --pcap FILE     pcap of Ethernet frames, read into memory once\n"
		"  --duration S    seconds to send; SIGTERM or SIGINT stops earlier\n"
		"  --batch N       frames per sendmmsg call, 1 to %d (default 64)\n"
		"  --help\n"
		"\n"
		"Prints \"sending\" when it starts, then at the end:\n"
		"  sent=N rejected=N buffer_full=N seconds=S rate=FRAMES_PER_S frames=N\n",
		BATCH_MAX);
}

static int parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "interface", required_argument, NULL, 'i' },
		{ "pcap", required_argument, NULL, 'r' },
		{ "duration", required_argument, NULL, 'd' },
		{ "batch", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	long n;
	int c;

	opt->batch = 64;
	while ((c = getopt_long(argc, argv, "i:r:d:b:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			opt->ifname = optarg;
			break;
		case 'r':
			opt->pcap_path = optarg;
			break;
		case 'd':
			opt->duration = strtod(optarg, &end);
			if (*end || !(opt->duration > 0)) {
				fprintf(stderr, "bench-send: invalid --duration '%s': expected seconds > 0\n",
					optarg);
				return -EINVAL;
			}
			break;
		case 'b':
			n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > BATCH_MAX) {
				fprintf(stderr, "bench-send: invalid --batch '%s': expected 1 to %d\n",
					optarg, BATCH_MAX);
				return -EINVAL;
			}
			opt->batch = n;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc || !opt->ifname || !opt->pcap_path || !opt->duration) {
		fprintf(stderr, "bench-send: --interface, --pcap and --duration are required\n");
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

static int append_frame(struct frames *f, size_t *used, size_t *cap,
			const unsigned char *bytes, size_t len)
{
	unsigned char *data;
	size_t new_cap;

	if (*used + len > *cap) {
		new_cap = (*cap ? *cap * 2 : 1 << 20) + len;
		data = realloc(f->data, new_cap);
		if (!data)
			return -ENOMEM;
		f->data = data;
		*cap = new_cap;
	}
	memcpy(f->data + *used, bytes, len);
	/* Offsets for now: realloc may still move the buffer. */
	f->iov[f->count].iov_base = (void *)(uintptr_t)*used;
	f->iov[f->count].iov_len = len;
	f->count++;
	*used += len;
	return 0;
}

/* Read every frame of the pcap at path into f. */
static int load_frames(const char *path, struct frames *f)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *hdr;
	const unsigned char *bytes;
	size_t used = 0, cap = 0, iov_cap = 0, i;
	struct iovec *iov;
	pcap_t *p;
	int ret = 0, rc;

	memset(f, 0, sizeof(*f));
	p = pcap_open_offline(path, errbuf);
	if (!p) {
		fprintf(stderr, "bench-send: cannot read %s: %s\n", path, errbuf);
		return -EINVAL;
	}
	if (pcap_datalink(p) != DLT_EN10MB) {
		fprintf(stderr, "bench-send: %s: link type %d, expected Ethernet (1)\n",
			path, pcap_datalink(p));
		ret = -EINVAL;
		goto close_pcap;
	}
	while ((rc = pcap_next_ex(p, &hdr, &bytes)) == 1) {
		if (hdr->caplen != hdr->len) {
			fprintf(stderr, "bench-send: %s: frame %zu truncated in the capture\n",
				path, f->count + 1);
			ret = -EINVAL;
			goto free_frames;
		}
		if (f->count == iov_cap) {
			iov_cap = iov_cap ? iov_cap * 2 : 1024;
			iov = reallocarray(f->iov, iov_cap, sizeof(*iov));
			if (!iov) {
				ret = -ENOMEM;
				goto free_frames;
			}
			f->iov = iov;
		}
		ret = append_frame(f, &used, &cap, bytes, hdr->caplen);
		if (ret)
			goto free_frames;
	}
	if (rc != PCAP_ERROR_BREAK) {
		fprintf(stderr, "bench-send: %s: %s\n", path, pcap_geterr(p));
		ret = -EIO;
		goto free_frames;
	}
	if (!f->count) {
		fprintf(stderr, "bench-send: %s contains no frame\n", path);
		ret = -EINVAL;
		goto free_frames;
	}
	for (i = 0; i < f->count; i++)
		f->iov[i].iov_base = f->data + (uintptr_t)f->iov[i].iov_base;
	pcap_close(p);
	return 0;

free_frames:
	free(f->data);
	free(f->iov);
	memset(f, 0, sizeof(*f));
close_pcap:
	pcap_close(p);
	return ret;
}

static int open_socket(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int one = 1, fd, err;

	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		err = -errno;
		fprintf(stderr, "bench-send: interface %s: %s\n", ifname,
			strerror(errno));
		return err;
	}
	/* Protocol 0: the socket only sends, so nothing is queued to it. */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		err = -errno;
		perror("bench-send: AF_PACKET socket");
		return err;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		err = -errno;
		fprintf(stderr, "bench-send: bind to %s: %s\n", ifname,
			strerror(errno));
		goto close_fd;
	}
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
		       sizeof(one)) < 0) {
		err = -errno;
		perror("bench-send: PACKET_QDISC_BYPASS");
		goto close_fd;
	}
	return fd;

close_fd:
	close(fd);
	return err;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Send batches from frame next on, wrapping around, until the time is up.
 * sendmmsg() returns fewer messages than asked when a later one failed,
 * without its error, so the next call starts at that frame and gets the
 * error itself.  The sender never sleeps: a sleeping sender would make
 * the receiver's CPU wake it for every frame it frees, a cost of the
 * benchmark and not of the receiver.
 */
static int send_loop(int fd, const struct frames *f, const struct options *opt,
		     struct totals *t)
{
	struct mmsghdr msgs[BATCH_MAX];
	double start, deadline, now;
	size_t next = 0;
	unsigned int i, n;
	int sent;

	memset(msgs, 0, sizeof(msgs));
	printf("sending\n");
	fflush(stdout);
	start = now_seconds();
	deadline = start + opt->duration;
	now = start;
	while (!stop_requested && now < deadline) {
		n = opt->batch;
		for (i = 0; i < n; i++) {
			msgs[i].msg_hdr.msg_iov = &f->iov[(next + i) % f->count];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		sent = sendmmsg(fd, msgs, n, MSG_DONTWAIT);
		if (sent < 0) {
			if (errno == ENOBUFS) {
				t->rejected++;
				next = (next + 1) % f->count;
			} else if (errno == EAGAIN) {
				t->buffer_full++;
			} else if (errno != EINTR) {
				perror("bench-send: sendmmsg");
				return -errno;
			}
		} else {
			t->sent += sent;
			next = (next + sent) % f->count;
		}
		now = now_seconds();
	}
	t->seconds = now - start;
	return 0;
}

static int install_handlers(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL)) {
		perror("bench-send: sigaction");
		return -errno;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct totals t = { 0 };
	struct frames f;
	int fd, ret;

	if (parse_options(argc, argv, &opt))
		return 2;
	ret = load_frames(opt.pcap_path, &f);
	if (ret)
		return 1;
	fd = open_socket(opt.ifname);
	if (fd < 0) {
		ret = fd;
		goto free_frames;
	}
	ret = install_handlers();
	if (ret)
		goto close_fd;
	ret = send_loop(fd, &f, &opt, &t);
	printf("sent=%llu rejected=%llu buffer_full=%llu seconds=%.6f rate=%.1f frames=%zu\n",
	       (unsigned long long)t.sent, (unsigned long long)t.rejected,
	       (unsigned long long)t.buffer_full, t.seconds,
	       t.seconds > 0 ? t.sent / t.seconds : 0.0, f.count);

close_fd:
	close(fd);
free_frames:
	free(f.data);
	free(f.iov);
	return ret ? 1 : 0;
}
