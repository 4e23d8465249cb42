// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include "arch/arch.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/layout.h"
#include "core/personality.h"

unsigned int layout__regions(struct region *r)
{
	unsigned int n = 0;

	r[n++] = (struct region){ "CONFIG_BOOTINFO_ADDR/CONFIG_BOOTINFO_SIZE",
				  CONFIG_BOOTINFO_ADDR, CONFIG_BOOTINFO_SIZE, 0 };
	/* STACK_TOP >= STACK_SIZE is checked in layout__check. */
	r[n++] = (struct region){ "CONFIG_STACK_TOP/CONFIG_STACK_SIZE",
				  (uint64_t)CONFIG_STACK_TOP - CONFIG_STACK_SIZE,
				  CONFIG_STACK_SIZE, 0 };
	n += arch__regions(r + n);
	return n + personality__regions(r + n);
}

static int fits_ram(const struct region *r)
{
	if (r->size <= RAM_SIZE && r->start <= RAM_SIZE - r->size)
		return 0;
	return err__set("%s (0x%" PRIx64 "-0x%" PRIx64 ") lies outside guest "
			"RAM (CONFIG_RAM_SIZE_MB=%d, 0x0-0x%" PRIx64 ")",
			r->option, r->start, r->start + r->size,
			CONFIG_RAM_SIZE_MB, RAM_SIZE);
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
	struct region r[LAYOUT_MAX_REGIONS];
	unsigned int n = layout__regions(r), i;

	for (i = 0; i < n; i++)
		if (r[i].monitor_owned &&
		    gmem__add_hole(m, r[i].start, r[i].start + r[i].size))
			return err__set("%s: no room to keep it from guest "
					"pointers (at most %d monitor regions)",
					r[i].option, GMEM_MAX_HOLES);
	return 0;
}

int layout__check(void)
{
	struct region r[LAYOUT_MAX_REGIONS];
	unsigned int n, i, j, owned = 0;

	if ((uint64_t)CONFIG_STACK_SIZE > (uint64_t)CONFIG_STACK_TOP)
		return err__set("CONFIG_STACK_SIZE (0x%x) is larger than "
				"CONFIG_STACK_TOP (0x%x)", CONFIG_STACK_SIZE,
				CONFIG_STACK_TOP);
	n = layout__regions(r);
	for (i = 0; i < n; i++) {
		owned += r[i].monitor_owned;
		if (owned > GMEM_MAX_HOLES)
			return err__set("%s: more monitor regions than guest "
					"memory checks keep (%d)", r[i].option,
					GMEM_MAX_HOLES);
		if (fits_ram(&r[i]))
			return -1;
		for (j = i + 1; j < n; j++)
			if (disjoint(&r[i], &r[j]))
				return -1;
	}
	return arch__check_layout();
}

int layout__check_image(const char *what, uint64_t start, uint64_t len)
{
	struct region img = { what, start, len, 0 };
	struct region r[LAYOUT_MAX_REGIONS];
	unsigned int n, i;

	if (fits_ram(&img))
		return -1;
	n = layout__regions(r);
	for (i = 0; i < n; i++)
		if (disjoint(&img, &r[i]))
			return -1;
	return 0;
}
