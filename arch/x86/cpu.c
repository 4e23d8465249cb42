// SPDX-License-Identifier: MIT
#include <cpuid.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/kvm.h>
#include "arch/x86/cpu.h"
#include "arch/x86/cpuid-cache.h"
#include "core/device.h"
#include "core/error.h"
#include "core/kconfig.h"
#include "core/vm.h"
#include "shared/util.h"

#define XFEATURE_X87 (1ull << 0)
#define XFEATURE_SSE (1ull << 1)
#define XFEATURE_AVX (1ull << 2)
#define XFEATURE_AVX512 (7ull << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */

#define CPUID_MAX 256	/* KVM_MAX_CPUID_ENTRIES */
#define CPUID_BYTES(n) \
	(sizeof(struct kvm_cpuid2) + (n) * sizeof(struct kvm_cpuid_entry2))

/*
 * KVM_GET_SUPPORTED_CPUID reports the APIC id of the host CPU the ioctl
 * ran on (leaf 1 EBX[31:24], leaves 0xb/0x1f EDX, measured: 0 or 1 on a
 * 2-CPU host). The guest's one vCPU is APIC id 0: say so, whichever CPU
 * the monitor ran on, which also makes the cached table the same from
 * any CPU.
 */
static void set_apic_id0(struct kvm_cpuid2 *c)
{
	unsigned int i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function == 1)
			e->ebx &= 0x00ffffff;
		else if (e->function == 0xb || e->function == 0x1f)
			e->edx = 0;
	}
}

/*
 * Ask for KVM_MAX_CPUID_ENTRIES (256) at once: on PVM hosts each call costs
 * about 0.5 ms, and a first call that is too small fails with E2BIG.
 */
static struct kvm_cpuid2 *supported_cpuid(int kvm_fd)
{
	struct kvm_cpuid2 *c = NULL;
	unsigned int n = CPUID_MAX;

	for (;;) {
		free(c);
		c = calloc(1, CPUID_BYTES(n));
		if (!c)
			return NULL;
		c->nent = n;
		if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0) {
			set_apic_id0(c);
			return c;
		}
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
 * KVM_GET_SUPPORTED_CPUID leaves them out (PVM hosts list few), by name
 * in its struct device (hw/rng.c: RDRAND, RDSEED), so the bits come and
 * go with the device's Kconfig option.
 */
static const struct {
	const char *name;
	unsigned int leaf;	/* 1: ECX; 7: subleaf 0 EBX */
	uint32_t bit;
} named_features[] = {
	{ "rdrand", 1, 1u << 30 },
	{ "rdseed", 7, 1u << 18 },
};

/* What the devices ask for: masks for leaf 1 ECX and leaf 7.0 EBX. */
static int wanted_features(uint32_t *leaf1_ecx, uint32_t *leaf7_ebx)
{
	unsigned int i;

	for_each_device(d)
		for (const char *const *f = (*d)->cpu_features; f && *f; f++) {
			for (i = 0; i < ARRAY_SIZE(named_features); i++)
				if (!strcmp(*f, named_features[i].name))
					break;
			if (i == ARRAY_SIZE(named_features))
				return err__set("device %s: unknown CPU feature "
						"%s", (*d)->name, *f);
			*(named_features[i].leaf == 1 ? leaf1_ecx : leaf7_ebx) |=
				named_features[i].bit;
		}
	return 0;
}

/*
 * Add the wanted features that the host CPU has (read with the cpuid
 * instruction) to the leaves KVM listed. A leaf KVM left out is not
 * invented.
 */
static int add_host_features(struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *l1 = leaf(c, 1, 0), *l7 = leaf(c, 7, 0);
	uint32_t want1 = 0, want7 = 0, a, b, cx, d;

	if (wanted_features(&want1, &want7))
		return -1;
	if (l1 && want1 && __get_cpuid_count(1, 0, &a, &b, &cx, &d))
		l1->ecx |= want1 & cx;
	if (l7 && want7 && __get_cpuid_count(7, 0, &a, &b, &cx, &d))
		l7->ebx |= want7 & b;
	return 0;
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

/*
 * Make c the vCPU's CPUID (with the wanted host features added), then XCR0
 * and the FPU. Fails where KVM refuses the table or the XCR0 it implies:
 * for a cached table that is the sign it is stale.
 */
static int apply_cpuid(struct vm *vm, struct kvm_cpuid2 *c,
		       struct cpu_features *f)
{
	struct kvm_cpuid_entry2 *l1, *l7;

	memset(f, 0, sizeof(*f));
	if (add_host_features(c))
		return -1;
	l1 = leaf(c, 1, 0);
	l7 = leaf(c, 7, 0);
	f->xsave = l1 && (l1->ecx & (1u << 26));
	f->fsgsbase = l7 && (l7->ebx & 1u);
	if (ioctl(vm->vcpu_fd, KVM_SET_CPUID2, c) < 0)
		return err__set("KVM_SET_CPUID2: %s", strerror(errno));
	if (f->xsave) {
		f->xcr0 = pick_xcr0(c);
		if (set_xcr0(vm, f->xcr0))
			return -1;
	}
	return set_fpu(vm);
}

/*
 * The cache key of the supported-CPUID table besides the boot and the
 * kernel (arch/x86/cpuid-cache.h): the /dev/kvm node this monitor opened. Loading
 * the KVM module (again, perhaps with other parameters, which change the
 * table) makes a new node: another inode and change time.
 */
struct kvm_node {
	uint64_t dev, ino, rdev, ctime_sec, ctime_nsec;
};

static int kvm_node(int kvm_fd, struct kvm_node *k)
{
	struct stat st;

	if (fstat(kvm_fd, &st))
		return -1;
	*k = (struct kvm_node){ st.st_dev, st.st_ino, st.st_rdev,
				st.st_ctim.tv_sec, st.st_ctim.tv_nsec };
	return 0;
}

/*
 * The cached KVM_GET_SUPPORTED_CPUID table, or NULL. In static memory: no
 * heap growth that a later free() could trim with brk() in the sandbox.
 */
static struct kvm_cpuid2 *cached_cpuid(const struct kvm_node *k)
{
	static uint64_t buf[CPUID_BYTES(CPUID_MAX) / 8 + 1];
	struct kvm_cpuid2 *c = (struct kvm_cpuid2 *)buf;
	long n = cpuid_cache__load("cpuid", k, sizeof(*k), c, CPUID_BYTES(CPUID_MAX));

	/* n <= CPUID_BYTES(CPUID_MAX), so nent <= CPUID_MAX too. */
	if (n < (long)sizeof(*c) || n != (long)CPUID_BYTES(c->nent))
		return NULL;
	return c;
}

/*
 * A cached table first, if any: KVM_GET_SUPPORTED_CPUID costs ~0.5 ms on
 * PVM hosts, where every `cpuid` the host kernel runs for it traps. If
 * KVM refuses the cached table, ask KVM and cache its answer.
 */
static int cpuid_from_cache(struct vm *vm, struct kvm_node *k,
			    struct cpu_features *f)
{
	struct kvm_cpuid2 *c;

	if (kvm_node(vm->kvm_fd, k))
		return -1;
	c = cached_cpuid(k);
	return c ? apply_cpuid(vm, c, f) : -1;
}

int cpu__setup(struct vm *vm, struct cpu_features *f)
{
	const int cache = IS_ENABLED(CONFIG_CPUID_CACHE);
	struct kvm_node k;
	struct kvm_cpuid2 *c;
	int ret;

	stats__phase(&vm->stats, PHASE_VCPU);
	if (cache && !cpuid_from_cache(vm, &k, f))
		goto done;
	c = supported_cpuid(vm->kvm_fd);
	if (!c)
		return err__set("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
	if (cache && !kvm_node(vm->kvm_fd, &k))
		cpuid_cache__store("cpuid", &k, sizeof(k), c, CPUID_BYTES(c->nent));
	ret = apply_cpuid(vm, c, f);
	free(c);
	if (ret)
		return ret;
done:
	stats__phase(&vm->stats, PHASE_CPUID);
	return 0;
}
