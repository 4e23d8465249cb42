// SPDX-License-Identifier: MIT
/* Entropy: the random hypercall, RDRAND and RDSEED. */
#include <unimon/random.h>
#include <unimon/unimon.h>

#define RDRAND_RETRIES 10
#define RDSEED_RETRIES 100

int64_t unimon_random(void *buf, size_t len)
{
	struct unimon_hc_random a = { (uintptr_t)buf, len, UNIMON_ENOSYS };
	int err = unimon_hypercall(UNIMON_HC_RANDOM, &a);

	return err ? err : a.ret;
}

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	asm volatile("cpuid"
		     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
		     : "a"(leaf), "c"(sub));
}

/* Bits of CPUID checked once: -1 not yet, else 0 or 1. */
static int has_rdrand = -1, has_rdseed = -1;

static void probe(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	has_rdseed = 0;
	if (r[0] >= 7) {
		cpuid(7, 0, r);
		has_rdseed = !!(r[1] & (1u << 18));
	}
	cpuid(1, 0, r);
	has_rdrand = !!(r[2] & (1u << 30));
}

int unimon_has_rdrand(void)
{
	if (has_rdrand < 0)
		probe();
	return has_rdrand;
}

int unimon_has_rdseed(void)
{
	if (has_rdseed < 0)
		probe();
	return has_rdseed;
}

/* The mnemonics need binutils 2.20+, no -march flag: they are just bytes. */
static int rdrand_once(uint64_t *v)
{
	uint8_t ok;

	asm volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
	return ok;
}

static int rdseed_once(uint64_t *v)
{
	uint8_t ok;

	asm volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
	return ok;
}

int unimon_rdrand64(uint64_t *val)
{
	int i;

	if (!unimon_has_rdrand())
		return UNIMON_ENOSYS;
	for (i = 0; i < RDRAND_RETRIES; i++)
		if (rdrand_once(val))
			return *val == UINT64_MAX ? UNIMON_EIO : 0;
	return UNIMON_EIO;
}

int unimon_rdseed64(uint64_t *val)
{
	int i;

	if (!unimon_has_rdseed())
		return UNIMON_ENOSYS;
	for (i = 0; i < RDSEED_RETRIES; i++) {
		if (rdseed_once(val))
			return *val == UINT64_MAX ? UNIMON_EIO : 0;
		asm volatile("pause");
	}
	return UNIMON_EIO;
}
