// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target for batch descriptor validation.  The input picks a
 * session (transform, tag size) and up to 16 descriptors with arbitrary
 * kinds, flags, lengths and buffer pointers: NULL, distinct, equal, or
 * overlapping.  ucapi_batch() runs them on the OpenSSL backend.  Buffers
 * are exactly as large as the per-operation limit allows, so a descriptor
 * that passes validation with too large a length is caught by
 * AddressSanitizer, and every result is checked for consistency.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_OPS 16
#define RECORD_LEN 20
#define SLACK 64	/* largest pointer offset into a buffer */

static const struct {
	const char *name;
	enum ucapi_type type;
	unsigned int key_len;
} algs[] = {
	{ "gcm(aes)", UCAPI_AEAD, 16 },
	{ "rfc4106(gcm(aes))", UCAPI_AEAD, 20 },
	{ "rfc4543(gcm(aes))", UCAPI_AEAD, 20 },
	{ "rfc7539esp(chacha20,poly1305)", UCAPI_AEAD, 36 },
	{ "authenc(hmac(sha256),cbc(aes))", UCAPI_AEAD, 0 },
	{ "cbc(aes)", UCAPI_SKCIPHER, 16 },
	{ "ctr(aes)", UCAPI_SKCIPHER, 32 },
	{ "sha256", UCAPI_HASH, 0 },
	{ "hmac(sha512)", UCAPI_HASH, 64 },
};
#define NR_ALGS (sizeof(algs) / sizeof(algs[0]))

static struct ucapi_session *sessions[NR_ALGS];
static unsigned char *src_buf, *dst_buf, iv_buf[UCAPI_LIB_MAX_IV_LEN];

static void set_key(struct ucapi_session *sess, unsigned int i)
{
	unsigned char key[64] = { 0x11 }, blob[128];
	int len;

	if (!strncmp(algs[i].name, "authenc", 7)) {
		len = ucapi_authenc_key(blob, sizeof(blob), key, 32, key, 16);
		if (len < 0 || ucapi_setkey(sess, blob, (size_t)len))
			abort();
	} else if (algs[i].key_len && ucapi_setkey(sess, key, algs[i].key_len)) {
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ucapi_open_opts opts = {
		.sz = sizeof(opts), .backend = UCAPI_BACKEND_OPENSSL,
	};
	unsigned int i;

	(void)argc;
	(void)argv;
	for (i = 0; i < NR_ALGS; i++) {
		if (ucapi_open(&sessions[i], algs[i].name, algs[i].type, &opts))
			abort();
		set_key(sessions[i], i);
	}
	src_buf = malloc(UCAPI_LIB_MAX_OP_LEN + SLACK);
	dst_buf = malloc(UCAPI_LIB_MAX_OP_LEN + SLACK);
	if (!src_buf || !dst_buf)
		abort();
	memset(src_buf, 0x5a, UCAPI_LIB_MAX_OP_LEN + SLACK);
	return 0;
}

static uint32_t read_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Lengths near the interesting limits: small, block edges, the maximum. */
static uint32_t pick_len(uint32_t raw)
{
	switch (raw >> 30) {
	case 0:
		return raw & 0x3f;
	case 1:
		return UCAPI_LIB_MAX_OP_LEN - (raw & 0x7f);
	case 2:
		return UCAPI_LIB_MAX_OP_LEN + (raw & 0x7f);
	default:
		return raw & 0x3ffff;
	}
}

/*
 * Bits 0-1 of sel choose src (NULL or the source buffer), bits 2-3 dst
 * (NULL, its own buffer, equal to src, or overlapping src).  Offsets stay
 * below SLACK, so every length up to the limit fits and any longer one
 * that slipped through validation would overflow.
 */
static void pick_buffers(struct ucapi_op *op, uint8_t sel, uint8_t offset)
{
	uint32_t off = offset % SLACK;

	op->src = sel & 3 ? src_buf + off : NULL;
	switch ((sel >> 2) & 3) {
	case 0:
		op->dst = NULL;
		break;
	case 1:
		op->dst = dst_buf + off;
		break;
	case 2:
		op->dst = (void *)op->src;
		break;
	default:
		op->dst = src_buf + (off ^ 0x20);
		break;
	}
}

static void decode_op(const uint8_t *rec, struct ucapi_op *op)
{
	memset(op, 0, sizeof(*op));
	op->op = rec[0] % 5;
	op->flags = rec[1] == 0xff ? read_u32(rec + 16) : 0;
	op->src_len = pick_len(read_u32(rec + 4));
	op->dst_len = pick_len(read_u32(rec + 8));
	op->aad_len = rec[12] < 0xf0 ? rec[12] % 40 : read_u32(rec + 16);
	op->iv_len = rec[13] % (UCAPI_LIB_MAX_IV_LEN + 2);
	op->iv = rec[14] & 1 ? iv_buf : NULL;
	op->status = 12345;
	pick_buffers(op, rec[15], rec[3]);
}

static void check_result(const struct ucapi_op *op)
{
	if (op->status > 0)
		abort();
	if (op->status == 0 && op->out_len > op->dst_len)
		abort();
	if (op->status < 0 && op->out_len != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ucapi_op ops[MAX_OPS];
	struct ucapi_session *sess;
	unsigned int nr_ops, i;
	int ret;

	if (size < 2)
		return 0;
	sess = sessions[data[0] % NR_ALGS];
	if (sess->type == UCAPI_AEAD && data[1] & 0x80)
		ucapi_set_authsize(sess, data[1] & 0x7f);
	data += 2;
	size -= 2;

	nr_ops = size / RECORD_LEN;
	if (nr_ops > MAX_OPS)
		nr_ops = MAX_OPS;
	for (i = 0; i < nr_ops; i++)
		decode_op(data + i * RECORD_LEN, &ops[i]);

	ret = ucapi_batch(sess, ops, nr_ops);
	if (ret < 0) {
		if (ret != -E2BIG)
			abort();
		return 0;
	}
	if ((unsigned int)ret != nr_ops)
		abort();
	for (i = 0; i < nr_ops; i++)
		check_result(&ops[i]);
	return 0;
}
