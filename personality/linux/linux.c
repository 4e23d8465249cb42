// SPDX-License-Identifier: MIT
/*
 * The Linux personality's frame: its regions (the system-call stub page),
 * the program's start (memory, initial stack, registers, the syscall
 * instruction's entry), each call dispatched to the handler its group
 * registered (-ENOSYS for the rest), and a fault ending the program as a
 * killed process: 128 + the signal, one line naming the fault.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include "arch/arch.h"
#include "core/error.h"
#include "core/layout.h"
#include "core/load-info.h"
#include "core/vm.h"
#include "personality/personality.h"
#include <linux/kvm.h>
#include "personality/linux/linux.h"
#include "personality/linux/stack.h"
#include "personality/linux/trace.h"
#include "unimon/abi.h"

#define SYSCALL_PORT 0xee	/* the stub's `out %al, $imm8` */
#define STUB CONFIG_LINUX_STUB_ADDR

const int personality__ram_unmapped = 1;

static lx_sys_fn *table[LX_NR_MAX];
static const struct lx_syscall *meta[LX_NR_MAX];


unsigned int personality__regions(struct region *r, uint64_t ram_size)
{
	r[0] = (struct region){ "CONFIG_LINUX_STUB_ADDR", STUB, LX_PAGE, 1 };
	return 1;
}

int lx_table_init(void)
{
	for_each_lx_syscall(s) {
		if ((*s)->nr >= LX_NR_MAX || table[(*s)->nr])
			return err__set("system call %u registered twice or "
					"out of range", (*s)->nr);
		table[(*s)->nr] = (*s)->fn;
		meta[(*s)->nr] = *s;
	}
	return 0;
}

int personality__boot(struct vm *vm, const struct load_info *li)
{
	const uint64_t top = CONFIG_STACK_TOP, lo = top - CONFIG_STACK_SIZE;
	uint64_t rsp;

	if (lx_table_init() || lx_mm_init(vm, li, lo, top) ||
	    arch__map(vm, STUB, LX_PAGE, ARCH_MAP_R | ARCH_MAP_X, 0) ||
	    arch__syscall_setup(vm, STUB, SYSCALL_PORT)) {
		pr_err("%s", err__msg());
		return UNIMON_EXIT_MONITOR;
	}
	if (lx_stack_build(vm, li, lo, top, &rsp)) {
		pr_err("%s", err__msg());
		return UNIMON_EXIT_USAGE;
	}
	if (arch__set_entry(vm, li->entry, rsp)) {
		pr_err("%s", err__msg());
		return UNIMON_EXIT_MONITOR;
	}
	return 0;
}

const char *lx_syscall_name(unsigned int nr)
{
	return nr < LX_NR_MAX && meta[nr] ? meta[nr]->name : "?";
}

void lx_exit(struct vm *vm, int status)
{
	vm__stop(vm, status & 0xff, NULL);
}

void personality__exception(struct vm *vm)
{
	const struct crash *c = &vm->crash;
	uint64_t addr;
	int sig, code;

	arch__crash_signal(vm, &sig, &code, &addr);
	if (c->vector == 14)
		pr_err("program killed by SIG%s: %s at address 0x%llx (rip "
		       "0x%llx)", sigabbrev_np(sig),
		       arch__exception_name(c->vector),
		       (unsigned long long)c->fault_addr,
		       (unsigned long long)c->pc);
	else
		pr_err("program killed by SIG%s: %s at rip 0x%llx",
		       sigabbrev_np(sig), arch__exception_name(c->vector),
		       (unsigned long long)c->pc);
	vm__stop(vm, 128 + sig, NULL);
}

int64_t lx_dispatch(struct vm *vm, uint64_t nr, const uint64_t *a)
{
	int64_t ret = -ENOSYS;

	if (nr < LX_NR_MAX && table[nr])
		ret = table[nr](vm, a);
	lx_trace(vm, nr, nr < LX_NR_MAX ? meta[nr] : NULL, a, ret);
	return ret;
}

/* A syscall instruction: serve it, put the result in rax. */
static void lx_syscall(struct vm *vm, void *ctx, uint16_t port, int is_write,
		       uint8_t *data, unsigned int size)
{
	struct arch_syscall sc;
	int64_t ret;

	if (!arch__syscall_get(vm, &sc)) {
		/* An out to the port from elsewhere: unclaimed, ignored. */
		vm->stats.exits[EXIT_UNCLAIMED]++;
		return;
	}
	ret = lx_dispatch(vm, sc.nr, sc.arg);
	if (!vm->stopped && arch__syscall_return(vm, (uint64_t)ret))
		vm__stop(vm, UNIMON_EXIT_MONITOR, "cannot return from system "
			 "call %llu: %s", (unsigned long long)sc.nr,
			 strerror(errno));
}

static const struct pio_region syscall_port[] = {
	{ "linux-syscall", "unimon,linux-syscall", SYSCALL_PORT, 1,
	  lx_syscall, NULL },
	{ 0 },
};

/* Register writes at each call where kvm_run cannot carry them. */
static const unsigned long linux_ioctls[] = { KVM_SET_REGS, KVM_SET_SREGS, 0 };

static const struct device linux_dev = {
	.name = "linux",
	.summary = "Linux static executables: the syscall instruction",
	.pio = syscall_port,
	.opts = lx_trace_opts,
	.exit = lx_trace_exit,
	.ioctls = linux_ioctls,
};
DEVICE_REGISTER(linux_dev);
