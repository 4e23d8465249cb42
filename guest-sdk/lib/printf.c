// SPDX-License-Identifier: MIT
/*
 * The printf formatter behind printf(), snprintf() and the rest of
 * lib/stdio.c. Conversions: %d %i %u %o %x %X %p %s %c %%. Flags '-' and
 * '0', a width and a precision (either may be '*'), length modifiers hh,
 * h, l, ll, z. An unknown conversion is copied out as it stands.
 *
 * Numbers are converted with 32-bit divisions only, so that the -m16
 * build needs no libgcc helpers for 64-bit division.
 */
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include "internal.h"

struct spec {
	bool left;  /* '-': pad on the right */
	bool zero;  /* '0': pad numbers with zeros */
	int width;  /* minimum field width */
	int prec;   /* precision, -1 if none */
	char size;  /* 'H' hh, 'h', 'l', 'L' ll, 'z', 0 for int */
};

static void put(struct unimon_sink *s, char c)
{
	if (s->len == s->cap && s->flush)
		s->flush(s);
	if (s->len < s->cap)
		s->buf[s->len++] = c;
	s->total++;
}

static void pad(struct unimon_sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

/* *n /= base (2..16), returning the remainder, in 32-bit steps. */
static unsigned int divmod(uint64_t *n, unsigned int base)
{
	uint32_t hi = *n >> 32, lo = (uint32_t)*n, q_hi, q_mid, q_lo, r;

	if (!hi) {
		*n = lo / base;
		return lo % base;
	}
	/* r < base <= 16, so each 16-bit step's dividend fits in 32 bits. */
	q_hi = hi / base;
	r = hi % base;
	q_mid = (r << 16 | lo >> 16) / base;
	r = (r << 16 | lo >> 16) % base;
	q_lo = (r << 16 | (lo & 0xffff)) / base;
	r = (r << 16 | (lo & 0xffff)) % base;
	*n = (uint64_t)q_hi << 32 | q_mid << 16 | q_lo;
	return r;
}

static void put_num(struct unimon_sink *s, const struct spec *sp, uint64_t n,
		    bool neg, unsigned int base, bool upper, const char *prefix)
{
	const char *xdigits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24];
	int nd = 0, zeros, fill;

	/* "%.0d" of 0 prints no digits at all. */
	while (n || (nd == 0 && sp->prec != 0))
		digits[nd++] = xdigits[divmod(&n, base)];

	zeros = sp->prec > nd ? sp->prec - nd : 0;
	fill = sp->width - nd - zeros - (int)strlen(prefix) - neg;
	if (sp->zero && !sp->left && sp->prec < 0 && fill > 0) {
		zeros += fill;
		fill = 0;
	}

	if (!sp->left)
		pad(s, ' ', fill);
	if (neg)
		put(s, '-');
	while (*prefix)
		put(s, *prefix++);
	pad(s, '0', zeros);
	while (nd)
		put(s, digits[--nd]);
	if (sp->left)
		pad(s, ' ', fill);
}

static void put_str(struct unimon_sink *s, const struct spec *sp,
		    const char *str, size_t len)
{
	int fill = sp->width - (int)len;

	if (!sp->left)
		pad(s, ' ', fill);
	while (len--)
		put(s, *str++);
	if (sp->left)
		pad(s, ' ', fill);
}

static int64_t get_signed(va_list *ap, char size)
{
	switch (size) {
	case 'L':
		return va_arg(*ap, long long);
	case 'l':
		return va_arg(*ap, long);
	case 'z':
		return va_arg(*ap, ptrdiff_t); /* signed size_t */
	case 'h':
		return (short)va_arg(*ap, int);
	case 'H':
		return (signed char)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t get_unsigned(va_list *ap, char size)
{
	switch (size) {
	case 'L':
		return va_arg(*ap, unsigned long long);
	case 'l':
		return va_arg(*ap, unsigned long);
	case 'z':
		return va_arg(*ap, size_t);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Parse flags, width, precision and size; return the conversion. */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };

	for (;; fmt++) {
		if (*fmt == '-')
			sp->left = true;
		else if (*fmt == '0')
			sp->zero = true;
		else
			break;
	}

	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		fmt++;
	}
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		sp->width = sp->width * 10 + (*fmt - '0');

	if (*fmt == '.') {
		sp->prec = 0;
		if (*++fmt == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp->prec = sp->prec * 10 + (*fmt - '0');
	}

	if (*fmt == 'h' || *fmt == 'l') {
		sp->size = *fmt++;
		if (*fmt == sp->size) {
			sp->size = sp->size == 'h' ? 'H' : 'L';
			fmt++;
		}
	} else if (*fmt == 'z') {
		sp->size = *fmt++;
	}
	return fmt;
}

/* Format one conversion; false if conv is not one we know. */
static bool convert(struct unimon_sink *s, const struct spec *sp, char conv,
		    va_list *ap)
{
	const char *str;
	int64_t v;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		v = get_signed(ap, sp->size);
		put_num(s, sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10,
			false, "");
		return true;
	case 'u':
		put_num(s, sp, get_unsigned(ap, sp->size), false, 10, false, "");
		return true;
	case 'o':
		put_num(s, sp, get_unsigned(ap, sp->size), false, 8, false, "");
		return true;
	case 'x':
	case 'X':
		put_num(s, sp, get_unsigned(ap, sp->size), false, 16,
			conv == 'X', "");
		return true;
	case 'p':
		put_num(s, sp, (uintptr_t)va_arg(*ap, void *), false, 16, false,
			"0x");
		return true;
	case 's':
		str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		put_str(s, sp, str,
			sp->prec < 0 ? strlen(str) : strnlen(str, sp->prec));
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_str(s, sp, &c, 1);
		return true;
	case '%':
		put(s, '%');
		return true;
	default:
		return false;
	}
}

int unimon_printf__vformat(struct unimon_sink *s, const char *fmt,
			   va_list ap)
{
	const char *start;
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(s, *fmt++);
			continue;
		}
		start = fmt;
		fmt = parse_spec(fmt + 1, &sp, &args);
		if (*fmt && convert(s, &sp, *fmt, &args)) {
			fmt++;
			continue;
		}
		/* Unknown or truncated: copy the text through. */
		while (start < fmt)
			put(s, *start++);
		if (*fmt)
			put(s, *fmt++);
	}
	va_end(args);
	return s->total > INT_MAX ? INT_MAX : (int)s->total;
}

int unimon_printf__vsnprintf(char *buf, size_t size, const char *fmt,
			     va_list ap)
{
	struct unimon_sink s = { .buf = buf, .cap = size ? size - 1 : 0 };
	int n = unimon_printf__vformat(&s, fmt, ap);

	if (size)
		buf[s.len] = '\0';
	return n;
}
