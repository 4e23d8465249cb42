/* SPDX-License-Identifier: MIT */
/* unimon guest libc: console output only (there are no files). */
#ifndef UNIMON_LIBC_STDIO_H
#define UNIMON_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

#define __libc_printf(f, a) __attribute__((__format__(__printf__, f, a)))

int printf(const char *fmt, ...) __libc_printf(1, 2);
int vprintf(const char *fmt, va_list ap) __libc_printf(1, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __libc_printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__libc_printf(3, 0);
int puts(const char *s);
int putchar(int c);

#endif
