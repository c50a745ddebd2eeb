// SPDX-License-Identifier: GPL-2.0
/*
 * For a kernel built without CONFIG_UCAPI: the system calls do not exist
 * and /sys/kernel/ucapi is absent, so user space falls back cleanly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "ucapi_util.h"

TEST(open_enosys)
{
	EXPECT_EQ(-1, sys_ucapi_open("sha256", UCAPI_TYPE_HASH, 0));
	EXPECT_EQ(ENOSYS, errno);
}

TEST(ctl_enosys)
{
	struct ucapi_info info;

	EXPECT_EQ(-1, sys_ucapi_ctl(0, UCAPI_CTL_GET_INFO, &info,
				    sizeof(info)));
	EXPECT_EQ(ENOSYS, errno);
}

TEST(batch_enosys)
{
	struct ucapi_op op = { 0 };

	EXPECT_EQ(-1, sys_ucapi_batch(0, &op, 1, sizeof(op), 0));
	EXPECT_EQ(ENOSYS, errno);
}

TEST(sysfs_absent)
{
	struct stat st;

	EXPECT_EQ(-1, stat("/sys/kernel/ucapi", &st));
	EXPECT_EQ(ENOENT, errno);
	/* sysfs itself is there, so the absence means something. */
	EXPECT_EQ(0, stat("/sys/kernel", &st));
}

TEST_HARNESS_MAIN
