// SPDX-License-Identifier: GPL-2.0
/*
 * Random-call fuzzer of the ucapi system calls, for the debug kernel.
 *
 *   ucapi-fuzz [CALLS [SEED]]
 *
 * Makes CALLS (default 1000000) calls of ucapi_open, ucapi_ctl and
 * ucapi_batch with random arguments: real and random fds, commands, sizes,
 * flags and op counts, and pointers into a scratch arena, into a PROT_NONE
 * page, NULL or kernel addresses.  Every pointer the kernel may write
 * through points into the arena, so the fuzzer never corrupts itself.
 * The kernel must survive without a report; guest-run.sh checks dmesg.
 * Prints TAP: the calls made and the errno values seen.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ARENA_SIZE	(1 << 20)
#define MAX_FDS		8

static long nr_open = -1, nr_ctl = -1, nr_batch = -1;
static uint8_t *arena, *guard;
static uint64_t rng_state;

static uint64_t random_u64(void)
{
	/* xorshift64*: reproducible from the seed printed at start */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static int read_numbers(void)
{
	FILE *f = fopen("/sys/kernel/ucapi/syscalls", "r");
	char name[32];
	long nr;

	if (!f)
		return -errno;
	while (fscanf(f, "%31s %ld", name, &nr) == 2) {
		if (!strcmp(name, "ucapi_open"))
			nr_open = nr;
		else if (!strcmp(name, "ucapi_ctl"))
			nr_ctl = nr;
		else if (!strcmp(name, "ucapi_batch"))
			nr_batch = nr;
	}
	fclose(f);
	return nr_open < 0 || nr_ctl < 0 || nr_batch < 0 ? -ENOENT : 0;
}

/* A pointer the kernel may read from or write to, or a bad one. */
static uint64_t random_pointer(size_t len)
{
	switch (random_u64() % 8) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)guard + random_u64() % 4096;
	case 2:
		return 0xffff888000000000ULL + (random_u64() & 0xffffff);
	case 3:
		return (uintptr_t)arena + ARENA_SIZE - random_u64() % 64;
	default:
		if (len >= ARENA_SIZE)
			len = ARENA_SIZE - 1;
		return (uintptr_t)arena + random_u64() % (ARENA_SIZE - len);
	}
}

static uint32_t random_len(void)
{
	static const uint32_t edges[] = { 0, 1, 7, 8, 15, 16, 20, 31, 32, 64,
					  1420, 65535, 65536, 66048, 66049,
					  1U << 22, 0xffffffff };

	if (random_u64() % 2)
		return edges[random_u64() % (sizeof(edges) / sizeof(edges[0]))];
	return random_u64() % 2048;
}

static const char *const algs[] = {
	"rfc4106(gcm(aes))", "authenc(hmac(sha256),cbc(aes))",
	"rfc7539esp(chacha20,poly1305)", "cbc(aes)", "ctr(aes)",
	"hmac(sha256)", "sha256", "rfc4543(gcm(aes))", "gcm(aes)",
	"no-such-alg", "",
};

static long call_open(void)
{
	const char *name = algs[random_u64() % (sizeof(algs) / sizeof(algs[0]))];
	char *copy = (char *)arena + ARENA_SIZE / 2;

	strcpy(copy, name);
	return syscall(nr_open, random_u64() % 8 ? (uintptr_t)copy : random_pointer(1),
		       random_u64() % 5, random_u64() % 4 ? 1 : (unsigned int)random_u64());
}

static long call_ctl(int fd)
{
	uint32_t size = random_len();
	uint64_t arg = random_pointer(size);

	/* Half the time the argument is a plausible key struct. */
	if (random_u64() % 2 && arg >= (uintptr_t)arena &&
	    arg + 16 <= (uintptr_t)arena + ARENA_SIZE) {
		uint64_t key = random_pointer(64);

		memcpy((void *)(uintptr_t)arg, &key, 8);
		*(uint32_t *)(uintptr_t)(arg + 8) = random_u64() % 80;
		*(uint32_t *)(uintptr_t)(arg + 12) = random_u64() % 16 ? 0 : random_u64();
		size = random_u64() % 4 ? 16 : size;
	}
	return syscall(nr_ctl, fd, random_u64() % 6, arg, size);
}

static long call_batch(int fd)
{
	unsigned int nr = random_u64() % 4 ? random_u64() % 8 + 1 : (unsigned int)random_len();
	size_t op_size = random_u64() % 4 ? 56 : random_len();
	uint8_t *ops = arena;
	unsigned int i;

	for (i = 0; i < 8 && (i + 1) * 56 <= ARENA_SIZE / 4; i++) {
		uint32_t *w = (uint32_t *)(ops + i * 56);
		uint32_t len = random_len();

		w[0] = random_u64() % 5;
		w[1] = random_u64() % 16 ? 0 : random_u64();
		*(uint64_t *)(w + 2) = random_pointer(32);
		*(uint64_t *)(w + 4) = random_pointer(len);
		*(uint64_t *)(w + 6) = random_pointer(len);
		w[8] = len;
		w[9] = random_u64() % 2 ? len + 16 : random_len();
		w[10] = random_u64() % 3 ? 16 + 8 * (random_u64() % 2) : random_len();
		w[11] = random_u64() % 3 ? 8 : random_len();
	}
	return syscall(nr_batch, fd, random_u64() % 8 ? (uintptr_t)ops :
		       random_pointer(nr * 56), nr, op_size,
		       random_u64() % 8 ? 0 : (unsigned int)random_u64());
}

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 1000000;
	int fds[MAX_FDS], nr_fds = 0, other_fd;
	long i, ret, ok = 0, errors[4096] = { 0 };

	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x75636170ULL;
	printf("1..1\n# %ld calls, seed %#llx\n", calls,
	       (unsigned long long)rng_state);
	if (read_numbers()) {
		printf("not ok 1 - ucapi syscalls not advertised in /sys/kernel/ucapi\n");
		return 1;
	}
	arena = mmap(NULL, ARENA_SIZE + 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED) {
		printf("not ok 1 - mmap failed: %s\n", strerror(errno));
		return 1;
	}
	guard = arena + ARENA_SIZE;
	mprotect(guard, 4096, PROT_NONE);
	other_fd = open("/dev/null", O_RDONLY);

	for (i = 0; i < calls; i++) {
		int fd = nr_fds ? fds[random_u64() % nr_fds] : other_fd;

		if (random_u64() % 16 == 0)
			fd = random_u64() % 2 ? other_fd : (int)(random_u64() % 1024) - 2;
		switch (random_u64() % 8) {
		case 0:
			ret = call_open();
			if (ret >= 0) {
				if (nr_fds == MAX_FDS) {
					int victim = random_u64() % MAX_FDS;

					close(fds[victim]);
					fds[victim] = ret;
				} else {
					fds[nr_fds++] = ret;
				}
			}
			break;
		case 1:
		case 2:
		case 3:
			ret = call_ctl(fd);
			break;
		default:
			ret = call_batch(fd);
			break;
		}
		if (ret >= 0)
			ok++;
		else if (errno < 4096)
			errors[errno]++;
	}
	printf("# %ld calls returned >= 0\n", ok);
	for (i = 0; i < 4096; i++)
		if (errors[i])
			printf("# errno %ld (%s): %ld\n", i, strerror(i), errors[i]);
	printf("ok 1 - %ld random calls made\n", calls);
	return 0;
}
