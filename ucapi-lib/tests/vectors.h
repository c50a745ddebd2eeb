/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef UCAPI_TEST_VECTORS_H
#define UCAPI_TEST_VECTORS_H

#include <ucapi.h>

/* One known-answer vector; byte strings are hex, absent ones NULL. */
struct kat_vector {
	const char *alg;
	enum ucapi_type type;
	const char *source;
	const char *key;
	const char *enc_key;	/* authenc: the encryption key */
	const char *iv;
	const char *aad;
	const char *input;
	const char *output;
	unsigned int authsize;	/* 0: the transform's default */
};

extern const struct kat_vector kat_vectors[];
extern const unsigned int kat_vector_count;

#endif /* UCAPI_TEST_VECTORS_H */
