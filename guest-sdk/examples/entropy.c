// SPDX-License-Identifier: MIT
/*
 * Entropy: 4 KiB from the monitor's random hypercall (the host's
 * getrandom(), CONFIG_RNG), checked for the obvious failures: all zero,
 * the same bytes twice, far too many or too few one-bits (a monobit
 * count, as in FIPS 140-1, with wide bounds). Then RDRAND and RDSEED
 * where CPUID shows them. Prints "entropy ok (SOURCES)" and exits 0 when
 * at least one source works and none is broken.
 *
 *   unimon entropy.elf     (a monitor built with CONFIG_RNG=y)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unimon/random.h>
#include <unimon/unimon.h>

#define LEN 4096
#define BITS (LEN * 8)
/* Ones in BITS random bits: mean BITS/2, standard deviation 90.5. */
#define MONOBIT_SLACK 600 /* 6.6 standard deviations */

static uint64_t a[LEN / 8], b[LEN / 8];

static unsigned int ones(const uint64_t *w, size_t n)
{
	unsigned int c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c += __builtin_popcountll(w[i]);
	return c;
}

/* 0: usable, 1: absent, -1: broken. */
static int check_hypercall(void)
{
	int64_t r = unimon_random(a, LEN);
	unsigned int n;
	size_t i;

	if (r == UNIMON_ENOSYS) {
		printf("random hypercall: not in this monitor (ret %lld)\n",
		       (long long)r);
		return 1;
	}
	if (r != LEN) {
		printf("random hypercall: ret %lld, expected %d\n",
		       (long long)r, LEN);
		return -1;
	}
	for (i = 0; i < LEN / 8 && !a[i]; i++)
		;
	if (i == LEN / 8) {
		printf("random hypercall: 4 KiB of zeros\n");
		return -1;
	}
	if (unimon_random(b, LEN) != LEN || !memcmp(a, b, LEN)) {
		printf("random hypercall: second call gave the same bytes\n");
		return -1;
	}
	n = ones(a, LEN / 8);
	printf("random hypercall: %d bytes, %u of %d bits set\n", LEN, n, BITS);
	if (n < BITS / 2 - MONOBIT_SLACK || n > BITS / 2 + MONOBIT_SLACK) {
		printf("random hypercall: monobit count out of range\n");
		return -1;
	}
	return 0;
}

/* 0: usable, 1: absent, -1: broken. Eight values, no two alike. */
static int check_insn(const char *name, int (*get)(uint64_t *))
{
	uint64_t v[8];
	int i, j, err;

	for (i = 0; i < 8; i++) {
		err = get(&v[i]);
		if (err == UNIMON_ENOSYS) {
			printf("%s: not in CPUID\n", name);
			return 1;
		}
		if (err) {
			printf("%s: failed (%d)\n", name, err);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (v[j] == v[i]) {
				printf("%s: repeated value %#llx\n", name,
				       (unsigned long long)v[i]);
				return -1;
			}
	}
	printf("%s: ok\n", name);
	return 0;
}

int main(void)
{
	static const char *const names[] = { "hypercall", "rdrand", "rdseed" };
	int r[3], i, any = 0, n = 0;
	char used[64];

	r[0] = check_hypercall();
	r[1] = check_insn("rdrand", unimon_rdrand64);
	r[2] = check_insn("rdseed", unimon_rdseed64);
	for (i = 0; i < 3; i++) {
		if (r[i] < 0)
			return 1;
		if (r[i] == 0)
			n += snprintf(used + n, sizeof(used) - n, "%s%s",
				      any++ ? ", " : "", names[i]);
	}
	if (!any) {
		printf("entropy: no source\n");
		return 1;
	}
	printf("entropy ok (%s)\n", used);
	return 0;
}
