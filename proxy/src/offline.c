// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp.h"
#include "linklayer.h"
#include "offline.h"
#include "report.h"

struct offline {
	const struct offline_opts *opts;
	pcap_dumper_t *dumper;
	uint64_t frames;
	uint64_t non_ip;		/* frames without an IP packet */
	uint64_t written;
	bool damaged;			/* the capture ended in a read error */
};

static void log_drop(const struct dp_result *res)
{
	char sa_text[96] = "";

	if (res->sa)
		sa_describe(res->sa, sa_text, sizeof(sa_text));
	else if (res->proto)
		snprintf(sa_text, sizeof(sa_text), "%s spi 0x%08x",
			 sa_proto_name(res->proto), res->spi);
	fprintf(stderr, "ipsec-proxyd: packet %llu: dropped: %s%s%s%s%s%s\n",
		(unsigned long long)res->meta->number,
		verdict_name(res->verdict), res->why ? ": " : "",
		res->why ? res->why : "", *sa_text ? " (" : "", sa_text,
		*sa_text ? ")" : "");
}

static void on_result(void *user, const struct dp_result *res)
{
	struct offline *ol = user;
	struct pcap_pkthdr hdr;

	if (res->verdict == VERDICT_OUTPUT) {
		memset(&hdr, 0, sizeof(hdr));
		hdr.ts.tv_sec = res->meta->ts_sec;
		hdr.ts.tv_usec = res->meta->ts_usec;
		hdr.caplen = (bpf_u_int32)res->len;
		hdr.len = (bpf_u_int32)res->len;
		pcap_dump((u_char *)ol->dumper, &hdr, res->data);
		ol->written++;
		return;
	}
	if (verdict_is_drop(res->verdict) && !ol->opts->quiet)
		log_drop(res);
}

static int feed(struct offline *ol, struct dp *dp, pcap_t *in)
{
	const struct pcap_pkthdr *hdr;
	const u_char *frame;
	struct dp_meta meta;
	size_t off;
	int ret, err;

	while ((ret = pcap_next_ex(in, (struct pcap_pkthdr **)&hdr,
				   &frame)) == 1) {
		ol->frames++;
		if (!link_ip_offset(pcap_datalink(in), frame, hdr->caplen,
				    &off)) {
			ol->non_ip++;
			continue;
		}
		meta.number = ol->frames;
		meta.ts_sec = hdr->ts.tv_sec;
		meta.ts_usec = hdr->ts.tv_usec;
		err = dp_decap(dp, frame + off, hdr->caplen - off, &meta);
		if (err) {
			fprintf(stderr, "ipsec-proxyd: packet %llu: %s\n",
				(unsigned long long)ol->frames, strerror(-err));
			return -EIO;
		}
	}
	if (ret == PCAP_ERROR) {
		/* The packets before the damage are still worth their report. */
		fprintf(stderr, "ipsec-proxyd: %s: read failed after %llu packet%s: %s; those before it are processed\n",
			ol->opts->read_path, (unsigned long long)ol->frames,
			ol->frames == 1 ? "" : "s", pcap_geterr(in));
		ol->damaged = true;
	}
	return dp_flush(dp);
}

/* libpcap starts some messages with the file name, which is printed already. */
static const char *without_path(const char *msg, const char *path)
{
	size_t len = strlen(path);

	if (!strncmp(msg, path, len) && !strncmp(msg + len, ": ", 2))
		return msg + len + 2;
	return msg;
}

static pcap_t *open_input(const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *in;

	in = pcap_open_offline(path, errbuf);
	if (!in) {
		fprintf(stderr, "ipsec-proxyd: %s: cannot read: %s\n", path,
			without_path(errbuf, path));
		return NULL;
	}
	if (!link_type_supported(pcap_datalink(in))) {
		fprintf(stderr, "ipsec-proxyd: %s: link type %s is not supported\n",
			path, pcap_datalink_val_to_name(pcap_datalink(in)) ?:
			"unknown");
		pcap_close(in);
		return NULL;
	}
	return in;
}

/*
 * Reject an output that is the input capture under any name, because
 * opening it for writing would truncate the capture before it is read.
 * An output that does not exist yet passes, and pcap_dump_open() reports
 * any other error of its path.  libpcap takes "-" as standard output.
 */
static int check_output_not_input(pcap_t *in, const char *read_path,
				  const char *write_path)
{
	struct stat in_st, out_st;
	int ret;

	if (fstat(fileno(pcap_file(in)), &in_st)) {
		ret = -errno;
		fprintf(stderr, "ipsec-proxyd: %s: cannot stat: %s\n", read_path,
			strerror(-ret));
		return ret;
	}
	if (!strcmp(write_path, "-"))
		ret = fstat(STDOUT_FILENO, &out_st);
	else
		ret = stat(write_path, &out_st);
	if (ret)
		return 0;
	if (in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino) {
		fprintf(stderr, "ipsec-proxyd: %s: output is the input capture %s; choose another --write-decrypted file\n",
			write_path, read_path);
		return -EEXIST;
	}
	return 0;
}

int offline_run(const struct offline_opts *opts, struct sadb *db, FILE *out)
{
	struct offline ol = { .opts = opts };
	struct dp_config cfg = {
		.batch = opts->batch,
		.result = on_result,
		.user = &ol,
	};
	struct dp *dp = NULL;
	pcap_t *in, *dead;
	int status = EXIT_USAGE, err;

	in = open_input(opts->read_path);
	if (!in)
		return EXIT_USAGE;
	if (check_output_not_input(in, opts->read_path, opts->write_path))
		goto close_in;
	dead = pcap_open_dead(DLT_RAW, 65535);
	if (!dead)
		goto close_in;
	ol.dumper = pcap_dump_open(dead, opts->write_path);
	if (!ol.dumper) {
		fprintf(stderr, "ipsec-proxyd: %s: cannot write: %s\n",
			opts->write_path,
			without_path(pcap_geterr(dead), opts->write_path));
		goto close_dead;
	}
	err = dp_create(&dp, db, &cfg);
	if (err) {
		fprintf(stderr, "ipsec-proxyd: cannot set up the datapath: %s\n",
			strerror(-err));
		goto close_dumper;
	}

	err = feed(&ol, dp, in);
	if (!err) {
		report_print(out, opts->read_path, ol.frames, ol.non_ip,
			     ol.written, db, dp_get_stats(dp));
		status = report_has_drops(dp_get_stats(dp)) ? EXIT_DROPS :
			 EXIT_NO_DROPS;
	}
	if (ol.damaged)
		status = EXIT_USAGE;
	dp_destroy(dp);
close_dumper:
	if (pcap_dump_flush(ol.dumper)) {
		fprintf(stderr, "ipsec-proxyd: %s: write failed\n",
			opts->write_path);
		status = EXIT_USAGE;
	}
	pcap_dump_close(ol.dumper);
close_dead:
	pcap_close(dead);
close_in:
	pcap_close(in);
	return status;
}
