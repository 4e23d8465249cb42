/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_KVM_H
#define UNIMON_KVM_H

struct vm;

/*
 * The VM, its memory slot (vm->mem, mapped already) and its vCPU: 0;
 * UNIMON_EXIT_NOKVM without a usable /dev/kvm, with err__set() saying
 * why and what to do; -1 on other errors.
 */
int kvm__create(struct vm *vm);
void kvm__destroy(struct vm *vm);

#endif
