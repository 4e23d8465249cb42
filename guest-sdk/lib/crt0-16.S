/* SPDX-License-Identifier: MIT */
/*
 * Real-mode start-up for C guests compiled with gcc -m16. The monitor
 * loads the flat binary at 0x0000:0x7c00 and enters it there with
 * CS = DS = ES = SS = 0 and SP = 0x7c00. _start calls main(0, {NULL}),
 * writes the low byte of its result to the exit port and halts (the
 * monitor also treats hlt in real mode as exit 0).
 *
 * Code from gcc -m16 uses 32-bit registers and 32-bit return addresses
 * (calll/retl) with real-mode segments, so everything, stack included,
 * must stay below 64 KiB; unimon16.ld checks the image.
 */
#define EXIT_PORT 0xf4

	.code16
	.section .text.start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	cli
	ljmp	$0, $1f			/* make CS:IP 0000:7cxx in any case */
1:	xorl	%eax, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	$0x7c00, %esp		/* clears the upper half too */
	cld

	/* .bss is not in the flat binary: clear it. */
	movw	$__bss_start, %di
	movw	$_end, %cx
	subw	%di, %cx
	rep stosb

	/* main(argc = 0, argv = { NULL }), stack 16-byte aligned at the call. */
	subl	$8, %esp
	pushl	$null_argv
	pushl	$0
	calll	main

	outb	%al, $EXIT_PORT
2:	hlt
	jmp	2b
	.size _start, . - _start

	.section .rodata
	.balign 4
null_argv:
	.long	0

	.section .note.GNU-stack, "", @progbits
