// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test tool: encapsulate every packet of a capture with one SA, so that
 * independent implementations can check the datapath's ESP and AH output.
 *
 *   tool_encap --sa FILE --spi N --proto esp|ah --read IN --write OUT
 *
 * IN contains IP packets (link type RAW), OUT the encapsulated packets.
 */
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "keyparse.h"
#include "linklayer.h"
#include "sa_crypto.h"
#include "sa_load.h"

struct tool {
	pcap_dumper_t *dumper;
	unsigned int failed;
};

static void on_result(void *user, const struct dp_result *res)
{
	struct tool *t = user;
	struct pcap_pkthdr hdr = { 0 };

	if (res->verdict != VERDICT_OUTPUT) {
		fprintf(stderr, "tool_encap: packet %llu: %s%s%s\n",
			(unsigned long long)res->meta->number,
			verdict_name(res->verdict), res->why ? ": " : "",
			res->why ? res->why : "");
		t->failed++;
		return;
	}
	hdr.ts.tv_sec = res->meta->ts_sec;
	hdr.ts.tv_usec = res->meta->ts_usec;
	hdr.caplen = (bpf_u_int32)res->len;
	hdr.len = (bpf_u_int32)res->len;
	pcap_dump((u_char *)t->dumper, &hdr, res->data);
}

static void print_error(void *user, const char *msg)
{
	fprintf(stderr, "tool_encap: %s\n", msg);
}

static int run(struct sadb *db, struct sa *sa, const char *in_path,
	       const char *out_path)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct tool t = { 0 };
	struct dp_config cfg = { .batch = 16, .result = on_result, .user = &t };
	struct pcap_pkthdr *hdr;
	const u_char *frame;
	struct dp_meta meta = { 0 };
	struct dp *dp;
	pcap_t *in, *dead;
	size_t off;

	in = pcap_open_offline(in_path, errbuf);
	if (!in) {
		fprintf(stderr, "tool_encap: %s: %s\n", in_path, errbuf);
		return 2;
	}
	dead = pcap_open_dead(DLT_RAW, 65535);
	t.dumper = pcap_dump_open(dead, out_path);
	if (!t.dumper || dp_create(&dp, db, &cfg)) {
		fprintf(stderr, "tool_encap: cannot set up the output\n");
		return 2;
	}
	while (pcap_next_ex(in, &hdr, &frame) == 1) {
		meta.number++;
		meta.ts_sec = hdr->ts.tv_sec;
		meta.ts_usec = hdr->ts.tv_usec;
		if (!link_ip_offset(pcap_datalink(in), frame, hdr->caplen,
				    &off))
			continue;
		dp_encap(dp, sa, frame + off, hdr->caplen - off, &meta);
	}
	dp_flush(dp);
	dp_destroy(dp);
	pcap_dump_close(t.dumper);
	pcap_close(dead);
	pcap_close(in);
	return t.failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sa", required_argument, NULL, 's' },
		{ "spi", required_argument, NULL, 'i' },
		{ "proto", required_argument, NULL, 'p' },
		{ "read", required_argument, NULL, 'r' },
		{ "write", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sa_path = NULL, *in = NULL, *out = NULL;
	struct sadb db;
	struct sa_load ld = { .db = &db, .error = print_error };
	uint64_t spi = 0;
	uint8_t proto = 50;
	char err[256];
	size_t i;
	int c, status;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sa_path = optarg;
			break;
		case 'i':
			if (parse_u64(optarg, UINT32_MAX, &spi))
				return 2;
			break;
		case 'p':
			proto = strcmp(optarg, "ah") ? 50 : 51;
			break;
		case 'r':
			in = optarg;
			break;
		case 'w':
			out = optarg;
			break;
		default:
			return 2;
		}
	}
	if (!sa_path || !in || !out || !spi) {
		fprintf(stderr, "usage: tool_encap --sa FILE --spi N --proto esp|ah --read IN --write OUT\n");
		return 2;
	}
	sadb_init(&db);
	if (sa_conf_load_file(&ld, sa_path))
		return 2;
	for (i = 0; i < db.count; i++) {
		if (sa_crypto_open(db.all[i], UCAPI_BACKEND_AUTO, err,
				   sizeof(err))) {
			fprintf(stderr, "tool_encap: %s\n", err);
			return 2;
		}
	}
	for (i = 0; i < db.count; i++)
		if (db.all[i]->spi == spi && db.all[i]->proto == proto)
			break;
	if (i == db.count) {
		fprintf(stderr, "tool_encap: no SA with SPI 0x%llx\n",
			(unsigned long long)spi);
		return 2;
	}
	status = run(&db, db.all[i], in, out);
	for (i = 0; i < db.count; i++)
		sa_crypto_close(db.all[i]);
	sadb_destroy(&db);
	return status;
}
