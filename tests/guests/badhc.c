/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls with broken arguments: each returns an error code to the
 * guest; the monitor keeps running. Prints one line per case; the test
 * asserts the line "badhc: all ok".
 */
#include <stdint.h>
#include <stdio.h>
#include <unimon/unimon.h>

static int failures;

static void expect(const char *what, int64_t got, int64_t want)
{
	printf("%s: ret %lld %s\n", what, (long long)got,
	       got == want ? "ok" : "WRONG");
	failures += got != want;
}

static int64_t console_write(uint64_t buf, uint64_t len)
{
	struct unimon_hc_console_write a = { buf, len, UNIMON_ENOSYS };

	unimon_hypercall(UNIMON_HC_CONSOLE_WRITE, &a);
	return ((volatile struct unimon_hc_console_write *)&a)->ret;
}

int main(void)
{
	uint64_t ram = unimon_ram_size();
	struct unimon_hc_clock c = { 99, 0, UNIMON_ENOSYS };
	static char msg[] = "direct\n";

	expect("console ok", console_write((uintptr_t)msg, 7), 7);
	expect("console len 0", console_write((uintptr_t)msg, 0), 0);
	expect("console null page", console_write(0, 8), UNIMON_EFAULT);
	expect("console ring0", console_write(0x1000, 8), UNIMON_EFAULT);
	expect("console pagetables", console_write(0x10000, 8), UNIMON_EFAULT);
	expect("console past RAM", console_write(ram - 4, 8), UNIMON_EFAULT);
	expect("console at RAM end", console_write(ram, 1), UNIMON_EFAULT);
	expect("console huge len", console_write((uintptr_t)msg, UINT64_MAX),
	       UNIMON_EFAULT);
	expect("console wrapping", console_write(UINT64_MAX - 3, 8),
	       UNIMON_EFAULT);
	unimon_hypercall(UNIMON_HC_CLOCK, &c);
	expect("clock bad id", ((volatile struct unimon_hc_clock *)&c)->ret,
	       UNIMON_EINVAL);
	/* A hypercall number nobody registered: the port is unclaimed. */
	c.ret = UNIMON_ENOSYS;
	unimon_outl(UNIMON_HC_PORT_BASE + 17, (uint32_t)(uintptr_t)&c);
	expect("unregistered hypercall", c.ret, UNIMON_ENOSYS);
	/* A byte-wide write to a hypercall port is not a hypercall. */
	unimon_outb(UNIMON_HC_PORT_BASE + UNIMON_HC_EXIT, 1);
	expect("outb to exit port", 0, 0);
	/* Reads of unclaimed ports return all ones. */
	expect("unclaimed inb", unimon_inb(0x80), 0xff);
	expect("unclaimed inl", unimon_inl(UNIMON_HC_PORT_BASE + 20), 0xffffffff);
	/* The exception port from CPL3 is not an exception report. */
	unimon_outb(UNIMON_PORT_EXCEPTION, 14);
	expect("exception port from guest", 0, 0);
	printf("badhc: %s\n", failures ? "FAILED" : "all ok");
	return failures ? 1 : 0;
}
