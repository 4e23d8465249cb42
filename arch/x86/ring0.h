/* SPDX-License-Identifier: MIT */
/*
 * The monitor's ring-0 region in long mode (CONFIG_RING0_ADDR, 28 KiB,
 * supervisor-only): descriptor tables, exception stubs, ring-0 stack.
 */
#ifndef UNIMON_RING0_H
#define UNIMON_RING0_H

#include <stdint.h>
#include <linux/kvm.h>

#define RING0_SIZE 0x7000
#define R0_GDT 0x0	/* 7 descriptors */
#define R0_TSS 0x4000	/* 104 bytes + I/O bitmap (8 KiB + 1) */
#define R0_TSS_LIMIT (104 + 8192)
#define R0_IDT 0x200	/* R0_NVEC gates of 16 bytes */
#define R0_STUBS 0x1000 /* R0_NVEC stubs of R0_STUB_SIZE bytes, read/exec */
#define R0_STACK_TOP 0x4000

#define R0_NVEC 32
#define R0_STUB_SIZE 8

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x1b
#define SEL_UCODE 0x23
#define SEL_TSS 0x28

#define RFLAGS_FIXED 0x2u
#define RFLAGS_TF (1u << 8)
#define RFLAGS_IOPL3 (3u << 12)

/* The flat 64-bit code or data segment of selector sel (DPL = its RPL). */
static inline struct kvm_segment r0_flat_seg(uint16_t sel, int code)
{
	return (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel,
		.type = code ? 0xb : 0x3, .present = 1, .dpl = sel & 3,
		.db = !code, .s = 1, .l = code, .g = 1,
	};
}

/* Vectors for which the CPU pushes an error code. */
#define VEC_HAS_ERROR(v) \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
	 (v) == 29 || (v) == 30)

#endif
