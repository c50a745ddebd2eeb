// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Description of the machine a run measured: CPU model and count, kernel,
 * and whether the CPU reports a hypervisor (a virtual machine).
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench.h"

/* Copy the value of the first "key<spaces>: value" line of /proc/cpuinfo. */
static bool read_cpuinfo(const char *key, char *out, size_t len)
{
	size_t key_len = strlen(key);
	char line[4096], *colon;
	bool found = false;
	FILE *f;

	f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, key_len) ||
		    (line[key_len] != ' ' && line[key_len] != '\t' &&
		     line[key_len] != ':'))
			continue;
		colon = strchr(line, ':');
		if (!colon)
			continue;
		colon += strspn(colon + 1, " \t") + 1;
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, len, "%s", colon);
		found = true;
	}
	fclose(f);
	return found;
}

void bench_read_sysinfo(struct bench_sysinfo *info)
{
	char flags[4096];
	struct utsname uts;

	memset(info, 0, sizeof(*info));
	if (!read_cpuinfo("model name", info->cpu_model,
			  sizeof(info->cpu_model)))
		snprintf(info->cpu_model, sizeof(info->cpu_model), "unknown");
	info->nproc = sysconf(_SC_NPROCESSORS_ONLN);
	if (read_cpuinfo("flags", flags, sizeof(flags)))
		info->hypervisor = strstr(flags, " hypervisor") != NULL;
	if (!uname(&uts)) {
		snprintf(info->kernel, sizeof(info->kernel), "%s %s",
			 uts.sysname, uts.release);
		snprintf(info->machine, sizeof(info->machine), "%s",
			 uts.machine);
	}
}
