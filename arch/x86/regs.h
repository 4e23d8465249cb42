/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_X86_REGS_H
#define UNIMON_X86_REGS_H

#include <linux/kvm.h>

struct vm;

/* The guest's registers at a crash (see struct crash in core/vm.h). */
struct crash_regs {
	uint64_t gpr[16];	/* rax rcx rdx rbx rsp rbp rsi rdi r8..r15 */
	uint64_t rip, rflags, cr2;
	uint64_t cs, ss, ds, es, fs, gs;	/* selectors */
	uint64_t fs_base, gs_base;
};
extern struct crash_regs regs__crash;

int regs__get(struct vm *vm, struct kvm_regs *r, struct kvm_sregs *s);
/*
 * KVM_GET_SREGS; KVM_SET_SREGS then KVM_SET_REGS (either may be NULL):
 * 0, or -1 with the failing call in err__msg().
 */
int regs__get_sregs(struct vm *vm, struct kvm_sregs *s);
int regs__set(struct vm *vm, const struct kvm_regs *r,
	      const struct kvm_sregs *s);
void regs__print(const struct kvm_regs *r, const struct kvm_sregs *s);
/* Keep r and s as the guest's state at a crash (vm->crash), once. */
void regs__save_crash(struct vm *vm, const struct kvm_regs *r,
		      const struct kvm_sregs *s);


#endif
