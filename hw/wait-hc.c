// SPDX-License-Identifier: MIT
/*
 * Wait hypercall: the guest sleeps in the monitor (epoll on every wait
 * source plus a timerfd for the deadline) until a device has input or the
 * timeout passes, so an idle guest costs no host CPU.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "core/hypercall.h"
#include "core/stop.h"
#include "core/wakeup.h"
#include "unimon/abi.h"

static int epfd = -1, tfd = -1;

/* The sources with input now, without blocking. */
static uint64_t ready_now(void)
{
	unsigned int i, n = wakeup__count();
	uint64_t ready = 0;

	for (i = 0; i < n; i++) {
		const struct wakeup_source *s = wakeup__get(i);
		struct pollfd p = { .fd = s->fd, .events = POLLIN };

		if ((s->pending && s->pending(s->ctx)) ||
		    (s->fd >= 0 && poll(&p, 1, 0) > 0 && (p.revents & POLLIN)))
			ready |= 1ull << i;
	}
	return ready;
}

/*
 * Arm the timer timeout_ns from now; UINT64_MAX (or past ~292 years):
 * none. 0, or -1 when the timer could not be set (the wait must not then
 * sleep: nothing would end it).
 */
static int arm(uint64_t timeout_ns)
{
	struct itimerspec its = { 0 };
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (timeout_ns < (1ull << 62)) {
		uint64_t ns = now.tv_nsec + timeout_ns % 1000000000u;

		its.it_value.tv_sec = now.tv_sec + timeout_ns / 1000000000u +
				      ns / 1000000000u;
		its.it_value.tv_nsec = ns % 1000000000u;
	}
	return timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static int64_t do_wait(uint64_t timeout_ns, uint64_t *ready)
{
	struct epoll_event ev;

	*ready = ready_now();
	if (*ready || timeout_ns == 0 || stop__requested())
		return __builtin_popcountll(*ready);
	if (timeout_ns >= (1ull << 62) && !wakeup__count())
		return UNIMON_EINVAL; /* nothing could ever wake it */
	if (arm(timeout_ns)) {
		pr_err("wait: cannot set the timer: %s", strerror(errno));
		return UNIMON_EIO;
	}
	/* EINTR: a signal (--timeout, SIGTERM) stops the VM; return at once. */
	if (epoll_wait(epfd, &ev, 1, -1) < 0 && errno != EINTR)
		return UNIMON_EIO;
	arm(UINT64_MAX); /* disarming: a failure leaves a timer that fires once */
	*ready = ready_now();
	return __builtin_popcountll(*ready);
}

static void hc_wait(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct unimon_hc_wait a;
	uint64_t ready = 0;
	int64_t ret;

	if (hc__args(vm, UNIMON_HC_WAIT, gpa, &a, sizeof(a)))
		return;
	ret = do_wait(a.timeout_ns, &ready);
	memcpy(vm->mem.base + gpa + offsetof(struct unimon_hc_wait, ready),
	       &ready, sizeof(ready));
	hc__ret(vm, gpa, offsetof(struct unimon_hc_wait, ret), ret);
}

/* Runs after the devices' init (DEVICE_ORDER_ENGINE): their sources are in. */
static int wait_init(struct vm *vm)
{
	struct epoll_event ev = { .events = EPOLLIN };
	unsigned int i;

	epfd = epoll_create1(EPOLL_CLOEXEC);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	/*
	 * The run loop's stop eventfd: a signal between the readiness check
	 * and epoll_wait() still wakes the wait (no lost --timeout/SIGTERM).
	 */
	if (epfd < 0 || tfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev) ||
	    epoll_ctl(epfd, EPOLL_CTL_ADD, stop__fd(), &ev)) {
		pr_err("wait: cannot create epoll/timerfd: %s", strerror(errno));
		return UNIMON_EXIT_MONITOR;
	}
	for (i = 0; i < wakeup__count(); i++) {
		const struct wakeup_source *s = wakeup__get(i);

		ev.data.u32 = i;
		if (s->fd >= 0 && epoll_ctl(epfd, EPOLL_CTL_ADD, s->fd, &ev)) {
			pr_err("wait: cannot watch a device: %s", strerror(errno));
			return UNIMON_EXIT_MONITOR;
		}
	}
	return 0;
}

static void wait_exit(struct vm *vm)
{
	if (epfd >= 0)
		close(epfd);
	if (tfd >= 0)
		close(tfd);
}

/* Sleeping: epoll and the timer; checking readiness: poll. */
static const int wait_syscalls[] = { SYS_epoll_wait, SYS_epoll_pwait,
				     SYS_timerfd_settime, SYS_poll, SYS_ppoll,
				     -1 };

static const struct hypercall wait_hc[] = {
	{ "wait", UNIMON_HC_WAIT, hc_wait, NULL },
	{ 0 },
};

static const struct device wait_dev = {
	.name = "wait",
	.summary = "wait hypercall: sleep until device input or a deadline",
	.order = DEVICE_ORDER_ENGINE,
	.hc = wait_hc,
	.init = wait_init,
	.exit = wait_exit,
	.syscalls = wait_syscalls,
};
DEVICE_REGISTER(wait_dev);
