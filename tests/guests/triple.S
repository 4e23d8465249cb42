/* SPDX-License-Identifier: MIT */
/*
 * Kernel-mode (CPL0) flat binary: load an empty IDT and raise an
 * exception. With no handler the CPU triple-faults.
 */
	.code64
	.globl _start
_start:
	lidt	idt(%rip)
	ud2
	.align 8
idt:	.word 0
	.quad 0
