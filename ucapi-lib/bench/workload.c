// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Batches of ESP-shaped packets for one thread: each operation has its own
 * source and destination buffer, IV and ESP header, as packets of a real
 * gateway would.  Decryption batches carry valid ciphertext, which a
 * reference session makes before timing starts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define SLOT_ALIGN	64	/* a cache line: no two packets share one */
#define ESP_SPI_LEN	4

struct bench_workload {
	struct ucapi_op *ops;
	unsigned char *src;
	unsigned char *dst;
	unsigned char *ivs;
	unsigned int batch;
	size_t src_slot;
	size_t dst_slot;
};

struct layout {
	unsigned int aad_len;
	unsigned int payload_len;
	unsigned int plain_len;		/* AAD and payload */
	unsigned int sealed_len;	/* AAD, ciphertext and tag */
};

static size_t round_slot(size_t len)
{
	return (len + SLOT_ALIGN - 1) / SLOT_ALIGN * SLOT_ALIGN;
}

static void get_layout(const struct bench_case *bcase, unsigned int size,
		       struct layout *lay)
{
	lay->aad_len = bcase->aad_len;
	lay->payload_len = bench_payload_len(bcase, size);
	lay->plain_len = lay->aad_len + lay->payload_len;
	lay->sealed_len = lay->plain_len + bcase->authsize;
}

/* xorshift32: reproducible filler, so that equal seeds give equal data. */
static uint32_t next_random(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

static void fill_random(unsigned char *buf, size_t len, uint32_t *state)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)next_random(state);
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/*
 * Write AAD and payload of packet i: SPI, sequence number i + 1, then the
 * IV where ESP puts it, then the payload.  A hash gets the payload only.
 */
static void fill_packet(const struct bench_case *bcase,
			const struct layout *lay, unsigned int i,
			unsigned char *plain, unsigned char *iv,
			uint32_t *state)
{
	if (bcase->ivsize)
		fill_random(iv, bcase->ivsize, state);
	if (lay->aad_len) {
		fill_random(plain, ESP_SPI_LEN, state);
		put_be32(plain + ESP_SPI_LEN, i + 1);
		memcpy(plain + lay->aad_len - bcase->ivsize, iv,
		       bcase->ivsize);
	}
	fill_random(plain + lay->aad_len, lay->payload_len, state);
}

static void set_op(struct ucapi_op *op, enum bench_op kind,
		   const struct bench_case *bcase, const unsigned char *iv,
		   const void *src, uint32_t src_len, void *dst,
		   uint32_t dst_len)
{
	static const uint32_t kinds[BENCH_NR_OPS] = {
		[BENCH_ENCRYPT] = UCAPI_ENCRYPT,
		[BENCH_DECRYPT] = UCAPI_DECRYPT,
		[BENCH_DIGEST] = UCAPI_DIGEST,
	};

	memset(op, 0, sizeof(*op));
	op->op = kinds[kind];
	op->iv = bcase->ivsize ? iv : NULL;
	op->iv_len = bcase->ivsize;
	op->src = src;
	op->src_len = src_len;
	op->dst = dst;
	op->dst_len = dst_len;
	op->aad_len = bcase->type == UCAPI_AEAD ? bcase->aad_len : 0;
}

static int alloc_buffers(struct bench_workload *work, unsigned int batch,
			 size_t src_len, size_t dst_len, unsigned int ivsize)
{
	work->batch = batch;
	work->src_slot = round_slot(src_len);
	work->dst_slot = round_slot(dst_len);
	work->ops = calloc(batch, sizeof(*work->ops));
	work->ivs = calloc(batch, ivsize ? ivsize : 1);
	work->src = aligned_alloc(SLOT_ALIGN, batch * work->src_slot);
	work->dst = aligned_alloc(SLOT_ALIGN, batch * work->dst_slot);
	if (!work->ops || !work->ivs || !work->src || !work->dst)
		return -ENOMEM;
	memset(work->src, 0, batch * work->src_slot);
	memset(work->dst, 0, batch * work->dst_slot);
	return 0;
}

/* Check that every operation of a batch succeeded with the length expected. */
static int check_batch(const struct ucapi_op *ops, unsigned int nr, int ret,
		       uint32_t out_len)
{
	unsigned int i;

	if (ret < 0)
		return ret;
	if ((unsigned int)ret != nr)
		return -EINTR;
	for (i = 0; i < nr; i++) {
		if (ops[i].status)
			return ops[i].status;
		if (ops[i].out_len != out_len)
			return -EIO;
	}
	return 0;
}

/*
 * Turn the plaintext packets in work->src into valid ciphertext with the
 * reference session, then point the operations at it for decryption.
 */
static int seal_for_decrypt(struct bench_workload *work,
			    const struct bench_case *bcase,
			    const struct layout *lay,
			    struct ucapi_session *reference)
{
	unsigned char *sealed;
	unsigned int i;
	int ret;

	sealed = aligned_alloc(SLOT_ALIGN, work->batch * work->src_slot);
	if (!sealed)
		return -ENOMEM;
	for (i = 0; i < work->batch; i++)
		set_op(&work->ops[i], BENCH_ENCRYPT, bcase,
		       work->ivs + (size_t)i * bcase->ivsize,
		       work->src + i * work->src_slot, lay->plain_len,
		       sealed + i * work->src_slot, lay->sealed_len);
	ret = ucapi_batch(reference, work->ops, work->batch);
	ret = check_batch(work->ops, work->batch, ret, lay->sealed_len);
	if (ret) {
		free(sealed);
		return ret;
	}
	free(work->src);
	work->src = sealed;
	for (i = 0; i < work->batch; i++)
		set_op(&work->ops[i], BENCH_DECRYPT, bcase,
		       work->ivs + (size_t)i * bcase->ivsize,
		       work->src + i * work->src_slot, lay->sealed_len,
		       work->dst + i * work->dst_slot, lay->plain_len);
	return 0;
}

static void point_ops(struct bench_workload *work, enum bench_op op,
		      const struct bench_case *bcase, const struct layout *lay)
{
	uint32_t src_len = lay->plain_len, dst_len = lay->sealed_len;
	unsigned int i;

	if (op == BENCH_DIGEST) {
		src_len = lay->payload_len;
		dst_len = bcase->digest_len;
	}
	for (i = 0; i < work->batch; i++)
		set_op(&work->ops[i], op, bcase,
		       work->ivs + (size_t)i * bcase->ivsize,
		       work->src + i * work->src_slot, src_len,
		       work->dst + i * work->dst_slot, dst_len);
}

/*
 * Build a batch of `batch` operations of `size` payload bytes.  Equal seeds
 * give equal packets.  reference encrypts the packets of a decryption
 * batch and may be NULL for the other operations.
 */
int bench_workload_create(const struct bench_case *bcase, enum bench_op op,
			  unsigned int size, unsigned int batch,
			  unsigned int seed, struct ucapi_session *reference,
			  struct bench_workload **workp)
{
	struct bench_workload *work;
	uint32_t state = seed * 2654435761U + 1;
	struct layout lay;
	size_t dst_len;
	unsigned int i;
	int err;

	get_layout(bcase, size, &lay);
	dst_len = op == BENCH_DIGEST ? bcase->digest_len : lay.sealed_len;
	work = calloc(1, sizeof(*work));
	if (!work)
		return -ENOMEM;
	err = alloc_buffers(work, batch, lay.sealed_len, dst_len,
			    bcase->ivsize);
	if (err)
		goto destroy;

	for (i = 0; i < batch; i++)
		fill_packet(bcase, &lay, i, work->src + i * work->src_slot,
			    work->ivs + (size_t)i * bcase->ivsize, &state);
	if (op == BENCH_DECRYPT)
		err = seal_for_decrypt(work, bcase, &lay, reference);
	else
		point_ops(work, op, bcase, &lay);
	if (err)
		goto destroy;
	*workp = work;
	return 0;

destroy:
	bench_workload_destroy(work);
	return err;
}

void bench_workload_destroy(struct bench_workload *work)
{
	if (!work)
		return;
	free(work->ops);
	free(work->ivs);
	free(work->src);
	free(work->dst);
	free(work);
}

struct ucapi_op *bench_workload_ops(struct bench_workload *work)
{
	return work->ops;
}

unsigned int bench_workload_batch(const struct bench_workload *work)
{
	return work->batch;
}

/* Zero the destination buffers, so that no earlier output can pass a check. */
void bench_workload_clear_output(struct bench_workload *work)
{
	memset(work->dst, 0, work->batch * work->dst_slot);
}
