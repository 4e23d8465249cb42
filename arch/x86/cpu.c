// SPDX-License-Identifier: MIT
#include <cpuid.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "arch/x86/cpu.h"
#include "core/error.h"
#include "core/vm.h"

#define XFEATURE_X87 (1ull << 0)
#define XFEATURE_SSE (1ull << 1)
#define XFEATURE_AVX (1ull << 2)
#define XFEATURE_AVX512 (7ull << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */

/*
 * Ask for KVM_MAX_CPUID_ENTRIES (256) at once: on PVM hosts each call costs
 * about 0.7 ms, and a first call that is too small fails with E2BIG.
 */
static struct kvm_cpuid2 *supported_cpuid(int kvm_fd)
{
	struct kvm_cpuid2 *c = NULL;
	unsigned int n = 256;

	for (;;) {
		free(c);
		c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
		if (!c)
			return NULL;
		c->nent = n;
		if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0)
			return c;
		if (errno != E2BIG || n >= 4096) {
			free(c);
			return NULL;
		}
		n *= 2;
	}
}

static struct kvm_cpuid_entry2 *leaf(struct kvm_cpuid2 *c, uint32_t fn,
				     uint32_t idx)
{
	unsigned int i;

	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == fn && c->entries[i].index == idx)
			return &c->entries[i];
	return NULL;
}

/*
 * Host CPU features a device wants in the guest's CPUID even where
 * KVM_GET_SUPPORTED_CPUID leaves them out (PVM hosts list few): masks for
 * leaf 1 ECX and leaf 7.0 EBX. The default wants none; a device overrides
 * this weak definition (hw/rng.c: RDRAND, RDSEED), so the bits come and
 * go with the device's Kconfig option.
 */
void cpu__extra_features(uint32_t *leaf1_ecx, uint32_t *leaf7_ebx);

__attribute__((weak)) void cpu__extra_features(uint32_t *leaf1_ecx,
					       uint32_t *leaf7_ebx)
{
}

/*
 * Add the wanted features that the host CPU has (read with the cpuid
 * instruction) to the leaves KVM listed. A leaf KVM left out is not
 * invented.
 */
static void add_host_features(struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *l1 = leaf(c, 1, 0), *l7 = leaf(c, 7, 0);
	uint32_t want1 = 0, want7 = 0, a, b, cx, d;

	cpu__extra_features(&want1, &want7);
	if (l1 && want1 && __get_cpuid_count(1, 0, &a, &b, &cx, &d))
		l1->ecx |= want1 & cx;
	if (l7 && want7 && __get_cpuid_count(7, 0, &a, &b, &cx, &d))
		l7->ebx |= want7 & b;
}

/* XCR0: x87 and SSE always; AVX and AVX-512 when KVM offers all parts. */
static uint64_t pick_xcr0(struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *d = leaf(c, 0xd, 0);
	uint64_t have, xcr0 = XFEATURE_X87 | XFEATURE_SSE;

	if (!d)
		return xcr0;
	have = d->eax | (uint64_t)d->edx << 32;
	if (have & XFEATURE_AVX) {
		xcr0 |= XFEATURE_AVX;
		if ((have & XFEATURE_AVX512) == XFEATURE_AVX512)
			xcr0 |= XFEATURE_AVX512;
	}
	return xcr0;
}

static int set_xcr0(struct vm *vm, uint64_t xcr0)
{
	struct kvm_xcrs x = { .nr_xcrs = 1 };

	x.xcrs[0].xcr = 0;
	x.xcrs[0].value = xcr0;
	if (ioctl(vm->vcpu_fd, KVM_SET_XCRS, &x) < 0)
		return err__set("KVM_SET_XCRS: %s", strerror(errno));
	return 0;
}

/*
 * Needed: a new vCPU has FCW 0x37f but MXCSR 0 (measured on the PVM host),
 * which unmasks every SIMD exception; 0x1f80 is the architectural reset.
 */
static int set_fpu(struct vm *vm)
{
	struct kvm_fpu fpu = { .fcw = 0x37f, .mxcsr = 0x1f80 };

	if (ioctl(vm->vcpu_fd, KVM_SET_FPU, &fpu) < 0)
		return err__set("KVM_SET_FPU: %s", strerror(errno));
	return 0;
}

int cpu__setup(struct vm *vm, struct cpu_features *f)
{
	struct kvm_cpuid2 *c = supported_cpuid(vm->kvm_fd);
	struct kvm_cpuid_entry2 *l1, *l7;
	int ret = -1;

	if (!c)
		return err__set("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
	memset(f, 0, sizeof(*f));
	add_host_features(c);
	l1 = leaf(c, 1, 0);
	l7 = leaf(c, 7, 0);
	f->xsave = l1 && (l1->ecx & (1u << 26));
	f->fsgsbase = l7 && (l7->ebx & 1u);
	if (ioctl(vm->vcpu_fd, KVM_SET_CPUID2, c) < 0) {
		err__set("KVM_SET_CPUID2: %s", strerror(errno));
		goto out;
	}
	if (f->xsave) {
		f->xcr0 = pick_xcr0(c);
		if (set_xcr0(vm, f->xcr0))
			goto out;
	}
	ret = set_fpu(vm);
out:
	free(c);
	return ret;
}
