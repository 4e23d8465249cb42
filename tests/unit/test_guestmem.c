// SPDX-License-Identifier: MIT
/*
 * gmem__ptr and range__overlaps: the checks every guest pointer goes
 * through. Edge cases: 64-bit overflow, exact fits, the end of RAM, the
 * first and last byte of holes, zero lengths.
 */
#include <stdint.h>
#include <string.h>
#include "core/guestmem.h"
#include "unit.h"

#define SZ (1ull << 20) /* 1 MiB of guest RAM */
#define MAX UINT64_MAX

/* 1 when gmem__ptr accepts the range and returns base + gpa. */
static int ok(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	return gmem__ptr(m, gpa, len) == (void *)(m->base + gpa);
}

static int rejected(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	return gmem__ptr(m, gpa, len) == NULL;
}

static void test_init(void)
{
	struct gmem m;

	CHECK(gmem__init(&m, SZ) == 0);
	CHECK(m.base != NULL);
	CHECK(m.size == SZ);
	CHECK(m.nholes == 0);
	/* Fresh RAM is zero-filled (the loaders rely on it for .bss). */
	CHECK(m.base[0] == 0 && m.base[SZ / 2] == 0 && m.base[SZ - 1] == 0);
	/* ... and writable over its whole size. */
	m.base[0] = 1;
	m.base[SZ - 1] = 2;
	CHECK(m.base[0] == 1 && m.base[SZ - 1] == 2);
	gmem__exit(&m);
	CHECK(m.base == NULL);
	gmem__exit(&m); /* a second exit is harmless */
	CHECK(m.base == NULL);
}

/* Ranges inside, at and beyond the end of RAM, without holes. */
static void test_bounds(struct gmem *m)
{
	/* Whole RAM, exactly. */
	CHECK(ok(m, 0, SZ));
	/* Exactly fitting ranges ending at the last byte. */
	CHECK(ok(m, SZ - 1, 1));
	CHECK(ok(m, SZ - 4096, 4096));
	CHECK(ok(m, 1, SZ - 1));
	/* One byte too many. */
	CHECK(rejected(m, 0, SZ + 1));
	CHECK(rejected(m, 1, SZ));
	CHECK(rejected(m, SZ - 1, 2));
	CHECK(rejected(m, SZ - 4096, 4097));
	/* gpa == size: empty range allowed (one past the end), 1 byte not. */
	CHECK(ok(m, SZ, 0));
	CHECK(rejected(m, SZ, 1));
	CHECK(rejected(m, SZ + 1, 0));
	/* len 0 is fine anywhere inside RAM. */
	CHECK(ok(m, 0, 0));
	CHECK(ok(m, SZ / 2, 0));
	/* len > size, whatever gpa is. */
	CHECK(rejected(m, 0, SZ * 2));
	CHECK(rejected(m, 0, MAX));
}

/* Inputs that would wrap around 2^64 if checked as gpa + len <= size. */
static void test_overflow(struct gmem *m)
{
	CHECK(rejected(m, MAX, 1));		/* MAX + 1 == 0 */
	CHECK(rejected(m, MAX, 2));		/* MAX + 2 == 1 */
	CHECK(rejected(m, 1, MAX));		/* 1 + MAX == 0 */
	CHECK(rejected(m, 2, MAX - 1));		/* == 0 again */
	CHECK(rejected(m, MAX - SZ + 1, SZ));	/* ends exactly at 2^64 */
	CHECK(rejected(m, MAX - 1, SZ));	/* wraps to SZ - 2 */
	CHECK(rejected(m, MAX, MAX));
	CHECK(rejected(m, MAX, 0));		/* len 0 but gpa > size */
	CHECK(rejected(m, MAX, SZ));
	CHECK(rejected(m, SZ, MAX - SZ + 1));	/* SZ + len == 0 */
	CHECK(rejected(m, 0x8000000000000000ull, 0x8000000000000000ull));
	CHECK(rejected(m, 0x10, 0xfffffffffffffff0ull)); /* sum == 0 */
	CHECK(rejected(m, 0x10, 0xfffffffffffffff1ull)); /* sum == 1 */
}

/* Holes: every byte of one is refused, the bytes around it are not. */
static void test_holes(void)
{
	struct gmem m;
	const uint64_t hs = 0x10000, he = 0x12000; /* [hs, he) */

	CHECK(gmem__init(&m, SZ) == 0);
	CHECK(gmem__add_hole(&m, hs, he) == 0);
	CHECK(m.nholes == 1);
	/* Ranges ending just before the hole, or starting just at its end. */
	CHECK(ok(&m, 0, hs));
	CHECK(ok(&m, hs - 1, 1));
	CHECK(ok(&m, he, 1));
	CHECK(ok(&m, he, SZ - he));
	/* Touching the hole's first byte. */
	CHECK(rejected(&m, hs, 1));
	CHECK(rejected(&m, hs - 1, 2));
	CHECK(rejected(&m, 0, hs + 1));
	/* Touching the hole's last byte. */
	CHECK(rejected(&m, he - 1, 1));
	CHECK(rejected(&m, he - 1, 2));
	CHECK(rejected(&m, he - 1, SZ - he + 1));
	/* Inside it, spanning it, the whole RAM. */
	CHECK(rejected(&m, hs + 0x100, 0x10));
	CHECK(rejected(&m, hs - 0x10, he - hs + 0x20));
	CHECK(rejected(&m, 0, SZ));
	/* A zero-length range names no byte, even inside the hole. */
	CHECK(ok(&m, hs, 0));
	CHECK(ok(&m, hs + 1, 0));
	/* Overflowing ranges stay refused with holes present. */
	CHECK(rejected(&m, MAX, 2));
	CHECK(rejected(&m, he, MAX));

	/* A hole at the start of RAM (the null page). */
	CHECK(gmem__add_hole(&m, 0, 0x1000) == 0);
	CHECK(rejected(&m, 0, 1));
	CHECK(rejected(&m, 0xfff, 1));
	CHECK(rejected(&m, 0, hs));
	CHECK(ok(&m, 0x1000, 1));
	CHECK(ok(&m, 0x1000, hs - 0x1000));

	/* A hole at the end of RAM. */
	CHECK(gmem__add_hole(&m, SZ - 0x1000, SZ) == 0);
	CHECK(rejected(&m, SZ - 1, 1));
	CHECK(rejected(&m, SZ - 0x1000, 1));
	CHECK(rejected(&m, SZ - 0x1001, 2));
	CHECK(ok(&m, SZ - 0x1001, 1));
	CHECK(ok(&m, he, SZ - 0x1000 - he));
	CHECK(rejected(&m, he, SZ - 0x1000 - he + 1));
	CHECK(ok(&m, SZ, 0));
	CHECK(m.nholes == 3);
	gmem__exit(&m);
}

/* gmem__add_hole: at most GMEM_MAX_HOLES, end >= start. */
static void test_add_hole_limit(void)
{
	struct gmem m;
	unsigned int i;

	CHECK(gmem__init(&m, SZ) == 0);
	/* end < start is refused and adds nothing. */
	CHECK(gmem__add_hole(&m, 0x2000, 0x1000) == -1);
	CHECK(m.nholes == 0);
	/* An empty hole (start == end) is allowed and blocks nothing. */
	CHECK(gmem__add_hole(&m, 0x3000, 0x3000) == 0);
	CHECK(ok(&m, 0x2000, 0x2000));
	for (i = 1; i < GMEM_MAX_HOLES; i++)
		CHECK(gmem__add_hole(&m, i * 0x10000, i * 0x10000 + 0x100) == 0);
	CHECK(m.nholes == GMEM_MAX_HOLES);
	/* One more than the table holds: refused, table unchanged. */
	CHECK(gmem__add_hole(&m, 0x80000, 0x81000) == -1);
	CHECK(m.nholes == GMEM_MAX_HOLES);
	CHECK(ok(&m, 0x80000, 0x1000)); /* the refused hole has no effect */
	/* The accepted ones all work, the last one too. */
	for (i = 1; i < GMEM_MAX_HOLES; i++) {
		CHECK(rejected(&m, i * 0x10000 + 0xff, 1));
		CHECK(ok(&m, i * 0x10000 + 0x100, 1));
	}
	gmem__exit(&m);
}

/* range__overlaps must be symmetric; check both argument orders. */
static int ov(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	int x = range__overlaps(a, alen, b, blen);
	int y = range__overlaps(b, blen, a, alen);

	if (x != y)
		printf("range__overlaps asymmetric: (0x%llx,0x%llx) (0x%llx,0x%llx)\n",
		       (unsigned long long)a, (unsigned long long)alen,
		       (unsigned long long)b, (unsigned long long)blen);
	return x == y ? x : -1;
}

static void test_overlaps(void)
{
	/* Adjacent ranges do not overlap; one shared byte does. */
	CHECK(ov(0, 10, 10, 10) == 0);
	CHECK(ov(0, 11, 10, 10) == 1);
	CHECK(ov(0, 10, 9, 1) == 1);
	/* Identical, nested, disjoint. */
	CHECK(ov(100, 50, 100, 50) == 1);
	CHECK(ov(100, 50, 120, 1) == 1);
	CHECK(ov(100, 50, 200, 50) == 0);
	CHECK(ov(5, 1, 5, 1) == 1);
	CHECK(ov(5, 1, 6, 1) == 0);
	/* Zero lengths never overlap, even at the same address. */
	CHECK(ov(5, 0, 5, 0) == 0);
	CHECK(ov(5, 0, 0, 10) == 0);
	CHECK(ov(0, 10, 5, 0) == 0);
	CHECK(ov(0, MAX, 5, 0) == 0);
	/* Ranges reaching the top of the address space (a + len wraps). */
	CHECK(ov(MAX, 1, MAX, 1) == 1);
	CHECK(ov(MAX - 1, 1, MAX, 1) == 0);
	CHECK(ov(MAX - 1, 2, MAX, 1) == 1);
	CHECK(ov(0, MAX, MAX, 1) == 0);	/* [0, MAX) excludes MAX */
	CHECK(ov(1, MAX, MAX, 1) == 1);	/* [1, 2^64) includes MAX */
	CHECK(ov(MAX, 1, 0, 1) == 0);	/* no wrap-around to 0 */
	CHECK(ov(MAX - 10, 100, 0, 50) == 0);
	CHECK(ov(0, MAX, 0x1000, MAX) == 1);
	CHECK(ov(0x8000000000000000ull, 0x8000000000000000ull, 0, 1) == 0);
	CHECK(ov(0x8000000000000000ull, 0x8000000000000000ull,
		 0x7fffffffffffffffull, 2) == 1);
}

int main(void)
{
	struct gmem m;

	test_init();
	CHECK(gmem__init(&m, SZ) == 0);
	test_bounds(&m);
	test_overflow(&m);
	gmem__exit(&m);
	test_holes();
	test_add_hole_limit();
	test_overlaps();
	return unit_done("test_guestmem");
}
