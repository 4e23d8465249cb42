/* SPDX-License-Identifier: MIT */
/*
 * The random hypercall with good and bad buffers (RAM of 64 MiB or more:
 * one call fills 40 MiB, more than one host getrandom() call gives).
 * Every bad range returns
 * UNIMON_EFAULT and leaves memory alone; the monitor keeps running.
 * Prints one line per case; the test asserts the line "rngbad: all ok".
 * In a monitor without the device the first line shows ret -38.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/random.h>
#include <unimon/unimon.h>

static int failures;
static uint8_t buf[64 + 16];

static void expect(const char *what, int64_t got, int64_t want)
{
	printf("%s: ret %lld %s\n", what, (long long)got,
	       got == want ? "ok" : "WRONG");
	failures += got != want;
}

static int64_t rnd(uint64_t addr, uint64_t len)
{
	struct unimon_hc_random a = { addr, len, UNIMON_ENOSYS };

	unimon_hypercall(UNIMON_HC_RANDOM, &a);
	return ((volatile struct unimon_hc_random *)&a)->ret;
}

static int all_zero(const volatile uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

int main(void)
{
	uint64_t ram = unimon_ram_size();
	volatile uint8_t *end = (volatile uint8_t *)(uintptr_t)(ram - 8);
	static uint8_t big[1 << 20];
	size_t huge_len = 40 << 20;
	uint8_t *huge;
	int64_t r;

	/* 64 bytes between two 8-byte guards that must stay zero. */
	r = rnd((uintptr_t)buf + 8, 64);
	expect("64 bytes", r, 64);
	if (r == UNIMON_ENOSYS) {
		printf("rngbad: no random hypercall\n");
		return 2;
	}
	expect("64 bytes: not all zero", all_zero(buf + 8, 64), 0);
	expect("64 bytes: guards untouched",
	       all_zero(buf, 8) && all_zero(buf + 72, 8), 1);
	expect("1 MiB", rnd((uintptr_t)big, sizeof(big)), sizeof(big));
	expect("1 MiB: last 64 bytes not zero",
	       all_zero(big + sizeof(big) - 64, 64), 0);
	huge = malloc(huge_len);
	expect("40 MiB", huge ? rnd((uintptr_t)huge, huge_len) : -1,
	       huge_len);
	expect("40 MiB: last 64 bytes not zero",
	       huge ? all_zero(huge + huge_len - 64, 64) : 1, 0);
	free(huge);
	expect("len 0", rnd((uintptr_t)buf, 0), 0);
	expect("len 0 at RAM end", rnd(ram, 0), 0);
	expect("null page", rnd(0, 16), UNIMON_EFAULT);
	expect("null page, len 1 at 0xfff", rnd(0xfff, 1), UNIMON_EFAULT);
	expect("ring-0 region 0x1000", rnd(0x1000, 16), UNIMON_EFAULT);
	expect("page tables 0x10000", rnd(0x10000, 16), UNIMON_EFAULT);
	expect("past RAM", rnd(ram + 4096, 16), UNIMON_EFAULT);
	expect("at RAM end", rnd(ram, 1), UNIMON_EFAULT);
	expect("straddling RAM end", rnd(ram - 8, 16), UNIMON_EFAULT);
	expect("straddling RAM end: RAM untouched", all_zero(end, 8), 1);
	expect("wrapping", rnd(UINT64_MAX - 3, 8), UNIMON_EFAULT);
	expect("wrapping len", rnd((uintptr_t)buf, UINT64_MAX - 8),
	       UNIMON_EFAULT);
	expect("len UINT64_MAX", rnd((uintptr_t)buf, UINT64_MAX),
	       UNIMON_EFAULT);
	expect("len UINT64_MAX: buffer untouched", all_zero(buf, 8), 1);
	expect("len past RAM", rnd((uintptr_t)buf, ram), UNIMON_EFAULT);
	printf("rngbad: %s\n", failures ? "FAILED" : "all ok");
	return failures ? 1 : 0;
}
