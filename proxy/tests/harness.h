/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test harness around the datapath: SA databases from configuration text,
 * a datapath that records every result, and packet builders.
 */
#ifndef PROXY_TEST_HARNESS_H
#define PROXY_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"
#include "sadb.h"

#define H_MAX_RESULTS	4096

struct h_result {
	enum verdict verdict;
	const char *why;
	uint64_t number;
	uint8_t *data;		/* copy of the output, malloc'ed */
	size_t len;
};

struct harness {
	struct sadb db;
	struct dp *dp;
	struct h_result results[H_MAX_RESULTS];
	unsigned int nr_results;
	uint64_t next_number;
};

/*
 * Load config (ipsec-proxyd.conf syntax), open the sessions on the auto
 * backend and create a datapath with the given batch size.  Returns 0 or
 * a negative errno after printing the problem as a TAP diagnostic.
 */
int h_setup(struct harness *h, const char *config, unsigned int batch);
void h_teardown(struct harness *h);
/* Forget the recorded results. */
void h_clear(struct harness *h);

struct sa *h_sa(struct harness *h, uint32_t spi, uint8_t proto);

int h_decap(struct harness *h, const uint8_t *pkt, size_t len);
int h_encap(struct harness *h, struct sa *sa, const uint8_t *pkt, size_t len);
void h_flush(struct harness *h);

/* Build an IPv4 or IPv6 UDP packet with payload_len bytes of a pattern. */
size_t h_udp4(uint8_t *buf, const char *src, const char *dst,
	      size_t payload_len, uint8_t seed);
size_t h_udp6(uint8_t *buf, const char *src, const char *dst,
	      size_t payload_len, uint8_t seed);
/*
 * IPv6 UDP packet behind a Hop-by-Hop Options header (Router Alert at byte
 * 42, an option with the may-change bit and data at bytes 48 to 53) and a
 * Destination Options header.
 */
size_t h_udp6_ext(uint8_t *buf, const char *src, const char *dst,
		  size_t payload_len, uint8_t seed);

#endif /* PROXY_TEST_HARNESS_H */
