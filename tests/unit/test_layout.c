// SPDX-License-Identifier: MIT
/*
 * The compiled-in memory layout: layout__check passes for this
 * configuration, layout__regions names the expected regions, and
 * layout__check_image refuses images on top of any region (naming that
 * region's options), outside RAM or wrapping around 2^64.
 */
#include <stdint.h>
#include <string.h>
#include "core/error.h"
#include "core/guestmem.h"
#include "core/layout.h"
#ifdef CONFIG_ENTRY_LONG
#include "arch/x86/ring0.h"
#endif
#include "monitor/layout.h"
#include "unit.h"

static struct region regs[LAYOUT_MAX_REGIONS];
static unsigned int nregs;

static int has(const char *s)
{
	return strstr(err__msg(), s) != NULL;
}

/* layout__check_image fails and its message names `name` and `what`. */
static int refused(uint64_t start, uint64_t len, const char *name)
{
	err__set("(no message)");
	if (layout__check_image("the probe", start, len) != -1)
		return 0;
	if (!has(name) || !has("the probe")) {
		printf("  message: %s (expected %s)\n", err__msg(), name);
		return 0;
	}
	return 1;
}

static int accepted(uint64_t start, uint64_t len)
{
	if (layout__check_image("the probe", start, len) == 0)
		return 1;
	printf("  refused 0x%llx+0x%llx: %s\n", (unsigned long long)start,
	       (unsigned long long)len, err__msg());
	return 0;
}

/* Independent of range__overlaps: is byte a inside any region? */
static int in_region(uint64_t a)
{
	unsigned int i;

	for (i = 0; i < nregs; i++)
		if (a >= regs[i].start && a < regs[i].start + regs[i].size)
			return 1;
	return 0;
}

static const struct region *find(const char *option)
{
	unsigned int i;

	for (i = 0; i < nregs; i++)
		if (!strcmp(regs[i].option, option))
			return &regs[i];
	return NULL;
}

/* The configuration's layout is valid (else the build would have failed). */
static void test_check(void)
{
	err__set("(no message)");
	CHECK(layout__check() == 0);
	CHECK(!strcmp(err__msg(), "(no message)"));
}

/* The regions: which, where, who owns them; disjoint and inside RAM. */
static void test_regions(void)
{
	const struct region *r;
	unsigned int i, j;

	nregs = layout__regions(regs);
	CHECK(nregs <= LAYOUT_MAX_REGIONS);
#ifdef CONFIG_ENTRY_LONG
	CHECK(nregs == 5);
#else
	CHECK(nregs == 2);
#endif
	r = find("CONFIG_BOOTINFO_ADDR/CONFIG_BOOTINFO_SIZE");
	CHECK(r && r->start == CONFIG_BOOTINFO_ADDR &&
	      r->size == CONFIG_BOOTINFO_SIZE && !r->monitor_owned);
	r = find("CONFIG_STACK_TOP/CONFIG_STACK_SIZE");
	CHECK(r && r->start == CONFIG_STACK_TOP - CONFIG_STACK_SIZE &&
	      r->size == CONFIG_STACK_SIZE && !r->monitor_owned);
#ifdef CONFIG_ENTRY_LONG
	r = find("the null page (never mapped)");
	CHECK(r && r->start == 0 && r->size == 0x1000 && r->monitor_owned);
	r = find("CONFIG_RING0_ADDR");
	CHECK(r && r->start == CONFIG_RING0_ADDR && r->size == RING0_SIZE &&
	      r->monitor_owned);
	CHECK(RING0_SIZE == 0x7000); /* 28 KiB, as documented */
	r = find("CONFIG_PAGETABLE_ADDR/CONFIG_PAGETABLE_SIZE");
	CHECK(r && r->start == CONFIG_PAGETABLE_ADDR &&
	      r->size == CONFIG_PAGETABLE_SIZE && r->monitor_owned);
#endif
	for (i = 0; i < nregs; i++) {
		CHECK(regs[i].size > 0);
		CHECK(regs[i].size <= RAM_SIZE_CONFIG &&
		      regs[i].start <= RAM_SIZE_CONFIG - regs[i].size);
		for (j = i + 1; j < nregs; j++)
			CHECK(regs[i].start + regs[i].size <= regs[j].start ||
			      regs[j].start + regs[j].size <= regs[i].start);
	}
}

/* An image touching any byte of a region is refused, naming its options. */
static void test_image_overlaps(void)
{
	unsigned int i;

	for (i = 0; i < nregs; i++) {
		const struct region *r = &regs[i];
		uint64_t first = r->start, last = r->start + r->size - 1;

		CHECK(refused(first, 1, r->option));
		CHECK(refused(last, 1, r->option));
		CHECK(refused(first, r->size, r->option));
		CHECK(refused(first + r->size / 2, 1, r->option));
		/* Straddling an edge from free RAM (when the neighbour is free). */
		if (first > 0 && !in_region(first - 1))
			CHECK(refused(first - 1, 2, r->option));
		if (last + 1 < RAM_SIZE_CONFIG && !in_region(last + 1))
			CHECK(refused(last, 2, r->option));
		/* Just outside the region is fine (when that byte is free). */
		if (first > 0 && !in_region(first - 1))
			CHECK(accepted(first - 1, 1));
		if (last + 1 < RAM_SIZE_CONFIG && !in_region(last + 1))
			CHECK(accepted(last + 1, 1));
	}
	/* The same, by name, for the options a user would look for. */
	CHECK(refused(CONFIG_STACK_TOP - 1, 1, "CONFIG_STACK_TOP"));
	CHECK(refused(CONFIG_STACK_TOP - CONFIG_STACK_SIZE, 8, "CONFIG_STACK_SIZE"));
	CHECK(refused(CONFIG_BOOTINFO_ADDR, 1, "CONFIG_BOOTINFO_ADDR"));
	CHECK(refused(CONFIG_BOOTINFO_ADDR + CONFIG_BOOTINFO_SIZE - 1, 1,
		      "CONFIG_BOOTINFO_SIZE"));
#ifdef CONFIG_ENTRY_LONG
	CHECK(refused(0, 1, "null page"));
	CHECK(refused(0xfff, 1, "null page"));
	CHECK(refused(CONFIG_RING0_ADDR + RING0_SIZE - 1, 1, "CONFIG_RING0_ADDR"));
	CHECK(refused(CONFIG_PAGETABLE_ADDR, 1, "CONFIG_PAGETABLE_ADDR"));
	CHECK(refused(CONFIG_PAGETABLE_ADDR + CONFIG_PAGETABLE_SIZE - 1, 1,
		      "CONFIG_PAGETABLE_SIZE"));
	/* The message gives the image's and the region's ranges. */
	CHECK(refused(CONFIG_PAGETABLE_ADDR, 0x10, "overlaps"));
	CHECK(has("0x10000-0x10010") || CONFIG_PAGETABLE_ADDR != 0x10000);
#endif
	/* The whole of RAM overlaps something. */
	CHECK(layout__check_image("the probe", 0, RAM_SIZE_CONFIG) == -1);
}

/* Outside RAM or wrapping: refused with a message naming the RAM option. */
static void test_image_ram(void)
{
	CHECK(refused(RAM_SIZE_CONFIG, 1, "CONFIG_RAM_SIZE_MB"));
	CHECK(refused(RAM_SIZE_CONFIG - 0x1000, 0x1001, "lies outside guest RAM"));
	CHECK(refused(RAM_SIZE_CONFIG - 1, 2, "CONFIG_RAM_SIZE_MB"));
	CHECK(refused(0, RAM_SIZE_CONFIG + 1, "lies outside guest RAM"));
	CHECK(refused(UINT64_MAX, 1, "lies outside guest RAM"));
	CHECK(refused(UINT64_MAX, 2, "lies outside guest RAM")); /* wraps to 1 */
	CHECK(refused(0x2000, UINT64_MAX, "lies outside guest RAM"));
	CHECK(refused(UINT64_MAX - 0xfff, 0x2000, "lies outside guest RAM"));
	CHECK(refused(1ull << 63, 1ull << 63, "lies outside guest RAM"));
	CHECK(refused(0x10, (uint64_t)0 - 0x10, "lies outside guest RAM"));
}

/* Free RAM is accepted: the space above every region, up to RAM's end. */
static void test_image_free(void)
{
	uint64_t top = 0;
	unsigned int i;

	for (i = 0; i < nregs; i++)
		if (regs[i].start + regs[i].size > top)
			top = regs[i].start + regs[i].size;
	top = (top + 0xfff) & ~0xfffull;
	if (top < RAM_SIZE_CONFIG) {
		CHECK(accepted(top, RAM_SIZE_CONFIG - top));	/* all of it */
		CHECK(accepted(RAM_SIZE_CONFIG - 1, 1));	/* its last byte */
		CHECK(accepted(top, 0x1000));
	}
#ifdef CONFIG_ENTRY_LONG
	/* Where flat images go, and typical ELF link addresses. */
	CHECK(accepted(CONFIG_LOAD_ADDR, 0x1000));
	/* The gap between ring 0 and the tables in the default layout. */
	if (CONFIG_RING0_ADDR == 0x1000 && CONFIG_PAGETABLE_ADDR == 0x10000)
		CHECK(accepted(0x1000 + RING0_SIZE, 0x10000 - 0x1000 - RING0_SIZE));
#endif
	/* A zero-length image names no byte, so it fits even inside a region. */
	CHECK(accepted(CONFIG_STACK_TOP - 8, 0));
	CHECK(accepted(RAM_SIZE_CONFIG, 0));
}

/*
 * layout__add_holes makes every monitor region a hole, and fails loudly,
 * naming the region, when one does not fit (the monitor used to ignore
 * that: the region would have been reachable by guest pointers).
 */
static void test_add_holes(void)
{
	struct gmem m;
	unsigned int i, owned = 0;

	for (i = 0; i < nregs; i++)
		owned += regs[i].monitor_owned;
	memset(&m, 0, sizeof(m));
	CHECK(layout__add_holes(&m) == 0);
	CHECK(m.nholes == owned);
	for (i = 0; i < m.nholes; i++)
		CHECK(gmem__ptr(&m, m.holes[i].start, 1) == NULL);
	/* Only one free slot left: the second region has no room. */
	memset(&m, 0, sizeof(m));
	m.nholes = GMEM_MAX_HOLES - 1;
	err__set("(no message)");
	if (owned >= 2) {
		CHECK(layout__add_holes(&m) == -1);
		CHECK(has("no room to keep it from guest pointers"));
	}
}

int main(void)
{
	CHECK(monitor__layout(RAM_SIZE_CONFIG) == 0);
	test_check();
	test_regions();
	test_image_overlaps();
	test_image_ram();
	test_image_free();
	test_add_holes();
	return unit_done("test_layout");
}
