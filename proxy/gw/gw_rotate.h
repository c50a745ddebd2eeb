/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A pcap file of decrypted packets (link type RAW) that rotates by size:
 * once the file has reached max_bytes, it becomes PATH.1, PATH.1 becomes
 * PATH.2 and so on up to PATH.COUNT, the oldest is removed, and a new
 * PATH starts.  One thread writes.
 */
#ifndef PROXY_GW_ROTATE_H
#define PROXY_GW_ROTATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct gw_rotate;

/* max_bytes 0: never rotate. */
int gw_rotate_open(const char *path, uint64_t max_bytes, unsigned int count,
		   struct gw_rotate **out);
void gw_rotate_close(struct gw_rotate *r);

/* Append one packet; rotates first when the file is full. */
int gw_rotate_write(struct gw_rotate *r, const struct timespec *time,
		    const uint8_t *pkt, size_t len);
void gw_rotate_flush(struct gw_rotate *r);

/* Files started since open, the first included. */
uint64_t gw_rotate_files(const struct gw_rotate *r);

#endif /* PROXY_GW_ROTATE_H */
