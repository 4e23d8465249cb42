// SPDX-License-Identifier: MIT
/*
 * Register dumps for crash reports, and the guest's state at a crash:
 * what is common in vm->crash, the register file here (one VM per
 * process), for --dumpcore and the reports (every entry mode).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "arch/x86/regs.h"
#include "core/error.h"
#include "core/vm.h"
#include "unimon/abi.h"

void regs__print(const struct kvm_regs *r, const struct kvm_sregs *s)
{
	fprintf(stderr,
		"  rip %016llx rsp %016llx rflags %08llx cs %04x ss %04x\n"
		"  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
		"  rsi %016llx rdi %016llx rbp %016llx r8  %016llx\n"
		"  r9  %016llx r10 %016llx r11 %016llx r12 %016llx\n"
		"  r13 %016llx r14 %016llx r15 %016llx\n"
		"  cr0 %016llx cr2 %016llx cr3 %016llx cr4 %016llx\n",
		r->rip, r->rsp, r->rflags, s->cs.selector, s->ss.selector,
		r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rbp, r->r8,
		r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15, s->cr0,
		s->cr2, s->cr3, s->cr4);
}

int regs__get(struct vm *vm, struct kvm_regs *r, struct kvm_sregs *s)
{
	if (ioctl(vm->vcpu_fd, KVM_GET_REGS, r) < 0 ||
	    ioctl(vm->vcpu_fd, KVM_GET_SREGS, s) < 0)
		return -1;
	return 0;
}

int regs__get_sregs(struct vm *vm, struct kvm_sregs *s)
{
	if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, s) < 0)
		return err__set("KVM_GET_SREGS: %s", strerror(errno));
	return 0;
}

int regs__set(struct vm *vm, const struct kvm_regs *r,
	      const struct kvm_sregs *s)
{
	if (s && ioctl(vm->vcpu_fd, KVM_SET_SREGS, s) < 0)
		return err__set("KVM_SET_SREGS: %s", strerror(errno));
	if (r && ioctl(vm->vcpu_fd, KVM_SET_REGS, r) < 0)
		return err__set("KVM_SET_REGS: %s", strerror(errno));
	return 0;
}

struct crash_regs regs__crash;

void regs__save_crash(struct vm *vm, const struct kvm_regs *r,
		      const struct kvm_sregs *s)
{
	struct crash_regs *c = &regs__crash;
	const uint64_t gpr[16] = { r->rax, r->rcx, r->rdx, r->rbx,
				   r->rsp, r->rbp, r->rsi, r->rdi,
				   r->r8,  r->r9,  r->r10, r->r11,
				   r->r12, r->r13, r->r14, r->r15 };

	if (vm->crash.valid)
		return;
	memcpy(c->gpr, gpr, sizeof(gpr));
	c->rip = r->rip;
	c->rflags = r->rflags;
	c->cr2 = s->cr2;
	c->cs = s->cs.selector;
	c->ss = s->ss.selector;
	c->ds = s->ds.selector;
	c->es = s->es.selector;
	c->fs = s->fs.selector;
	c->gs = s->gs.selector;
	c->fs_base = s->fs.base;
	c->gs_base = s->gs.base;
	vm->crash = (struct crash){ .valid = 1, .vector = -1, .pc = r->rip };
}

int arch__keep_crash_regs(struct vm *vm)
{
	struct kvm_regs r;
	struct kvm_sregs s;

	if (vm->crash.valid)
		return 0;
	if (regs__get(vm, &r, &s))
		return -1;
	regs__save_crash(vm, &r, &s);
	return 0;
}

/*
 * The state of a vCPU just reset (INIT): AMD's KVM puts the vCPU there
 * when it handles a shutdown (triple fault) intercept, since the VMCB is
 * undefined after one (AMD APM vol. 2, 15.11); Intel's VT-x and PVM keep
 * the guest's registers. CS base 0xffff0000 comes only from a reset, not
 * from any far jump of a real-mode guest.
 */
static int is_reset_state(const struct kvm_regs *r, const struct kvm_sregs *s)
{
	return r->rip == 0xfff0 && s->cs.selector == 0xf000 &&
	       s->cs.base == 0xffff0000;
}

/*
 * Triple fault, emulation failure: KVM's registers are the guest's,
 * unless KVM reset the vCPU: then they are lost, and the report says so
 * instead of showing the reset state as the guest's.
 */
void arch__dump_regs(struct vm *vm)
{
	struct kvm_regs r;
	struct kvm_sregs s;

	if (regs__get(vm, &r, &s))
		return;
	if (vm->exit_code == UNIMON_EXIT_TRIPLE_FAULT && is_reset_state(&r, &s)) {
		fprintf(stderr, "  registers lost: KVM reset the vCPU at the "
				"shutdown (AMD SVM does; Intel VT-x keeps them)\n");
		vm->crash.vector = -1;
		vm->crash.lost = 1;
		vm->crash.valid = 1;
		return;
	}
	regs__print(&r, &s);
	regs__save_crash(vm, &r, &s);
}
