// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * System-call numbers of the ucapi calls, read from the kernel's sysfs
 * advertisement.  The syscall backend issues no number that this file does
 * not give: the table has lines "ucapi_open 600", "ucapi_ctl 601",
 * "ucapi_batch 602" (the x86_64 numbers), and abi_version contains the ABI
 * version as a decimal integer.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int read_abi_version(const char *path, long *version)
{
	char line[64], *end;
	FILE *f;
	int err = 0;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f)) {
		err = -EINVAL;
		goto close_file;
	}
	errno = 0;
	*version = strtol(line, &end, 10);
	if (errno || end == line || (*end && *end != '\n'))
		err = -EINVAL;
close_file:
	fclose(f);
	return err;
}

/* Parse one "name number" line into nrs; unknown names are ignored. */
static int parse_line(const char *line, struct ucapi_syscall_nrs *nrs)
{
	char name[32];
	long nr;
	char extra;

	if (sscanf(line, "%31s %ld %c", name, &nr, &extra) != 2)
		return -EINVAL;
	if (nr < 0 || nr > INT_MAX)
		return -EINVAL;
	if (!strcmp(name, "ucapi_open"))
		nrs->open = nr;
	else if (!strcmp(name, "ucapi_ctl"))
		nrs->ctl = nr;
	else if (!strcmp(name, "ucapi_batch"))
		nrs->batch = nr;
	return 0;
}

/*
 * Read the syscall table and ABI version.  Returns -ENOSYS when a file is
 * missing, a call is not listed, or the ABI version is not the one this
 * library speaks, and -EINVAL for a malformed line.
 */
int ucapi_parse_syscall_table(const char *syscalls_path,
			      const char *abi_version_path,
			      struct ucapi_syscall_nrs *nrs)
{
	char line[128];
	long version = 0;
	FILE *f;
	int err;

	err = read_abi_version(abi_version_path, &version);
	if (err)
		return err == -EINVAL ? err : -ENOSYS;
	if (version != UCAPI_KNOWN_ABI_VERSION)
		return -ENOSYS;

	f = fopen(syscalls_path, "re");
	if (!f)
		return -ENOSYS;
	nrs->open = nrs->ctl = nrs->batch = -1;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '\n')
			continue;
		err = parse_line(line, nrs);
		if (err)
			break;
	}
	fclose(f);
	if (err)
		return err;
	if (nrs->open < 0 || nrs->ctl < 0 || nrs->batch < 0)
		return -ENOSYS;
	return 0;
}

static struct ucapi_syscall_nrs table;
static int table_err;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void load_table(void)
{
	table_err = ucapi_parse_syscall_table(UCAPI_SYSFS_SYSCALLS,
					      UCAPI_SYSFS_ABI_VERSION, &table);
}

/* The process-wide table, read once on first use. */
int ucapi_syscall_table(const struct ucapi_syscall_nrs **nrs)
{
	pthread_once(&table_once, load_table);
	if (table_err)
		return table_err;
	*nrs = &table;
	return 0;
}
