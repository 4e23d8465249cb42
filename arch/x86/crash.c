// SPDX-License-Identifier: MIT
/*
 * A crash seen as a Linux process would see it: the signal an x86
 * exception brings, and the registers in the layout of an x86-64 core
 * file's NT_PRSTATUS (struct user_regs_struct), for --dumpcore and the
 * Linux personality's report.
 */
#include <elf.h>
#include <signal.h>
#include <string.h>
#include <sys/user.h>
#include "arch/arch.h"
#include "arch/x86/regs.h"
#include "core/vm.h"
#include "shared/util.h"
#include "unimon/abi.h"

const unsigned int arch__elf_machine = EM_X86_64;

void arch__crash_signal(const struct vm *vm, int *signo, int *code,
			uint64_t *addr)
{
	/* As the Linux kernel's exception handlers (arch/x86/kernel/traps.c). */
	static const struct {
		unsigned char signo, code, at_rip;
	} vec[] = {
		[0] = { SIGFPE, FPE_INTDIV, 1 },   [1] = { SIGTRAP, TRAP_TRACE, 1 },
		[3] = { SIGTRAP, SI_KERNEL, 0 },   [6] = { SIGILL, ILL_ILLOPN, 1 },
		[7] = { SIGFPE, SI_KERNEL, 0 },    [9] = { SIGFPE, SI_KERNEL, 0 },
		[11] = { SIGBUS, SI_KERNEL, 0 },   [12] = { SIGBUS, SI_KERNEL, 0 },
		[16] = { SIGFPE, SI_KERNEL, 0 },   [17] = { SIGBUS, BUS_ADRALN, 0 },
		[18] = { SIGBUS, SI_KERNEL, 0 },   [19] = { SIGFPE, SI_KERNEL, 0 },
	};
	const struct crash *c = &vm->crash;
	int v = c->vector;

	*signo = SIGSEGV;
	*code = SI_KERNEL;
	*addr = 0;
	if (v == 14) { /* #PF: CR2, error code bit 0 = the page was present */
		*code = c->error & 1 ? SEGV_ACCERR : SEGV_MAPERR;
		*addr = c->fault_addr;
	} else if (v >= 0 && v < (int)ARRAY_SIZE(vec) && vec[v].signo) {
		*signo = vec[v].signo;
		*code = vec[v].code;
		*addr = vec[v].at_rip ? c->pc : 0;
	} else if (v < 0 && vm->exit_code == UNIMON_EXIT_EMULATION) {
		*signo = SIGILL;
		*addr = c->pc;
	}
}

int arch__core_regs(const struct vm *vm, void *pr_reg, unsigned int size)
{
	const struct crash_regs *c = &regs__crash;
	const uint64_t *g = c->gpr; /* rax rcx rdx rbx rsp rbp rsi rdi r8.. */
	struct user_regs_struct u = {
		.r15 = g[15], .r14 = g[14], .r13 = g[13], .r12 = g[12],
		.rbp = g[5], .rbx = g[3], .r11 = g[11], .r10 = g[10],
		.r9 = g[9], .r8 = g[8], .rax = g[0], .rcx = g[1],
		.rdx = g[2], .rsi = g[6], .rdi = g[7],
		.orig_rax = (unsigned long long)-1, /* not in a system call */
		.rip = c->rip, .cs = c->cs, .eflags = c->rflags,
		.rsp = g[4], .ss = c->ss, .fs_base = c->fs_base,
		.gs_base = c->gs_base, .ds = c->ds, .es = c->es,
		.fs = c->fs, .gs = c->gs,
	};

	if (!vm->crash.valid || vm->crash.lost || size != sizeof(u))
		return -1;
	memcpy(pr_reg, &u, sizeof(u));
	return 0;
}
