/* SPDX-License-Identifier: MIT */
/* CPUID, XCR0 and FPU state shared by every entry mode. */
#ifndef UNIMON_X86_CPU_H
#define UNIMON_X86_CPU_H

#include <stdint.h>

struct vm;

struct cpu_features {
	int xsave;	/* CR4.OSXSAVE may be set, XCR0 was written */
	int fsgsbase;	/* CR4.FSGSBASE may be set */
	uint64_t xcr0;
};

/* Set CPUID from KVM_GET_SUPPORTED_CPUID, XCR0 (x87/SSE/AVX/AVX-512 as
 * supported) and a clean FPU. Returns 0, or -1 with err__set(). */
int cpu__setup(struct vm *vm, struct cpu_features *f);

#endif
