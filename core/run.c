// SPDX-License-Identifier: MIT
/*
 * The vCPU run loop: KVM_RUN, then dispatch on the exit reason. Signals
 * (--timeout's SIGALRM, SIGINT, SIGTERM) set immediate_exit so KVM_RUN
 * returns EINTR, even if they arrive while the monitor handles an exit.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "core/bus.h"
#include "core/device.h"
#include "core/error.h"
#include "core/run.h"
#include "core/vm.h"
#include "unimon/abi.h"

static volatile sig_atomic_t pending_signal;
static volatile sig_atomic_t thread_stop; /* another thread's exit code */
static struct kvm_run *volatile signal_run;
static int stop_fd = -1;

/*
 * Async-signal-safe: a flag, immediate_exit (so KVM_RUN returns EINTR even
 * if the signal came while the monitor handled an exit), and an eventfd
 * (so a wait hypercall about to sleep wakes up).
 */
static void on_signal(int sig)
{
	static const uint64_t one = 1;
	int saved = errno;

	pending_signal = sig;
	if (signal_run)
		signal_run->immediate_exit = 1;
	if (stop_fd >= 0 && write(stop_fd, &one, sizeof(one)) < 0)
		(void)0; /* already readable */
	errno = saved;
}

void run__stop_from_thread(int code)
{
	static const uint64_t one = 1;

	thread_stop = code;
	if (signal_run)
		signal_run->immediate_exit = 1;
	if (stop_fd >= 0 && write(stop_fd, &one, sizeof(one)) < 0)
		(void)0; /* already readable */
}

int run__stop_requested(void)
{
	return pending_signal != 0;
}

int run__stop_fd(void)
{
	return stop_fd;
}

void run__detach(void)
{
	signal_run = NULL;
}

int run__signals(struct vm *vm)
{
	struct sigaction sa = { .sa_handler = on_signal };
	static const int sigs[] = { SIGALRM, SIGINT, SIGTERM, SIGHUP };
	unsigned int i;

	signal(SIGPIPE, SIG_IGN); /* a closed stdout is an error, not death */
	stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (stop_fd < 0)
		return err__set("eventfd: %s", strerror(errno));
	signal_run = vm->run;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return err__set("sigaction: %s", strerror(errno));
	if (vm->opts->timeout > 0) {
		struct itimerval it = { 0 };
		double t = vm->opts->timeout;

		it.it_value.tv_sec = (time_t)t;
		it.it_value.tv_usec = (suseconds_t)((t - (time_t)t) * 1e6);
		if (!it.it_value.tv_sec && !it.it_value.tv_usec)
			it.it_value.tv_usec = 1;
		if (setitimer(ITIMER_REAL, &it, NULL) < 0)
			return err__set("setitimer: %s", strerror(errno));
	}
	return 0;
}

static void handle_signal(struct vm *vm)
{
	int sig;

	/* Clear first, then read: a signal in between is not lost. */
	vm->run->immediate_exit = 0;
	sig = pending_signal;
	vm->stats.exits[EXIT_SIGNAL]++;
	if (sig)
		vm->stopped_by_signal = 1;
	if (!sig && thread_stop)
		vm__stop(vm, thread_stop, NULL);
	else if (sig == SIGALRM)
		vm__stop(vm, UNIMON_EXIT_TIMEOUT,
			 "guest stopped: --timeout of %g seconds expired",
			 vm->opts->timeout);
	else if (sig)
		vm__stop(vm, 128 + sig, "guest stopped by signal %d (%s)", sig,
			 strsignal(sig));
}

int run__debug_trap(struct vm *vm, int vector)
{
	for_each_device(d)
		if ((*d)->trap && (*d)->trap(vm, vector))
			return 1;
	return 0;
}

int (*run__trap_hook(void))(struct vm *vm, int vector)
{
	for_each_device(d)
		if ((*d)->trap)
			return run__debug_trap;
	return NULL;
}

static void internal_error(struct vm *vm)
{
	uint32_t sub = vm->run->internal.suberror;

	vm->stats.exits[EXIT_INTERNAL]++;
	/* A debugger's int3 where the host cannot run one (CPL0 on PVM). */
	if (sub == KVM_INTERNAL_ERROR_EMULATION && arch__at_int3(vm) &&
	    run__debug_trap(vm, 3))
		return;
	if (sub == KVM_INTERNAL_ERROR_EMULATION)
		vm__stop(vm, UNIMON_EXIT_EMULATION,
			 "guest crashed: KVM could not emulate an instruction "
			 "(SSE/AVX at CPL0 on PVM hosts, or an invalid one)");
	else if (sub == KVM_INTERNAL_ERROR_DELIVERY_EV)
		vm__stop(vm, UNIMON_EXIT_TRIPLE_FAULT,
			 "guest crashed: exception during event delivery "
			 "(triple fault)");
	else
		vm__stop(vm, UNIMON_EXIT_EMULATION,
			 "guest crashed: KVM internal error, suberror %u", sub);
	arch__dump_regs(vm);
}

/* Breakpoints and single steps belong to the debugger device, if any. */
static void debug_exit(struct vm *vm)
{
	vm->stats.exits[EXIT_OTHER]++;
	for_each_device(d)
		if ((*d)->debug_exit) {
			(*d)->debug_exit(vm);
			return;
		}
	vm__stop(vm, UNIMON_EXIT_MONITOR, "unexpected debug exit");
}

static void handle_exit(struct vm *vm)
{
	struct kvm_run *run = vm->run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		bus__pio(vm);
		break;
	case KVM_EXIT_MMIO:
		bus__mmio(vm);
		break;
	case KVM_EXIT_HLT:
		/* Only reachable in real mode or at CPL0 (a #GP at CPL3). */
		vm->stats.exits[EXIT_HLT]++;
		vm__stop(vm, 0, NULL);
		break;
	case KVM_EXIT_SHUTDOWN:
		vm->stats.exits[EXIT_SHUTDOWN]++;
		vm__stop(vm, UNIMON_EXIT_TRIPLE_FAULT,
			 "guest crashed: triple fault (shutdown)");
		arch__dump_regs(vm);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		internal_error(vm);
		break;
	case KVM_EXIT_DEBUG:
		debug_exit(vm);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		vm->stats.exits[EXIT_OTHER]++;
		vm__stop(vm, UNIMON_EXIT_MONITOR,
			 "KVM could not enter the guest: hardware reason 0x%llx",
			 (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		break;
	default:
		vm->stats.exits[EXIT_OTHER]++;
		vm__stop(vm, UNIMON_EXIT_MONITOR, "unexpected KVM exit reason %u",
			 run->exit_reason);
	}
}

void run__loop(struct vm *vm)
{
	const int timed = vm->opts->stats;
	int first = 1;

	while (!vm->stopped) {
		uint64_t t0 = timed ? now_ns() : 0;
		int r = ioctl(vm->vcpu_fd, KVM_RUN, 0);

		if (timed)
			vm->stats.guest_ns += now_ns() - t0;
		if (first) {
			stats__phase(&vm->stats, PHASE_FIRST_EXIT);
			first = 0;
		}
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			handle_signal(vm);
		else if (r < 0)
			vm__stop(vm, UNIMON_EXIT_MONITOR, "KVM_RUN: %s",
				 strerror(errno));
		else
			handle_exit(vm);
	}
}
