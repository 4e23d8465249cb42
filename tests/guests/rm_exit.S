/* SPDX-License-Identifier: MIT */
/* Real mode: print through the debug console, exit 5 through port 0xf4. */
	.code16
	.globl _start
_start:
	mov	$0xe9, %dx
	mov	$msg, %si
1:	lodsb
	test	%al, %al
	jz	2f
	out	%al, %dx
	jmp	1b
2:	mov	$5, %al
	out	%al, $0xf4
	hlt
msg:	.asciz "real mode exit 5\n"
