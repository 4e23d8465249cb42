// SPDX-License-Identifier: MIT
/*
 * The guest SDK's printf formatter (guest-sdk/lib/printf.c), compiled for
 * the host. Where its conversions overlap with C's, the host's snprintf()
 * is the oracle; the rest (%p, unknown conversions, truncation, the
 * flushing sink that printf() uses) is checked against fixed strings.
 *
 * tests/unit/test_sdk_printf.sh [OUTDIR] builds and runs it; by hand, from the
 * top of the repository:
 *
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror \
 *       -fsanitize=address,undefined -fno-sanitize-recover=all \
 *       -Iguest-sdk/include -Iinclude -Iguest-sdk/lib -Itests/unit \
 *       -o build/tests/test_sdk_printf \
 *       tests/unit/test_sdk_printf.c guest-sdk/lib/printf.c
 *   build/tests/test_sdk_printf
 *
 * printf.c defines only unimon_printf__* functions (the <stdio.h> names
 * live in lib/stdio.c), so it links next to the host's libc.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "unit.h"

static int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = unimon_printf__vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* The guest's output must equal the host's, length included. */
__attribute__((format(printf, 1, 2))) static void same(const char *fmt, ...)
{
	char want[512], got[512];
	va_list ap, ap2;
	int nwant, ngot;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	nwant = vsnprintf(want, sizeof(want), fmt, ap);
	ngot = unimon_printf__vsnprintf(got, sizeof(got), fmt, ap2);
	va_end(ap2);
	va_end(ap);

	unit_checks++;
	if (nwant != ngot || strcmp(want, got)) {
		unit_failures++;
		printf("FAIL: \"%s\": want \"%s\" (%d), got \"%s\" (%d)\n", fmt,
		       want, nwant, got, ngot);
	}
}

/* Output that C leaves to the implementation or that C lacks. */
static void expect(const char *want, const char *got, int n)
{
	unit_checks++;
	if (strcmp(want, got) || n != (int)strlen(want)) {
		unit_failures++;
		printf("FAIL: want \"%s\", got \"%s\" (%d)\n", want, got, n);
	}
}

static void test_integers(void)
{
	static const long long values[] = {
		0, 1, -1, 7, -42, 255, 4096, 65535, INT_MAX, INT_MIN,
		UINT_MAX, 4294967296LL, 1234567890123LL, LLONG_MAX, LLONG_MIN,
	};
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		long long v = values[i];

		same("%d|%i|%u|%x|%X|%o", (int)v, (int)v, (unsigned)v,
		     (unsigned)v, (unsigned)v, (unsigned)v);
		same("%ld|%lu|%lx", (long)v, (unsigned long)v,
		     (unsigned long)v);
		same("%lld|%llu|%llx|%llX|%llo", v, (unsigned long long)v,
		     (unsigned long long)v, (unsigned long long)v,
		     (unsigned long long)v);
		same("%zu|%zx|%zd", (size_t)v, (size_t)v, (ptrdiff_t)v);
		same("%hd|%hu|%hhd|%hhu|%hx", (short)v, (unsigned short)v,
		     (signed char)v, (unsigned char)v, (unsigned short)v);
		same("[%8d][%-8d][%08d][%1d]", (int)v, (int)v, (int)v,
		     (int)v);
		same("[%.3d][%8.3d][%-8.3d][%.0d]", (int)v, (int)v, (int)v,
		     (int)v);
		/* '0' loses to '-' and to a precision, as in C. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
		same("[%-08d][%08.3d]", (int)v, (int)v);
#pragma GCC diagnostic pop
		same("[%*d][%-*d][%.*d][%*.*x]", 6, (int)v, 6, (int)v, 4,
		     (int)v, 9, 5, (unsigned)v);
		same("[%20llu][%-22llo][%024llX]", (unsigned long long)v,
		     (unsigned long long)v, (unsigned long long)v);
	}
	same("[%*d]", -5, 3); /* a negative '*' width means '-' */
	same("[%.*d]", -2, 3); /* a negative '*' precision means none */
}

static void test_strings(void)
{
	same("%s|%s|%s", "", "a", "hello, world");
	same("[%10s][%-10s][%.3s][%10.2s][%-6.9s]", "abc", "abc", "abcdef",
	     "abcdef", "abc");
	same("[%.*s][%*s]", 2, "xyz", -4, "ab");
	same("%c%c%c|[%3c][%-3c]", 'a', 'b', 0x7f, 'z', 'z');
	same("100%% %d%%", 5);
	same("no conversions at all");
	same("%s", "tab\tnewline\n");
}

static void test_other(void)
{
	char buf[64], big[300];
	char unterminated[3] = { 'x', 'y', 'z' };
	int n;

	n = guest_snprintf(buf, sizeof(buf), "%p|%p", (void *)0x1234,
			   (void *)0);
	expect("0x1234|0x0", buf, n);
	n = guest_snprintf(buf, sizeof(buf), "[%12p]", (void *)0xabc);
	expect("[       0xabc]", buf, n);
	n = guest_snprintf(buf, sizeof(buf), "%s", (char *)NULL);
	expect("(null)", buf, n);
	/* The precision bounds the read: no NUL needed. */
	n = guest_snprintf(buf, sizeof(buf), "%.3s", unterminated);
	expect("xyz", buf, n);

	/* Unknown or truncated conversions come out as written. */
	n = guest_snprintf(buf, sizeof(buf), "a%qb");
	expect("a%qb", buf, n);
	n = guest_snprintf(buf, sizeof(buf), "%5.2lqx");
	expect("%5.2lqx", buf, n);
	n = guest_snprintf(buf, sizeof(buf), "end%");
	expect("end%", buf, n);
	n = guest_snprintf(buf, sizeof(buf), "end%-08");
	expect("end%-08", buf, n);

	/* Truncation: the return value is the full length. */
	memset(buf, '#', sizeof(buf));
	n = guest_snprintf(buf, 5, "%d-%s", 12345, "abc");
	CHECK(n == 9 && !strcmp(buf, "1234") && buf[5] == '#');
	memset(buf, '#', sizeof(buf));
	n = guest_snprintf(buf, 1, "abc");
	CHECK(n == 3 && buf[0] == '\0' && buf[1] == '#');
	n = guest_snprintf(NULL, 0, "%s%d", "four", 1234);
	CHECK(n == 8);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	same("%s|%s", big, big);
}

/* A sink with a small buffer, flushed into a larger one, as printf(). */
struct collect {
	struct unimon_sink sink;
	char out[256];
	size_t len;
	int flushes;
};

static void collect_flush(struct unimon_sink *s)
{
	struct collect *c = (struct collect *)s;

	memcpy(c->out + c->len, s->buf, s->len);
	c->len += s->len;
	c->flushes++;
	s->len = 0;
}

static int collect_format(struct collect *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = unimon_printf__vformat(&c->sink, fmt, ap);
	va_end(ap);
	collect_flush(&c->sink);
	c->out[c->len] = '\0';
	return n;
}

static void test_sink(void)
{
	char chunk[4];
	struct collect c = {
		.sink = { .buf = chunk, .cap = sizeof(chunk),
			  .flush = collect_flush },
	};
	int n;

	n = collect_format(&c, "%s=%08x, %d%%", "value", 0xbeef, -7);
	expect("value=0000beef, -7%", c.out, n);
	/* 19 bytes: four full chunks of 4 on the way, the last 3 at the end. */
	CHECK(c.flushes == 4 + 1);
}

/* %f %e %g: exactly glibc's output, rounding (ties to even) included. */
static void test_floats(void)
{
	static const double values[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.125, 3.14159265358979,
		-2.5, 1e100, 1e-100, 123456789.0, 0.000123456, 1e308, 4.9e-324,
		2.2250738585072014e-308, 1.7976931348623157e308, 99.995, 0.95,
		9.5, 0.05, 1e15, 1e16, 1e21, 123.456e-7, 5e-5, 6.02214076e23,
		1.0 / 3.0, 2.0 / 3.0, 100.0, 1e-4, 9.9999999e-5, 999999.5, 0.0625,
	};
	static const char *const fmts[] = {
		"%f", "%.0f", "%.1f", "%.2f", "%.10f", "%.17f", "%12.3f", "%-12.3f|",
		"%012.3f", "%e", "%.0e", "%.3e", "%.17e", "%E", "%15.4e", "%g",
		"%.0g", "%.1g", "%.3g", "%.10g", "%.17g", "%G", "%10g", "%-10g|",
		"%F", "%.300f",
	};
	size_t i, j;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		for (j = 0; j < sizeof(fmts) / sizeof(fmts[0]); j++)
			same(fmts[j], values[i]);
	same("%f %e %g", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0);
	same("%F %E %G", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0);
	same("%08.2f|%-8.2f|%8.2f", -1.5, 2.25, 1e5);
	same("%*.*f", 10, 3, 2.0 / 7.0);
	same("%d %f %s %g", 7, 0.1, "x", 0.1);
}

int main(void)
{
	test_integers();
	test_strings();
	test_other();
	test_sink();
	test_floats();
	return unit_done("test_sdk_printf");
}
