// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipsec-proxyd: the IPsec gateway.  This front end runs the offline mode:
 *
 *   ipsec-proxyd --read in.pcap --sa FILE [--esp-sa FILE]
 *                --write-decrypted out.pcap
 *
 * and hands --inline, --reencrypt and --monitor to the live modes
 * (proxy/gw/gw_main.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend_opt.h"
#include "dp.h"
#include "gw.h"
#include "keyparse.h"
#include "offline.h"
#include "sa_crypto.h"
#include "sa_load.h"

#define MAX_SA_FILES	32

struct args {
	struct offline_opts offline;
	const char *sa_files[MAX_SA_FILES];
	bool is_esp_sa[MAX_SA_FILES];
	unsigned int nr_sa_files;
	enum ucapi_backend backend;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: ipsec-proxyd --read FILE --write-decrypted FILE --sa FILE [options]\n"
		"Decrypt and verify the ESP and AH packets of a capture.\n"
		"\n"
		"  --read FILE             capture to read, pcap or pcapng\n"
		"  --write-decrypted FILE  pcap of the inner packets (link type RAW)\n"
		"  --sa FILE               SAs in ipsec-proxyd.conf(5) syntax; repeatable\n"
		"  --esp-sa FILE           SAs in Wireshark's esp_sa format; repeatable\n"
		"  --backend NAME          libucapi backend:");
	backend_opt_list(out);
	fprintf(out, " (default: auto)\n"
		"  --batch N               packets queued before their crypto runs, 1 to %d (default %d)\n"
		"  --quiet                 no line for each dropped packet\n"
		"  --help                  show this help\n"
		"  --version               show the version\n"
		"\n"
		"Exit status: 0 nothing dropped, 1 packets dropped, 2 usage or file error.\n"
		"\n"
		"Live modes: ipsec-proxyd --inline IF_A,IF_B | --reencrypt IF_A,IF_B |\n"
		"--monitor IF [options]; 'ipsec-proxyd --inline x,y --help' lists their options.\n",
		DP_BATCH_MAX, DP_BATCH_DEFAULT);
}

static int add_sa_file(struct args *a, const char *path, bool esp_sa)
{
	if (a->nr_sa_files == MAX_SA_FILES) {
		fprintf(stderr, "ipsec-proxyd: more than %d SA files\n",
			MAX_SA_FILES);
		return -E2BIG;
	}
	a->is_esp_sa[a->nr_sa_files] = esp_sa;
	a->sa_files[a->nr_sa_files++] = path;
	return 0;
}

enum {
	OPT_READ = 256, OPT_WRITE, OPT_SA, OPT_ESP_SA, OPT_BACKEND,
	OPT_BATCH, OPT_QUIET, OPT_HELP, OPT_VERSION,
};

static const struct option long_opts[] = {
	{ "read", required_argument, NULL, OPT_READ },
	{ "write-decrypted", required_argument, NULL, OPT_WRITE },
	{ "sa", required_argument, NULL, OPT_SA },
	{ "esp-sa", required_argument, NULL, OPT_ESP_SA },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Returns 0 to run, 1 when done (help, version), -1 on a usage error. */
static int parse_args(int argc, char **argv, struct args *a)
{
	uint64_t n;
	int c;

	a->offline.batch = DP_BATCH_DEFAULT;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_READ:
			a->offline.read_path = optarg;
			break;
		case OPT_WRITE:
			a->offline.write_path = optarg;
			break;
		case OPT_SA:
		case OPT_ESP_SA:
			if (add_sa_file(a, optarg, c == OPT_ESP_SA))
				return -1;
			break;
		case OPT_BACKEND:
			if (backend_opt_parse(optarg, &a->backend)) {
				fprintf(stderr, "ipsec-proxyd: unknown backend '%s'; see --help\n",
					optarg);
				return -1;
			}
			break;
		case OPT_BATCH:
			if (parse_u64(optarg, DP_BATCH_MAX, &n) || !n) {
				fprintf(stderr, "ipsec-proxyd: --batch takes 1 to %d, not '%s'\n",
					DP_BATCH_MAX, optarg);
				return -1;
			}
			a->offline.batch = (unsigned int)n;
			break;
		case OPT_QUIET:
			a->offline.quiet = true;
			break;
		case OPT_HELP:
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("ipsec-proxyd %s (libucapi %s)\n", PROXYD_VERSION,
			       ucapi_version());
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ipsec-proxyd: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	if (!a->offline.read_path || !a->offline.write_path ||
	    !a->nr_sa_files) {
		fprintf(stderr, "ipsec-proxyd: --read, --write-decrypted and --sa or --esp-sa are required; see --help\n");
		return -1;
	}
	return 0;
}

static void print_message(void *user, const char *msg)
{
	fprintf(stderr, "ipsec-proxyd: %s\n", msg);
}

static int load_sas(const struct args *a, struct sadb *db)
{
	struct sa_load ld = {
		.db = db,
		.error = print_message,
		.warning = print_message,
	};
	unsigned int i;

	for (i = 0; i < a->nr_sa_files; i++) {
		if (a->is_esp_sa[i])
			esp_sa_load_file(&ld, a->sa_files[i]);
		else
			sa_conf_load_file(&ld, a->sa_files[i]);
	}
	if (ld.errors) {
		fprintf(stderr, "ipsec-proxyd: %u error%s in the SA files\n",
			ld.errors, ld.errors == 1 ? "" : "s");
		return -EINVAL;
	}
	return 0;
}

static int open_sessions(struct sadb *db, enum ucapi_backend backend)
{
	char desc[96], err[256];
	size_t i;

	for (i = 0; i < db->count; i++) {
		struct sa *sa = db->all[i];

		if (sa_crypto_open(sa, backend, err, sizeof(err))) {
			sa_describe(sa, desc, sizeof(desc));
			fprintf(stderr, "ipsec-proxyd: %s: SA %s: %s\n",
				sa->origin, desc, err);
			return -EINVAL;
		}
	}
	return 0;
}

/* Refuse an output that is one of the SA files, which it would overwrite. */
static int check_output_not_sa_file(const struct args *a)
{
	struct stat out_st, st;
	unsigned int i;

	if (stat(a->offline.write_path, &out_st))
		return 0;
	for (i = 0; i < a->nr_sa_files; i++) {
		if (stat(a->sa_files[i], &st))
			continue;
		if (st.st_dev == out_st.st_dev && st.st_ino == out_st.st_ino) {
			fprintf(stderr, "ipsec-proxyd: %s: output is the SA file %s; choose another --write-decrypted file\n",
				a->offline.write_path, a->sa_files[i]);
			return -EEXIST;
		}
	}
	return 0;
}

static void close_sessions(struct sadb *db)
{
	size_t i;

	for (i = 0; i < db->count; i++)
		sa_crypto_close(db->all[i]);
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	struct sadb *db;
	int status = EXIT_USAGE, ret;

	if (gw_opts_is_live(argc, argv))
		return gw_main(argc, argv);
	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret > 0 ? EXIT_NO_DROPS : EXIT_USAGE;
	if (check_output_not_sa_file(&a))
		return EXIT_USAGE;

	db = malloc(sizeof(*db));
	if (!db) {
		fprintf(stderr, "ipsec-proxyd: out of memory\n");
		return EXIT_USAGE;
	}
	sadb_init(db);
	if (load_sas(&a, db) || open_sessions(db, a.backend))
		goto out;
	status = offline_run(&a.offline, db, stdout);
out:
	close_sessions(db);
	sadb_destroy(db);
	free(db);
	return status;
}
