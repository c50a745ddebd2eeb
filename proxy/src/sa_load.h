/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loaders that fill the SA database from files: the ip-xfrm style
 * configuration of ipsec-proxyd.conf(5) and Wireshark's esp_sa table.
 *
 * Each line is parsed completely and checked before its SA enters the
 * database, so a bad line adds nothing.  Every error is reported as
 * "FILE:LINE: field 'NAME': MESSAGE" through the error callback, and
 * loading goes on to report the errors of later lines.
 */
#ifndef PROXY_SA_LOAD_H
#define PROXY_SA_LOAD_H

#include <stdio.h>

#include "sadb.h"

struct sa_load {
	struct sadb *db;
	const char *file;	/* name used in messages */
	void (*error)(void *user, const char *msg);
	void (*warning)(void *user, const char *msg);
	void *user;
	unsigned int errors;
	unsigned int loaded;
};

/* Both return 0 when every line loaded, -EINVAL after errors, -errno. */
int sa_conf_load(struct sa_load *ld, FILE *fp);
int esp_sa_load(struct sa_load *ld, FILE *fp);

/* Open path and run the loader; an open failure is reported too. */
int sa_conf_load_file(struct sa_load *ld, const char *path);
int esp_sa_load_file(struct sa_load *ld, const char *path);

/* Report an error for line, with field NULL when no field is at fault. */
void sa_load_error(struct sa_load *ld, unsigned int line, const char *field,
		   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void sa_load_warning(struct sa_load *ld, unsigned int line,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Check the SA as a whole, give it its origin, set up its replay window
 * and add it to the database.  Frees sa on failure.
 */
int sa_load_commit(struct sa_load *ld, unsigned int line, struct sa *sa);

#endif /* PROXY_SA_LOAD_H */
