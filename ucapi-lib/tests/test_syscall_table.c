// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The syscall backend takes its system-call numbers only from
 * /sys/kernel/ucapi/syscalls.  The parser is checked on files written
 * here, and on a kernel without the file a seccomp filter kills the
 * process if the library issues any of the x86_64 numbers 600-602.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "tap.h"

static char dir[] = "/tmp/ucapi-syscalls-XXXXXX";
static char table_path[64], abi_path[64];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		tap_bail("cannot write %s", path);
}

static int parse(const char *table, const char *abi,
		 struct ucapi_syscall_nrs *nrs)
{
	unlink(table_path);
	unlink(abi_path);
	if (table)
		write_file(table_path, table);
	if (abi)
		write_file(abi_path, abi);
	return ucapi_parse_syscall_table(table_path, abi_path, nrs);
}

static void test_parser(void)
{
	struct ucapi_syscall_nrs nrs;

	if (!mkdtemp(dir))
		tap_bail("mkdtemp failed");
	snprintf(table_path, sizeof(table_path), "%s/syscalls", dir);
	snprintf(abi_path, sizeof(abi_path), "%s/abi_version", dir);

	tap_is_int(parse("ucapi_open 600\nucapi_ctl 601\nucapi_batch 602\n",
			 "1\n", &nrs), 0, "table with three calls");
	tap_is_int(nrs.open, 600, "ucapi_open number");
	tap_is_int(nrs.ctl, 601, "ucapi_ctl number");
	tap_is_int(nrs.batch, 602, "ucapi_batch number");

	tap_is_int(parse("ucapi_batch 453\nucapi_future 99\nucapi_open 451\n"
			 "ucapi_ctl 452\n", "1", &nrs), 0,
		   "other numbers, any order, unknown name");
	tap_is_int(nrs.open, 451, "ucapi_open number taken from the file");
	tap_is_int(nrs.batch, 453, "ucapi_batch number taken from the file");

	tap_is_int(parse("ucapi_open 600\nucapi_ctl 601\n", "1\n", &nrs),
		   -ENOSYS, "ucapi_batch missing");
	tap_is_int(parse("ucapi_open 600\nucapi_ctl 601\nucapi_batch 602\n",
			 "2\n", &nrs), -ENOSYS, "unknown ABI version");
	tap_is_int(parse("ucapi_open 600\nucapi_ctl 601\nucapi_batch 602\n",
			 NULL, &nrs), -ENOSYS, "abi_version missing");
	tap_is_int(parse(NULL, "1\n", &nrs), -ENOSYS, "table missing");
	tap_is_int(parse("ucapi_open six hundred\n", "1\n", &nrs), -EINVAL,
		   "number not decimal");
	tap_is_int(parse("ucapi_open 600 601\n", "1\n", &nrs), -EINVAL,
		   "trailing field");
	tap_is_int(parse("ucapi_open -1\n", "1\n", &nrs), -EINVAL,
		   "negative number");
	tap_is_int(parse("ucapi_open 600\n", "one\n", &nrs), -EINVAL,
		   "abi_version not a number");

	unlink(table_path);
	unlink(abi_path);
	rmdir(dir);
}

/* Kill the process on system calls 600, 601 and 602. */
static int forbid_ucapi_numbers(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 600, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 602, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return -errno;
	return 0;
}

/* Child: open through every path that could reach the syscall backend. */
static int child_open_all(void)
{
	struct ucapi_open_opts opts = {
		.sz = sizeof(opts), .backend = UCAPI_BACKEND_SYSCALL,
	};
	struct ucapi_session *sess;
	int err;

	if (forbid_ucapi_numbers())
		return 10;
	err = ucapi_open(&sess, "sha256", UCAPI_HASH, &opts);
	if (err != -ENOSYS)
		return 11;
	if (ucapi_default_backend() == UCAPI_BACKEND_SYSCALL)
		return 12;
	setenv("UCAPI_BACKEND", "syscall", 1);
	if (ucapi_open(&sess, "sha256", UCAPI_HASH, NULL) != -ENOSYS)
		return 13;
	unsetenv("UCAPI_BACKEND");
	if (ucapi_open(&sess, "sha256", UCAPI_HASH, NULL))
		return 14;
	ucapi_close(sess);
	return 0;
}

static void test_never_unadvertised(void)
{
	int status;
	pid_t pid;

	if (!access(UCAPI_SYSFS_SYSCALLS, F_OK)) {
		const struct ucapi_syscall_nrs *nrs;

		tap_is_int(ucapi_syscall_table(&nrs), 0,
			   "advertised table of the running kernel parses");
		return;
	}
	pid = fork();
	if (pid < 0)
		tap_bail("fork failed");
	if (pid == 0)
		_exit(child_open_all());
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		tap_diag("child killed by signal %d: a ucapi number was issued",
			 WTERMSIG(status));
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "no ucapi system call without the sysfs table");
}

int main(void)
{
	unsetenv("UCAPI_BACKEND");
	test_parser();
	test_never_unadvertised();
	return tap_done();
}
