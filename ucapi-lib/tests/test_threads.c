// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Several threads share one session.  Each encrypts and decrypts its own
 * messages and compares them with results computed before the threads
 * started.  Without the session lock, AF_ALG would mix the sendmsg and
 * recvmsg of different threads, and OpenSSL threads would share a cipher
 * context.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends.h"
#include "tap.h"

#define NR_THREADS 4
#define NR_MESSAGES 8
#define ITERATIONS 300
#define MSG_LEN 256
#define AAD_LEN 16
#define TAG 16
#define IV_LEN 12

struct message {
	unsigned char iv[IV_LEN];
	unsigned char plain[AAD_LEN + MSG_LEN];
	unsigned char sealed[AAD_LEN + MSG_LEN + TAG];
	unsigned char digest[32];
};

struct worker {
	pthread_t thread;
	struct ucapi_session *aead;
	struct ucapi_session *hash;
	struct message msgs[NR_MESSAGES];
	unsigned int errors;
	int first_error;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned char out[AAD_LEN + MSG_LEN + TAG], digest[32];
	unsigned int i;
	int ret;

	for (i = 0; i < ITERATIONS; i++) {
		struct message *m = &w->msgs[i % NR_MESSAGES];

		ret = ucapi_aead_encrypt(w->aead, m->iv, IV_LEN, m->plain,
					 sizeof(m->plain), AAD_LEN, out,
					 sizeof(out));
		if (ret != (int)sizeof(m->sealed) ||
		    memcmp(out, m->sealed, sizeof(m->sealed)))
			goto error;
		ret = ucapi_aead_decrypt(w->aead, m->iv, IV_LEN, m->sealed,
					 sizeof(m->sealed), AAD_LEN, out,
					 sizeof(out));
		if (ret != (int)sizeof(m->plain) ||
		    memcmp(out, m->plain, sizeof(m->plain)))
			goto error;
		ret = ucapi_digest(w->hash, m->plain, sizeof(m->plain), digest,
				   sizeof(digest));
		if (ret != (int)sizeof(digest) ||
		    memcmp(digest, m->digest, sizeof(digest)))
			goto error;
		continue;
error:
		if (!w->errors++)
			w->first_error = ret;
	}
	return NULL;
}

static bool prepare(struct worker *w, struct ucapi_session *aead,
		    struct ucapi_session *hash)
{
	unsigned int i;

	memset(w, 0, sizeof(*w));
	w->aead = aead;
	w->hash = hash;
	for (i = 0; i < NR_MESSAGES; i++) {
		struct message *m = &w->msgs[i];

		rng_fill(m->iv, sizeof(m->iv));
		rng_fill(m->plain, sizeof(m->plain));
		if (ucapi_aead_encrypt(aead, m->iv, IV_LEN, m->plain,
				       sizeof(m->plain), AAD_LEN, m->sealed,
				       sizeof(m->sealed)) < 0 ||
		    ucapi_digest(hash, m->plain, sizeof(m->plain), m->digest,
				 sizeof(m->digest)) < 0)
			return false;
	}
	return true;
}

static void run_backend(enum ucapi_backend backend)
{
	const char *name = ucapi_backend_name(backend);
	struct ucapi_session *aead, *hash;
	struct worker *workers;
	unsigned char key[32];
	unsigned int t;
	bool ready = true;

	if (!tap_is_int(open_session(&aead, "gcm(aes)", UCAPI_AEAD, backend),
			0, "%s open gcm(aes)", name))
		return;
	if (!tap_is_int(open_session(&hash, "hmac(sha256)", UCAPI_HASH,
				     backend), 0, "%s open hmac(sha256)",
			name)) {
		ucapi_close(aead);
		return;
	}
	rng_fill(key, sizeof(key));
	tap_is_int(ucapi_setkey(aead, key, 16), 0, "%s gcm setkey", name);
	tap_is_int(ucapi_setkey(hash, key, sizeof(key)), 0, "%s hmac setkey",
		   name);

	workers = calloc(NR_THREADS, sizeof(*workers));
	for (t = 0; t < NR_THREADS; t++)
		ready &= prepare(&workers[t], aead, hash);
	if (tap_ok(ready, "%s reference results computed", name)) {
		for (t = 0; t < NR_THREADS; t++)
			pthread_create(&workers[t].thread, NULL, work,
				       &workers[t]);
		for (t = 0; t < NR_THREADS; t++)
			pthread_join(workers[t].thread, NULL);
		for (t = 0; t < NR_THREADS; t++) {
			if (workers[t].errors)
				tap_diag("thread %u: first error %d", t,
					 workers[t].first_error);
			tap_is_int(workers[t].errors, 0,
				   "%s thread %u: %u rounds on shared sessions",
				   name, t, ITERATIONS);
		}
	}
	free(workers);
	ucapi_close(hash);
	ucapi_close(aead);
}

int main(void)
{
	struct test_backend backends[NR_TEST_BACKENDS];
	unsigned int b;

	rng_seed_from_env();
	probe_backends(backends);
	for (b = 0; b < NR_TEST_BACKENDS; b++)
		if (backends[b].present)
			run_backend(backends[b].id);
	return tap_done();
}
