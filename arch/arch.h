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

/* "#PF page fault" and so on, for vector (0-31). */
const char *arch__exception_name(int vector);

/* The full report of an exception kept in vm->crash: one line, registers. */
void arch__report_exception(struct vm *vm);

/* 1 when the guest's next instruction is an int3 (a breakpoint byte). */
int arch__at_int3(struct vm *vm);

/* Print the guest's registers after a crash (shutdown, emulation error). */
void arch__dump_regs(struct vm *vm);

/*
 * The Linux personality's entry and memory (arch/x86/syscall.c): the
 * syscall instruction exits to the monitor through a stub at stub (a
 * page of its own) writing port; each call's number and arguments, and
 * its result back in the program's registers as the kernel would.
 */
struct arch_syscall {
	uint64_t nr, arg[6];
	uint64_t ret_rip;	/* where the program goes on */
};
int arch__syscall_setup(struct vm *vm, uint64_t stub, uint8_t port);
/* At an exit to that port: 1 and the call, or 0 if it came from elsewhere. */
int arch__syscall_get(struct vm *vm, struct arch_syscall *sc);
/* 0, or -1 when the registers could not be written. */
int arch__syscall_return(struct vm *vm, uint64_t ret);
/* The program's first instruction and stack pointer. */
int arch__set_entry(struct vm *vm, uint64_t rip, uint64_t rsp);
/* The thread pointer (x86: FS base): read into *get, set from *set. */
int arch__fs_base(struct vm *vm, uint64_t *get, const uint64_t *set);

/*
 * Map [start, start + len) (4 KiB aligned) for the program with prot
 * (ARCH_MAP_*; 0: unmapped), at run time. taken: access was taken away,
 * so the TLB is flushed. 0, or -1 with err__set() (no page-table room).
 */
#define ARCH_MAP_R 1u
#define ARCH_MAP_W 2u
#define ARCH_MAP_X 4u
int arch__map(struct vm *vm, uint64_t start, uint64_t len, unsigned int prot,
	      int taken);

#endif
