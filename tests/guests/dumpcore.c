/* SPDX-License-Identifier: MIT */
/*
 * A guest for the --dumpcore tests: it leaves values a core file must
 * show, then crashes.
 *   dumpcore ud2   a global and a stack variable set, ud2 in crash_in()
 *                  called from main() (a backtrace of two frames)
 *   dumpcore null  the same with a read of address 0x8 (a page fault)
 *   dumpcore regs  every general-purpose register but rsp set to
 *                  0xdc000000000000NN, NN its number in the instruction
 *                  encoding (rax 0, rcx 1, ... r15 0xf), then ud2
 *   dumpcore none  no crash: exit status 0
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

volatile uint64_t dumpcore_global;
volatile uint64_t *volatile dumpcore_local_addr;
static volatile int *volatile unmapped = (volatile int *)8; /* null page */

static __attribute__((noinline)) int crash_in(volatile uint64_t *local,
					      int null)
{
	dumpcore_local_addr = local;
	if (null)
		return *unmapped;
	asm volatile("ud2");
	return 0;
}

static __attribute__((noreturn)) void crash_regs(void)
{
	asm volatile("movabs $0xdc00000000000000, %rax\n\t"
		     "movabs $0xdc00000000000001, %rcx\n\t"
		     "movabs $0xdc00000000000002, %rdx\n\t"
		     "movabs $0xdc00000000000003, %rbx\n\t"
		     "movabs $0xdc00000000000005, %rbp\n\t"
		     "movabs $0xdc00000000000006, %rsi\n\t"
		     "movabs $0xdc00000000000007, %rdi\n\t"
		     "movabs $0xdc00000000000008, %r8\n\t"
		     "movabs $0xdc00000000000009, %r9\n\t"
		     "movabs $0xdc0000000000000a, %r10\n\t"
		     "movabs $0xdc0000000000000b, %r11\n\t"
		     "movabs $0xdc0000000000000c, %r12\n\t"
		     "movabs $0xdc0000000000000d, %r13\n\t"
		     "movabs $0xdc0000000000000e, %r14\n\t"
		     "movabs $0xdc0000000000000f, %r15\n\t"
		     "ud2");
	__builtin_unreachable();
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "ud2";
	volatile uint64_t local = 0x57ac4c0ffee5ULL;

	dumpcore_global = 0x600dc0de12345678ULL;
	printf("dumpcore: %s\n", what);
	if (!strcmp(what, "regs"))
		crash_regs();
	if (!strcmp(what, "none"))
		return 0;
	return crash_in(&local, !strcmp(what, "null"));
}
