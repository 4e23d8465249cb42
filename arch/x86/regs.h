/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_X86_REGS_H
#define UNIMON_X86_REGS_H

#include <linux/kvm.h>

struct vm;

int regs__get(struct vm *vm, struct kvm_regs *r, struct kvm_sregs *s);
void regs__print(const struct kvm_regs *r, const struct kvm_sregs *s);
/* Keep r and s as the guest's state at a crash (vm->crash), once. */
void regs__save_crash(struct vm *vm, const struct kvm_regs *r,
		      const struct kvm_sregs *s);
/* The same from the vCPU as it stands, if nothing was kept: 0 or -1. */
int regs__read_crash(struct vm *vm);

#endif
