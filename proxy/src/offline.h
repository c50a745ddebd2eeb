/* SPDX-License-Identifier: GPL-2.0-only */
/* Offline mode: decapsulate every ESP and AH packet of a capture file. */
#ifndef PROXY_OFFLINE_H
#define PROXY_OFFLINE_H

#include <stdbool.h>
#include <stdio.h>

#include "sadb.h"

/* Exit statuses of ipsec-proxyd */
#define EXIT_NO_DROPS	0
#define EXIT_DROPS	1
#define EXIT_USAGE	2

struct offline_opts {
	const char *read_path;		/* pcap or pcapng */
	const char *write_path;		/* decrypted packets, LINKTYPE_RAW */
	unsigned int batch;
	bool quiet;			/* no line per dropped packet */
};

/*
 * Read opts->read_path, decapsulate through the SAs of db (sessions open),
 * write the inner packets and print the report to out.  Returns one of the
 * exit statuses above.
 */
int offline_run(const struct offline_opts *opts, struct sadb *db, FILE *out);

#endif /* PROXY_OFFLINE_H */
