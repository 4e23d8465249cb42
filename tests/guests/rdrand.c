/* SPDX-License-Identifier: MIT */
/*
 * RDRAND and RDSEED through the SDK: what the guest's CPUID shows, and
 * whether the instructions give values where it shows them (where it
 * does not, the SDK must say ENOSYS without executing them). Built for
 * CPL3 and, by tests/integration/rng.sh, for CPL0 (--kernel), where on a
 * PVM host guest code is emulated: an instruction KVM cannot emulate
 * stops the guest with exit code 82. "rdrand force" executes both
 * instructions once even when CPUID does not show them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unimon/random.h>
#include <unimon/unimon.h>

static int try(const char *name, int has, int (*get)(uint64_t *))
{
	uint64_t a, b;
	int err;

	err = get(&a);
	if (!has) { /* the SDK must not execute it: ENOSYS */
		printf("%s: not in CPUID: %s\n", name,
		       err == UNIMON_ENOSYS ? "ENOSYS" : "FAILED");
		return err != UNIMON_ENOSYS;
	}
	if (!err)
		err = get(&b);
	if (err || a == b) {
		printf("%s: FAILED (%d)\n", name, err);
		return 1;
	}
	printf("%s: ok\n", name);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t v;
	uint8_t cf;
	int bad;

	printf("mode %s: cpuid rdrand %d rdseed %d\n", unimon_mode(),
	       unimon_has_rdrand(), unimon_has_rdseed());
	if (argc > 1 && !strcmp(argv[1], "force")) {
		asm volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(cf) : : "cc");
		printf("rdrand executed: cf %d\n", cf);
		asm volatile("rdseed %0; setc %1" : "=r"(v), "=qm"(cf) : : "cc");
		printf("rdseed executed: cf %d\n", cf);
		return 0;
	}
	bad = try("rdrand", unimon_has_rdrand(), unimon_rdrand64);
	bad |= try("rdseed", unimon_has_rdseed(), unimon_rdseed64);
	return bad;
}
