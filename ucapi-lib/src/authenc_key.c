// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The key format of the kernel's authenc() template (crypto/authenc.c):
 * a struct rtattr of type CRYPTO_AUTHENC_KEYA_PARAM whose payload is
 * exactly one big-endian 32-bit enckeylen, then the authentication key,
 * then the encryption key.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

#define AUTHENC_KEYA_PARAM	1	/* CRYPTO_AUTHENC_KEYA_PARAM */
#define AUTHENC_HEADER_LEN	8	/* rtattr (4 bytes) + enckeylen */

UCAPI_API int ucapi_authenc_key(void *out, size_t out_len,
				const void *auth_key, size_t auth_key_len,
				const void *enc_key, size_t enc_key_len)
{
	unsigned char *p = out;
	uint16_t rta_len = AUTHENC_HEADER_LEN, rta_type = AUTHENC_KEYA_PARAM;
	uint32_t enckeylen_be;
	size_t total;

	if ((!auth_key && auth_key_len) || (!enc_key && enc_key_len))
		return -EINVAL;
	if (auth_key_len > INT_MAX / 2 || enc_key_len > INT_MAX / 2)
		return -EINVAL;
	total = AUTHENC_HEADER_LEN + auth_key_len + enc_key_len;
	if (total > INT_MAX)
		return -EINVAL;
	if (!out || out_len < total)
		return -ENOSPC;

	/* struct rtattr is in host byte order, enckeylen in big endian. */
	enckeylen_be = htonl((uint32_t)enc_key_len);
	memcpy(p, &rta_len, sizeof(rta_len));
	memcpy(p + 2, &rta_type, sizeof(rta_type));
	memcpy(p + 4, &enckeylen_be, sizeof(enckeylen_be));
	if (auth_key_len)
		memcpy(p + AUTHENC_HEADER_LEN, auth_key, auth_key_len);
	if (enc_key_len)
		memcpy(p + AUTHENC_HEADER_LEN + auth_key_len, enc_key,
		       enc_key_len);
	return (int)total;
}
