/* SPDX-License-Identifier: MIT */
/*
 * The smallest long-mode guest: a flat binary that writes "raw\n" to the
 * debug console and exits with status 42 through the exit hypercall.
 */
	.code64
	.globl _start
_start:
	mov	$0xe9, %dx
	lea	msg(%rip), %rsi
	mov	$4, %ecx
	rep outsb
	lea	status(%rip), %rax
	mov	$0x501, %dx
	out	%eax, %dx
	ud2
	.align 8
status:	.quad 42
msg:	.ascii "raw\n"
