// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ucapi_setkey_serial(): keys from the kernel keyring give the same output
 * as the same bytes passed to ucapi_setkey().  "logon" keys cannot be read
 * back by user space, so only the kernel backends accept them.
 */
#include <errno.h>
#include <keyutils.h>
#include <stdio.h>
#include <string.h>

#include "backends.h"
#include "tap.h"

#define MSG_LEN 64
#define TAG 16

static const unsigned char key[16] = {
	0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};
static const unsigned char iv[12] = { 7 };

static int encrypt_with(struct ucapi_session *sess, unsigned char *out)
{
	unsigned char msg[MSG_LEN] = { 0x42 };

	return ucapi_aead_encrypt(sess, iv, sizeof(iv), msg, sizeof(msg), 0,
				  out, MSG_LEN + TAG);
}

static void run_backend(enum ucapi_backend backend, key_serial_t user,
			key_serial_t logon)
{
	const char *name = ucapi_backend_name(backend);
	unsigned char want[MSG_LEN + TAG], got[MSG_LEN + TAG];
	struct ucapi_session *sess;
	int ret;

	if (!tap_is_int(open_session(&sess, "gcm(aes)", UCAPI_AEAD, backend),
			0, "%s open gcm(aes)", name))
		return;
	ucapi_setkey(sess, key, sizeof(key));
	tap_is_int(encrypt_with(sess, want), sizeof(want),
		   "%s encrypt with setkey", name);

	tap_is_int(ucapi_setkey_serial(sess, user), 0,
		   "%s setkey_serial of a user key", name);
	ret = encrypt_with(sess, got);
	if (tap_is_int(ret, sizeof(got), "%s encrypt with user key", name))
		tap_is_mem(got, want, sizeof(want),
			   "%s user key gives the setkey output", name);

	ret = ucapi_setkey_serial(sess, logon);
	if (backend == UCAPI_BACKEND_OPENSSL) {
		tap_is_int(ret, -EOPNOTSUPP, "%s logon key rejected", name);
	} else if (tap_is_int(ret, 0, "%s setkey_serial of a logon key",
			      name)) {
		ret = encrypt_with(sess, got);
		tap_is_mem(got, want, sizeof(want),
			   "%s logon key gives the setkey output", name);
	}

	tap_is_int(ucapi_setkey_serial(sess, 0x7ffffff0), -ENOKEY,
		   "%s nonexistent serial", name);
	ucapi_setkey(sess, key, sizeof(key));
	tap_is_int(encrypt_with(sess, got), sizeof(got),
		   "%s usable after bad serial", name);
	ucapi_close(sess);
}

int main(void)
{
	struct test_backend backends[NR_TEST_BACKENDS];
	key_serial_t user, logon;
	unsigned int b;

	user = add_key("user", "ucapi-test:user", key, sizeof(key),
		       KEY_SPEC_PROCESS_KEYRING);
	logon = add_key("logon", "ucapi-test:logon", key, sizeof(key),
			KEY_SPEC_PROCESS_KEYRING);
	if (user < 0 || logon < 0) {
		if (errno != ENOSYS)
			tap_ok(false, "add_key failed: %s", strerror(errno));
		else
			tap_skip("the kernel has no key retention service",
				 "keyring tests");
		return tap_done();
	}
	probe_backends(backends);
	for (b = 0; b < NR_TEST_BACKENDS; b++)
		if (backends[b].present)
			run_backend(backends[b].id, user, logon);
	return tap_done();
}
