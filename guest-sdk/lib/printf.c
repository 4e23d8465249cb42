// SPDX-License-Identifier: MIT
/*
 * The printf formatter behind printf(), snprintf() and the rest of
 * lib/stdio.c. Conversions: %d %i %u %o %x %X %p %s %c %%, and in the
 * CPL3 library (UNIMON_PRINTF_FLOAT: the kernel-mode and real-mode ones
 * have no floating point) %f %F %e %E %g %G. Flags '-' and '0', a width
 * and a precision (either may be '*'), length modifiers hh, h, l, ll, z.
 * An unknown conversion is copied out as it stands.
 *
 * Numbers are converted with 32-bit divisions only, so that the -m16
 * build needs no libgcc helpers for 64-bit division. A double is printed
 * from its exact binary value (big integers of 32-bit words), rounded to
 * nearest with ties to even, as glibc does.
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

#ifdef UNIMON_PRINTF_FLOAT
#define BIGW 36		/* 32-bit words: 2^1024 and 2^-1074 fit */
#define MAXPREC 400	/* precision beyond this is cut */
#define DBUF (310 + MAXPREC + 4)

/* A big number in 32-bit words, least significant first. */
struct big {
	uint32_t w[BIGW];
	int n;
};

/* b = b * m + add; returns what overflowed the top word. */
static uint32_t big_muladd(struct big *b, uint32_t m, uint32_t add)
{
	uint64_t c = add;
	int i;

	for (i = 0; i < b->n; i++) {
		c += (uint64_t)b->w[i] * m;
		b->w[i] = (uint32_t)c;
		c >>= 32;
	}
	return (uint32_t)c;
}

/* b /= 1e9, returning the remainder. */
static uint32_t big_div1e9(struct big *b)
{
	uint64_t r = 0;
	int i;

	for (i = b->n - 1; i >= 0; i--) {
		uint64_t cur = r << 32 | b->w[i];

		b->w[i] = (uint32_t)(cur / 1000000000u);
		r = cur % 1000000000u;
	}
	while (b->n && !b->w[b->n - 1])
		b->n--;
	return (uint32_t)r;
}

/*
 * The exact decimal digits of |v| (finite): those of the integer part
 * (*ni of them, none for 0), then fraction digits, nd in all (nd is
 * larger than any integer part's 309); *sticky: a nonzero digit follows
 * the last one written.
 */
static void exact_digits(double v, char *d, int nd, int *ni, int *sticky)
{
	struct big ip = { { 0 }, 0 }, fr = { { 0 }, 0 };
	char tmp[320];
	uint64_t bits, m;
	int e, k = 0, n = 0, nt = 0, i;

	memcpy(&bits, &v, 8);
	e = (int)(bits >> 52 & 0x7ff);
	m = bits & ((1ull << 52) - 1);
	if (e)
		m |= 1ull << 52;
	else
		e = 1;
	e -= 1075; /* |v| = m * 2^e */
	if (e >= 0) { /* an integer: m shifted left by e bits */
		int ws = e / 32, bs = e % 32;

		ip.w[ws] = (uint32_t)(m << bs);
		ip.w[ws + 1] = (uint32_t)((m << bs) >> 32);
		ip.w[ws + 2] = bs ? (uint32_t)(m >> (64 - bs)) : 0;
		ip.n = ws + 3;
	} else {
		k = -e; /* fraction bits: fr / 2^k */
		if (k < 64) {
			ip.w[0] = (uint32_t)(m >> k);
			ip.w[1] = (uint32_t)((m >> k) >> 32);
			ip.n = 2;
			m &= (1ull << k) - 1;
		}
		fr.w[0] = (uint32_t)m;
		fr.w[1] = (uint32_t)(m >> 32);
		fr.n = k / 32 + 2;
	}
	while (ip.n && !ip.w[ip.n - 1])
		ip.n--;
	while (ip.n) { /* integer digits, nine at a time, least first */
		uint32_t r = big_div1e9(&ip);

		for (i = 0; i < 9 && (r || ip.n); i++, r /= 10)
			tmp[nt++] = (char)('0' + r % 10);
	}
	*ni = nt;
	while (nt)
		d[n++] = tmp[--nt];
	for (; n < nd; n++) { /* each fraction digit: times 10, the carry */
		int wk = k / 32, bk = k % 32;
		uint32_t top;

		if (!k) {
			d[n] = '0';
			continue;
		}
		big_muladd(&fr, 10, 0);
		top = fr.w[wk] >> bk;
		if (bk)
			top |= fr.w[wk + 1] << (32 - bk);
		d[n] = (char)('0' + (top & 15));
		fr.w[wk] &= bk ? (1u << bk) - 1 : 0;
		for (i = wk + 1; i < fr.n; i++)
			fr.w[i] = 0;
	}
	*sticky = 0;
	for (i = 0; i < fr.n; i++)
		if (fr.w[i])
			*sticky = 1;
}

/*
 * Round the digit string d[0..n) (an integer part of *ni digits first)
 * to keep digits: to nearest, ties to even, with next digit d[keep] and
 * what follows it (sticky). A carry out of the first digit adds one in
 * front (*ni grows). Returns the digits kept.
 */
static int round_digits(char *d, int keep, int *ni, int sticky)
{
	int i, up;

	if (keep < 0)
		return 0;
	up = d[keep] > '5' || (d[keep] == '5' &&
			       (sticky || (keep && (d[keep - 1] - '0') & 1)));
	for (i = keep + 1; !up && d[keep] == '5' && d[i]; i++)
		if (d[i] != '0')
			up = 1;
	for (i = keep - 1; up && i >= 0; i--) {
		if (d[i] == '9') {
			d[i] = '0';
		} else {
			d[i]++;
			up = 0;
		}
	}
	if (up) { /* 99.9 -> 100.0 */
		memmove(d + 1, d, (size_t)keep);
		d[0] = '1';
		(*ni)++;
		keep++;
	}
	return keep;
}

static void put_chars(struct unimon_sink *s, const char *p, int n)
{
	while (n-- > 0)
		put(s, *p++);
}

/* The field: sign, body, padding (zeros after the sign). */
static void put_field(struct unimon_sink *s, const struct spec *sp, bool neg,
		      const char *body, int len)
{
	int fill = sp->width - len - neg;

	if (!sp->left && !sp->zero)
		pad(s, ' ', fill);
	if (neg)
		put(s, '-');
	if (!sp->left && sp->zero)
		pad(s, '0', fill);
	put_chars(s, body, len);
	if (sp->left)
		pad(s, ' ', fill);
}

/* %f %e %g of v (and their capitals). */
static void put_float(struct unimon_sink *s, const struct spec *spec,
		      char conv, double v)
{
	static char d[DBUF + 2], out[DBUF + 16];
	struct spec sp = *spec;
	bool neg, upper = conv < 'a';
	int p = sp.prec < 0 ? 6 : sp.prec > MAXPREC ? MAXPREC : sp.prec;
	int ni, sticky, first, x, len = 0, keep, i, g = 0;
	char c = (char)(conv | 0x20);
	uint64_t bits;

	memcpy(&bits, &v, 8);
	neg = bits >> 63; /* -0.0 and -nan too, as glibc prints them */
	if (v != v || v - v != 0) { /* nan, inf: no zero padding */
		sp.zero = false;
		put_field(s, &sp, neg,
			  v != v ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"),
			  3);
		return;
	}
	exact_digits(v, d, DBUF, &ni, &sticky);
	d[DBUF] = 0;
	for (first = 0; first < DBUF - 1 && d[first] == '0'; first++)
		;
	x = first < DBUF - 1 ? ni - first - 1 : 0; /* the decimal exponent */
	if (c == 'g') {
		int P = p ? p : 1, xg = x;

		/* The exponent %e would show, after its rounding. */
		if (first < DBUF - 1) {
			char t[DBUF + 2];
			int one = 1;

			memcpy(t, d, sizeof(t));
			round_digits(t + first, P, &one, sticky);
			xg = x + (one > 1);
		}
		if (P > xg && xg >= -4) {
			x = xg;
			c = 'f';
			p = P - 1 - x;
		} else {
			c = 'e';
			p = P - 1;
		}
		g = 1;
	}
	if (c == 'f') {
		keep = round_digits(d, ni + p, &ni, sticky);
		if (!ni)
			out[len++] = '0';
		memcpy(out + len, d, (size_t)ni);
		len += ni;
		if (p) {
			out[len++] = '.';
			memcpy(out + len, d + ni, (size_t)(keep - ni));
			len += keep - ni;
		}
	} else {
		char *sig = d + (first < DBUF - 1 ? first : 0);
		int sni = 1;

		keep = round_digits(sig, p + 1, &sni, sticky);
		if (sni > 1) /* 9.99 -> 10.0: one digit more to the left */
			x++;
		out[len++] = sig[0];
		if (p) {
			out[len++] = '.';
			memcpy(out + len, sig + 1, (size_t)p);
			len += p;
		}
		(void)keep;
	}
	if (g && memchr(out, '.', (size_t)len)) { /* no trailing zeros */
		while (out[len - 1] == '0')
			len--;
		if (out[len - 1] == '.')
			len--;
	}
	if (c == 'e') {
		int ax = x < 0 ? -x : x;

		out[len++] = upper ? 'E' : 'e';
		out[len++] = x < 0 ? '-' : '+';
		if (ax >= 100)
			out[len++] = (char)('0' + ax / 100);
		out[len++] = (char)('0' + ax / 10 % 10);
		out[len++] = (char)('0' + ax % 10);
	}
	for (i = 0; upper && i < len; i++)
		if (out[i] >= 'a' && out[i] <= 'z')
			out[i] = (char)(out[i] - 32);
	put_field(s, &sp, neg, out, len);
}
#endif

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
#ifdef UNIMON_PRINTF_FLOAT
	case 'f':
	case 'F':
	case 'e':
	case 'E':
	case 'g':
	case 'G':
		put_float(s, sp, conv, va_arg(*ap, double));
		return true;
#endif
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
