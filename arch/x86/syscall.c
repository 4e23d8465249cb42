// SPDX-License-Identifier: MIT
/*
 * The syscall instruction of a program at CPL3 (the Linux personality),
 * right on every KVM: LSTAR points at a stub in a page of the monitor's,
 *     out %al, $port ; sysretq
 * On hardware KVM (and QEMU's nested SVM) syscall enters ring 0 at LSTAR
 * as the SDM says: the out exits to the monitor, which puts the result in
 * rax, and the stub's sysretq returns to the program (rcx, r11: its rip
 * and flags). On PVM hosts syscall does not enter ring 0: the CPU goes on
 * at LSTAR still at CPL3 with R11 = 0x202, not the old flags (measured:
 * ../shared/PLATFORM.md); the out exits all the same (the TSS's I/O
 * bitmap allows it), and the monitor returns by itself: rip = rcx. Which
 * of the two is found once, at the first call, from CS. Only rax, rcx and
 * r11 change, as on Linux; the flags are kept on hardware, and 0x202 on
 * PVM (compilers take no flags across an asm statement on x86).
 *
 * Registers come through kvm_run (KVM_CAP_SYNC_REGS) where KVM offers
 * it: no ioctl per call but KVM_RUN.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "arch/x86/pagetable.h"
#include "arch/x86/ring0.h"
#include "arch/x86/regs.h"
#include "core/error.h"
#include "core/vm.h"

#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_SYSCALL_MASK 0xc0000084u
#define EFER_SCE 1u
/* The flags syscall clears in ring 0, as Linux: all but the fixed bit. */
#define SYSCALL_MASK 0x257fd5u

static uint64_t stub_addr;
static int sync_regs;
static enum { MODE_UNKNOWN, MODE_RING0, MODE_RING3 } mode;

int arch__syscall_setup(struct vm *vm, uint64_t stub, uint8_t port)
{
	static const uint8_t code[] = { 0xe6, 0, 0x48, 0x0f, 0x07, 0x0f, 0x0b };
	union {
		struct kvm_msrs h;
		uint8_t b[sizeof(struct kvm_msrs) +
			  3 * sizeof(struct kvm_msr_entry)];
	} m = { .h.nmsrs = 3 };
	struct kvm_sregs s;
	uint8_t *p = gmem__ptr(&vm->mem, stub, sizeof(code));

	if (!p)
		return err__set("the system-call stub at 0x%llx is outside RAM",
				(unsigned long long)stub);
	memcpy(p, code, sizeof(code));
	p[1] = port;
	stub_addr = stub;
	/* sysretq: CS = STAR[63:48] + 16, SS = + 8, both RPL 3. */
	m.h.entries[0] = (struct kvm_msr_entry){ .index = MSR_STAR,
		.data = (uint64_t)(SEL_UDATA - 8 - 3) << 48 |
			(uint64_t)SEL_KCODE << 32 };
	m.h.entries[1] = (struct kvm_msr_entry){ .index = MSR_LSTAR,
						 .data = stub };
	m.h.entries[2] = (struct kvm_msr_entry){ .index = MSR_SYSCALL_MASK,
						 .data = SYSCALL_MASK };
	if (ioctl(vm->vcpu_fd, KVM_SET_MSRS, &m) != 3)
		return err__set("KVM_SET_MSRS (STAR, LSTAR, SFMASK) failed");
	if (regs__get_sregs(vm, &s))
		return -1;
	s.efer |= EFER_SCE;
	if (regs__set(vm, NULL, &s))
		return -1;
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS) &
	    KVM_SYNC_X86_REGS) {
		vm->run->kvm_valid_regs = KVM_SYNC_X86_REGS;
		sync_regs = 1;
	}
	return 0;
}

/* The registers as of this exit: kvm_run's copy, or KVM_GET_REGS. */
static struct kvm_regs *regs(struct vm *vm)
{
	static struct kvm_regs r;

	if (sync_regs)
		return &vm->run->s.regs.regs;
	if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0)
		return NULL;
	return &r;
}

int arch__syscall_get(struct vm *vm, struct arch_syscall *sc)
{
	struct kvm_regs *r = regs(vm);
	struct kvm_sregs s;

	/* The out itself (SVM, VT-x) or the instruction after it (PVM). */
	if (!r || !stub_addr || (r->rip != stub_addr && r->rip != stub_addr + 2))
		return 0;
	if (mode == MODE_UNKNOWN) {
		if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0)
			return 0;
		mode = s.cs.dpl == 0 ? MODE_RING0 : MODE_RING3;
	}
	sc->nr = r->rax;
	sc->arg[0] = r->rdi;
	sc->arg[1] = r->rsi;
	sc->arg[2] = r->rdx;
	sc->arg[3] = r->r10;
	sc->arg[4] = r->r8;
	sc->arg[5] = r->r9;
	sc->ret_rip = r->rcx;
	return 1;
}

int arch__syscall_return(struct vm *vm, uint64_t ret)
{
	struct kvm_regs *r = regs(vm);

	if (!r)
		return -1;
	r->rax = ret;
	if (mode == MODE_RING3) { /* the CPU is still in the stub: return */
		r->rip = r->rcx;
		r->rflags = r->r11 = RFLAGS_FIXED | (1u << 9);
	}
	if (sync_regs) {
		vm->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
		return 0;
	}
	return ioctl(vm->vcpu_fd, KVM_SET_REGS, r) < 0 ? -1 : 0;
}

int arch__set_entry(struct vm *vm, uint64_t rip, uint64_t rsp)
{
	struct kvm_regs r;

	if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0)
		return err__set("KVM_GET_REGS: %s", strerror(errno));
	memset(&r, 0, sizeof(r)); /* the x86-64 ABI: rdx 0 (no atexit) */
	r.rip = rip;
	r.rsp = rsp;
	r.rflags = RFLAGS_FIXED | RFLAGS_IOPL3;
	if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) < 0)
		return err__set("KVM_SET_REGS: %s", strerror(errno));
	return 0;
}

int arch__fs_base(struct vm *vm, uint64_t *get, const uint64_t *set)
{
	struct kvm_sregs s;

	if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0)
		return -1;
	if (get)
		*get = s.fs.base;
	if (!set)
		return 0;
	s.fs.base = *set;
	return ioctl(vm->vcpu_fd, KVM_SET_SREGS, &s) < 0 ? -1 : 0;
}

int arch__map(struct vm *vm, uint64_t start, uint64_t len, unsigned int prot,
	      int taken)
{
	unsigned int perm = !prot ? PT_ABSENT :
			    (prot & ARCH_MAP_W ? PT_WRITE : 0) |
			    (prot & ARCH_MAP_X ? PT_EXEC : 0);

	if (pt__set(vm->mem.base, start, start + len, perm))
		return -1;
	if (taken && gmem__invalidate(&vm->mem, start, len))
		return err__set("cannot drop KVM's mappings: %s", strerror(errno));
	return 0;
}
