// SPDX-License-Identifier: MIT
/* <stdlib.h> number parsing: strtoul(), strtol(), atoi(). */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

/*
 * Parse an optionally signed number in base 2..36 (0: C prefixes 0x and
 * 0). Saturates at ULONG_MAX; *neg tells the sign. Stores in *end the
 * first character not used, or s itself if there was no number.
 */
static unsigned long parse(const char *s, char **end, int base, bool *neg)
{
	const char *p = s, *digits;
	unsigned long val = 0;
	bool overflow = false;
	int d;

	while (is_space(*p))
		p++;
	*neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] | 0x20) == 'x' && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}

	digits = p;
	if (base >= 2 && base <= 36) {
		for (; (d = digit_value(*p)) < base; p++) {
			if (val > (ULONG_MAX - d) / base)
				overflow = true;
			val = val * base + d;
		}
	}
	if (end)
		*end = (char *)(p == digits ? s : p);
	return overflow ? ULONG_MAX : val;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	bool neg;
	unsigned long val = parse(s, end, base, &neg);

	return neg && val != ULONG_MAX ? -val : val;
}

long strtol(const char *s, char **end, int base)
{
	bool neg;
	unsigned long val = parse(s, end, base, &neg);

	if (neg)
		return val > (unsigned long)LONG_MAX + 1 ? LONG_MIN :
							   (long)(0 - val);
	return val > LONG_MAX ? LONG_MAX : (long)val;
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}
