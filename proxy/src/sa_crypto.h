/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libucapi sessions of an SA.  One AEAD session serves ESP with AES-GCM,
 * AES-GMAC, ChaCha20-Poly1305 and, where the backend has the transform,
 * authenc() or authencesn() for AES-CBC, AES-CTR and NULL encryption with
 * HMAC.  Where it lacks them, the SA uses an HMAC session and a cipher
 * session ("split" engine), which also serves encryption without
 * integrity and AH with HMAC.
 */
#ifndef PROXY_SA_CRYPTO_H
#define PROXY_SA_CRYPTO_H

#include <stddef.h>

#include "sa.h"
#include "ucapi.h"

enum sa_engine {
	SA_ENGINE_AEAD,
	SA_ENGINE_SPLIT,
};

struct sa_crypto {
	enum sa_engine engine;
	struct ucapi_session *aead;	/* SA_ENGINE_AEAD */
	struct ucapi_session *hash;	/* SPLIT: HMAC, or NULL without */
	struct ucapi_session *cipher;	/* SPLIT: cbc(aes) or ctr(aes), or NULL */
	unsigned int digest_len;	/* of hash */
	char desc[200];			/* transforms, for reports */
};

/*
 * Open and key the sessions of sa on backend.  On failure writes the reason
 * to err and returns a negative errno.
 */
int sa_crypto_open(struct sa *sa, enum ucapi_backend backend, char *err,
		   size_t err_len);
void sa_crypto_close(struct sa *sa);

#endif /* PROXY_SA_CRYPTO_H */
