// SPDX-License-Identifier: MIT
/* The breakpoint instruction of the identity-mapped long modes: int3. */
#include <linux/kvm.h>
#include "arch/arch.h"
#include "arch/x86/regs.h"
#include "core/guestmem.h"
#include "core/vm.h"

const uint8_t arch__breakpoint_insn = 0xcc;

int arch__at_int3(struct vm *vm)
{
	struct kvm_regs r;
	struct kvm_sregs s;
	const uint8_t *p;

	if (regs__get(vm, &r, &s))
		return 0;
	p = gmem__ptr(&vm->mem, r.rip, 1);
	return p && *p == arch__breakpoint_insn;
}
