// SPDX-License-Identifier: MIT
/*
 * SIMD in a guest: the dot product of two vectors of up to 1 Mi int16
 * values (4 MiB of malloc'd memory, less if the heap is smaller), computed
 * with SSE2 or, when the CPU has it and the monitor enabled its state in
 * XCR0, with AVX2, and checked against a plain C loop.
 *
 * Only functions marked target("avx2") contain AVX2 code, so the guest
 * still runs where AVX2 is missing. SIMD works at CPL3 only on this
 * host: never build such a guest with unimon-cc --kernel.
 */
#include <cpuid.h>
#include <immintrin.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_N (1024 * 1024)
/*
 * Values lie in [-128, 127], so one 32-bit lane gains at most 2 * 2^14
 * per multiply-add: summed over a block of 4096 elements it cannot
 * overflow. Each block's lanes are then added up in 64 bits.
 */
#define BLOCK 4096

static int64_t dot_scalar(const int16_t *a, const int16_t *b, size_t n)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += a[i] * b[i];
	return sum;
}

static int64_t dot_sse2(const int16_t *a, const int16_t *b, size_t n)
{
	int32_t lanes[4];
	int64_t sum = 0;
	size_t i, j;

	for (i = 0; i < n; i += BLOCK) {
		__m128i acc = _mm_setzero_si128();

		for (j = i; j < i + BLOCK; j += 8) {
			__m128i x = _mm_loadu_si128((const __m128i *)(a + j));
			__m128i y = _mm_loadu_si128((const __m128i *)(b + j));

			acc = _mm_add_epi32(acc, _mm_madd_epi16(x, y));
		}
		_mm_storeu_si128((__m128i *)lanes, acc);
		for (j = 0; j < 4; j++)
			sum += lanes[j];
	}
	return sum;
}

__attribute__((target("avx2"))) static int64_t
dot_avx2(const int16_t *a, const int16_t *b, size_t n)
{
	int32_t lanes[8];
	int64_t sum = 0;
	size_t i, j;

	for (i = 0; i < n; i += BLOCK) {
		__m256i acc = _mm256_setzero_si256();

		for (j = i; j < i + BLOCK; j += 16) {
			__m256i x = _mm256_loadu_si256((const __m256i *)(a + j));
			__m256i y = _mm256_loadu_si256((const __m256i *)(b + j));

			acc = _mm256_add_epi32(acc, _mm256_madd_epi16(x, y));
		}
		_mm256_storeu_si256((__m256i *)lanes, acc);
		for (j = 0; j < 8; j++)
			sum += lanes[j];
	}
	return sum;
}

/* AVX2 needs the CPU feature and the OS (here: the monitor) enabling
 * the YMM state in XCR0; xgetbv may run at CPL3. */
static bool have_avx2(void)
{
	unsigned int eax, ebx, ecx, edx, xcr0_lo, xcr0_hi;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) ||
	    !(ecx & bit_OSXSAVE) || !(ecx & bit_AVX))
		return false;
	if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) ||
	    !(ebx & bit_AVX2))
		return false;
	asm volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
	return (xcr0_lo & 0x6) == 0x6; /* XMM and YMM state */
}

/* Deterministic test data in [-128, 127] (xorshift32). */
static void fill(int16_t *v, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		v[i] = (int16_t)(seed & 0xff) - 128;
	}
}

/* Vectors as long as the heap allows, up to MAX_N elements. */
static size_t alloc_vectors(int16_t **a, int16_t **b)
{
	size_t n;

	for (n = MAX_N; n >= BLOCK; n /= 2) {
		*a = malloc(n * sizeof(**a));
		*b = malloc(n * sizeof(**b));
		if (*a && *b)
			return n;
		free(*a);
		free(*b);
	}
	return 0;
}

int main(void)
{
	int16_t *a, *b;
	int64_t want, got;
	const char *which;
	size_t n;

	n = alloc_vectors(&a, &b);
	if (!n) {
		printf("simd: cannot allocate the vectors\n");
		return 1;
	}
	fill(a, n, 1);
	fill(b, n, 2);

	want = dot_scalar(a, b, n);
	if (have_avx2()) {
		which = "avx2";
		got = dot_avx2(a, b, n);
	} else {
		which = "sse2";
		got = dot_sse2(a, b, n);
	}
	if (got != want) {
		printf("simd: %s dot product %lld, scalar %lld\n", which,
		       (long long)got, (long long)want);
		return 1;
	}
	printf("simd ok (%s)\n", which);
	return 0;
}
