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
/* Mode-specific layout rules for RAM of ram_size; 0 or -1 with err__set(). */
int arch__check_layout(uint64_t ram_size);
/* Where flat images load and which options place them. */
uint64_t arch__flat_load_addr(void);
extern const char *const arch__flat_load_option;

/*
 * Page tables, descriptor tables, registers: ready to enter the guest.
 * ram_unmapped: RAM outside the image starts unmapped (the program maps
 * what it uses), else all of it is the guest's.
 */
int arch__setup_vcpu(struct vm *vm, const struct load_info *li,
		     int ram_unmapped);

/*
 * A debugger's hook for a #BP or #DB the guest took (vector 3 or 1), with
 * the guest's registers as the CPU left it (past an int3): 1 if taken.
 */
typedef int arch_trap_fn(struct vm *vm, int vector);

/*
 * The monitor's exception port was written. If it came from the ring-0
 * exception stubs: a #BP or #DB that trap (when given) takes goes back to
 * the guest (ARCH_EXC_TRAPPED); anything else is decoded into vm->crash
 * for the personality to report (ARCH_EXC_CRASH). ARCH_EXC_NONE: not
 * from the stubs (a guest poking the port: unclaimed).
 */
enum arch_exc { ARCH_EXC_NONE, ARCH_EXC_TRAPPED, ARCH_EXC_CRASH };
enum arch_exc arch__exception(struct vm *vm, arch_trap_fn *trap);

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
 * The vCPU's registers as they stand become the guest's state at the
 * crash (vm->crash and the arch's registers), unless it was kept
 * already: 0, or -1 when they cannot be read.
 */
int arch__keep_crash_regs(struct vm *vm);

/*
 * The crash in vm->crash as the signal a Linux process would have got:
 * *signo, *code (si_code) and *addr (si_addr), for core files and the
 * Linux personality's report (arch/x86/crash-signal.c).
 */
void arch__crash_signal(const struct vm *vm, int *signo, int *code,
			uint64_t *addr);

/*
 * An ELF core file of the guest (debug/dumpcore.c): the machine, and the
 * registers at the crash in the layout of NT_PRSTATUS's pr_reg (x86-64:
 * struct user_regs_struct, size bytes). 0, or -1 when they were lost
 * (arch/x86/coredump.c).
 */
extern const unsigned int arch__elf_machine;
extern const unsigned int arch__prstatus_size;
int arch__core_regs(const struct vm *vm, void *pr_reg, unsigned int size);

/*
 * What a debugger sees (arch/x86/gdb.c): the gdb target description,
 * gdb's register numbers (ARCH_GDB_REGS of them, the first ARCH_GDB_G in
 * a 'g' packet), each one's size in bytes; registers read at once (0, or
 * -1; avail[n] is 0 for one the stub cannot read) and written from
 * first on (count of them; -1 when one cannot be written).
 */
const char *arch__gdb_target_xml(unsigned int *len);
extern const unsigned int arch__gdb_nregs, arch__gdb_g_regs;
unsigned int arch__gdb_reg_size(unsigned int n);
int arch__gdb_read_regs(struct vm *vm, uint64_t *v, unsigned char *avail);
int arch__gdb_write_regs(struct vm *vm, unsigned int first,
			 const uint64_t *v, unsigned int count);
/* The program counter: read into *get, set from *set. 0 or -1. */
int arch__pc(struct vm *vm, uint64_t *get, const uint64_t *set);
/* The software breakpoint instruction (one byte). */
extern const uint8_t arch__breakpoint_insn;
/* A debugger's traps: arch_trap_fn's vectors. */
enum { ARCH_TRAP_STEP = 1, ARCH_TRAP_BREAKPOINT = 3 };
/*
 * Guest debugging on (breakpoints reported) or off, single steps on or
 * off: KVM_SET_GUEST_DEBUG on the vCPU. Async-signal-safe. 0 or -1.
 */
int arch__guest_debug(int vcpu_fd, int on, int step);
/* A debug exit: the trap (ARCH_TRAP_*) and the address it reported. */
int arch__debug_exit(struct vm *vm, uint64_t *pc);
/*
 * 1 when gdb's breakpoints must be found by single steps: the guest has
 * no IDT of the monitor's to catch an int3 and this host's KVM does not
 * intercept one (a throwaway VM asks it, arch/x86/int3-probe.c). Built
 * for such guests only (weak: NULL elsewhere).
 */
int arch__bp_by_steps(struct vm *vm) __attribute__((weak));

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
