// SPDX-License-Identifier: MIT
/*
 * <stdio.h> output functions. Output is collected in a small buffer on
 * the stack and written to the console in as few pieces as possible:
 * each write may be an exit to the monitor, which costs far more than
 * formatting.
 */
#include <stdio.h>
#include <unimon/unimon.h>
#include "internal.h"

#define STDOUT_CHUNK 256

static void console_flush(struct unimon_sink *s)
{
	unimon_console_write(s->buf, s->len);
	s->len = 0;
}

int vprintf(const char *fmt, va_list ap)
{
	char buf[STDOUT_CHUNK];
	struct unimon_sink s = {
		.buf = buf,
		.cap = sizeof(buf),
		.flush = console_flush,
	};
	int n = unimon_printf__vformat(&s, fmt, ap);

	console_flush(&s);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return unimon_printf__vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}

int putchar(int c)
{
	char ch = (char)c;

	unimon_console_write(&ch, 1);
	return (unsigned char)ch;
}
