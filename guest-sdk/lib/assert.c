// SPDX-License-Identifier: MIT
/* Failure paths of UNIMON_ASSERT(), UNIMON_ASSERT_MSG() and assert(). */
#include <stdarg.h>
#include <stdio.h>
#include <unimon/unimon.h>

void unimon_assert_fail(const char *file, int line, const char *func,
			const char *expr)
{
	printf("%s:%d: %s: assertion failed: %s\n", file, line, func, expr);
	unimon_exit(1);
}

void unimon_assert_fail_msg(const char *file, int line, const char *func,
			    const char *expr, const char *fmt, ...)
{
	va_list ap;

	printf("%s:%d: %s: assertion failed: %s: ", file, line, func, expr);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	unimon_exit(1);
}
