// SPDX-License-Identifier: GPL-2.0
/*
 * Session behaviour of ucapi: information, sharing across threads, dup()
 * and fork(), descriptor flags and leaks, keyring keys, seccomp filtering,
 * signals and the sysfs advertisement.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/keyctl.h>
#include <linux/seccomp.h>

#include "../kselftest_harness.h"
#include "ucapi_util.h"

#define GCM_ALG		"rfc4106(gcm(aes))"
#define GCM_IV_LEN	8
#define GCM_AAD_LEN	16
#define MSG_LEN		256

/* Key permission bits from the keyrings ABI (keyutils names them so). */
#define KEY_POS_VIEW	0x01000000
#define KEY_POS_SETATTR	0x20000000

static const uint8_t key_a[20] = "0123456789abcdefSALT";
static const uint8_t key_b[20] = "fedcba9876543210salt";

/* Encrypt a fixed message with an rfc4106 session into ct. */
static int encrypt_fixed(int fd, uint8_t *ct, size_t ct_len)
{
	uint8_t src[GCM_AAD_LEN + MSG_LEN];
	uint8_t iv[GCM_IV_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ucapi_op op;
	size_t i;

	for (i = 0; i < sizeof(src); i++)
		src[i] = i;
	memcpy(src + GCM_AAD_LEN - GCM_IV_LEN, iv, GCM_IV_LEN);
	ucapi_op_init(&op, UCAPI_OP_ENCRYPT, iv, GCM_IV_LEN, src, sizeof(src),
		      ct, ct_len, GCM_AAD_LEN);
	return ucapi_run_one(fd, &op);
}

#define CT_LEN (GCM_AAD_LEN + MSG_LEN + 16)

/* Encrypt the fixed message under key with a fresh session. */
static int reference_ct(const uint8_t *key, uint8_t *ct)
{
	int fd = ucapi_open_keyed(GCM_ALG, UCAPI_TYPE_AEAD, key, 20);
	int err;

	if (fd < 0)
		return fd;
	err = encrypt_fixed(fd, ct, CT_LEN);
	close(fd);
	return err;
}

/* GET_INFO */

TEST(info_aead)
{
	struct ucapi_info info;
	int fd = sys_ucapi_open("gcm(aes)", UCAPI_TYPE_AEAD, 0);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ucapi_get_info(fd, &info));
	EXPECT_STREQ("gcm(aes)", info.alg_name);
	EXPECT_NE(0, info.driver_name[0]);
	EXPECT_EQ(UCAPI_TYPE_AEAD, info.type);
	EXPECT_EQ(0, info.flags & UCAPI_INFO_KEY_SET);
	EXPECT_EQ(12, info.ivsize);
	EXPECT_EQ(1, info.blocksize);
	EXPECT_EQ(16, info.maxauthsize);
	EXPECT_EQ(16, info.authsize);
	EXPECT_EQ(0, info.digestsize);
	EXPECT_EQ(0, info.min_keysize);
	EXPECT_EQ(0, info.max_keysize);
	EXPECT_EQ(UCAPI_MAX_OPS, info.max_ops);
	EXPECT_EQ(UCAPI_MAX_OP_LEN, info.max_op_len);
	EXPECT_EQ(UCAPI_MAX_BATCH_LEN, info.max_batch_len);

	ASSERT_EQ(0, ucapi_set_key(fd, key_a, 16));
	ASSERT_EQ(0, ucapi_set_authsize(fd, 12));
	ASSERT_EQ(0, ucapi_get_info(fd, &info));
	EXPECT_EQ(UCAPI_INFO_KEY_SET, info.flags & UCAPI_INFO_KEY_SET);
	EXPECT_EQ(12, info.authsize);
	close(fd);
}

TEST(info_skcipher)
{
	struct ucapi_info info;
	int fd = sys_ucapi_open("cbc(aes)", UCAPI_TYPE_SKCIPHER, 0);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ucapi_get_info(fd, &info));
	EXPECT_STREQ("cbc(aes)", info.alg_name);
	EXPECT_EQ(UCAPI_TYPE_SKCIPHER, info.type);
	EXPECT_EQ(16, info.ivsize);
	EXPECT_EQ(16, info.blocksize);
	EXPECT_EQ(16, info.min_keysize);
	EXPECT_EQ(32, info.max_keysize);
	EXPECT_EQ(0, info.maxauthsize);
	close(fd);
}

TEST(info_hash)
{
	struct ucapi_info info;
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ucapi_get_info(fd, &info));
	EXPECT_STREQ("sha256", info.alg_name);
	EXPECT_EQ(UCAPI_TYPE_HASH, info.type);
	EXPECT_EQ(32, info.digestsize);
	EXPECT_EQ(64, info.blocksize);
	EXPECT_EQ(0, info.ivsize);
	close(fd);
}

TEST(info_larger_buffer)
{
	uint8_t buf[sizeof(struct ucapi_info) + 64];
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);
	size_t i;

	ASSERT_LE(0, fd);
	memset(buf, 0xa5, sizeof(buf));
	EXPECT_EQ(sizeof(struct ucapi_info),
		  sys_ucapi_ctl(fd, UCAPI_CTL_GET_INFO, buf, sizeof(buf)));
	for (i = sizeof(struct ucapi_info); i < sizeof(buf); i++)
		ASSERT_EQ(0xa5, buf[i]);
	close(fd);
}

TEST(info_fully_initialised)
{
	struct ucapi_info a, b;
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	/* Different fill patterns must give identical results. */
	memset(&a, 0x00, sizeof(a));
	memset(&b, 0xff, sizeof(b));
	ASSERT_EQ(0, ucapi_get_info(fd, &a));
	ASSERT_EQ(0, ucapi_get_info(fd, &b));
	EXPECT_EQ(0, memcmp(&a, &b, sizeof(a)));
	close(fd);
}

/* Sharing: threads, dup(), fork() */

struct thread_arg {
	int fd;
	const uint8_t *expect;
	int failures;
};

static void *encrypt_loop(void *p)
{
	struct thread_arg *arg = p;
	uint8_t ct[CT_LEN];
	int i;

	for (i = 0; i < 200; i++) {
		memset(ct, 0, sizeof(ct));
		if (encrypt_fixed(arg->fd, ct, sizeof(ct)) ||
		    memcmp(ct, arg->expect, sizeof(ct)))
			arg->failures++;
	}
	return NULL;
}

TEST(threads_share_session)
{
	struct thread_arg args[4];
	pthread_t threads[4];
	uint8_t expect[CT_LEN];
	int fd, i;

	ASSERT_EQ(0, reference_ct(key_a, expect));
	fd = ucapi_open_keyed(GCM_ALG, UCAPI_TYPE_AEAD, key_a, 20);
	ASSERT_LE(0, fd);
	for (i = 0; i < 4; i++) {
		args[i] = (struct thread_arg){ .fd = fd, .expect = expect };
		ASSERT_EQ(0, pthread_create(&threads[i], NULL, encrypt_loop,
					    &args[i]));
	}
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, pthread_join(threads[i], NULL));
		EXPECT_EQ(0, args[i].failures) TH_LOG("thread %d", i);
	}
	close(fd);
}

TEST(dup_shares_session)
{
	uint8_t expect[CT_LEN], ct[CT_LEN];
	struct ucapi_info info;
	int fd, fd2;

	ASSERT_EQ(0, reference_ct(key_a, expect));
	fd = ucapi_open_keyed(GCM_ALG, UCAPI_TYPE_AEAD, key_a, 20);
	ASSERT_LE(0, fd);
	fd2 = dup(fd);
	ASSERT_LE(0, fd2);
	close(fd);

	ASSERT_EQ(0, ucapi_get_info(fd2, &info));
	EXPECT_EQ(UCAPI_INFO_KEY_SET, info.flags & UCAPI_INFO_KEY_SET);
	ASSERT_EQ(0, encrypt_fixed(fd2, ct, sizeof(ct)));
	EXPECT_EQ(0, memcmp(expect, ct, sizeof(ct)));
	close(fd2);
}

TEST(fork_shares_session)
{
	uint8_t ct_a[CT_LEN], ct_b[CT_LEN], ct[CT_LEN];
	int fd, status;
	pid_t pid;

	ASSERT_EQ(0, reference_ct(key_a, ct_a));
	ASSERT_EQ(0, reference_ct(key_b, ct_b));
	fd = ucapi_open_keyed(GCM_ALG, UCAPI_TYPE_AEAD, key_a, 20);
	ASSERT_LE(0, fd);

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* The child uses the parent's key, then sets key_b. */
		if (encrypt_fixed(fd, ct, sizeof(ct)) ||
		    memcmp(ct, ct_a, sizeof(ct)))
			_exit(1);
		if (ucapi_set_key(fd, key_b, 20))
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	/* The key the child set is the parent's too: one session. */
	ASSERT_EQ(0, encrypt_fixed(fd, ct, sizeof(ct)));
	EXPECT_EQ(0, memcmp(ct, ct_b, sizeof(ct)));
	close(fd);
}

/* Descriptors */

TEST(fd_no_leak)
{
	char long_name[UCAPI_ALG_NAME_LEN + 1];
	uint8_t ct[CT_LEN];
	int before, i, fd;

	memset(long_name, 'x', UCAPI_ALG_NAME_LEN);
	long_name[UCAPI_ALG_NAME_LEN] = '\0';
	before = count_open_fds();
	ASSERT_LT(0, before);

	for (i = 0; i < 100; i++) {
		fd = ucapi_open_keyed(GCM_ALG, UCAPI_TYPE_AEAD, key_a, 20);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, encrypt_fixed(fd, ct, sizeof(ct)));
		close(fd);
		/* Failed opens and a failed SET_KEY must not leave fds. */
		EXPECT_EQ(-EINVAL, ucapi_open_keyed(GCM_ALG, UCAPI_TYPE_AEAD,
						    key_a, 3));
		EXPECT_EQ(-1, sys_ucapi_open("no-such", UCAPI_TYPE_AEAD, 0));
		EXPECT_EQ(-1, sys_ucapi_open(long_name, UCAPI_TYPE_AEAD, 0));
		EXPECT_EQ(-1, sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 8));
	}
	EXPECT_EQ(before, count_open_fds());
}

TEST(fd_anon_inode_name)
{
	char path[64], target[64];
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);
	ssize_t len;

	ASSERT_LE(0, fd);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	len = readlink(path, target, sizeof(target) - 1);
	ASSERT_LT(0, len);
	target[len] = '\0';
	EXPECT_STREQ("anon_inode:[ucapi]", target);
	close(fd);
}

/* Return the exit status of sh testing whether fd is open after exec. */
static int fd_open_after_exec(int fd)
{
	char script[64];
	int status;
	pid_t pid;

	snprintf(script, sizeof(script), "test -e /proc/self/fd/%d", fd);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST(cloexec_flag)
{
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, UCAPI_OPEN_CLOEXEC);

	ASSERT_LE(0, fd);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(1, fd_open_after_exec(fd));
	close(fd);
}

TEST(no_cloexec_flag)
{
	int fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(0, fd_open_after_exec(fd));
	close(fd);
}

/* Keyring keys */

static int32_t add_key_in_process_keyring(const char *type, const char *desc,
					  const void *payload, size_t len)
{
	return syscall(__NR_add_key, type, desc, payload, len,
		       KEY_SPEC_PROCESS_KEYRING);
}

static long set_key_serial(int fd, int32_t serial)
{
	struct ucapi_key_serial args = { .serial = serial };

	return sys_ucapi_ctl(fd, UCAPI_CTL_SET_KEY_SERIAL, &args,
			     sizeof(args));
}

static void check_key_serial(struct __test_metadata *_metadata,
			     const char *type)
{
	uint8_t expect[CT_LEN], ct[CT_LEN];
	int32_t serial;
	int fd;

	ASSERT_EQ(0, reference_ct(key_a, expect));
	serial = add_key_in_process_keyring(type, "ucapi:test", key_a, 20);
	ASSERT_LT(0, serial) TH_LOG("add_key %s: %s", type, strerror(errno));
	fd = sys_ucapi_open(GCM_ALG, UCAPI_TYPE_AEAD, 0);
	ASSERT_LE(0, fd);

	ASSERT_EQ(0, set_key_serial(fd, serial)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, encrypt_fixed(fd, ct, sizeof(ct)));
	EXPECT_EQ(0, memcmp(expect, ct, sizeof(ct)));

	/* Revoked: no new SET_KEY_SERIAL; the loaded copy stays usable. */
	ASSERT_EQ(0, syscall(__NR_keyctl, KEYCTL_REVOKE, serial));
	EXPECT_EQ(-1, set_key_serial(fd, serial));
	EXPECT_EQ(EKEYREVOKED, errno);
	ASSERT_EQ(0, encrypt_fixed(fd, ct, sizeof(ct)));
	EXPECT_EQ(0, memcmp(expect, ct, sizeof(ct)));
	close(fd);
}

TEST(key_serial_logon)
{
	check_key_serial(_metadata, "logon");
}

TEST(key_serial_user)
{
	check_key_serial(_metadata, "user");
}

TEST(key_serial_keyring_type)
{
	int32_t ring = syscall(__NR_keyctl, KEYCTL_GET_KEYRING_ID,
			       KEY_SPEC_PROCESS_KEYRING, 1);
	int fd = sys_ucapi_open(GCM_ALG, UCAPI_TYPE_AEAD, 0);

	ASSERT_LT(0, ring);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, set_key_serial(fd, ring));
	EXPECT_EQ(EKEYREJECTED, errno);
	close(fd);
}

TEST(key_serial_unknown)
{
	int fd = sys_ucapi_open(GCM_ALG, UCAPI_TYPE_AEAD, 0);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, set_key_serial(fd, 0x7ffffff0));
	EXPECT_EQ(ENOKEY, errno);
	close(fd);
}

TEST(key_serial_no_search_permission)
{
	int32_t serial = add_key_in_process_keyring("logon", "ucapi:nosearch",
						    key_a, 20);
	int fd = sys_ucapi_open(GCM_ALG, UCAPI_TYPE_AEAD, 0);

	ASSERT_LT(0, serial);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, syscall(__NR_keyctl, KEYCTL_SETPERM, serial,
			     KEY_POS_VIEW | KEY_POS_SETATTR));
	EXPECT_EQ(-1, set_key_serial(fd, serial));
	EXPECT_EQ(EACCES, errno);
	close(fd);
}

TEST(key_serial_bad_length)
{
	int32_t serial = add_key_in_process_keyring("user", "ucapi:short",
						    key_a, 7);
	int fd = sys_ucapi_open(GCM_ALG, UCAPI_TYPE_AEAD, 0);

	ASSERT_LT(0, serial);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, set_key_serial(fd, serial));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST(key_serial_flags)
{
	struct ucapi_key_serial args = { .serial = 1, .flags = 1 };
	int fd = sys_ucapi_open(GCM_ALG, UCAPI_TYPE_AEAD, 0);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, sys_ucapi_ctl(fd, UCAPI_CTL_SET_KEY_SERIAL, &args,
				    sizeof(args)));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

/* A seccomp filter can match the system-call number and the ctl command. */

static int install_ucapi_filter(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ucapi_open, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ucapi_ctl, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, UCAPI_CTL_SET_KEY, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = ARRAY_SIZE(filter),
		.filter = filter,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return -errno;
	return 0;
}

TEST(seccomp_filter)
{
	uint8_t ct[CT_LEN];
	struct ucapi_info info;
	int fd = ucapi_open_keyed(GCM_ALG, UCAPI_TYPE_AEAD, key_a, 20);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, install_ucapi_filter());

	EXPECT_EQ(-1, sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-EACCES, ucapi_set_key(fd, key_b, 20));
	/* Commands and calls the filter does not name still work. */
	EXPECT_EQ(0, ucapi_get_info(fd, &info));
	EXPECT_EQ(0, ucapi_set_authsize(fd, 16));
	EXPECT_EQ(0, encrypt_fixed(fd, ct, sizeof(ct)));
	close(fd);
}

/* Signals */

static void on_alarm(int sig)
{
}

TEST(batch_interrupted_by_signal)
{
	const unsigned int nr = UCAPI_MAX_BATCH_LEN / UCAPI_MAX_OP_LEN;
	static struct ucapi_op ops[UCAPI_MAX_OPS];
	struct itimerval timer = {
		.it_interval = { .tv_usec = 500 },
		.it_value = { .tv_usec = 500 },
	};
	struct sigaction sa = { .sa_handler = on_alarm };
	int fd, attempt, short_count = 0, eintr = 0;
	static uint8_t src[UCAPI_MAX_OP_LEN];
	uint8_t digest[32];
	unsigned int i;
	long ret;

	/* No SA_RESTART: the call must come back with what it did. */
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	fd = sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0);
	ASSERT_LE(0, fd);

	for (attempt = 0; attempt < 50 && !short_count; attempt++) {
		for (i = 0; i < nr; i++)
			ucapi_op_init(&ops[i], UCAPI_OP_DIGEST, NULL, 0, src,
				      sizeof(src), digest, sizeof(digest), 0);
		ASSERT_EQ(0, setitimer(ITIMER_REAL, &timer, NULL));
		ret = sys_ucapi_batch(fd, ops, nr, sizeof(ops[0]), 0);
		setitimer(ITIMER_REAL, &(struct itimerval){ 0 }, NULL);

		if (ret < 0) {
			ASSERT_EQ(EINTR, errno);
			eintr++;
			continue;
		}
		ASSERT_LE(1, ret);
		for (i = 0; i < ret; i++)
			ASSERT_EQ(0, ops[i].status);
		if (ret < nr) {
			short_count++;
			/* Operations after the count are untouched. */
			ASSERT_EQ(1, ops[ret].status);
			ASSERT_EQ(0xdeadbeef, ops[ret].out_len);
		}
	}
	TH_LOG("%d attempts, %d returned -EINTR", attempt, eintr);
	EXPECT_EQ(1, short_count);
	close(fd);
}

/* sysfs */

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t len;

	if (fd < 0)
		return -errno;
	len = read(fd, buf, size - 1);
	close(fd);
	if (len < 0)
		return -errno;
	buf[len] = '\0';
	return 0;
}

TEST(sysfs_syscalls)
{
	char buf[256], expect[256];

	ASSERT_EQ(0, read_file("/sys/kernel/ucapi/syscalls", buf,
			       sizeof(buf)));
	snprintf(expect, sizeof(expect),
		 "ucapi_open %d\nucapi_ctl %d\nucapi_batch %d\n",
		 __NR_ucapi_open, __NR_ucapi_ctl, __NR_ucapi_batch);
	EXPECT_STREQ(expect, buf);
	EXPECT_EQ(600, __NR_ucapi_open);
	EXPECT_EQ(601, __NR_ucapi_ctl);
	EXPECT_EQ(602, __NR_ucapi_batch);
}

TEST(sysfs_abi_version)
{
	char buf[16];

	ASSERT_EQ(0, read_file("/sys/kernel/ucapi/abi_version", buf,
			       sizeof(buf)));
	EXPECT_STREQ("1\n", buf);
}

TEST_HARNESS_MAIN
