/* SPDX-License-Identifier: MIT */
/*
 * Long-mode start-up. The monitor enters _start in 64-bit mode with
 * RDI = address of the device tree and RSP = top of a stack; guest RAM is
 * zeroed, so .bss needs no clearing.
 *
 * This file also carries the ELF note that tells the monitor which ABI
 * the guest was built for. The build passes -imacros unimon/abi.h, which
 * defines the ABI's macros without the C declarations that surround them.
 */
#ifndef UNIMON_ABI_VERSION
#error "assemble with -imacros <sdk>/include/unimon/abi.h"
#endif

	.section .text.start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	xorl	%ebp, %ebp		/* the outermost frame, for debuggers */
	andq	$-16, %rsp		/* the ABI's alignment before a call */
	cld
	/* RDI, the device tree, is already the first argument. */
	call	unimon_crt__start
1:	hlt				/* not reached */
	jmp	1b
	.size _start, . - _start

	/* Elf64_Nhdr, then the name and the descriptor, each 4-aligned. */
	.section .note.unimon, "a", @note
	.balign 4
	.long	2f - 1f			/* n_namesz, with the NUL */
	.long	4f - 3f			/* n_descsz */
	.long	UNIMON_NOTE_TYPE_ABI	/* n_type */
1:	.asciz	UNIMON_NOTE_NAME
2:	.balign 4
3:	.long	UNIMON_ABI_VERSION
4:	.balign 4

	.section .note.GNU-stack, "", @progbits
