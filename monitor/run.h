/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_RUN_H
#define UNIMON_RUN_H

struct vm;

/*
 * The line for a guest access to RAM the host maps read-only
 * (gmem__protect): KVM_RUN fails with EFAULT, or, where KVM emulates the
 * instruction (PVM at CPL0), the write comes out as MMIO inside RAM.
 */
#define RUN_TRANSLATION_FAULT "KVM: host/guest translation fault"

/* Run the vCPU until the guest exits, crashes or is stopped. */
void run__loop(struct vm *vm);

/*
 * A #BP or #DB the guest took (vector 3 or 1), or an int3 the host could
 * not run: 1 if a debugger device took it (arch_trap_fn).
 */
int run__debug_trap(struct vm *vm, int vector);
/* run__debug_trap if a device of this build takes traps, else NULL. */
int (*run__trap_hook(void))(struct vm *vm, int vector);

#endif
