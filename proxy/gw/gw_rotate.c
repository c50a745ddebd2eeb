// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gw_rotate.h"
#include "log.h"

#define PCAP_FILE_HDR_LEN	24
#define PCAP_REC_HDR_LEN	16
#define SNAPLEN			65535

struct gw_rotate {
	char *path;
	uint64_t max_bytes;
	unsigned int count;
	pcap_t *dead;
	pcap_dumper_t *dumper;
	uint64_t bytes;		/* written to the current file */
	uint64_t files;
};

static int start_file(struct gw_rotate *r)
{
	r->dumper = pcap_dump_open(r->dead, r->path);
	if (!r->dumper) {
		log_err("monitor: cannot write %s: %s", r->path,
			pcap_geterr(r->dead));
		return -EIO;
	}
	r->bytes = PCAP_FILE_HDR_LEN;
	r->files++;
	return 0;
}

int gw_rotate_open(const char *path, uint64_t max_bytes, unsigned int count,
		   struct gw_rotate **out)
{
	struct gw_rotate *r = calloc(1, sizeof(*r));
	int ret = -ENOMEM;

	if (!r)
		return -ENOMEM;
	r->path = strdup(path);
	r->max_bytes = max_bytes;
	r->count = count;
	r->dead = pcap_open_dead(DLT_RAW, SNAPLEN);
	if (!r->path || !r->dead)
		goto free_r;
	ret = start_file(r);
	if (ret)
		goto free_r;
	*out = r;
	return 0;

free_r:
	if (r->dead)
		pcap_close(r->dead);
	free(r->path);
	free(r);
	return ret;
}

static void shift_name(const struct gw_rotate *r, unsigned int from)
{
	char src[PATH_MAX], dst[PATH_MAX];

	if (from)
		snprintf(src, sizeof(src), "%s.%u", r->path, from);
	else
		snprintf(src, sizeof(src), "%s", r->path);
	snprintf(dst, sizeof(dst), "%s.%u", r->path, from + 1);
	if (rename(src, dst) && errno != ENOENT)
		log_limited(LOG_LEVEL_WARN, log_key("rotate", from),
			    "monitor: renaming %s to %s failed: %s", src, dst,
			    strerror(errno));
}

static int rotate(struct gw_rotate *r)
{
	char oldest[PATH_MAX];
	unsigned int i;

	pcap_dump_close(r->dumper);
	r->dumper = NULL;
	snprintf(oldest, sizeof(oldest), "%s.%u", r->path, r->count);
	if (unlink(oldest) && errno != ENOENT)
		log_warn("monitor: removing %s failed: %s", oldest,
			 strerror(errno));
	for (i = r->count; i-- > 0;)
		shift_name(r, i);
	log_info("monitor: %s rotated after %llu bytes", r->path,
		 (unsigned long long)r->bytes);
	return start_file(r);
}

int gw_rotate_write(struct gw_rotate *r, const struct timespec *time,
		    const uint8_t *pkt, size_t len)
{
	struct pcap_pkthdr hdr;
	size_t cap = len > SNAPLEN ? SNAPLEN : len;

	if (r->max_bytes && r->bytes + PCAP_REC_HDR_LEN + cap > r->max_bytes &&
	    r->bytes > PCAP_FILE_HDR_LEN) {
		if (r->dumper)
			pcap_dump_flush(r->dumper);
		if (!r->dumper || rotate(r))
			return -EIO;
	}
	if (!r->dumper)
		return -EIO;
	memset(&hdr, 0, sizeof(hdr));
	hdr.ts.tv_sec = time->tv_sec;
	hdr.ts.tv_usec = time->tv_nsec / 1000;
	hdr.caplen = (bpf_u_int32)cap;
	hdr.len = (bpf_u_int32)len;
	pcap_dump((u_char *)r->dumper, &hdr, pkt);
	r->bytes += PCAP_REC_HDR_LEN + cap;
	return 0;
}

void gw_rotate_flush(struct gw_rotate *r)
{
	if (r->dumper && pcap_dump_flush(r->dumper))
		log_limited(LOG_LEVEL_ERR, log_key("rotate-flush", 0),
			    "monitor: writing %s failed", r->path);
}

uint64_t gw_rotate_files(const struct gw_rotate *r)
{
	return r->files;
}

void gw_rotate_close(struct gw_rotate *r)
{
	if (!r)
		return;
	if (r->dumper) {
		gw_rotate_flush(r);
		pcap_dump_close(r->dumper);
	}
	pcap_close(r->dead);
	free(r->path);
	free(r);
}
