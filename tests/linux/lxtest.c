/* SPDX-License-Identifier: MIT */
/*
 * An ordinary Linux program for the Linux personality's tests: built
 * with musl-gcc -static and gcc -static (and as static PIEs), run by
 * unimon and natively. Each subcommand prints what it found; the tests
 * compare with the native run or assert the lines.
 *   lxtest CMD [ARGS...]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* printf of floats, math, qsort/bsearch, setjmp, strtod: deterministic. */
static int libc(void)
{
	int v[] = { 42, 7, 19, -3, 0, 1000, 7 }, key = 19, *hit;
	jmp_buf jb;
	volatile int jumped = 0;
	char *end;
	double d;

	printf("%f %e %g %.3f %g\n", 3.14159265358979, 12345.678, 0.0001234,
	       -2.5, 1e100);
	printf("sqrt %.10f sin %.10f exp %.10f pow %.6g\n", sqrt(2.0), sin(1.0),
	       exp(1.0), pow(2.0, 0.5));
	qsort(v, 7, sizeof(int), cmp_int);
	hit = bsearch(&key, v, 7, sizeof(int), cmp_int);
	printf("qsort %d %d %d %d %d %d %d bsearch %ld\n", v[0], v[1], v[2],
	       v[3], v[4], v[5], v[6], hit ? (long)(hit - v) : -1L);
	if (setjmp(jb) == 0) {
		jumped = 1;
		longjmp(jb, 7);
	}
	printf("setjmp back, jumped %d\n", jumped);
	d = strtod("-12.375e2xyz", &end);
	printf("strtod %.6f %s\n", d, end);
	return 0;
}

static uint64_t ns(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int clocks(void)
{
	uint64_t a = ns(CLOCK_MONOTONIC), b;
	struct timespec req = { 0, 50000000 }, res;
	time_t now = time(NULL);

	nanosleep(&req, NULL);
	b = ns(CLOCK_MONOTONIC);
	clock_getres(CLOCK_MONOTONIC, &res);
	printf("monotonic moved %s\n", b > a ? "forward" : "BACK");
	printf("nanosleep 50 ms: %s\n", b - a >= 50000000 ? "slept at least" : "SHORT");
	printf("realtime year ok %d\n", now > 1700000000);
	printf("resolution %s\n", res.tv_sec == 0 && res.tv_nsec > 0 ? "ok" : "BAD");
	return 0;
}

static int randomness(void)
{
	unsigned char a[32], b[32];
	int zero = 1, i;

	if (getrandom(a, sizeof(a), 0) != sizeof(a) ||
	    getrandom(b, sizeof(b), 0) != sizeof(b))
		return printf("getrandom failed: %s\n", strerror(errno)), 1;
	for (i = 0; i < 32; i++)
		zero &= !a[i];
	printf("getrandom: %s, %s\n", zero ? "ALL ZERO" : "not zero",
	       memcmp(a, b, 32) ? "two calls differ" : "SAME");
	return 0;
}

static int memory(void)
{
	size_t big = 64u << 20, n = 16, i;
	volatile char *p = malloc(big);
	char *r = NULL;
	int ok = 1;

	if (!p)
		return printf("malloc 64 MiB failed\n"), 1;
	p[0] = 1;
	p[big - 1] = 2;
	ok = p[0] == 1 && p[big - 1] == 2;
	free((void *)p);
	printf("malloc 64 MiB: %s, freed\n", ok ? "written" : "BAD");
	for (i = 0; i < 20; i++, n *= 2) {
		char *q = realloc(r, n);
		size_t j;

		if (!q)
			return printf("realloc %zu failed\n", n), 1;
		r = q;
		for (j = 0; j < n / 2 && i; j++)
			if (r[j] != (char)(j * 7))
				ok = 0;
		for (j = 0; j < n; j++)
			r[j] = (char)(j * 7);
	}
	free(r);
	printf("realloc growth to %zu: %s\n", n / 2, ok ? "content kept" : "BAD");
	return 0;
}

static int cat(void)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0)
		if (write(1, buf, (size_t)n) != n)
			return 1;
	return n < 0;
}

extern char **environ;

static int args(int argc, char **argv)
{
	unsigned char *rnd = (unsigned char *)getauxval(AT_RANDOM);
	int i, zero = 1;

	printf("argc %d\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	for (i = 0; environ[i]; i++)
		printf("env %s\n", environ[i]);
	for (i = 0; rnd && i < 16; i++)
		zero &= !rnd[i];
	printf("AT_RANDOM %s\n", rnd && !zero ? "not zero" : "ZERO");
	printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
	printf("AT_PHNUM %s\n", getauxval(AT_PHNUM) ? "set" : "0");
	printf("AT_ENTRY %s\n", getauxval(AT_ENTRY) ? "set" : "0");
	printf("AT_EXECFN %s\n", (char *)getauxval(AT_EXECFN));
	printf("AT_PLATFORM %s\n", (char *)getauxval(AT_PLATFORM));
	printf("AT_CLKTCK %lu AT_SECURE %lu\n", getauxval(AT_CLKTCK),
	       getauxval(AT_SECURE));
	printf("uid %s\n", getauxval(AT_UID) == getuid() ? "matches" : "DIFFERS");
	return 0;
}

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(int n)
{
	volatile char pad[1024];

	pad[0] = (char)n;
	return recurse(n + 1) + pad[0];
}

/* Hostile arguments: each must fail with the right error. */
#define EXPECT(what, call, err)                                               \
	do {                                                                  \
		long r_ = (long)(call);                                       \
		int e_ = errno;                                               \
		printf("%s: %s\n", what,                                      \
		       r_ == -1 && e_ == (err) ? "ok" : "WRONG");             \
		if (!(r_ == -1 && e_ == (err)))                               \
			printf("  got %ld errno %d (%s)\n", r_, e_,            \
			       strerror(e_));                                  \
	} while (0)

static int hostile(void)
{
	struct iovec v[3];
	char buf[64];
	void *m;

	EXPECT("write from NULL", syscall(SYS_write, 1, NULL, 10), EFAULT);
	EXPECT("write from past RAM", syscall(SYS_write, 1, (void *)(1ull << 40), 10), EFAULT);
	EXPECT("write from the kernel half", syscall(SYS_write, 1, (void *)-4096l, 10), EFAULT);
	EXPECT("read into the null page", syscall(SYS_read, 0, (void *)16, 10), EFAULT);
	EXPECT("read of a huge length", syscall(SYS_read, 0, buf, ~0ul), EFAULT);
	EXPECT("write of a wrapping length", syscall(SYS_write, 1, buf, ~0ul - 8), EFAULT);
	v[0] = (struct iovec){ buf, 4 };
	v[1] = (struct iovec){ NULL, 4 };
	EXPECT("writev with a NULL iovec", syscall(SYS_writev, 1, v, 2), EFAULT);
	EXPECT("writev of 2000 iovecs", syscall(SYS_writev, 1, v, 2000), EINVAL);
	v[0] = (struct iovec){ buf, 4 };
	v[1] = (struct iovec){ buf, 1ul << 63 };
	EXPECT("writev with a negative length", syscall(SYS_writev, 1, v, 2), EINVAL);
	v[1] = (struct iovec){ buf, ~0ul / 2 };
	EXPECT("writev with a huge length", syscall(SYS_writev, 1, v, 2), EFAULT);
	memcpy(buf, "abcdef\n", 7);
	v[0] = (struct iovec){ buf, 3 };
	v[1] = (struct iovec){ buf + 1, 3 };
	v[2] = (struct iovec){ buf + 6, 1 };
	printf("overlapping iovecs: ");
	fflush(stdout);
	printf(" (%ld)\n", (long)syscall(SYS_writev, 1, v, 3));
	EXPECT("bad descriptor", syscall(SYS_write, 77, buf, 1), EBADF);
	EXPECT("negative descriptor", syscall(SYS_write, -1, buf, 1), EBADF);
	EXPECT("mmap of 0 bytes", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	EXPECT("mmap fixed at an odd address", (long)mmap((void *)0x10000001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	EXPECT("mmap larger than RAM", (long)mmap(NULL, 1ul << 40, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
	EXPECT("mmap of a file", (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 0, 0), ENODEV);
	EXPECT("mmap with bad prot", (long)mmap(NULL, 4096, 0x100, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	EXPECT("munmap at an odd address", munmap((void *)0x10000001, 4096), EINVAL);
	EXPECT("mprotect of unmapped memory", mprotect((void *)0x10000000, 4096, PROT_READ), ENOMEM);
	EXPECT("clock_gettime into NULL", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, NULL), EFAULT);
	EXPECT("bad clock", syscall(SYS_clock_gettime, 1234, buf), EINVAL);
	EXPECT("getrandom into the null page", syscall(SYS_getrandom, (void *)8, 16, 0), EFAULT);
	EXPECT("rt_sigaction of SIGKILL", syscall(SYS_rt_sigaction, SIGKILL, buf, NULL, 8), EINVAL);
	EXPECT("rt_sigprocmask, bad size", syscall(SYS_rt_sigprocmask, 0, NULL, buf, 3), EINVAL);
	EXPECT("futex on a bad address", syscall(SYS_futex, (void *)4, 0, 0, NULL, NULL, 0), EFAULT);
	EXPECT("uname into the null page", syscall(SYS_uname, (void *)8), EFAULT);
	EXPECT("arch_prctl, bad code", syscall(SYS_arch_prctl, 0x9999, 0), EINVAL);
	EXPECT("unknown system call 400", syscall(400), ENOSYS);
	EXPECT("unknown system call 100000", syscall(100000), ENOSYS);
	printf("brk below its start: %s\n",
	       syscall(SYS_brk, 4096) == syscall(SYS_brk, 0) ? "ok" : "WRONG");
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap 8 KiB: %s\n", m != MAP_FAILED && !((char *)m)[100] ? "zero" : "BAD");
	EXPECT("mmap fixed-noreplace over it", (long)mmap(m, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
	printf("hostile: done\n");
	return 0;
}

/* Memory taken away must fault: 139 with the address. */
static int unmapped(void)
{
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	m[0] = 1;
	munmap(m, 4096);
	printf("touching %p after munmap\n", (void *)m);
	fflush(stdout);
	return m[0];
}

static int readonly(void)
{
	volatile char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	m[0] = 1;
	mprotect((void *)m, 4096, PROT_READ);
	printf("read back %d, writing to a read-only page\n", m[0]);
	fflush(stdout);
	m[0] = 2;
	return 0;
}

static int mremap_test(void)
{
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *n;

	strcpy(m, "kept across mremap");
	n = mremap(m, 4096, 1 << 20, MREMAP_MAYMOVE);
	if (n == MAP_FAILED)
		return printf("mremap failed: %s\n", strerror(errno)), 1;
	n[(1 << 20) - 1] = 1;
	printf("mremap to 1 MiB: %s\n", n);
	return 0;
}

/* Files under a --dir: GUESTPATH is argv[2]. */
static int files(const char *dir, int rw)
{
	char path[512], buf[64];
	struct stat st;
	DIR *d;
	struct dirent *e;
	int fd, n = 0;

	snprintf(path, sizeof(path), "%s/in.txt", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return printf("open %s: %s\n", path, strerror(errno)), 1;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	close(fd);
	printf("read: %s", buf);
	printf("stat size %ld\n", stat(path, &st) ? -1L : (long)st.st_size);
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("create: %s\n", strerror(errno));
		return rw ? 1 : 0;
	}
	printf("wrote %ld\n", (long)write(fd, "written by the guest\n", 21));
	close(fd);
	snprintf(path, sizeof(path), "%s/sub", dir);
	printf("mkdir: %s\n", mkdir(path, 0755) ? strerror(errno) : "ok");
	snprintf(buf, sizeof(buf), "%s/sub/moved.txt", dir);
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	printf("rename: %s\n", rename(path, buf) ? strerror(errno) : "ok");
	d = opendir(dir);
	if (!d)
		return printf("opendir: %s\n", strerror(errno)), 1;
	n = 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	printf("entries %d\n", n);
	snprintf(path, sizeof(path), "%s/gone.txt", dir);
	close(open(path, O_WRONLY | O_CREAT, 0644));
	printf("unlink: %s\n", unlink(path) ? strerror(errno) : "ok");
	return 0;
}

/* Every way out of GUESTPATH (argv[2]) must fail; nothing is touched. */
static int escape(const char *dir)
{
	const char *tries[] = { "/../secret.txt", "/../../../etc/passwd",
				"/link-out/secret.txt", "/abs-link",
				"/sub/../../secret.txt" };
	char path[512];
	unsigned int i;
	int fd;

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dir, tries[i]);
		fd = open(path, O_RDONLY);
		printf("open %s: %s\n", tries[i], fd < 0 ? strerror(errno) : "OPENED");
		if (fd >= 0)
			close(fd);
		fd = open(path, O_WRONLY | O_CREAT, 0644);
		printf("create %s: %s\n", tries[i], fd < 0 ? strerror(errno) : "CREATED");
	}
	fd = open("/etc/passwd", O_RDONLY);
	printf("open /etc/passwd: %s\n", fd < 0 ? strerror(errno) : "OPENED");
	snprintf(path, sizeof(path), "%s/link-out", dir);
	printf("unlink through a link: %s\n",
	       unlink("/etc/hostname") ? strerror(errno) : "UNLINKED");
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "libc"))
		return libc();
	if (!strcmp(cmd, "clock"))
		return clocks();
	if (!strcmp(cmd, "random"))
		return randomness();
	if (!strcmp(cmd, "memory"))
		return memory();
	if (!strcmp(cmd, "cat"))
		return cat();
	if (!strcmp(cmd, "args"))
		return args(argc, argv);
	if (!strcmp(cmd, "exit"))
		return argc > 2 ? atoi(argv[2]) : 0;
	if (!strcmp(cmd, "null"))
		return *(volatile int *)NULL;
	if (!strcmp(cmd, "recurse"))
		return recurse(0);
	if (!strcmp(cmd, "div0")) {
		volatile int z = 0;

		return 10 / z;
	}
	if (!strcmp(cmd, "ud2"))
		__builtin_trap();
	if (!strcmp(cmd, "abort"))
		abort();
	if (!strcmp(cmd, "enosys")) {
		long r = syscall(400);

		printf("syscall 400: %ld errno %d %s\n", r, errno,
		       errno == ENOSYS ? "ENOSYS" : "?");
		return 0;
	}
	if (!strcmp(cmd, "hostile"))
		return hostile();
	if (!strcmp(cmd, "unmapped"))
		return unmapped();
	if (!strcmp(cmd, "readonly"))
		return readonly();
	if (!strcmp(cmd, "mremap"))
		return mremap_test();
	if (!strcmp(cmd, "files") && argc > 3)
		return files(argv[2], !strcmp(argv[3], "rw"));
	if (!strcmp(cmd, "escape") && argc > 2)
		return escape(argv[2]);
	fprintf(stderr, "lxtest: unknown command %s\n", cmd);
	return 64;
}
