// SPDX-License-Identifier: MIT
/*
 * <string.h>. The scans and copies use x86 string instructions (rep
 * movsb, rep stosb, repne scasb): fast enough natively at CPL3, and at
 * CPL0, where KVM emulates every instruction, one emulation instead of
 * one per byte and instruction of a loop. The direction flag is clear,
 * as the ABI guarantees at every call.
 */
#include <stdbool.h>
#include <string.h>

/* Scan n bytes from s for c; NULL if absent. */
static const void *scan(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	bool found;

	if (!n)
		return NULL;
	asm volatile("repne scasb"
		     : "+D"(p), "+c"(n), "=@ccz"(found)
		     : "a"(c)
		     : "memory");
	return found ? p - 1 : NULL;
}

/* Compare n bytes: the difference of the first unequal pair, or 0. */
static int compare(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	bool equal;

	if (!n)
		return 0;
	asm volatile("repe cmpsb"
		     : "+S"(x), "+D"(y), "+c"(n), "=@ccz"(equal)
		     :
		     : "memory");
	return equal ? 0 : x[-1] - y[-1];
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *s, int c, size_t n)
{
	void *d = s;

	asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	return compare(a, b, n);
}

void *memchr(const void *s, int c, size_t n)
{
	return (void *)scan(s, c, n);
}

size_t strlen(const char *s)
{
	return (const char *)scan(s, 0, (size_t)-1) - s;
}

size_t strnlen(const char *s, size_t max)
{
	const char *nul = scan(s, 0, max);

	return nul ? (size_t)(nul - s) : max;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

int strncmp(const char *a, const char *b, size_t n)
{
	size_t len = strnlen(a, n);

	/* Up to a's NUL; b cannot end sooner without a difference. */
	return compare(a, b, len < n ? len + 1 : n);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strcpy(char *dst, const char *src)
{
	return memcpy(dst, src, strlen(src) + 1);
}

char *strncpy(char *dst, const char *src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return dst;
}
