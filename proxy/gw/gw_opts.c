// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "backend_opt.h"
#include "dp.h"
#include "gw_opts.h"
#include "keyparse.h"

#define ROTATE_MB_MAX	(1ULL << 20)	/* 1 TiB */

enum {
	OPT_INLINE = 256, OPT_MONITOR, OPT_REENCRYPT, OPT_SA, OPT_ESP_SA,
	OPT_XFRM_NETNS, OPT_RULES, OPT_EVE, OPT_CONTROL, OPT_PIDFILE,
	OPT_USER, OPT_FOREGROUND, OPT_LOG_LEVEL, OPT_WORKERS, OPT_BATCH,
	OPT_BACKEND, OPT_RING_BLOCK_SIZE, OPT_RING_BLOCKS, OPT_FLUSH_MS,
	OPT_OTHER, OPT_UNKNOWN_SPI, OPT_BPF, OPT_WRITE, OPT_ROTATE_SIZE,
	OPT_ROTATE_COUNT, OPT_HELP, OPT_VERSION,
};

static const struct option long_opts[] = {
	{ "inline", required_argument, NULL, OPT_INLINE },
	{ "monitor", required_argument, NULL, OPT_MONITOR },
	{ "reencrypt", required_argument, NULL, OPT_REENCRYPT },
	{ "sa", required_argument, NULL, OPT_SA },
	{ "esp-sa", required_argument, NULL, OPT_ESP_SA },
	{ "xfrm-netns", required_argument, NULL, OPT_XFRM_NETNS },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "eve", required_argument, NULL, OPT_EVE },
	{ "control", required_argument, NULL, OPT_CONTROL },
	{ "pidfile", required_argument, NULL, OPT_PIDFILE },
	{ "user", required_argument, NULL, OPT_USER },
	{ "foreground", no_argument, NULL, OPT_FOREGROUND },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "ring-block-size", required_argument, NULL, OPT_RING_BLOCK_SIZE },
	{ "ring-blocks", required_argument, NULL, OPT_RING_BLOCKS },
	{ "flush-ms", required_argument, NULL, OPT_FLUSH_MS },
	{ "other", required_argument, NULL, OPT_OTHER },
	{ "unknown-spi", required_argument, NULL, OPT_UNKNOWN_SPI },
	{ "bpf", required_argument, NULL, OPT_BPF },
	{ "write-decrypted", required_argument, NULL, OPT_WRITE },
	{ "rotate-size", required_argument, NULL, OPT_ROTATE_SIZE },
	{ "rotate-count", required_argument, NULL, OPT_ROTATE_COUNT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

const char *gw_mode_name(enum gw_mode mode)
{
	switch (mode) {
	case GW_MODE_INLINE:
		return "inline";
	case GW_MODE_MONITOR:
		return "monitor";
	default:
		return "reencrypt";
	}
}

bool gw_opts_is_live(int argc, char **argv)
{
	static const char *const names[] = { "--inline", "--monitor",
					     "--reencrypt" };
	int i;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			size_t n = strlen(names[k]);

			if (!strncmp(argv[i], names[k], n) &&
			    (argv[i][n] == '\0' || argv[i][n] == '='))
				return true;
		}
	}
	return false;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: ipsec-proxyd --inline IF_A,IF_B [options]\n"
		"       ipsec-proxyd --reencrypt IF_A,IF_B [options]\n"
		"       ipsec-proxyd --monitor IF [--bpf FILTER] [options]\n"
		"Decrypt, inspect and forward IPsec traffic on live interfaces.\n"
		"\n"
		"Modes:\n"
		"  --inline IF_A,IF_B      transparent bridge: forward what passes, unchanged\n"
		"  --reencrypt IF_A,IF_B   decrypt, inspect, encrypt with the paired SA\n"
		"  --monitor IF            passive capture with libpcap: decrypt, inspect, alert\n"
		"SAs:\n"
		"  --sa FILE               SAs and pairs in ipsec-proxyd.conf(5) syntax; repeatable\n"
		"  --esp-sa FILE           SAs in Wireshark's esp_sa format; repeatable\n"
		"  --xfrm-netns NAME       follow the kernel XFRM SAs of network namespace NAME\n"
		"Inspection:\n"
		"  --rules FILE            Suricata-subset rules, reloaded on SIGHUP\n"
		"  --eve FILE              EVE JSON alert lines, '-' for standard output\n"
		"Traffic policy (inline and reencrypt):\n"
		"  --other bridge|drop     traffic that is not ESP or AH, IKE included (default bridge)\n"
		"  --unknown-spi forward|drop  ESP and AH without SA (default drop)\n"
		"Monitor:\n"
		"  --bpf FILTER            libpcap filter expression\n"
		"  --write-decrypted FILE  pcap of the decrypted inner packets\n"
		"  --rotate-size MB        start a new file past MB mebibytes (default: never)\n"
		"  --rotate-count N        rotated files kept as FILE.1 .. FILE.N (default %d)\n"
		"Parallel path:\n"
		"  --workers N             worker threads, 1 to %d (default: online CPUs)\n"
		"  --batch N               packets per libucapi batch, 1 to %d (default %d)\n"
		"  --ring-block-size BYTES ring block, a power of 2 of at least 65536\n"
		"  --ring-blocks N         ring blocks per worker and direction\n"
		"  --flush-ms MS           a partly filled ring block is handed over after MS\n"
		"  --backend NAME          libucapi backend:",
		GW_ROTATE_COUNT_DEFAULT, CAPTURE_WORKERS_MAX, DP_BATCH_MAX,
		DP_BATCH_DEFAULT);
	backend_opt_list(out);
	fprintf(out, " (default: auto)\n"
		"Operation:\n"
		"  --control PATH          control socket for ipsec-proxyctl\n"
		"  --foreground            stay in the foreground, log to standard error\n"
		"  --pidfile PATH          write the process id to PATH\n"
		"  --user NAME             run as user NAME after setup\n"
		"  --log-level LEVEL       err, warn, info or debug (default info)\n"
		"  --help, --version\n"
		"\n"
		"Signals: SIGHUP reloads the rules and the SA files and reopens the EVE file;\n"
		"SIGTERM and SIGINT stop the daemon.\n");
}

static int parse_number(const char *opt, const char *text, uint64_t min,
			uint64_t max, uint64_t *value)
{
	if (parse_u64(text, max, value) || *value < min) {
		fprintf(stderr, "ipsec-proxyd: %s takes %llu to %llu, not '%s'\n",
			opt, (unsigned long long)min, (unsigned long long)max,
			text);
		return -1;
	}
	return 0;
}

static int parse_ifnames(struct gw_options *opt, const char *name,
			 const char *text, unsigned int want)
{
	char copy[2 * IF_NAMESIZE + 2];
	char *comma;

	if (opt->n_ifs) {
		fprintf(stderr, "ipsec-proxyd: only one of --inline, --reencrypt and --monitor may be given\n");
		return -1;
	}
	if (strlen(text) >= sizeof(copy))
		goto invalid;
	strcpy(copy, text);
	comma = strchr(copy, ',');
	if ((want == 2) != (comma != NULL))
		goto invalid;
	if (comma)
		*comma++ = '\0';
	if (!*copy || strlen(copy) >= IF_NAMESIZE)
		goto invalid;
	strcpy(opt->ifname[0], copy);
	if (comma) {
		if (!*comma || strlen(comma) >= IF_NAMESIZE ||
		    !strcmp(copy, comma))
			goto invalid;
		strcpy(opt->ifname[1], comma);
	}
	opt->n_ifs = want;
	return 0;

invalid:
	fprintf(stderr, "ipsec-proxyd: %s takes %s, not '%s'\n", name,
		want == 2 ? "two different interface names IF_A,IF_B" :
		"one interface name", text);
	return -1;
}

static int parse_choice(const char *opt, const char *text, const char *yes,
			const char *no, bool *value)
{
	if (!strcmp(text, yes)) {
		*value = true;
		return 0;
	}
	if (!strcmp(text, no)) {
		*value = false;
		return 0;
	}
	fprintf(stderr, "ipsec-proxyd: %s takes %s or %s, not '%s'\n", opt, yes,
		no, text);
	return -1;
}

static int parse_backend(const char *name, enum ucapi_backend *backend)
{
	if (!backend_opt_parse(name, backend))
		return 0;
	fprintf(stderr, "ipsec-proxyd: unknown backend '%s'; see --help\n", name);
	return -1;
}

static int add_sa_file(struct gw_options *opt, const char *path, bool esp_sa)
{
	if (opt->n_sa_files == GW_SA_FILES_MAX) {
		fprintf(stderr, "ipsec-proxyd: more than %d SA files\n",
			GW_SA_FILES_MAX);
		return -1;
	}
	opt->is_esp_sa[opt->n_sa_files] = esp_sa;
	opt->sa_files[opt->n_sa_files++] = path;
	return 0;
}

static unsigned int default_workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > CAPTURE_WORKERS_MAX ? CAPTURE_WORKERS_MAX : (unsigned int)n;
}

static void set_defaults(struct gw_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->batch = DP_BATCH_DEFAULT;
	opt->bridge_other = true;
	opt->rotate_count = GW_ROTATE_COUNT_DEFAULT;
	opt->log_level = LOG_LEVEL_INFO;
}

/* Options that only one mode takes, and what every mode needs. */
static int check_combination(struct gw_options *opt, bool set_workers)
{
	bool monitor = opt->mode == GW_MODE_MONITOR;

	if (!opt->n_sa_files && !opt->xfrm_netns) {
		fprintf(stderr, "ipsec-proxyd: no SA source: give --sa, --esp-sa or --xfrm-netns\n");
		return -1;
	}
	if (!monitor && (opt->bpf || opt->write_path || opt->rotate_bytes)) {
		fprintf(stderr, "ipsec-proxyd: --bpf, --write-decrypted and --rotate-size apply to --monitor only\n");
		return -1;
	}
	if (monitor && set_workers && opt->workers != 1) {
		fprintf(stderr, "ipsec-proxyd: --monitor runs one worker; --workers must be 1\n");
		return -1;
	}
	if (opt->rotate_bytes && !opt->write_path) {
		fprintf(stderr, "ipsec-proxyd: --rotate-size needs --write-decrypted\n");
		return -1;
	}
	if (monitor || !set_workers)
		opt->workers = monitor ? 1 : default_workers();
	return 0;
}

static int parse_one(int c, struct gw_options *opt, bool *set_workers)
{
	uint64_t n;

	switch (c) {
	case OPT_INLINE:
		opt->mode = GW_MODE_INLINE;
		return parse_ifnames(opt, "--inline", optarg, 2);
	case OPT_REENCRYPT:
		opt->mode = GW_MODE_REENCRYPT;
		return parse_ifnames(opt, "--reencrypt", optarg, 2);
	case OPT_MONITOR:
		opt->mode = GW_MODE_MONITOR;
		return parse_ifnames(opt, "--monitor", optarg, 1);
	case OPT_SA:
	case OPT_ESP_SA:
		return add_sa_file(opt, optarg, c == OPT_ESP_SA);
	case OPT_XFRM_NETNS:
		opt->xfrm_netns = optarg;
		return 0;
	case OPT_RULES:
		opt->rules_path = optarg;
		return 0;
	case OPT_EVE:
		opt->eve_path = optarg;
		return 0;
	case OPT_CONTROL:
		opt->control_path = optarg;
		return 0;
	case OPT_PIDFILE:
		opt->pidfile = optarg;
		return 0;
	case OPT_USER:
		opt->user = optarg;
		return 0;
	case OPT_FOREGROUND:
		opt->foreground = true;
		return 0;
	case OPT_LOG_LEVEL:
		if (log_level_parse(optarg, &opt->log_level)) {
			fprintf(stderr, "ipsec-proxyd: --log-level takes err, warn, info or debug, not '%s'\n",
				optarg);
			return -1;
		}
		return 0;
	case OPT_WORKERS:
		if (parse_number("--workers", optarg, 1, CAPTURE_WORKERS_MAX, &n))
			return -1;
		opt->workers = (unsigned int)n;
		*set_workers = true;
		return 0;
	case OPT_BATCH:
		if (parse_number("--batch", optarg, 1, DP_BATCH_MAX, &n))
			return -1;
		opt->batch = (unsigned int)n;
		return 0;
	case OPT_BACKEND:
		return parse_backend(optarg, &opt->backend);
	case OPT_RING_BLOCK_SIZE:
		if (parse_number("--ring-block-size", optarg, 65536, 1U << 30, &n))
			return -1;
		opt->ring_block_size = (unsigned int)n;
		return 0;
	case OPT_RING_BLOCKS:
		if (parse_number("--ring-blocks", optarg, 2, 65536, &n))
			return -1;
		opt->ring_blocks = (unsigned int)n;
		return 0;
	case OPT_FLUSH_MS:
		if (parse_number("--flush-ms", optarg, 1, 1000, &n))
			return -1;
		opt->flush_ms = (unsigned int)n;
		return 0;
	case OPT_OTHER:
		return parse_choice("--other", optarg, "bridge", "drop",
				    &opt->bridge_other);
	case OPT_UNKNOWN_SPI:
		return parse_choice("--unknown-spi", optarg, "forward", "drop",
				    &opt->forward_unknown_spi);
	case OPT_BPF:
		opt->bpf = optarg;
		return 0;
	case OPT_WRITE:
		opt->write_path = optarg;
		return 0;
	case OPT_ROTATE_SIZE:
		if (parse_number("--rotate-size", optarg, 1, ROTATE_MB_MAX, &n))
			return -1;
		opt->rotate_bytes = n << 20;
		return 0;
	case OPT_ROTATE_COUNT:
		if (parse_number("--rotate-count", optarg, 1, 1000, &n))
			return -1;
		opt->rotate_count = (unsigned int)n;
		return 0;
	case OPT_HELP:
		usage(stdout);
		return 1;
	case OPT_VERSION:
		printf("ipsec-proxyd %s (libucapi %s)\n", PROXYD_VERSION,
		       ucapi_version());
		return 1;
	default:
		fprintf(stderr, "ipsec-proxyd: see --help for the options of the live modes\n");
		return -1;
	}
}

int gw_opts_parse(int argc, char **argv, struct gw_options *opt)
{
	bool set_workers = false;
	int c, ret;

	set_defaults(opt);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		ret = parse_one(c, opt, &set_workers);
		if (ret)
			return ret;
	}
	if (optind < argc) {
		fprintf(stderr, "ipsec-proxyd: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	if (!opt->n_ifs) {
		fprintf(stderr, "ipsec-proxyd: give --inline, --reencrypt or --monitor\n");
		return -1;
	}
	return check_combination(opt, set_workers);
}
