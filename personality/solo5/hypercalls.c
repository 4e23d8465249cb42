// SPDX-License-Identifier: MIT
/*
 * Solo5 hvt's core hypercalls: WALLTIME (1), PUTS (2), POLL (3) and
 * HALT (8). Every argument struct and buffer is checked against guest
 * memory (s5_ptr: outside it, the guest is stopped, exit status 1).
 *
 * POLL sleeps in epoll on the attached network devices' taps and a
 * timerfd for the relative timeout; ready_set gets bit i for manifest
 * entry i with a frame to read, ret how many. The monitor's stop eventfd
 * is in the set too, so a signal or --timeout ends a long poll.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "arch/arch.h"
#include "core/console-out.h"
#include "core/device.h"
#include "core/error.h"
#include "core/stop.h"
#include "core/vm.h"
#include "personality/solo5/solo5.h"

#define STOP_EVENT 64	/* epoll data of the stop eventfd and the timer */
#define TIMER_EVENT 65

static int epfd = -1, tfd = -1;

static void hc_walltime(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct s5_walltime c;
	void *a = s5_args(vm, gpa, &c, sizeof(c), 1);
	struct timespec ts;

	if (!a)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	S5_SET(a, struct s5_walltime, nsecs,
	       (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec);
}

static void hc_puts(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct s5_puts c;
	const void *p;

	if (!s5_args(vm, gpa, &c, sizeof(c), 0))
		return;
	p = s5_ptr(vm, c.data, c.len);
	if (p)
		conout__write(p, c.len);
}

static void hc_poll(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct s5_poll c;
	void *a = s5_args(vm, gpa, &c, sizeof(c), 1);
	struct epoll_event ev[S5_MFT_MAX + 2];
	struct itimerspec it = { 0 };
	uint64_t timeout, ready = 0;
	int n, i, count = 0;

	if (!a)
		return;
	timeout = c.timeout_nsecs;
	it.it_value.tv_sec = timeout / 1000000000ull;
	it.it_value.tv_nsec = (timeout % 1000000000ull) | 1; /* never 0: off */
	if (timerfd_settime(tfd, 0, &it, NULL)) {
		s5_fail(vm, "poll: timerfd_settime: %s", strerror(errno));
		return;
	}
	do
		n = epoll_wait(epfd, ev, S5_MFT_MAX + 2, -1);
	while (n < 0 && errno == EINTR && !stop__requested());
	if (n < 0 && errno != EINTR) {
		s5_fail(vm, "poll: epoll_wait: %s", strerror(errno));
		return;
	}
	for (i = 0; i < n; i++)
		if (ev[i].data.u32 < S5_MFT_MAX) {
			ready |= 1ull << ev[i].data.u32;
			count++;
		}
	S5_SET(a, struct s5_poll, ready_set, ready);
	S5_SET(a, struct s5_poll, ret, count);
}

static void hc_halt(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct s5_halt c;
	struct s5_trap_regs t;
	const void *cookie;

	if (!s5_args(vm, gpa, &c, sizeof(c), 0))
		return;
	if (c.cookie) {
		cookie = s5_ptr(vm, c.cookie, S5_COOKIE_MAX);
		if (!cookie)
			return;
		memcpy(&t, cookie, sizeof(t));
		pr_err("solo5: trap: cr2 0x%llx ec 0x%llx rip 0x%llx cs 0x%llx "
		       "rflags 0x%llx rsp 0x%llx ss 0x%llx",
		       (unsigned long long)t.cr2, (unsigned long long)t.ec,
		       (unsigned long long)t.rip, (unsigned long long)t.cs,
		       (unsigned long long)t.rflags, (unsigned long long)t.rsp,
		       (unsigned long long)t.ss);
	}
	s5_halted = 1;
	/* solo5_abort(): a crash for --dumpcore, as solo5-hvt dumps one. */
	if ((c.exit_status & 0xff) == S5_EXIT_ABORT && arch__keep_crash_regs(vm))
		pr_err("solo5: abort: cannot read the guest's registers: %s",
		       strerror(errno));
	vm__stop(vm, c.exit_status & 0xff, NULL);
}

/* The poll set: every attached network device, the timer, stop requests. */
static int solo5_init(struct vm *vm)
{
	struct epoll_event ev = { .events = EPOLLIN };
	uint32_t i;

	epfd = epoll_create1(EPOLL_CLOEXEC);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (epfd < 0 || tfd < 0)
		goto fail;
	ev.data.u32 = TIMER_EVENT;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev))
		goto fail;
	ev.data.u32 = STOP_EVENT;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, stop__fd(), &ev))
		goto fail;
	for (i = 0; i < s5_mft->entries; i++) {
		if (s5_mft->e[i].type != S5_MFT_NET || s5_fd[i] < 0)
			continue;
		ev.data.u32 = i;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, s5_fd[i], &ev))
			goto fail;
	}
	return 0;
fail:
	pr_err("solo5: cannot set up poll: %s", strerror(errno));
	return 1;
}

static void solo5_exit(struct vm *vm)
{
	if (epfd >= 0)
		close(epfd);
	if (tfd >= 0)
		close(tfd);
}

static const struct hypercall solo5_hc[] = {
	{ "walltime", S5_HC_WALLTIME, hc_walltime, NULL },
	{ "puts", S5_HC_PUTS, hc_puts, NULL },
	{ "poll", S5_HC_POLL, hc_poll, NULL },
	{ "halt", S5_HC_HALT, hc_halt, NULL },
	{ 0 },
};

/* The clock (where the vDSO cannot answer), the poll's sleep. */
static const int solo5_syscalls[] = { SYS_clock_gettime, SYS_timerfd_settime,
				      SYS_epoll_wait, SYS_epoll_pwait, -1 };

static const struct device solo5_hc_dev = {
	.name = "solo5-hc",
	.summary = "Solo5 hvt: walltime, puts, poll, halt",
	.hc = solo5_hc,
	.init = solo5_init,
	.exit = solo5_exit,
	.syscalls = solo5_syscalls,
};
DEVICE_REGISTER(solo5_hc_dev);
