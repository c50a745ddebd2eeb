// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "csum.h"
#include "harness.h"
#include "sa_crypto.h"
#include "sa_load.h"
#include "tap.h"

static void print_diag(void *user, const char *msg)
{
	tap_diag("%s", msg);
}

static void record(void *user, const struct dp_result *res)
{
	struct harness *h = user;
	struct h_result *r;

	if (h->nr_results == H_MAX_RESULTS)
		return;
	r = &h->results[h->nr_results++];
	r->verdict = res->verdict;
	r->why = res->why;
	r->number = res->meta->number;
	r->data = NULL;
	r->len = 0;
	if (res->verdict == VERDICT_OUTPUT) {
		r->data = malloc(res->len);
		if (r->data) {
			memcpy(r->data, res->data, res->len);
			r->len = res->len;
		}
	}
}

int h_setup(struct harness *h, const char *config, unsigned int batch)
{
	struct sa_load ld = {
		.db = &h->db,
		.file = "test",
		.error = print_diag,
	};
	struct dp_config cfg = {
		.batch = batch,
		.result = record,
		.user = h,
	};
	char err[256];
	FILE *fp;
	size_t i;
	int ret;

	memset(h, 0, sizeof(*h));
	sadb_init(&h->db);
	fp = fmemopen((void *)config, strlen(config), "r");
	if (!fp)
		return -errno;
	ret = sa_conf_load(&ld, fp);
	fclose(fp);
	if (ret)
		return ret;
	for (i = 0; i < h->db.count; i++) {
		ret = sa_crypto_open(h->db.all[i], UCAPI_BACKEND_AUTO, err,
				     sizeof(err));
		if (ret) {
			tap_diag("%s: %s", h->db.all[i]->origin, err);
			return ret;
		}
	}
	ret = dp_create(&h->dp, &h->db, &cfg);
	if (ret)
		tap_diag("dp_create: %s", strerror(-ret));
	return ret;
}

void h_clear(struct harness *h)
{
	unsigned int i;

	for (i = 0; i < h->nr_results; i++)
		free(h->results[i].data);
	h->nr_results = 0;
}

void h_teardown(struct harness *h)
{
	size_t i;

	h_clear(h);
	dp_destroy(h->dp);
	for (i = 0; i < h->db.count; i++)
		sa_crypto_close(h->db.all[i]);
	sadb_destroy(&h->db);
}

struct sa *h_sa(struct harness *h, uint32_t spi, uint8_t proto)
{
	size_t i;

	for (i = 0; i < h->db.count; i++)
		if (h->db.all[i]->spi == spi && h->db.all[i]->proto == proto)
			return h->db.all[i];
	return NULL;
}

int h_decap(struct harness *h, const uint8_t *pkt, size_t len)
{
	struct dp_meta meta = { .number = ++h->next_number };

	return dp_decap(h->dp, pkt, len, &meta);
}

int h_encap(struct harness *h, struct sa *sa, const uint8_t *pkt, size_t len)
{
	struct dp_meta meta = { .number = ++h->next_number };

	return dp_encap(h->dp, sa, pkt, len, &meta);
}

void h_flush(struct harness *h)
{
	dp_flush(h->dp);
}

static void fill_udp(uint8_t *udp, size_t payload_len, uint8_t seed)
{
	size_t i;

	put_be16(udp, 1000 + seed);
	put_be16(udp + 2, 2000);
	put_be16(udp + 4, (uint16_t)(8 + payload_len));
	put_be16(udp + 6, 0);
	for (i = 0; i < payload_len; i++)
		udp[8 + i] = (uint8_t)(seed + i * 7);
}

size_t h_udp4(uint8_t *buf, const char *src, const char *dst,
	      size_t payload_len, uint8_t seed)
{
	size_t total = 20 + 8 + payload_len;

	memset(buf, 0, 20);
	buf[0] = 0x45;
	buf[1] = 0x28;
	put_be16(buf + 2, (uint16_t)total);
	put_be16(buf + 4, seed);
	buf[8] = 61;
	buf[9] = 17;
	inet_pton(AF_INET, src, buf + 12);
	inet_pton(AF_INET, dst, buf + 16);
	put_be16(buf + 10, ipv4_header_csum(buf, 20));
	fill_udp(buf + 20, payload_len, seed);
	return total;
}

size_t h_udp6(uint8_t *buf, const char *src, const char *dst,
	      size_t payload_len, uint8_t seed)
{
	memset(buf, 0, 40);
	buf[0] = 0x60;
	buf[1] = 0x12;
	buf[3] = seed;
	put_be16(buf + 4, (uint16_t)(8 + payload_len));
	buf[6] = 17;
	buf[7] = 33;
	inet_pton(AF_INET6, src, buf + 8);
	inet_pton(AF_INET6, dst, buf + 24);
	fill_udp(buf + 40, payload_len, seed);
	udp6_set_csum(buf, buf + 40, 8 + payload_len);
	return 40 + 8 + payload_len;
}

size_t h_udp6_ext(uint8_t *buf, const char *src, const char *dst,
		  size_t payload_len, uint8_t seed)
{
	uint8_t *hbh = buf + 40, *dopt = buf + 56;

	h_udp6(buf, src, dst, 0, 0);
	buf[6] = 0;			/* Hop-by-Hop Options */
	memset(hbh, 0, 16);
	hbh[0] = 60;			/* then Destination Options */
	hbh[1] = 1;			/* 16 bytes */
	hbh[2] = 5;			/* Router Alert: immutable */
	hbh[3] = 2;
	hbh[6] = 0x3e;			/* experimental, may change en route */
	hbh[7] = 6;
	memset(hbh + 8, 0xcd, 6);
	hbh[14] = 1;			/* PadN */
	memset(dopt, 0, 8);
	dopt[0] = 17;
	dopt[2] = 0x3e;
	dopt[3] = 4;
	memset(dopt + 4, 0xab, 4);
	put_be16(buf + 4, (uint16_t)(24 + 8 + payload_len));
	fill_udp(buf + 64, payload_len, seed);
	return 64 + 8 + payload_len;
}
