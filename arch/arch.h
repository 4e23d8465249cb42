/* SPDX-License-Identifier: MIT */
/*
 * What the core needs from the guest entry mode. Exactly one entry-mode
 * file implements it (arch/x86/longmode.c or arch/x86/realmode.c), chosen
 * by obj-$(CONFIG_ENTRY_LONG) / obj-$(CONFIG_ENTRY_REAL).
 */
#ifndef UNIMON_ARCH_H
#define UNIMON_ARCH_H

#include <stdint.h>

struct vm;
struct region;
struct load_info;

/* "long-cpl3", "long-cpl0" or "real": /chosen/unimon,mode. */
extern const char *const arch__mode;

/* The regions this mode reserves; returns how many were written. */
unsigned int arch__regions(struct region *r);
/* Mode-specific layout rules; 0 or -1 with err__set(). */
int arch__check_layout(void);
/* Where flat images load and which options place them. */
uint64_t arch__flat_load_addr(void);
extern const char *const arch__flat_load_option;

/* Page tables, descriptor tables, registers: ready to enter the guest. */
int arch__setup_vcpu(struct vm *vm, const struct load_info *li);

/*
 * A debugger's hook for a #BP or #DB the guest took (vector 3 or 1), with
 * the guest's registers as the CPU left it (past an int3): 1 if taken.
 */
typedef int arch_trap_fn(struct vm *vm, int vector);

/*
 * The monitor's exception port was written. If it came from the ring-0
 * exception stubs: a #BP or #DB that trap (when given) takes goes back to
 * the guest; anything else is reported and stops the VM. Returns 1 then;
 * 0 otherwise (a guest poking the port: unclaimed).
 */
int arch__exception(struct vm *vm, arch_trap_fn *trap);

/*
 * A debug exit that stopped in the #BP or #DB stub (hosts that deliver
 * int3 and the trap flag through the guest's IDT, then single-step the
 * stub): the guest goes back to where the CPU left it; returns the
 * vector, or -1 when the exit was elsewhere.
 */
int arch__stub_trap(struct vm *vm);

/* 1 when the guest's next instruction is an int3 (a breakpoint byte). */
int arch__at_int3(struct vm *vm);

/* Print the guest's registers after a crash (shutdown, emulation error). */
void arch__dump_regs(struct vm *vm);

#endif
