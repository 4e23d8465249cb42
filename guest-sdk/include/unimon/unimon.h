/* SPDX-License-Identifier: MIT */
/*
 * unimon guest API: what a guest program calls to talk to the monitor.
 *
 * Long-mode guests (libunimon.a, libunimon-kernel.a) get everything below.
 * Real-mode guests (libunimon16.a) get the console, unimon_exit(), the
 * assertions and the port I/O helpers: that library works with the fixed
 * legacy ports and does not read the device tree.
 */
#ifndef UNIMON_UNIMON_H
#define UNIMON_UNIMON_H

#include <stddef.h>
#include <stdint.h>
#include <unimon/abi.h>

#define __unimon_noreturn __attribute__((__noreturn__))
#define __unimon_printf(f, a) __attribute__((__format__(__printf__, f, a)))

/* Console: write len bytes to the console chosen at boot. */
long unimon_console_write(const void *buf, size_t len);

/* End the guest; the monitor exits with status & 0xff. */
__unimon_noreturn void unimon_exit(int status);

/*
 * Clocks, in nanoseconds. The monotonic clock starts near 0 at boot and
 * never goes backwards; the wall clock counts from the Unix epoch. With
 * a TSC frequency in the device tree, readings cost no exit; the wall
 * clock still needs the clock hypercall once (every time without a TSC
 * frequency). A clock that cannot be read returns 0.
 */
uint64_t unimon_time_monotonic_ns(void);
uint64_t unimon_time_wall_ns(void);

/* Boot information (from the device tree handed over in RDI). */
const void *unimon_fdt(void);	/* the device tree blob, checked */
uint64_t unimon_ram_size(void); /* bytes of guest RAM */
uint32_t unimon_tsc_khz(void);	/* 0 if unknown */
const char *unimon_mode(void);	/* "long-cpl3", "long-cpl0" or "unknown" */

/*
 * Issue hypercall nr with argument struct arg (which must lie below
 * 4 GiB). The monitor fills in the struct's ret field, so preset it to
 * UNIMON_ENOSYS first: a hypercall the monitor lacks leaves it alone.
 * Returns 0 once issued, or UNIMON_EINVAL / UNIMON_EFAULT if nr or arg
 * cannot be expressed.
 */
int unimon_hypercall(unsigned int nr, void *arg);

/* Port I/O; allowed at CPL3 by the monitor (IOPL=3 and the TSS I/O bitmap). */
static inline void unimon_outb(uint16_t port, uint8_t val)
{
	asm volatile("outb %0, %w1" : : "a"(val), "Nd"(port));
}

static inline uint8_t unimon_inb(uint16_t port)
{
	uint8_t val;

	asm volatile("inb %w1, %0" : "=a"(val) : "Nd"(port));
	return val;
}

static inline void unimon_outl(uint16_t port, uint32_t val)
{
	asm volatile("outl %0, %w1" : : "a"(val), "Nd"(port));
}

static inline uint32_t unimon_inl(uint16_t port)
{
	uint32_t val;

	asm volatile("inl %w1, %0" : "=a"(val) : "Nd"(port));
	return val;
}

static inline uint64_t unimon_rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Guest assertions, in the spirit of the KVM selftests' GUEST_ASSERT: on
 * failure print "file:line: function: assertion failed: cond" (plus the
 * message for UNIMON_ASSERT_MSG) and exit with status 1. Unlike assert()
 * they are never compiled out. Both are expressions of type void.
 */
__unimon_noreturn void unimon_assert_fail(const char *file, int line,
					  const char *func, const char *expr);
__unimon_noreturn __unimon_printf(5, 6) void
unimon_assert_fail_msg(const char *file, int line, const char *func,
		       const char *expr, const char *fmt, ...);

#define UNIMON_ASSERT(cond)                                                 \
	(__builtin_expect(!!(cond), 1) ?                                    \
		 (void)0 :                                                  \
		 unimon_assert_fail(__FILE__, __LINE__, __func__, #cond))

#define UNIMON_ASSERT_MSG(cond, fmt, ...)                                   \
	(__builtin_expect(!!(cond), 1) ?                                    \
		 (void)0 :                                                  \
		 unimon_assert_fail_msg(__FILE__, __LINE__, __func__, #cond, \
					fmt, ##__VA_ARGS__))

#endif
