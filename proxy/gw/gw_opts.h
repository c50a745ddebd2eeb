/* SPDX-License-Identifier: GPL-2.0-only */
/* Command line of the live modes of ipsec-proxyd. */
#ifndef PROXY_GW_OPTS_H
#define PROXY_GW_OPTS_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "log.h"
#include "ucapi.h"

#define GW_SA_FILES_MAX		32
#define GW_ROTATE_COUNT_DEFAULT	5

enum gw_mode {
	GW_MODE_INLINE,		/* bump in the wire between two interfaces */
	GW_MODE_MONITOR,	/* passive: decrypt, inspect, alert */
	GW_MODE_REENCRYPT,	/* decrypt with one SA, encrypt with its pair */
};

struct gw_options {
	enum gw_mode mode;
	char ifname[2][IF_NAMESIZE];
	unsigned int n_ifs;

	const char *sa_files[GW_SA_FILES_MAX];
	bool is_esp_sa[GW_SA_FILES_MAX];
	unsigned int n_sa_files;
	const char *xfrm_netns;

	const char *rules_path;
	const char *eve_path;
	const char *control_path;
	const char *pidfile;
	const char *user;
	bool foreground;
	enum log_level log_level;

	unsigned int workers;
	unsigned int batch;
	enum ucapi_backend backend;
	unsigned int ring_block_size;	/* bytes; 0: the capture default */
	unsigned int ring_blocks;	/* 0: the capture default */
	unsigned int flush_ms;		/* block retire timeout; 0: default */

	bool bridge_other;		/* --other bridge */
	bool forward_unknown_spi;	/* --unknown-spi forward */

	const char *bpf;		/* monitor: libpcap filter */
	const char *write_path;		/* monitor: decrypted pcap */
	uint64_t rotate_bytes;		/* 0: never rotate */
	unsigned int rotate_count;
};

/* Whether argv requests a live mode: --inline, --monitor or --reencrypt. */
bool gw_opts_is_live(int argc, char **argv);

/*
 * Parse the command line of a live mode.  Returns 0 to run, 1 when done
 * (--help, --version) and -1 after a usage error, which it has printed.
 */
int gw_opts_parse(int argc, char **argv, struct gw_options *opt);

const char *gw_mode_name(enum gw_mode mode);

#endif /* PROXY_GW_OPTS_H */
