/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_X86_REGS_H
#define UNIMON_X86_REGS_H

#include <linux/kvm.h>

struct vm;

int regs__get(struct vm *vm, struct kvm_regs *r, struct kvm_sregs *s);
void regs__print(const struct kvm_regs *r, const struct kvm_sregs *s);

#endif
