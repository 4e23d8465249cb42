// SPDX-License-Identifier: MIT
/*
 * The vCPU run loop: KVM_RUN, then dispatch on the exit reason. A stop
 * request (core/stop.c: a signal, --timeout, another thread) makes
 * KVM_RUN return EINTR.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "core/device.h"
#include "core/error.h"
#include "core/stop.h"
#include "core/vm.h"
#include "monitor/bus.h"
#include "monitor/run.h"
#include "unimon/abi.h"

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
			stop__handle(vm);
		else if (r < 0 && errno == EFAULT)
			vm__stop(vm, UNIMON_EXIT_MONITOR, RUN_TRANSLATION_FAULT);
		else if (r < 0)
			vm__stop(vm, UNIMON_EXIT_MONITOR, "KVM_RUN: %s",
				 strerror(errno));
		else
			handle_exit(vm);
	}
}
