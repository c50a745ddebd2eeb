// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Encrypt and decrypt one ESP-style message with rfc4106(gcm(aes)).
 *
 *   cc example.c $(pkg-config --cflags --libs ucapi) -o example
 *   ./example               (UCAPI_BACKEND=openssl|af_alg|syscall to choose)
 */
#include <stdio.h>
#include <string.h>

#include <ucapi.h>

#define AAD_LEN 16	/* SPI, sequence number, then the 8-byte IV */
#define IV_LEN 8
#define TAG_LEN 16

int main(void)
{
	/* AES-128 key followed by the 4-byte nonce salt. */
	static const unsigned char key[20] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
		0xca, 0xfe, 0xba, 0xbe,
	};
	static const unsigned char iv[IV_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const char text[] = "attack at dawn";
	unsigned char msg[AAD_LEN + sizeof(text)];
	unsigned char sealed[sizeof(msg) + TAG_LEN];
	unsigned char opened[sizeof(msg)];
	struct ucapi_session *sess;
	int ret, len;

	/* AAD: SPI 0x00001000, sequence number 1, then the IV. */
	memset(msg, 0, AAD_LEN);
	msg[2] = 0x10;
	msg[7] = 1;
	memcpy(msg + 8, iv, IV_LEN);
	memcpy(msg + AAD_LEN, text, sizeof(text));

	ret = ucapi_open(&sess, "rfc4106(gcm(aes))", UCAPI_AEAD, NULL);
	if (ret) {
		fprintf(stderr, "ucapi_open failed: %s\n", ucapi_strerror(ret));
		return 1;
	}
	ret = ucapi_setkey(sess, key, sizeof(key));
	if (ret)
		goto fail;

	len = ucapi_aead_encrypt(sess, iv, IV_LEN, msg, sizeof(msg), AAD_LEN,
				 sealed, sizeof(sealed));
	if (len < 0) {
		ret = len;
		goto fail;
	}
	len = ucapi_aead_decrypt(sess, iv, IV_LEN, sealed, (size_t)len,
				 AAD_LEN, opened, sizeof(opened));
	if (len < 0) {
		ret = len;
		goto fail;
	}
	if ((size_t)len != sizeof(msg) || memcmp(opened, msg, sizeof(msg))) {
		fprintf(stderr, "decrypted message differs from the original\n");
		ucapi_close(sess);
		return 1;
	}
	printf("backend %s: encrypted and decrypted %zu bytes: %s\n",
	       ucapi_backend_name(ucapi_session_backend(sess)),
	       sizeof(text), (const char *)opened + AAD_LEN);
	ucapi_close(sess);
	return 0;

fail:
	fprintf(stderr, "ucapi call failed: %s\n", ucapi_strerror(ret));
	ucapi_close(sess);
	return 1;
}
