// SPDX-License-Identifier: MIT
/*
 * Does this host's KVM intercept int3 (KVM_GUESTDBG_USE_SW_BP)? Asked
 * once, at --gdb, for guests that have no IDT of the monitor's (Solo5):
 * there an int3 that KVM lets through is the guest's own exception, a
 * triple fault, so gdb's breakpoints must be found by single steps
 * instead. Hardware KVM intercepts it; QEMU's nested SVM does not
 * (docs/VM.md, tests/vm/kvm-debug-probe.c).
 *
 * The probe is a throwaway VM of one page in real mode: every vector of
 * its IVT points at a hlt, the code is int3 then hlt, the stack at the
 * page's top. A debug exit: the int3 was intercepted. A hlt at the
 * handler: the guest took it (QEMU's SVM; PVM too, in real mode, though
 * in long mode at CPL0 it stops at an int3 with an emulation failure,
 * which would do). Any other exit or error: breakpoints stay int3 bytes.
 * No path runs on without an exit: all the page is hlt, and memory
 * outside it is MMIO.
 */
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "core/vm.h"

#define PAGE 4096
#define HANDLER 0x500
#define CODE 0x800

static int probe(int kvm_fd, int vm_fd, uint8_t *mem)
{
	struct kvm_userspace_memory_region mr = {
		.memory_size = PAGE, .userspace_addr = (uintptr_t)mem,
	};
	struct kvm_guest_debug dbg = {
		.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP,
	};
	struct kvm_regs r = { .rip = CODE, .rsp = PAGE, .rflags = 2 };
	struct kvm_sregs s;
	struct kvm_run *run;
	int cpu, size, rc = -1, i;

	memset(mem, 0xf4, PAGE); /* hlt */
	for (i = 0; i < 256; i++) /* IVT: offset HANDLER, segment 0 */
		memcpy(mem + 4 * i, &(uint32_t){ HANDLER }, 4);
	mem[CODE] = 0xcc;
	size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size <= 0 || ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &mr) < 0)
		return -1;
	cpu = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	if (cpu < 0)
		return -1;
	run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, cpu, 0);
	if (run != MAP_FAILED && ioctl(cpu, KVM_GET_SREGS, &s) == 0) {
		s.cs.base = 0;
		s.cs.selector = 0;
		if (ioctl(cpu, KVM_SET_SREGS, &s) == 0 &&
		    ioctl(cpu, KVM_SET_REGS, &r) == 0 &&
		    ioctl(cpu, KVM_SET_GUEST_DEBUG, &dbg) == 0 &&
		    ioctl(cpu, KVM_RUN, 0) == 0 &&
		    ioctl(cpu, KVM_GET_REGS, &r) == 0)
			rc = run->exit_reason == KVM_EXIT_HLT &&
			     r.rip == HANDLER + 1;
	}
	if (run != MAP_FAILED)
		munmap(run, size);
	close(cpu);
	return rc;
}

int arch__bp_by_steps(struct vm *vm)
{
	uint8_t *mem;
	int vm_fd, rc = 0;

	mem = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 0;
	vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd >= 0) {
		rc = probe(vm->kvm_fd, vm_fd, mem) == 1;
		close(vm_fd);
	}
	munmap(mem, PAGE);
	return rc;
}
