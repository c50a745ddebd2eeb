// SPDX-License-Identifier: GPL-2.0
/*
 * Invalid input to the ucapi system calls, one case per test: each must
 * fail with the documented error.  An invalid operation must also leave
 * its session usable for the next one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "ucapi_util.h"

#define GCM_ALG		"rfc4106(gcm(aes))"
#define GCM_KEY_LEN	20
#define GCM_IV_LEN	8
#define GCM_AAD_LEN	16
#define GCM_TAG_LEN	16

static const uint8_t gcm_key[GCM_KEY_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/*
 * Return an address that is certainly unmapped: a page mapped and then
 * unmapped again.
 */
static void *unmapped_address(void)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p, page);
	return p;
}

/* Expect call to fail with err; errno is read only after the call. */
#define EXPECT_ERRNO(err, call) do {					\
	errno = 0;							\
	EXPECT_EQ(-1, (long)(call));					\
	EXPECT_EQ(err, errno) TH_LOG("errno %d (%s)", errno,		\
				     strerror(errno));			\
} while (0)

/* A keyed rfc4106 session and one valid encryption of 64 bytes. */
FIXTURE(gcm) {
	int fd;
	uint8_t iv[GCM_IV_LEN];
	uint8_t src[GCM_AAD_LEN + 64];
	uint8_t dst[GCM_AAD_LEN + 64 + GCM_TAG_LEN];
	struct ucapi_op op;	/* the operation a test changes */
	struct ucapi_op good;	/* an unchanged copy */
};

FIXTURE_SETUP(gcm)
{
	self->fd = ucapi_open_keyed(GCM_ALG, UCAPI_TYPE_AEAD, gcm_key,
				    sizeof(gcm_key));
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
	fill_random(self->iv, sizeof(self->iv));
	fill_random(self->src, sizeof(self->src));
	memcpy(self->src + GCM_AAD_LEN - GCM_IV_LEN, self->iv, GCM_IV_LEN);
	ucapi_op_init(&self->op, UCAPI_OP_ENCRYPT, self->iv, GCM_IV_LEN,
		      self->src, sizeof(self->src), self->dst,
		      sizeof(self->dst), GCM_AAD_LEN);
	self->good = self->op;
}

FIXTURE_TEARDOWN(gcm)
{
	close(self->fd);
}

/*
 * Run op and check its status, then run a copy of the valid operation
 * good on the same session, which must still succeed.
 */
static void expect_op_status(struct __test_metadata *_metadata, int fd,
			     struct ucapi_op *op, const struct ucapi_op *good,
			     int status)
{
	struct ucapi_op again = *good;

	EXPECT_EQ(status, ucapi_run_one(fd, op));
	EXPECT_EQ(0, op->out_len);
	EXPECT_EQ(0, ucapi_run_one(fd, &again));
	EXPECT_EQ(again.dst_len, again.out_len);
}

TEST_F(gcm, valid_op_succeeds)
{
	ASSERT_EQ(0, ucapi_run_one(self->fd, &self->op));
	ASSERT_EQ(sizeof(self->dst), self->op.out_len);
}

/* ucapi_open() */

TEST(open_unknown_alg)
{
	EXPECT_ERRNO(ENOENT, sys_ucapi_open("no-such-alg", UCAPI_TYPE_AEAD, 0));
}

TEST(open_empty_name)
{
	EXPECT_ERRNO(ENOENT, sys_ucapi_open("", UCAPI_TYPE_HASH, 0));
}

TEST(open_wrong_type)
{
	EXPECT_ERRNO(ENOENT, sys_ucapi_open("sha256", UCAPI_TYPE_AEAD, 0));
	EXPECT_ERRNO(ENOENT, sys_ucapi_open("gcm(aes)", UCAPI_TYPE_HASH, 0));
	EXPECT_ERRNO(ENOENT, sys_ucapi_open("cbc(aes)", UCAPI_TYPE_AEAD, 0));
}

TEST(open_template_bad_params)
{
	/* gcm() needs a 16-byte block cipher, and sha256 is no cipher. */
	EXPECT_ERRNO(ENOENT, sys_ucapi_open("gcm(sha256)", UCAPI_TYPE_AEAD,
					    0));
}

TEST(open_unknown_type)
{
	EXPECT_ERRNO(EINVAL, sys_ucapi_open("sha256", 0, 0));
	EXPECT_ERRNO(EINVAL, sys_ucapi_open("sha256", 4, 0));
}

TEST(open_unknown_flag)
{
	EXPECT_ERRNO(EINVAL, sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 2));
	EXPECT_ERRNO(EINVAL, sys_ucapi_open("sha256", UCAPI_TYPE_HASH,
					    1U << 31));
}

TEST(open_name_too_long)
{
	char name[UCAPI_ALG_NAME_LEN + 1];

	memset(name, 'a', UCAPI_ALG_NAME_LEN);
	name[UCAPI_ALG_NAME_LEN] = '\0';
	EXPECT_ERRNO(ENAMETOOLONG,
		     sys_ucapi_open(name, UCAPI_TYPE_HASH, 0));
	/* 127 characters fit, and such an algorithm does not exist. */
	name[UCAPI_ALG_NAME_LEN - 1] = '\0';
	EXPECT_ERRNO(ENOENT, sys_ucapi_open(name, UCAPI_TYPE_HASH, 0));
}

TEST(open_null_name)
{
	EXPECT_ERRNO(EFAULT, sys_ucapi_open(NULL, UCAPI_TYPE_HASH, 0));
}

TEST(open_unmapped_name)
{
	EXPECT_ERRNO(EFAULT, sys_ucapi_open(unmapped_address(),
					    UCAPI_TYPE_HASH, 0));
}

/* ucapi_ctl(): descriptors and commands */

TEST(ctl_bad_fd)
{
	struct ucapi_info info;

	EXPECT_ERRNO(EBADF, sys_ucapi_ctl(-1, UCAPI_CTL_GET_INFO, &info,
					  sizeof(info)));
	EXPECT_ERRNO(EBADF, sys_ucapi_ctl(999999, UCAPI_CTL_GET_INFO, &info,
					  sizeof(info)));
}

TEST(ctl_closed_fd)
{
	struct ucapi_info info;
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_ERRNO(EBADF, sys_ucapi_ctl(fd, UCAPI_CTL_GET_INFO, &info,
					  sizeof(info)));
}

TEST(ctl_other_fd)
{
	struct ucapi_info info;
	int fds[2];

	ASSERT_EQ(0, pipe(fds));
	EXPECT_ERRNO(EINVAL, sys_ucapi_ctl(fds[0], UCAPI_CTL_GET_INFO, &info,
					   sizeof(info)));
	close(fds[0]);
	close(fds[1]);
}

TEST(ctl_unknown_cmd)
{
	struct ucapi_info info;
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	EXPECT_ERRNO(EINVAL, sys_ucapi_ctl(fd, 0, &info, sizeof(info)));
	EXPECT_ERRNO(EINVAL, sys_ucapi_ctl(fd, 5, &info, sizeof(info)));
	close(fd);
}

/* UCAPI_CTL_SET_KEY */

static long set_key_raw(int fd, const void *key, uint32_t key_len,
			uint32_t flags)
{
	struct ucapi_key args = {
		.key = (uintptr_t)key,
		.key_len = key_len,
		.flags = flags,
	};

	return sys_ucapi_ctl(fd, UCAPI_CTL_SET_KEY, &args, sizeof(args));
}

TEST_F(gcm, set_key_bad_length)
{
	/* rfc4106 wants an AES key plus a 4-byte salt. */
	EXPECT_ERRNO(EINVAL, set_key_raw(self->fd, gcm_key, 19, 0));
	EXPECT_ERRNO(EINVAL, set_key_raw(self->fd, gcm_key, 0, 0));
}

TEST_F(gcm, set_key_failure_removes_key)
{
	struct ucapi_info info;

	EXPECT_ERRNO(EINVAL, set_key_raw(self->fd, gcm_key, 19, 0));
	ASSERT_EQ(0, ucapi_get_info(self->fd, &info));
	EXPECT_EQ(0, info.flags & UCAPI_INFO_KEY_SET);
	EXPECT_EQ(-ENOKEY, ucapi_run_one(self->fd, &self->op));
}

TEST_F(gcm, set_key_too_long)
{
	static uint8_t key[UCAPI_MAX_KEY_LEN + 1];

	EXPECT_ERRNO(EINVAL, set_key_raw(self->fd, key, sizeof(key), 0));
}

TEST_F(gcm, set_key_flags)
{
	EXPECT_ERRNO(EINVAL, set_key_raw(self->fd, gcm_key, GCM_KEY_LEN, 1));
}

TEST_F(gcm, set_key_null_key)
{
	EXPECT_ERRNO(EFAULT, set_key_raw(self->fd, NULL, GCM_KEY_LEN, 0));
}

TEST_F(gcm, set_key_unmapped_key)
{
	EXPECT_ERRNO(EFAULT, set_key_raw(self->fd, unmapped_address(),
					 GCM_KEY_LEN, 0));
}

TEST_F(gcm, set_key_null_arg)
{
	EXPECT_ERRNO(EFAULT, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_KEY, NULL,
					   sizeof(struct ucapi_key)));
}

TEST_F(gcm, set_key_size_too_small)
{
	struct ucapi_key args = {
		.key = (uintptr_t)gcm_key,
		.key_len = GCM_KEY_LEN,
	};

	EXPECT_ERRNO(EINVAL, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_KEY, &args,
					   UCAPI_KEY_SIZE_VER0 - 1));
	EXPECT_ERRNO(EINVAL, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_KEY, &args,
					   0));
}

TEST_F(gcm, set_key_trailing_bytes)
{
	struct {
		struct ucapi_key key;
		uint64_t next;
	} args = {
		.key = { .key = (uintptr_t)gcm_key, .key_len = GCM_KEY_LEN },
		.next = 0,
	};

	/* Zero bytes beyond the known struct are accepted ... */
	EXPECT_EQ(0, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_KEY, &args,
				   sizeof(args)));
	/* ... and anything else is an unknown extension. */
	args.next = 1;
	EXPECT_ERRNO(E2BIG, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_KEY, &args,
					  sizeof(args)));
}

TEST_F(gcm, set_key_size_too_large)
{
	static uint8_t page[2 * 65536];

	EXPECT_ERRNO(E2BIG, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_KEY, page,
					  sysconf(_SC_PAGESIZE) + 1));
}

TEST(set_key_unkeyed_hash)
{
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	EXPECT_ERRNO(EOPNOTSUPP, set_key_raw(fd, gcm_key, 16, 0));
	close(fd);
}

TEST(set_key_skcipher_bad_length)
{
	int fd = sys_ucapi_open("cbc(aes)", UCAPI_TYPE_SKCIPHER, 0);

	ASSERT_LE(0, fd);
	EXPECT_ERRNO(EINVAL, set_key_raw(fd, gcm_key, 15, 0));
	close(fd);
}

/* UCAPI_CTL_SET_AUTHSIZE */

TEST_F(gcm, set_authsize_invalid)
{
	struct ucapi_authsize args = { .authsize = 4 };

	EXPECT_ERRNO(EINVAL, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_AUTHSIZE,
					   &args, sizeof(args)));
	args.authsize = 17;
	EXPECT_ERRNO(EINVAL, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_AUTHSIZE,
					   &args, sizeof(args)));
}

TEST_F(gcm, set_authsize_flags)
{
	struct ucapi_authsize args = { .authsize = 16, .flags = 1 };

	EXPECT_ERRNO(EINVAL, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_AUTHSIZE,
					   &args, sizeof(args)));
}

TEST_F(gcm, set_authsize_null_arg)
{
	EXPECT_ERRNO(EFAULT, sys_ucapi_ctl(self->fd, UCAPI_CTL_SET_AUTHSIZE,
					   NULL, UCAPI_AUTHSIZE_SIZE_VER0));
}

TEST(set_authsize_not_aead)
{
	struct ucapi_authsize args = { .authsize = 16 };
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	EXPECT_ERRNO(EOPNOTSUPP, sys_ucapi_ctl(fd, UCAPI_CTL_SET_AUTHSIZE,
					       &args, sizeof(args)));
	close(fd);
}

/* UCAPI_CTL_GET_INFO */

TEST_F(gcm, get_info_size_too_small)
{
	struct ucapi_info info;

	EXPECT_ERRNO(EINVAL, sys_ucapi_ctl(self->fd, UCAPI_CTL_GET_INFO,
					   &info, UCAPI_INFO_SIZE_VER0 - 1));
}

TEST_F(gcm, get_info_null_arg)
{
	EXPECT_ERRNO(EFAULT, sys_ucapi_ctl(self->fd, UCAPI_CTL_GET_INFO, NULL,
					   sizeof(struct ucapi_info)));
}

TEST_F(gcm, get_info_unmapped_arg)
{
	EXPECT_ERRNO(EFAULT, sys_ucapi_ctl(self->fd, UCAPI_CTL_GET_INFO,
					   unmapped_address(),
					   sizeof(struct ucapi_info)));
}

/* ucapi_batch(): call arguments */

TEST_F(gcm, batch_bad_fd)
{
	EXPECT_ERRNO(EBADF, sys_ucapi_batch(-1, &self->op, 1,
					    sizeof(self->op), 0));
}

TEST_F(gcm, batch_other_fd)
{
	int fds[2];

	ASSERT_EQ(0, pipe(fds));
	EXPECT_ERRNO(EINVAL, sys_ucapi_batch(fds[1], &self->op, 1,
					     sizeof(self->op), 0));
	close(fds[0]);
	close(fds[1]);
}

TEST_F(gcm, batch_zero_ops)
{
	EXPECT_ERRNO(EINVAL, sys_ucapi_batch(self->fd, &self->op, 0,
					     sizeof(self->op), 0));
}

TEST_F(gcm, batch_too_many_ops)
{
	static struct ucapi_op ops[UCAPI_MAX_OPS + 1];

	EXPECT_ERRNO(EINVAL, sys_ucapi_batch(self->fd, ops,
					     UCAPI_MAX_OPS + 1,
					     sizeof(ops[0]), 0));
}

TEST_F(gcm, batch_flags)
{
	EXPECT_ERRNO(EINVAL, sys_ucapi_batch(self->fd, &self->op, 1,
					     sizeof(self->op), 1));
}

TEST_F(gcm, batch_op_size_too_small)
{
	EXPECT_ERRNO(EINVAL, sys_ucapi_batch(self->fd, &self->op, 1,
					     UCAPI_OP_SIZE_VER0 - 1, 0));
}

TEST_F(gcm, batch_op_size_too_large)
{
	static uint8_t ops[65536];

	EXPECT_ERRNO(E2BIG, sys_ucapi_batch(self->fd, (void *)ops, 1,
					    sysconf(_SC_PAGESIZE) + 8, 0));
}

TEST_F(gcm, batch_ops_null)
{
	EXPECT_ERRNO(EFAULT, sys_ucapi_batch(self->fd, NULL, 1,
					     sizeof(self->op), 0));
}

TEST_F(gcm, batch_ops_unmapped)
{
	EXPECT_ERRNO(EFAULT, sys_ucapi_batch(self->fd, unmapped_address(), 1,
					     sizeof(self->op), 0));
}

TEST_F(gcm, batch_ops_read_only)
{
	long page = sysconf(_SC_PAGESIZE);
	struct ucapi_op *ops;

	ops = mmap(NULL, page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ops);
	ops[0] = self->op;
	ASSERT_EQ(0, mprotect(ops, page, PROT_READ));
	/* The status cannot be stored, so the operation does not count. */
	EXPECT_ERRNO(EFAULT, sys_ucapi_batch(self->fd, ops, 1,
					     sizeof(ops[0]), 0));
	munmap(ops, page);
}

TEST_F(gcm, batch_ops_fault_midway)
{
	long page = sysconf(_SC_PAGESIZE);
	struct ucapi_op *ops;
	uint8_t *map;

	/* Two ops end the first page; the third would be on the second. */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, munmap(map + page, page));
	ops = (struct ucapi_op *)(map + page) - 2;
	ops[0] = self->op;
	ops[1] = self->op;

	EXPECT_EQ(2, sys_ucapi_batch(self->fd, ops, 3, sizeof(ops[0]), 0));
	EXPECT_EQ(0, ops[0].status);
	EXPECT_EQ(0, ops[1].status);
	munmap(map, page);
}

/* ucapi_batch(): one operation's fields, reported in its status */

TEST_F(gcm, op_trailing_bytes)
{
	struct {
		struct ucapi_op op;
		uint64_t next;
	} ext[2] = {
		{ .op = self->op, .next = 0 },
		{ .op = self->op, .next = 1 },
	};

	EXPECT_EQ(2, sys_ucapi_batch(self->fd, &ext[0].op, 2, sizeof(ext[0]),
				     0));
	EXPECT_EQ(0, ext[0].op.status);
	EXPECT_EQ(-E2BIG, ext[1].op.status);
	EXPECT_EQ(0, ext[1].op.out_len);
}

TEST_F(gcm, op_unknown_code)
{
	self->op.op = 4;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST_F(gcm, op_zero_code)
{
	self->op.op = 0;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST_F(gcm, op_digest_on_aead)
{
	self->op.op = UCAPI_OP_DIGEST;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST(op_encrypt_on_hash)
{
	uint8_t buf[32];
	struct ucapi_op op;
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	ucapi_op_init(&op, UCAPI_OP_ENCRYPT, NULL, 0, buf, 16, buf,
		      sizeof(buf), 0);
	EXPECT_EQ(-EINVAL, ucapi_run_one(fd, &op));
	close(fd);
}

TEST_F(gcm, op_flags)
{
	self->op.flags = 1;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST(op_no_key_aead)
{
	uint8_t buf[64] = { 0 };
	struct ucapi_op op;
	int fd = sys_ucapi_open(GCM_ALG, UCAPI_TYPE_AEAD, 0);

	ASSERT_LE(0, fd);
	ucapi_op_init(&op, UCAPI_OP_ENCRYPT, buf, GCM_IV_LEN, buf, 32, buf,
		      sizeof(buf), GCM_AAD_LEN);
	EXPECT_EQ(-ENOKEY, ucapi_run_one(fd, &op));
	close(fd);
}

TEST(op_no_key_skcipher)
{
	uint8_t buf[64] = { 0 };
	struct ucapi_op op;
	int fd = sys_ucapi_open("cbc(aes)", UCAPI_TYPE_SKCIPHER, 0);

	ASSERT_LE(0, fd);
	ucapi_op_init(&op, UCAPI_OP_ENCRYPT, buf, 16, buf, 32, buf,
		      sizeof(buf), 0);
	EXPECT_EQ(-ENOKEY, ucapi_run_one(fd, &op));
	close(fd);
}

TEST(op_no_key_hmac)
{
	uint8_t buf[64] = { 0 };
	struct ucapi_op op;
	int fd = sys_ucapi_open("hmac(sha256)", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	ucapi_op_init(&op, UCAPI_OP_DIGEST, NULL, 0, buf, 32, buf,
		      sizeof(buf), 0);
	EXPECT_EQ(-ENOKEY, ucapi_run_one(fd, &op));
	close(fd);
}

TEST_F(gcm, op_wrong_iv_len)
{
	self->op.iv_len = 12;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST_F(gcm, op_zero_iv_len)
{
	self->op.iv_len = 0;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST(op_hash_with_iv)
{
	uint8_t buf[32];
	struct ucapi_op op;
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	ucapi_op_init(&op, UCAPI_OP_DIGEST, buf, 0, buf, 16, buf,
		      sizeof(buf), 0);
	EXPECT_EQ(-EINVAL, ucapi_run_one(fd, &op));
	ucapi_op_init(&op, UCAPI_OP_DIGEST, buf, 16, buf, 16, buf,
		      sizeof(buf), 0);
	EXPECT_EQ(-EINVAL, ucapi_run_one(fd, &op));
	close(fd);
}

TEST_F(gcm, op_iv_null)
{
	self->op.iv = 0;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EFAULT);
}

TEST_F(gcm, op_iv_unmapped)
{
	self->op.iv = (uintptr_t)unmapped_address();
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EFAULT);
}

TEST_F(gcm, op_src_null)
{
	self->op.src = 0;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EFAULT);
}

TEST_F(gcm, op_src_unmapped)
{
	self->op.src = (uintptr_t)unmapped_address();
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EFAULT);
}

TEST_F(gcm, op_dst_null)
{
	self->op.dst = 0;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EFAULT);
}

TEST_F(gcm, op_dst_unmapped)
{
	self->op.dst = (uintptr_t)unmapped_address();
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EFAULT);
}

TEST_F(gcm, op_dst_read_only)
{
	long page = sysconf(_SC_PAGESIZE);
	void *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);

	ASSERT_NE(MAP_FAILED, ro);
	self->op.dst = (uintptr_t)ro;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EFAULT);
	munmap(ro, page);
}

TEST_F(gcm, op_src_too_long)
{
	self->op.src_len = UCAPI_MAX_OP_LEN + 1;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST_F(gcm, op_dst_len_too_long)
{
	self->op.dst_len = UCAPI_MAX_OP_LEN + 1;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST_F(gcm, op_output_too_long)
{
	/* src_len fits, but src_len plus the tag does not. */
	self->op.src_len = UCAPI_MAX_OP_LEN;
	self->op.dst_len = UCAPI_MAX_OP_LEN;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST_F(gcm, op_dst_too_small)
{
	self->op.dst_len = sizeof(self->dst) - 1;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -ENOSPC);
}

TEST_F(gcm, op_aad_longer_than_src)
{
	self->op.src_len = GCM_AAD_LEN;
	self->op.aad_len = GCM_AAD_LEN + 4;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST_F(gcm, op_aad_len_not_esp)
{
	/* rfc4106 takes 8 or 12 bytes of AAD plus the 8-byte IV only. */
	self->op.aad_len = 12;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST_F(gcm, op_ciphertext_shorter_than_tag)
{
	self->op.op = UCAPI_OP_DECRYPT;
	self->op.src_len = GCM_AAD_LEN + GCM_TAG_LEN - 1;
	expect_op_status(_metadata, self->fd, &self->op, &self->good,
			 -EINVAL);
}

TEST(op_aad_on_skcipher)
{
	uint8_t key[16] = { 0 }, buf[64] = { 0 };
	struct ucapi_op op;
	int fd = ucapi_open_keyed("cbc(aes)", UCAPI_TYPE_SKCIPHER, key,
				  sizeof(key));

	ASSERT_LE(0, fd);
	ucapi_op_init(&op, UCAPI_OP_ENCRYPT, buf, 16, buf, 32, buf,
		      sizeof(buf), 16);
	EXPECT_EQ(-EINVAL, ucapi_run_one(fd, &op));
	close(fd);
}

TEST(op_cbc_partial_block)
{
	uint8_t key[16] = { 0 }, buf[64] = { 0 };
	struct ucapi_op op;
	int fd = ucapi_open_keyed("cbc(aes)", UCAPI_TYPE_SKCIPHER, key,
				  sizeof(key));

	ASSERT_LE(0, fd);
	ucapi_op_init(&op, UCAPI_OP_ENCRYPT, buf, 16, buf, 17, buf,
		      sizeof(buf), 0);
	EXPECT_EQ(-EINVAL, ucapi_run_one(fd, &op));
	close(fd);
}

/* Batches mixing good and bad operations */

TEST_F(gcm, mixed_batch_auth_failures)
{
	uint8_t ct[4][sizeof(self->dst)], pt[4][sizeof(self->src)];
	struct ucapi_op ops[4];
	int i, j;

	for (i = 0; i < 4; i++)
		ucapi_op_init(&ops[i], UCAPI_OP_ENCRYPT, self->iv, GCM_IV_LEN,
			      self->src, sizeof(self->src), ct[i],
			      sizeof(ct[i]), GCM_AAD_LEN);
	ASSERT_EQ(4, sys_ucapi_batch(self->fd, ops, 4, sizeof(ops[0]), 0));

	/* Corrupt the tag of ops 1 and 3, then decrypt all four. */
	ct[1][sizeof(ct[1]) - 1] ^= 1;
	ct[3][GCM_AAD_LEN] ^= 1;
	memset(pt, 0x5a, sizeof(pt));
	for (i = 0; i < 4; i++)
		ucapi_op_init(&ops[i], UCAPI_OP_DECRYPT, self->iv, GCM_IV_LEN,
			      ct[i], sizeof(ct[i]), pt[i], sizeof(pt[i]),
			      GCM_AAD_LEN);
	ASSERT_EQ(4, sys_ucapi_batch(self->fd, ops, 4, sizeof(ops[0]), 0));

	for (i = 0; i < 4; i += 2) {
		EXPECT_EQ(0, ops[i].status);
		EXPECT_EQ(sizeof(self->src), ops[i].out_len);
		EXPECT_EQ(0, memcmp(self->src, pt[i], sizeof(self->src)));
	}
	for (i = 1; i < 4; i += 2) {
		EXPECT_EQ(-EBADMSG, ops[i].status);
		EXPECT_EQ(0, ops[i].out_len);
		for (j = 0; j < (int)sizeof(pt[i]); j++)
			ASSERT_EQ(0x5a, pt[i][j]);
	}
}

TEST_F(gcm, mixed_batch_errors)
{
	struct ucapi_op ops[5];
	uint8_t dst[5][sizeof(self->dst)];
	int i;

	for (i = 0; i < 5; i++)
		ucapi_op_init(&ops[i], UCAPI_OP_ENCRYPT, self->iv, GCM_IV_LEN,
			      self->src, sizeof(self->src), dst[i],
			      sizeof(dst[i]), GCM_AAD_LEN);
	ops[1].flags = 1;
	ops[2].src = 0;
	ops[3].dst_len = 1;

	ASSERT_EQ(5, sys_ucapi_batch(self->fd, ops, 5, sizeof(ops[0]), 0));
	EXPECT_EQ(0, ops[0].status);
	EXPECT_EQ(-EINVAL, ops[1].status);
	EXPECT_EQ(-EFAULT, ops[2].status);
	EXPECT_EQ(-ENOSPC, ops[3].status);
	EXPECT_EQ(0, ops[4].status);
	EXPECT_EQ(0, memcmp(dst[0], dst[4], sizeof(dst[0])));
}

TEST_F(gcm, batch_len_limit)
{
	/* 63 full operations fit in UCAPI_MAX_BATCH_LEN, the 64th not. */
	const unsigned int nr = UCAPI_MAX_BATCH_LEN / UCAPI_MAX_OP_LEN + 1;
	const uint32_t len = UCAPI_MAX_OP_LEN;
	static struct ucapi_op ops[UCAPI_MAX_OPS];
	static uint8_t digest[32];
	uint8_t *src;
	unsigned int i;
	int fd;

	ASSERT_EQ(64, nr);
	src = calloc(1, len);
	ASSERT_NE(NULL, src);
	fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);
	ASSERT_LE(0, fd);
	for (i = 0; i < nr; i++)
		ucapi_op_init(&ops[i], UCAPI_OP_DIGEST, NULL, 0, src, len,
			      digest, sizeof(digest), 0);

	EXPECT_EQ(nr - 1, sys_ucapi_batch(fd, ops, nr, sizeof(ops[0]), 0));
	EXPECT_EQ(0, ops[nr - 2].status);
	/* The operation after the limit is untouched. */
	EXPECT_EQ(1, ops[nr - 1].status);
	EXPECT_EQ(0xdeadbeef, ops[nr - 1].out_len);

	/* Oversized operations fail alone and do not count to the limit. */
	for (i = 0; i < nr - 1; i++)
		ucapi_op_init(&ops[i], UCAPI_OP_DIGEST, NULL, 0, src, len + 1,
			      digest, sizeof(digest), 0);
	EXPECT_EQ(nr - 1, sys_ucapi_batch(fd, ops, nr - 1, sizeof(ops[0]),
					  0));
	EXPECT_EQ(-EINVAL, ops[0].status);
	close(fd);
	free(src);
}

TEST_F(gcm, batch_max_ops)
{
	static struct ucapi_op ops[UCAPI_MAX_OPS];
	static uint8_t dst[UCAPI_MAX_OPS][sizeof(self->dst)];
	int i;

	for (i = 0; i < UCAPI_MAX_OPS; i++)
		ucapi_op_init(&ops[i], UCAPI_OP_ENCRYPT, self->iv, GCM_IV_LEN,
			      self->src, sizeof(self->src), dst[i],
			      sizeof(dst[i]), GCM_AAD_LEN);
	ASSERT_EQ(UCAPI_MAX_OPS, sys_ucapi_batch(self->fd, ops, UCAPI_MAX_OPS,
						 sizeof(ops[0]), 0));
	for (i = 0; i < UCAPI_MAX_OPS; i++) {
		EXPECT_EQ(0, ops[i].status);
		EXPECT_EQ(0, memcmp(dst[0], dst[i], sizeof(dst[0])));
	}
}

TEST_HARNESS_MAIN
