/* SPDX-License-Identifier: MIT */
/*
 * Kernel-mode (CPL0) flat binary: one SSE instruction, then exit 0 through
 * the exit hypercall. On hardware KVM it exits 0; on PVM hosts SSE at CPL0
 * cannot be emulated and the monitor reports an emulation failure.
 */
	.code64
	.globl _start
_start:
	xorps	%xmm0, %xmm0
	lea	status(%rip), %rax
	mov	$0x501, %dx
	out	%eax, %dx
	hlt
	.align 8
status:	.quad 0
