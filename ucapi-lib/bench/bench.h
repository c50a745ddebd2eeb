/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ucapi-bench: types shared by the option parser, the runner, the
 * statistics and the output formats.
 */
#ifndef UCAPI_BENCH_H
#define UCAPI_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ucapi.h>

#define BENCH_MAX_LIST		16	/* values of --size, --batch, --threads */
#define BENCH_MAX_TRIALS	101
#define BENCH_MAX_THREADS	256
#define BENCH_MAX_BATCH		256	/* UCAPI_MAX_OPS of the kernel ABI */
#define BENCH_MAX_SIZE		65536	/* UCAPI_MAX_OP_LEN less headroom */
#define BENCH_NR_BACKENDS	3
#define BENCH_REASON_LEN	160

enum bench_op {
	BENCH_ENCRYPT,
	BENCH_DECRYPT,
	BENCH_DIGEST,
	BENCH_NR_OPS,
};

/* One transform with the key and packet layout the benchmark gives it. */
struct bench_case {
	const char *id;		/* short name for options and tables */
	const char *alg;	/* Crypto API name */
	const char *key_desc;	/* "AES-128", "ChaCha20", ... */
	enum ucapi_type type;
	unsigned int key_bits;	/* cipher key, or HMAC key for a hash */
	unsigned int enc_key_len;	/* bytes, including the nonce salt */
	unsigned int auth_key_len;	/* authenc only */
	unsigned int authsize;	/* tag bytes, 0 for a hash */
	unsigned int ivsize;
	unsigned int aad_len;	/* ESP header and IV in front of the payload */
	unsigned int block;	/* payload lengths are padded to a multiple */
	unsigned int digest_len;	/* hash only */
	bool opt_in;		/* run only when --alg names it */
};

struct bench_list {
	unsigned int val[BENCH_MAX_LIST];
	unsigned int nr;
};

struct bench_config {
	const struct bench_case *cases[16];
	unsigned int nr_cases;
	bool run_op[BENCH_NR_OPS];
	struct bench_list sizes;
	struct bench_list batches;
	struct bench_list threads;
	enum ucapi_backend backends[BENCH_NR_BACKENDS];
	unsigned int nr_backends;

	double duration;	/* seconds per measurement, when ops is 0 */
	uint64_t op_count;	/* operations per thread per measurement */
	double warmup;		/* seconds of untimed batches before each one */
	unsigned int trials;
	bool quick;
	bool quiet;

	bool table;		/* the readable table on stdout */
	const char *csv_path;	/* "-" is stdout */
	const char *json_path;
	const char *plot_path;
	const struct bench_case *plot_case;
	enum bench_op plot_op;
	unsigned int plot_batch;
	unsigned int plot_threads;

	int argc;
	char **argv;
};

/* One timed measurement of one backend at one point. */
struct bench_sample {
	uint64_t ops;
	uint64_t syscalls;
	double wall;		/* seconds from the first start to the last end */
	double user;		/* CPU seconds summed over the threads */
	double sys;
};

struct bench_stats {
	double median;
	double min;
	double max;
	double q1;
	double q3;
};

struct bench_summary {
	struct bench_stats ops_per_sec;
	struct bench_stats mb_per_sec;
	double user_percent;	/* medians; 100 is one CPU busy */
	double sys_percent;
	double user_us_per_op;
	double sys_us_per_op;
	double syscalls_per_op;	/* over all trials */
	uint64_t ops;		/* over all trials */
	uint64_t syscalls;
};

struct bench_result {
	const struct bench_case *bcase;
	enum bench_op op;
	unsigned int size;	/* requested payload size */
	unsigned int payload_len;	/* size padded to the cipher block */
	unsigned int batch;
	unsigned int threads;
	enum ucapi_backend backend;
	struct bench_sample samples[BENCH_MAX_TRIALS];
	unsigned int nr_samples;
	int error;		/* 0 or the negative errno that stopped it */
	struct bench_summary sum;
};

/* Whether a backend could run a case, and why not. */
struct bench_avail {
	const struct bench_case *bcase;
	enum ucapi_backend backend;
	bool available;
	bool failed;		/* available, but gave wrong output */
	const char *verified_against;	/* backend name, NULL if alone */
	char reason[BENCH_REASON_LEN];
};

struct bench_run {
	const struct bench_config *cfg;
	struct bench_result *results;
	size_t nr_results;
	size_t cap_results;
	struct bench_avail *avail;
	size_t nr_avail;
	size_t cap_avail;
	unsigned int failures;	/* wrong output, errors, zero operations */
	double started;		/* CLOCK_REALTIME seconds */
	double elapsed;
};

/* cases.c */
unsigned int bench_match_cases(const char *name,
			       const struct bench_case **out,
			       unsigned int max);
const struct bench_case *bench_case_at(unsigned int i);
unsigned int bench_nr_cases(void);
bool bench_case_has_op(const struct bench_case *bcase, enum bench_op op);
unsigned int bench_payload_len(const struct bench_case *bcase,
			       unsigned int size);
int bench_key_session(const struct bench_case *bcase,
		      struct ucapi_session *sess);

/* names.c */
const char *bench_op_name(enum bench_op op);
int bench_parse_op(const char *name, enum bench_op *op);
int bench_parse_backend(const char *name, enum ucapi_backend *backend);
int bench_backend_index(enum ucapi_backend backend);

/* options.c */
int bench_parse_options(int argc, char **argv, struct bench_config *cfg);

/* workload.c */
struct bench_workload;
int bench_workload_create(const struct bench_case *bcase, enum bench_op op,
			  unsigned int size, unsigned int batch,
			  unsigned int seed, struct ucapi_session *reference,
			  struct bench_workload **workp);
void bench_workload_destroy(struct bench_workload *work);
struct ucapi_op *bench_workload_ops(struct bench_workload *work);
unsigned int bench_workload_batch(const struct bench_workload *work);
void bench_workload_clear_output(struct bench_workload *work);

/* verify.c */
int bench_verify_case(const struct bench_config *cfg,
		      const struct bench_case *bcase,
		      struct ucapi_session *const *sessions,
		      struct bench_avail *const *avail);

/* measure.c */
struct bench_timing {
	double duration;
	uint64_t ops;
	double warmup;
};

int bench_measure(struct ucapi_session *const *sessions,
		  struct bench_workload *const *works, unsigned int threads,
		  const struct bench_timing *timing,
		  struct bench_sample *sample);

/* matrix.c */
int bench_run_matrix(const struct bench_config *cfg, struct bench_run *run);

/* results.c */
struct bench_result *bench_add_result(struct bench_run *run);
struct bench_avail *bench_add_avail(struct bench_run *run);
void bench_free_run(struct bench_run *run);
const struct bench_result *bench_find_result(const struct bench_run *run,
					     const struct bench_result *like,
					     enum ucapi_backend backend,
					     unsigned int batch);
bool bench_backend_seen(const struct bench_run *run,
			enum ucapi_backend backend);

/* stats.c */
void bench_summarize(struct bench_result *res);
double bench_ratio(const struct bench_result *a,
		   const struct bench_result *b);

/* targets.c */
enum bench_verdict {
	BENCH_NOT_MEASURED,
	BENCH_MET,
	BENCH_MISSED,
};

struct bench_target {
	const char *name;
	const char *goal;
	enum bench_verdict verdict;
	double worst;		/* worst ratio or value found */
	double limit;
	unsigned int checked;	/* points compared */
	char where[BENCH_REASON_LEN];	/* point of the worst value */
};

#define BENCH_NR_TARGETS 3
void bench_eval_targets(const struct bench_run *run,
			struct bench_target targets[BENCH_NR_TARGETS]);
const char *bench_verdict_name(enum bench_verdict verdict);

/* sysinfo.c */
struct bench_sysinfo {
	char cpu_model[128];
	long nproc;
	char kernel[160];
	char machine[72];
	bool hypervisor;
};

void bench_read_sysinfo(struct bench_sysinfo *info);

/* output_table.c, output_csv.c, output_json.c, plot.c */
void bench_write_table(FILE *out, const struct bench_run *run);
int bench_write_csv(FILE *out, const struct bench_run *run);
int bench_write_json(FILE *out, const struct bench_run *run);
int bench_write_plot(const struct bench_config *cfg,
		     const struct bench_run *run);

/* progress.c */
struct bench_progress {
	unsigned int done;
	unsigned int total;
	double start;
	double last_log;
	bool tty;
	bool enabled;
};

void bench_progress_init(struct bench_progress *prog,
			 const struct bench_config *cfg, unsigned int total);
void bench_progress_step(struct bench_progress *prog, const char *label);
void bench_progress_done(struct bench_progress *prog);

/* clock.c */
double bench_now(void);
double bench_wall_clock(void);

#endif /* UCAPI_BENCH_H */
