/* SPDX-License-Identifier: MIT */
/*
 * A real-mode guest in plain assembly, no SDK code at all: it is loaded
 * at 0x0000:0x7c00 and entered there with CS = DS = ES = SS = 0. It
 * writes its greeting byte by byte to the debug console port and exits
 * with status 0 through the exit port.
 *
 *   guest-sdk/bin/unimon-cc --real -nostdlib -o hello16-asm.bin hello16-asm.S
 */
#define DEBUGCON_PORT 0xe9
#define EXIT_PORT 0xf4

	.code16
	.section .text.start, "ax", @progbits
	.globl _start
_start:
	cld
	movw	$msg, %si
	movw	$DEBUGCON_PORT, %dx
1:	lodsb				/* al = *ds:si++ */
	testb	%al, %al
	jz	2f
	outb	%al, %dx
	jmp	1b

2:	movb	$0, %al
	outb	%al, $EXIT_PORT
3:	hlt				/* not reached: exit already */
	jmp	3b

msg:	.asciz	"Hello from real mode (asm)\n"

	.section .note.GNU-stack, "", @progbits
