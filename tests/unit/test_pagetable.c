// SPDX-License-Identifier: MIT
/*
 * pt__build: build identity-mapped tables in a RAM buffer, then walk them
 * in software as the CPU would (PML4 -> PDPT -> PD -> PT or 2 MiB page) and
 * check, address by address, presence, the U/W/NX bits and that the
 * physical address equals the virtual one.
 */
#include <stdint.h>
#include <string.h>
#include "core/error.h"
#include "core/guestmem.h"
#include "unit.h"

#ifdef CONFIG_ENTRY_LONG
#include "arch/x86/pagetable.h"

#define KB(x) ((uint64_t)(x) << 10)
#define MB(x) ((uint64_t)(x) << 20)
#define GB(x) ((uint64_t)(x) << 30)
#define PT_BASE 0x10000ull
#define PT_SIZE 0x10000ull
#define FILL 0xa5

/* What the walk found for one virtual address. */
struct walk {
	int present;
	int user, write, exec;	/* effective over all levels */
	int big;		/* mapped by a 2 MiB page */
	uint64_t pa;
	int bad;		/* a table outside the PT region, reserved bits */
};

static struct {
	const uint8_t *ram;
	uint64_t ram_size, pt_base, pt_size;
} cur;

static uint64_t rd(uint64_t table, unsigned int idx, struct walk *w)
{
	uint64_t e, at = table + idx * 8ull;

	/* Every table the walk reaches must lie in the page-table region. */
	if (at < cur.pt_base || at + 8 > cur.pt_base + cur.pt_size) {
		w->bad = 1;
		return 0;
	}
	memcpy(&e, cur.ram + at, 8);
	return e;
}

/* Accumulate one level: U and W must be set at every level, NX at any. */
static int level(uint64_t e, struct walk *w)
{
	if (!(e & PTE_P))
		return 0;
	w->user &= !!(e & PTE_U);
	w->write &= !!(e & PTE_W);
	w->exec &= !(e & PTE_NX);
	return 1;
}

static struct walk walk(uint64_t va)
{
	struct walk w = { .user = 1, .write = 1, .exec = 1 };
	uint64_t e;

	if (va >> 47)
		return w; /* not canonical-low: never mapped here */
	e = rd(cur.pt_base, (va >> 39) & 511, &w);
	if (!level(e, &w))
		return w;
	e = rd(e & PTE_ADDR, (va >> 30) & 511, &w);
	if (!level(e, &w))
		return w;
	if (e & PTE_PS) { /* 1 GiB pages are not used by pt__build */
		w.bad = 1;
		return w;
	}
	e = rd(e & PTE_ADDR, (va >> 21) & 511, &w);
	if (!level(e, &w))
		return w;
	if (e & PTE_PS) {
		/* Bits 12-20 of a 2 MiB entry are PAT and reserved: zero. */
		if (e & 0x1ff000ull)
			w.bad = 1;
		w.big = 1;
		w.present = 1;
		w.pa = (e & PTE_ADDR & ~0x1fffffull) | (va & 0x1fffff);
		return w;
	}
	e = rd(e & PTE_ADDR, (va >> 12) & 511, &w);
	if (!level(e, &w))
		return w;
	w.present = 1;
	w.pa = (e & PTE_ADDR) | (va & 0xfff);
	return w;
}

/* Mapped 1:1 with exactly these permissions (and via a 4 KiB or 2 MiB page). */
static int mapped(uint64_t va, int user, int write, int exec)
{
	struct walk w = walk(va);
	int ok = w.present && !w.bad && w.pa == va && w.user == user &&
		 w.write == write && w.exec == exec;

	if (!ok)
		printf("  0x%llx: present %d bad %d pa 0x%llx U%d W%d X%d "
		       "(want U%d W%d X%d)\n", (unsigned long long)va, w.present,
		       w.bad, (unsigned long long)w.pa, w.user, w.write, w.exec,
		       user, write, exec);
	return ok;
}

static int absent(uint64_t va)
{
	struct walk w = walk(va);

	return !w.present && !w.bad;
}

static int big(uint64_t va)
{
	return walk(va).big;
}

/* Our own RAM, pre-filled so stray writes outside the tables show up. */
static int setup(struct gmem *m, uint64_t ram_size, uint64_t pt_base,
		 uint64_t pt_size)
{
	if (gmem__init(m, ram_size))
		return -1;
	memset(m->base, FILL, ram_size);
	cur.ram = m->base;
	cur.ram_size = ram_size;
	cur.pt_base = pt_base;
	cur.pt_size = pt_size;
	return 0;
}

/* pt__build wrote nothing outside [pt_base, pt_base + pt_size). */
static int untouched_outside(const struct gmem *m)
{
	uint64_t i;

	for (i = 0; i < m->size; i++) {
		if (i == cur.pt_base)
			i += cur.pt_size;
		if (i < m->size && m->base[i] != FILL)
			return 0;
	}
	return 1;
}

/* Like longmode.c: null page, ring-0 region, tables, an ELF's segments. */
#define TEXT 0x100000ull	/* 3 pages, R-X */
#define RODATA 0x103000ull	/* 1 page, R-- */
#define DATA 0x104000ull	/* 2 pages, RW- */
#define DATA_END 0x106000ull

static unsigned int elf_ranges(struct pt_range *r)
{
	r[0] = (struct pt_range){ 0, 0x1000, PT_ABSENT };
	r[1] = (struct pt_range){ 0x1000, 0x2000, PT_SUPER | PT_WRITE };
	r[2] = (struct pt_range){ 0x2000, 0x3000, PT_SUPER | PT_EXEC };
	r[3] = (struct pt_range){ 0x3000, 0x8000, PT_SUPER | PT_WRITE };
	r[4] = (struct pt_range){ PT_BASE, PT_BASE + PT_SIZE, PT_SUPER | PT_WRITE };
	r[5] = (struct pt_range){ TEXT, RODATA, PT_EXEC };
	r[6] = (struct pt_range){ RODATA, DATA, 0 };
	r[7] = (struct pt_range){ DATA, DATA_END, PT_WRITE };
	return 8;
}

/* The permissions inside the first 2 MiB, common to every RAM size. */
static void check_low_chunk(void)
{
	/* Null page: not mapped at all. */
	CHECK(absent(0));
	CHECK(absent(0x800));
	CHECK(absent(0xfff));
	CHECK(!big(0)); /* chunk 0 has a 4 KiB table */
	/* Ring-0 data: supervisor, writable, not executable. */
	CHECK(mapped(0x1000, 0, 1, 0));
	CHECK(mapped(0x1fff, 0, 1, 0));
	/* Ring-0 stubs: supervisor, read-only, executable. */
	CHECK(mapped(0x2000, 0, 0, 1));
	CHECK(mapped(0x2abc, 0, 0, 1));
	/* Rest of ring 0 (TSS, stack). */
	CHECK(mapped(0x3000, 0, 1, 0));
	CHECK(mapped(0x7fff, 0, 1, 0));
	/* The gap after ring 0: default (user, writable, NX). */
	CHECK(mapped(0x8000, 1, 1, 0));
	CHECK(mapped(0xffff, 1, 1, 0));
	/* The page tables themselves: supervisor, writable, NX. */
	CHECK(mapped(PT_BASE, 0, 1, 0));
	CHECK(mapped(PT_BASE + PT_SIZE - 1, 0, 1, 0));
	CHECK(mapped(PT_BASE + PT_SIZE, 1, 1, 0));
	/* Text: user, read-only, executable (W^X). */
	CHECK(mapped(TEXT, 1, 0, 1));
	CHECK(mapped(TEXT + 0x1234, 1, 0, 1));
	CHECK(mapped(RODATA - 1, 1, 0, 1));
	/* Rodata: user, read-only, NX. */
	CHECK(mapped(RODATA, 1, 0, 0));
	CHECK(mapped(DATA - 1, 1, 0, 0));
	/* Data: user, writable, NX. */
	CHECK(mapped(DATA, 1, 1, 0));
	CHECK(mapped(DATA_END - 1, 1, 1, 0));
	/* Default pages around the image. */
	CHECK(mapped(TEXT - 1, 1, 1, 0));
	CHECK(mapped(DATA_END, 1, 1, 0));
	CHECK(mapped(0x1fffff, 1, 1, 0));
}

/* 8 MiB: chunk 0 with a table, chunks 1-3 as default 2 MiB pages. */
static void test_8m(void)
{
	struct pt_range r[8];
	unsigned int n = elf_ranges(r);
	struct gmem m;

	CHECK(setup(&m, MB(8), PT_BASE, PT_SIZE) == 0);
	CHECK(pt__build(m.base, MB(8), PT_BASE, PT_SIZE, r, n, PT_WRITE) == 0);
	check_low_chunk();
	/* Untouched chunks: 2 MiB pages, default permissions, identity. */
	CHECK(big(MB(2)) && big(MB(4)) && big(MB(6)));
	CHECK(mapped(MB(2), 1, 1, 0));
	CHECK(mapped(MB(2) + 0x12345, 1, 1, 0));
	CHECK(mapped(MB(5) + 7, 1, 1, 0));
	CHECK(mapped(MB(8) - 1, 1, 1, 0));
	/* Nothing at or above the end of RAM. */
	CHECK(absent(MB(8)));
	CHECK(absent(MB(8) + 0x1000));
	CHECK(absent(MB(10)));
	CHECK(absent(GB(1)));		/* the next PDPT entry */
	CHECK(absent(GB(1) + MB(2)));
	CHECK(absent(1ull << 39));	/* the next PML4 entry */
	CHECK(absent(GB(4)));
	CHECK(untouched_outside(&m));
	gmem__exit(&m);
}

/* 64 MiB, the full configuration's size: all 32 chunks mapped, no more. */
static void test_64m(void)
{
	struct pt_range r[8];
	unsigned int n = elf_ranges(r);
	struct gmem m;
	uint64_t c;
	int all = 1;

	CHECK(setup(&m, MB(64), PT_BASE, PT_SIZE) == 0);
	CHECK(pt__build(m.base, MB(64), PT_BASE, PT_SIZE, r, n, PT_WRITE) == 0);
	check_low_chunk();
	for (c = MB(2); c < MB(64); c += MB(2))
		all &= mapped(c, 1, 1, 0) && mapped(c + MB(2) - 1, 1, 1, 0) &&
		       big(c);
	CHECK(all);
	CHECK(mapped(MB(64) - 1, 1, 1, 0));
	CHECK(absent(MB(64)));
	CHECK(absent(MB(66)));
	CHECK(absent(GB(1) - 1));
	CHECK(untouched_outside(&m));
	gmem__exit(&m);
}

/* 5 MiB: the last chunk (4-6 MiB) is half RAM, mapped by 4 KiB pages to 5 MiB. */
static void test_5m(void)
{
	struct pt_range r[8];
	unsigned int n = elf_ranges(r);
	struct gmem m;

	CHECK(setup(&m, MB(5), PT_BASE, PT_SIZE) == 0);
	CHECK(pt__build(m.base, MB(5), PT_BASE, PT_SIZE, r, n, PT_WRITE) == 0);
	check_low_chunk();
	CHECK(big(MB(2)));
	CHECK(mapped(MB(4) - 1, 1, 1, 0));
	/* The partial chunk has a table, not a 2 MiB page past RAM's end. */
	CHECK(!big(MB(4)));
	CHECK(mapped(MB(4), 1, 1, 0));
	CHECK(mapped(MB(5) - 0x1000, 1, 1, 0));
	CHECK(mapped(MB(5) - 1, 1, 1, 0));
	CHECK(absent(MB(5)));
	CHECK(absent(MB(5) + 0x1000));
	CHECK(absent(MB(6) - 1));
	CHECK(absent(MB(6)));
	CHECK(untouched_outside(&m));
	gmem__exit(&m);
}

/* Tables elsewhere than 0x10000, and no range at all: all default pages. */
static void test_no_ranges(void)
{
	struct gmem m;
	const uint64_t base = MB(3); /* inside RAM, mapped by a 2 MiB page */

	CHECK(setup(&m, MB(8), base, 0x4000) == 0);
	CHECK(pt__build(m.base, MB(8), base, 0x4000, NULL, 0, PT_WRITE) == 0);
	CHECK(mapped(0, 1, 1, 0)); /* no null-page range given: mapped */
	CHECK(big(0));
	CHECK(mapped(base, 1, 1, 0));
	CHECK(mapped(MB(8) - 1, 1, 1, 0));
	CHECK(absent(MB(8)));
	CHECK(untouched_outside(&m));
	gmem__exit(&m);

	/* Another default: read-only, executable, supervisor. */
	CHECK(setup(&m, MB(4), base, 0x4000) == 0);
	CHECK(pt__build(m.base, MB(4), base, 0x4000, NULL, 0,
			PT_EXEC | PT_SUPER) == 0);
	CHECK(mapped(0x1000, 0, 0, 1));
	CHECK(mapped(MB(4) - 1, 0, 0, 1));
	gmem__exit(&m);
}

/* Pages count 2 + one PD per GiB + one table per chunk that must have one. */
static void test_min_size(void)
{
	struct pt_range r[8];
	unsigned int n = elf_ranges(r);
	struct pt_range sup[2] = {
		{ MB(6), MB(6) + 0x1000, PT_SUPER },
		{ MB(10) + 0x5000, MB(10) + 0x6000, PT_ABSENT },
	};
	struct pt_range want = { MB(2), MB(3), PT_EXEC | PT_WRITE };

	CHECK(pt__min_size(MB(8), NULL, 0) == 3 * KB(4));
	CHECK(pt__min_size(MB(8), r, n) == 4 * KB(4));	/* chunk 0 */
	CHECK(pt__min_size(MB(64), r, n) == 4 * KB(4));
	/* A partial last chunk must have a table. */
	CHECK(pt__min_size(MB(5), NULL, 0) == 4 * KB(4));
	CHECK(pt__min_size(MB(5), r, n) == 5 * KB(4));
	CHECK(pt__min_size(MB(1), NULL, 0) == 4 * KB(4));
	/* One page directory per started GiB. */
	CHECK(pt__min_size(GB(1), NULL, 0) == 3 * KB(4));
	CHECK(pt__min_size(GB(1) + MB(2), NULL, 0) == 4 * KB(4));
	CHECK(pt__min_size(GB(3), NULL, 0) == 5 * KB(4));
	CHECK(pt__min_size(GB(4), r, n) == 7 * KB(4));
	/* Supervisor and absent ranges each need their chunk's table. */
	CHECK(pt__min_size(MB(16), sup, 2) == 5 * KB(4));
	/* A range crossing a 2 MiB boundary needs both chunks' tables. */
	sup[0] = (struct pt_range){ MB(2) - 0x1000, MB(2) + 0x1000, PT_SUPER };
	CHECK(pt__min_size(MB(16), sup, 1) == 5 * KB(4));
	/* Ordinary segments only want a table: they add nothing. */
	CHECK(pt__min_size(MB(8), &want, 1) == 3 * KB(4));
	/* Zero-length ranges touch no chunk. */
	sup[0] = (struct pt_range){ MB(4), MB(4), PT_SUPER };
	CHECK(pt__min_size(MB(8), sup, 1) == 3 * KB(4));
}

/* Too little room or a region outside RAM: -1 with a message, RAM intact. */
static void test_errors(void)
{
	struct pt_range r[8];
	unsigned int n = elf_ranges(r);
	uint64_t need = pt__min_size(MB(5), r, n);
	struct gmem m;

	CHECK(need == 0x5000);
	CHECK(setup(&m, MB(5), PT_BASE, PT_SIZE) == 0);
	err__set("(no message)");
	CHECK(pt__build(m.base, MB(5), PT_BASE, need - 0x1000, r, n, PT_WRITE) == -1);
	CHECK(strstr(err__msg(), "page tables need 0x5000") != NULL);
	CHECK(strstr(err__msg(), "CONFIG_PAGETABLE_SIZE is 0x4000") != NULL);
	CHECK(pt__build(m.base, MB(5), PT_BASE, 0, r, n, PT_WRITE) == -1);
	CHECK(strstr(err__msg(), "page tables need") != NULL);
	/* Exactly the minimum is enough. */
	CHECK(pt__build(m.base, MB(5), PT_BASE, need, r, n, PT_WRITE) == 0);
	cur.pt_size = need;
	check_low_chunk();
	CHECK(mapped(MB(5) - 1, 1, 1, 0));
	gmem__exit(&m);

	CHECK(setup(&m, MB(4), PT_BASE, PT_SIZE) == 0);
	/* Region past the end of RAM, or larger than RAM. */
	err__set("(no message)");
	CHECK(pt__build(m.base, MB(4), MB(4) - 0x2000, 0x4000, NULL, 0,
			PT_WRITE) == -1);
	CHECK(strstr(err__msg(), "do not fit guest RAM") != NULL);
	CHECK(pt__build(m.base, MB(4), 0, MB(8), NULL, 0, PT_WRITE) == -1);
	CHECK(pt__build(m.base, MB(4), UINT64_MAX & ~0xfffull, 0x4000, NULL, 0,
			PT_WRITE) == -1);
	/* Not 4 KiB aligned. */
	err__set("(no message)");
	CHECK(pt__build(m.base, MB(4), PT_BASE + 8, 0x4000, NULL, 0,
			PT_WRITE) == -1);
	CHECK(strstr(err__msg(), "do not fit guest RAM") != NULL);
	/* None of the failures wrote anything. */
	cur.pt_size = 0;
	CHECK(untouched_outside(&m));
	gmem__exit(&m);
}

/*
 * Only room for the chunks that must have tables: a chunk holding only an
 * ordinary ELF segment gets a 2 MiB page with the union of permissions
 * (W|X here), while chunks with supervisor ranges still get 4 KiB tables.
 */
static void test_budget(void)
{
	const struct pt_range r[] = {
		{ 0, 0x1000, PT_ABSENT },			/* chunk 0: must */
		{ 0x1000, 0x8000, PT_SUPER | PT_WRITE },
		{ MB(2), MB(2) + 0x3000, PT_EXEC },		/* chunk 1: wants */
		{ MB(4), MB(4) + 0x1000, 0 },			/* chunk 2: wants */
		{ MB(4) + 0x1000, MB(4) + 0x2000, PT_WRITE },
		{ MB(6) + 0x4000, MB(6) + 0x5000, PT_SUPER },	/* chunk 3: must */
	};
	const unsigned int n = sizeof(r) / sizeof(r[0]);
	const uint64_t base = PT_BASE;
	struct gmem m;

	CHECK(pt__min_size(MB(8), r, n) == 5 * KB(4));

	/* Exactly the minimum: both "want" chunks fall back to 2 MiB pages. */
	CHECK(setup(&m, MB(8), base, 5 * KB(4)) == 0);
	CHECK(pt__build(m.base, MB(8), base, 5 * KB(4), r, n, PT_WRITE) == 0);
	CHECK(absent(0));
	CHECK(mapped(0x1000, 0, 1, 0));
	CHECK(!big(0));
	/* Chunk 1: text only; 2 MiB page, default W | text X, user. */
	CHECK(big(MB(2)));
	CHECK(mapped(MB(2), 1, 1, 1));
	CHECK(mapped(MB(4) - 1, 1, 1, 1));
	/* Chunk 2: rodata + data: 2 MiB page, W, NX. */
	CHECK(big(MB(4)));
	CHECK(mapped(MB(4), 1, 1, 0));
	CHECK(mapped(MB(4) + 0x1000, 1, 1, 0));
	/* Chunk 3: supervisor page still exact, in a 4 KiB table. */
	CHECK(!big(MB(6)));
	CHECK(mapped(MB(6) + 0x4000, 0, 0, 0));
	CHECK(mapped(MB(6) + 0x4fff, 0, 0, 0));
	CHECK(mapped(MB(6) + 0x3fff, 1, 1, 0));
	CHECK(mapped(MB(6) + 0x5000, 1, 1, 0));
	CHECK(absent(MB(8)));
	CHECK(untouched_outside(&m));
	gmem__exit(&m);

	/*
	 * One spare table: it goes to the first chunk that wants one (chunk
	 * 1, exact W^X), the later one falls back, and chunk 3's table is
	 * still kept for it.
	 */
	CHECK(setup(&m, MB(8), base, 6 * KB(4)) == 0);
	CHECK(pt__build(m.base, MB(8), base, 6 * KB(4), r, n, PT_WRITE) == 0);
	CHECK(!big(MB(2)));
	CHECK(mapped(MB(2), 1, 0, 1));		/* text: read-only, exec */
	CHECK(mapped(MB(2) + 0x2fff, 1, 0, 1));
	CHECK(mapped(MB(2) + 0x3000, 1, 1, 0));	/* default after it */
	CHECK(big(MB(4)));
	CHECK(mapped(MB(4), 1, 1, 0));
	CHECK(!big(MB(6)));
	CHECK(mapped(MB(6) + 0x4000, 0, 0, 0));
	CHECK(untouched_outside(&m));
	gmem__exit(&m);

	/* Room for everything: every chunk with a range has exact pages. */
	CHECK(setup(&m, MB(8), base, PT_SIZE) == 0);
	CHECK(pt__build(m.base, MB(8), base, PT_SIZE, r, n, PT_WRITE) == 0);
	CHECK(!big(MB(2)) && !big(MB(4)) && !big(MB(6)));
	CHECK(mapped(MB(4), 1, 0, 0));		/* rodata exact */
	CHECK(mapped(MB(4) + 0x1000, 1, 1, 0));	/* data exact */
	CHECK(mapped(MB(2), 1, 0, 1));
	gmem__exit(&m);
}

/* Overlapping ranges in one page: union of W/X, supervisor and absent win. */
static void test_union(void)
{
	const struct pt_range r[] = {
		{ MB(1), MB(1) + 0x800, PT_EXEC },
		{ MB(1) + 0x800, MB(1) + 0x1000, PT_WRITE },	/* same page */
		{ MB(1) + 0x1000, MB(1) + 0x2000, PT_EXEC },
		{ MB(1) + 0x1000, MB(1) + 0x2000, PT_SUPER },	/* same page */
		{ MB(1) + 0x2000, MB(1) + 0x3000, PT_WRITE },
		{ MB(1) + 0x2000, MB(1) + 0x3000, PT_ABSENT },	/* same page */
	};
	struct gmem m;

	CHECK(setup(&m, MB(4), PT_BASE, PT_SIZE) == 0);
	CHECK(pt__build(m.base, MB(4), PT_BASE, PT_SIZE, r, 6, PT_WRITE) == 0);
	CHECK(mapped(MB(1), 1, 1, 1));
	CHECK(mapped(MB(1) + 0x1000, 0, 0, 1));
	CHECK(absent(MB(1) + 0x2000));
	CHECK(mapped(MB(1) + 0x3000, 1, 1, 0));
	gmem__exit(&m);
}

int main(void)
{
	test_8m();
	test_64m();
	test_5m();
	test_no_ranges();
	test_min_size();
	test_errors();
	test_budget();
	test_union();
	return unit_done("test_pagetable");
}

#else /* !CONFIG_ENTRY_LONG: no page tables in this configuration */

int main(void)
{
	printf("test_pagetable: skipped (CONFIG_ENTRY_LONG is not set)\n");
	return unit_done("test_pagetable");
}

#endif
