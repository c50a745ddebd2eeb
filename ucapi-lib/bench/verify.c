// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Output check before timing: every available backend encrypts (or hashes)
 * the same packets of every size in the run, and its output must equal
 * the reference backend's byte for byte.  Each backend then decrypts its
 * own ciphertext, which must give back the packets.  A backend that fails
 * is marked so and not timed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define VERIFY_BATCH	3
#define VERIFY_SEED	0x5eedU

/* The reference is the first available of openssl, af_alg, syscall. */
static int pick_reference(struct bench_avail *const *avail)
{
	static const enum ucapi_backend order[] = {
		UCAPI_BACKEND_OPENSSL, UCAPI_BACKEND_AF_ALG,
		UCAPI_BACKEND_SYSCALL,
	};
	unsigned int i;
	int idx;

	for (i = 0; i < BENCH_NR_BACKENDS; i++) {
		idx = bench_backend_index(order[i]);
		if (avail[idx] && avail[idx]->available && !avail[idx]->failed)
			return idx;
	}
	return -ENOENT;
}

static int run_checked(struct ucapi_session *sess,
		       struct bench_workload *work)
{
	struct ucapi_op *ops = bench_workload_ops(work);
	unsigned int i, nr = bench_workload_batch(work);
	int ret;

	bench_workload_clear_output(work);
	ret = ucapi_batch(sess, ops, nr);
	if (ret < 0)
		return ret;
	if ((unsigned int)ret != nr)
		return -EINTR;
	for (i = 0; i < nr; i++)
		if (ops[i].status)
			return ops[i].status;
	return 0;
}

/* Returns the index of the first operation whose output differs, or -1. */
static int compare_outputs(const struct ucapi_op *a, const struct ucapi_op *b,
			   unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (a[i].out_len != b[i].out_len ||
		    memcmp(a[i].dst, b[i].dst, a[i].out_len))
			return (int)i;
	}
	return -1;
}

/* Decrypted packets must equal the plaintext packets, AAD included. */
static int compare_plaintext(const struct ucapi_op *plain,
			     const struct ucapi_op *opened, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (opened[i].out_len != plain[i].src_len ||
		    memcmp(opened[i].dst, plain[i].src, plain[i].src_len))
			return (int)i;
	}
	return -1;
}

static void mark_failed(struct bench_avail *avail, const char *what,
			unsigned int size, int err)
{
	avail->failed = true;
	if (err)
		snprintf(avail->reason, sizeof(avail->reason),
			 "%s of %u-byte packets failed during the output check: %s",
			 what, size, ucapi_strerror(err));
	else
		snprintf(avail->reason, sizeof(avail->reason),
			 "%s output of %u-byte packets differs from the %s backend",
			 what, size,
			 avail->verified_against ? avail->verified_against :
						   "same backend's first run");
}

/* Decrypt the backend's own ciphertext of the packets in `plain`. */
static int check_decrypt(const struct bench_case *bcase, unsigned int size,
			 struct ucapi_session *sess,
			 struct bench_workload *plain,
			 struct bench_avail *avail)
{
	struct bench_workload *opened;
	int err, bad;

	err = bench_workload_create(bcase, BENCH_DECRYPT, size, VERIFY_BATCH,
				    VERIFY_SEED, sess, &opened);
	if (err == -ENOMEM)
		return err;
	if (!err)
		err = run_checked(sess, opened);
	if (err) {
		mark_failed(avail, "decrypt", size, err);
		goto destroy;
	}
	bad = compare_plaintext(bench_workload_ops(plain),
				bench_workload_ops(opened), VERIFY_BATCH);
	if (bad >= 0) {
		avail->failed = true;
		snprintf(avail->reason, sizeof(avail->reason),
			 "decrypt of %u-byte packets did not return the plaintext",
			 size);
	}
	err = 0;
destroy:
	bench_workload_destroy(opened);
	return err;
}

/* Check one backend at one size against the reference output. */
static int check_backend(const struct bench_case *bcase, unsigned int size,
			 struct ucapi_session *sess,
			 struct bench_workload *reference,
			 struct bench_avail *avail)
{
	enum bench_op op = bcase->type == UCAPI_HASH ? BENCH_DIGEST :
						       BENCH_ENCRYPT;
	struct bench_workload *work;
	int err;

	err = bench_workload_create(bcase, op, size, VERIFY_BATCH, VERIFY_SEED,
				    NULL, &work);
	if (err)
		return err;
	err = run_checked(sess, work);
	if (err) {
		mark_failed(avail, bench_op_name(op), size, err);
		goto destroy;
	}
	if (compare_outputs(bench_workload_ops(reference),
			    bench_workload_ops(work), VERIFY_BATCH) >= 0) {
		mark_failed(avail, bench_op_name(op), size, 0);
		goto destroy;
	}
	if (op == BENCH_ENCRYPT)
		err = check_decrypt(bcase, size, sess, work, avail);
destroy:
	bench_workload_destroy(work);
	return err;
}

static int verify_size(const struct bench_case *bcase, unsigned int size,
		       int ref, struct ucapi_session *const *sessions,
		       struct bench_avail *const *avail)
{
	enum bench_op op = bcase->type == UCAPI_HASH ? BENCH_DIGEST :
						       BENCH_ENCRYPT;
	struct bench_workload *reference;
	unsigned int i;
	int err;

	err = bench_workload_create(bcase, op, size, VERIFY_BATCH, VERIFY_SEED,
				    NULL, &reference);
	if (err)
		return err;
	err = run_checked(sessions[ref], reference);
	if (err) {
		mark_failed(avail[ref], bench_op_name(op), size, err);
		err = 0;
		goto destroy;
	}
	for (i = 0; i < BENCH_NR_BACKENDS && !err; i++) {
		if (!avail[i] || !avail[i]->available || avail[i]->failed)
			continue;
		err = check_backend(bcase, size, sessions[i], reference,
				    avail[i]);
	}
destroy:
	bench_workload_destroy(reference);
	return err;
}

/*
 * Check the backends of one case.  sessions[] and avail[] are indexed by
 * bench_backend_index(); avail[i] is NULL for a backend not in the run.
 * Returns 0, with failures marked in avail[], or a negative errno when the
 * check itself could not run.
 */
int bench_verify_case(const struct bench_config *cfg,
		      const struct bench_case *bcase,
		      struct ucapi_session *const *sessions,
		      struct bench_avail *const *avail)
{
	unsigned int i;
	int ref, err;

	/* A failed reference hands over to the next one, which restarts. */
	while ((ref = pick_reference(avail)) >= 0) {
		for (i = 0; i < BENCH_NR_BACKENDS; i++) {
			if (avail[i] && avail[i]->available)
				avail[i]->verified_against = i == (unsigned int)ref ?
					NULL : ucapi_backend_name(avail[ref]->backend);
		}
		for (i = 0; i < cfg->sizes.nr && !avail[ref]->failed; i++) {
			err = verify_size(bcase, cfg->sizes.val[i], ref,
					  sessions, avail);
			if (err)
				return err;
		}
		if (!avail[ref]->failed)
			return 0;
	}
	return 0;
}
