// SPDX-License-Identifier: MIT
/*
 * 16-bit real mode entry: a flat binary at CONFIG_REALMODE_LOAD_SEG:OFF,
 * CS:IP there, SS:SP = 0:CONFIG_STACK_TOP, DS = ES = CS. Port I/O only.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/regs.h"
#include "core/error.h"
#include "core/layout.h"
#include "core/load-info.h"
#include "core/vm.h"

const char *const arch__mode = "real";
const char *const arch__flat_load_option =
	"CONFIG_REALMODE_LOAD_SEG:CONFIG_REALMODE_LOAD_OFF";

uint64_t arch__flat_load_addr(void)
{
	return ((uint64_t)CONFIG_REALMODE_LOAD_SEG << 4) + CONFIG_REALMODE_LOAD_OFF;
}

unsigned int arch__regions(struct region *r)
{
	return 0;
}

int arch__check_layout(uint64_t ram_size)
{
	if (CONFIG_STACK_TOP > 0x10000)
		return err__set("CONFIG_STACK_TOP (0x%x) must be at most 0x10000 "
				"in real mode (SS is 0)", CONFIG_STACK_TOP);
	if (CONFIG_BOOTINFO_ADDR + CONFIG_BOOTINFO_SIZE > 0x100000)
		return err__set("CONFIG_BOOTINFO_ADDR/CONFIG_BOOTINFO_SIZE must "
				"lie below 1 MiB in real mode");
	return 0;
}

static void real_seg(struct kvm_segment *s, uint16_t sel)
{
	s->selector = sel;
	s->base = (uint64_t)sel << 4;
	s->limit = 0xffff;
}

int arch__setup_vcpu(struct vm *vm, const struct load_info *li,
		     int ram_unmapped)
{
	struct cpu_features f;
	struct kvm_sregs s;
	struct kvm_regs regs = {
		.rip = CONFIG_REALMODE_LOAD_OFF,
		.rsp = CONFIG_STACK_TOP,
		.rbx = CONFIG_BOOTINFO_ADDR, /* documented in docs/ABI.md */
		.rflags = 0x2,
	};

	if (cpu__setup(vm, &f))
		return -1;
	if (regs__get_sregs(vm, &s))
		return -1;
	real_seg(&s.cs, CONFIG_REALMODE_LOAD_SEG);
	real_seg(&s.ds, CONFIG_REALMODE_LOAD_SEG);
	real_seg(&s.es, CONFIG_REALMODE_LOAD_SEG);
	real_seg(&s.fs, 0);
	real_seg(&s.gs, 0);
	real_seg(&s.ss, 0);
	return regs__set(vm, &regs, &s);
}

enum arch_exc arch__exception(struct vm *vm, arch_trap_fn *trap)
{
	return ARCH_EXC_NONE; /* no IDT in real mode: the port is unclaimed */
}

const char *arch__exception_name(int vector)
{
	return "exception";
}

void arch__report_exception(struct vm *vm)
{
}

int arch__stub_trap(struct vm *vm)
{
	return -1;
}

int arch__at_int3(struct vm *vm)
{
	return 0; /* no debugger in real mode */
}
