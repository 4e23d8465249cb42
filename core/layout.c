// SPDX-License-Identifier: MIT
/* The guest-physical memory layout (core/layout.h). */
#include <inttypes.h>
#include <string.h>
#include "core/error.h"
#include "core/guestmem.h"
#include "core/layout.h"
#include "shared/util.h"

static uint64_t ram_size = RAM_SIZE_CONFIG;
static struct region regions[LAYOUT_MAX_REGIONS];
static unsigned int nregions;

unsigned int layout__config_regions(struct region *r)
{
	r[0] = (struct region){ "CONFIG_BOOTINFO_ADDR/CONFIG_BOOTINFO_SIZE",
				CONFIG_BOOTINFO_ADDR, CONFIG_BOOTINFO_SIZE, 0 };
	/* STACK_TOP >= STACK_SIZE is checked in layout__check. */
	r[1] = (struct region){ "CONFIG_STACK_TOP/CONFIG_STACK_SIZE",
				(uint64_t)CONFIG_STACK_TOP - CONFIG_STACK_SIZE,
				CONFIG_STACK_SIZE, 0 };
	return 2;
}

void layout__set(uint64_t ram, const struct region *r, unsigned int n)
{
	ram_size = ram;
	nregions = n < LAYOUT_MAX_REGIONS ? n : LAYOUT_MAX_REGIONS;
	memcpy(regions, r, nregions * sizeof(*r));
}

uint64_t layout__ram_size(void)
{
	return ram_size;
}

unsigned int layout__regions(struct region *r)
{
	memcpy(r, regions, nregions * sizeof(*r));
	return nregions;
}

static int fits_ram(const struct region *r)
{
	if (r->size <= ram_size && r->start <= ram_size - r->size)
		return 0;
	if (ram_size != RAM_SIZE_CONFIG)
		return err__set("%s (0x%" PRIx64 "-0x%" PRIx64 ") lies outside "
				"guest RAM (%" PRIu64 " MiB, 0x0-0x%" PRIx64 ")",
				r->option, r->start, r->start + r->size,
				ram_size >> 20, ram_size);
	return err__set("%s (0x%" PRIx64 "-0x%" PRIx64 ") lies outside guest "
			"RAM (CONFIG_RAM_SIZE_MB=%d, 0x0-0x%" PRIx64 ")",
			r->option, r->start, r->start + r->size,
			CONFIG_RAM_SIZE_MB, ram_size);
}

static int disjoint(const struct region *a, const struct region *b)
{
	if (!range__overlaps(a->start, a->size, b->start, b->size))
		return 0;
	return err__set("%s (0x%" PRIx64 "-0x%" PRIx64 ") overlaps %s (0x%" PRIx64
			"-0x%" PRIx64 ")", a->option, a->start, a->start + a->size,
			b->option, b->start, b->start + b->size);
}

int layout__add_holes(struct gmem *m)
{
	unsigned int i;

	for (i = 0; i < nregions; i++)
		if (regions[i].monitor_owned &&
		    gmem__add_hole(m, regions[i].start,
				   regions[i].start + regions[i].size))
			return err__set("%s: no room to keep it from guest "
					"pointers (at most %d monitor regions)",
					regions[i].option, GMEM_MAX_HOLES);
	return 0;
}

int layout__check(void)
{
	unsigned int i, j, owned = 0;

	if ((uint64_t)CONFIG_STACK_SIZE > (uint64_t)CONFIG_STACK_TOP)
		return err__set("CONFIG_STACK_SIZE (0x%x) is larger than "
				"CONFIG_STACK_TOP (0x%x)", CONFIG_STACK_SIZE,
				CONFIG_STACK_TOP);
	for (i = 0; i < nregions; i++) {
		owned += regions[i].monitor_owned;
		if (owned > GMEM_MAX_HOLES)
			return err__set("%s: more monitor regions than guest "
					"memory checks keep (%d)",
					regions[i].option, GMEM_MAX_HOLES);
		if (fits_ram(&regions[i]))
			return -1;
		for (j = i + 1; j < nregions; j++)
			if (disjoint(&regions[i], &regions[j]))
				return -1;
	}
	return 0;
}

int layout__check_image(const char *what, uint64_t start, uint64_t len)
{
	struct region img = { what, start, len, 0 };
	unsigned int i;

	if (fits_ram(&img))
		return -1;
	for (i = 0; i < nregions; i++)
		if (disjoint(&img, &regions[i]))
			return -1;
	return 0;
}

void layout__free_ram(uint64_t from, uint64_t *start, uint64_t *end)
{
	uint64_t s = PAGE_UP(from), e = ram_size;
	unsigned int i, moved = 1;

	while (moved) { /* step over regions that contain the start */
		moved = 0;
		for (i = 0; i < nregions; i++)
			if (s >= regions[i].start &&
			    s - regions[i].start < regions[i].size) {
				s = PAGE_UP(regions[i].start + regions[i].size);
				moved = 1;
			}
	}
	for (i = 0; i < nregions; i++)
		if (regions[i].start >= s && regions[i].start < e)
			e = regions[i].start;
	*start = s < e ? s : e;
	*end = e;
}
