// SPDX-License-Identifier: MIT
/*
 * Clocks and sleeping (CONFIG_LINUX_SYS_TIME): the host's clocks, read
 * for the program; a sleep is the host's, and a signal that stops the
 * program (--timeout, SIGTERM) ends it early with -EINTR.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include "core/vm.h"
#include "personality/linux/linux.h"

#define TIMER_ABSTIME_ 1

static int clock_ok(uint64_t id)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return 1;
	default:
		return 0;
	}
}

static int64_t out(struct vm *vm, uint64_t addr, const void *v, size_t n)
{
	void *p = lx_ptr(vm, addr, n, LX_W);

	if (!p)
		return -EFAULT;
	memcpy(p, v, n);
	return 0;
}

static int64_t sys_clock_gettime(struct vm *vm, const uint64_t *a)
{
	struct timespec t;

	if (!clock_ok(a[0]))
		return -EINVAL;
	clock_gettime((clockid_t)a[0], &t);
	return out(vm, a[1], &t, sizeof(t));
}
LX_SYSCALL(SYS_clock_gettime, clock_gettime, "dx");

static int64_t sys_clock_getres(struct vm *vm, const uint64_t *a)
{
	struct timespec t;

	if (!clock_ok(a[0]))
		return -EINVAL;
	clock_getres((clockid_t)a[0], &t);
	return a[1] ? out(vm, a[1], &t, sizeof(t)) : 0;
}
LX_SYSCALL(SYS_clock_getres, clock_getres, "dx");

static int64_t sys_gettimeofday(struct vm *vm, const uint64_t *a)
{
	struct timespec t;
	struct timeval tv;
	const uint32_t tz[2] = { 0, 0 };

	clock_gettime(CLOCK_REALTIME, &t);
	tv.tv_sec = t.tv_sec;
	tv.tv_usec = t.tv_nsec / 1000;
	if (a[0] && out(vm, a[0], &tv, sizeof(tv)))
		return -EFAULT;
	return a[1] ? out(vm, a[1], tz, sizeof(tz)) : 0;
}
LX_SYSCALL(SYS_gettimeofday, gettimeofday, "xx");

static int64_t sys_time(struct vm *vm, const uint64_t *a)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	if (a[0] && out(vm, a[0], &t.tv_sec, sizeof(t.tv_sec)))
		return -EFAULT;
	return t.tv_sec;
}
LX_SYSCALL(SYS_time, time, "x");

static int64_t sleep_for(struct vm *vm, uint64_t clk, int flags, uint64_t req,
			 uint64_t rem)
{
	struct timespec t, left = { 0, 0 };
	const struct timespec *g = lx_ptr(vm, req, sizeof(t), LX_R);
	int r;

	if (!g)
		return -EFAULT;
	memcpy(&t, g, sizeof(t));
	if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000)
		return -EINVAL;
	r = clock_nanosleep((clockid_t)clk, flags, &t, &left);
	if (r == EINTR && rem && !(flags & TIMER_ABSTIME_) &&
	    out(vm, rem, &left, sizeof(left)))
		return -EFAULT;
	return r ? -r : 0;
}

static int64_t sys_nanosleep(struct vm *vm, const uint64_t *a)
{
	return sleep_for(vm, CLOCK_MONOTONIC, 0, a[0], a[1]);
}
LX_SYSCALL(SYS_nanosleep, nanosleep, "xx");

static int64_t sys_clock_nanosleep(struct vm *vm, const uint64_t *a)
{
	if (a[0] != CLOCK_REALTIME && a[0] != CLOCK_MONOTONIC &&
	    a[0] != CLOCK_BOOTTIME)
		return -EINVAL;
	if (a[1] & ~(uint64_t)TIMER_ABSTIME_)
		return -EINVAL;
	return sleep_for(vm, a[0], (int)a[1], a[2], a[3]);
}
LX_SYSCALL(SYS_clock_nanosleep, clock_nanosleep, "ddxx");

static const int time_syscalls[] = { SYS_clock_gettime, SYS_clock_getres,
				     SYS_clock_nanosleep, SYS_nanosleep, -1 };

static const struct device time_dev = {
	.name = "linux-time",
	.summary = "Linux: clocks and sleeping",
	.syscalls = time_syscalls,
};
DEVICE_REGISTER(time_dev);
