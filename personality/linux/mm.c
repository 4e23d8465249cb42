// SPDX-License-Identifier: MIT
/*
 * The program's memory: one byte per 4 KiB page of guest RAM holds what
 * the program mapped there (its PROT_* bits, and whether it is mapped at
 * all); the page tables follow every change (arch__map), and access taken
 * away is flushed from the TLB. The image and the stack are mapped at the
 * start; brk grows from the page after the image, mmap hands out memory
 * top-down under the stack (a guard page apart), down to
 * CONFIG_LINUX_MMAP_MIN. Every pointer a system call takes goes through
 * lx_ptr().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "arch/arch.h"
#include "core/error.h"
#include "core/load-info.h"
#include "core/vm.h"
#include "personality/linux/linux.h"
#include "shared/util.h"

#define MAPPED 0x80u

static uint8_t *pages;		/* one byte per page of guest RAM */
static uint64_t npages, ram;
uint64_t lx_brk, lx_brk_start, lx_mmap_lo, lx_mmap_hi;

int lx_mm_set(struct vm *vm, uint64_t start, uint64_t len, unsigned int prot)
{
	uint64_t p, first = start / LX_PAGE, n = len / LX_PAGE;
	uint8_t now = prot == LX_UNMAP ? 0 : (uint8_t)(MAPPED | (prot & 7));
	int taken = 0;

	if ((start | len) & (LX_PAGE - 1) || first > npages || n > npages - first)
		return -EINVAL;
	for (p = first; p < first + n; p++)
		/* Access lost: a page unmapped, or a bit of R/W/X gone. */
		if ((pages[p] & MAPPED) && (pages[p] & ~now & (MAPPED | 7)))
			taken = 1;
	/* PROT_NONE: mapped for the program, absent for the CPU. */
	if (arch__map(vm, start, len, now & 7 ? (now & 7) | ARCH_MAP_R : 0,
		      taken))
		return -ENOMEM;
	memset(pages + first, now, n);
	return 0;
}

int lx_mm_init(struct vm *vm, const struct load_info *li, uint64_t stack_lo,
	       uint64_t stack_hi)
{
	unsigned int i;
	uint64_t a;

	if (npages != vm->mem.size / LX_PAGE) {
		free(pages);
		npages = vm->mem.size / LX_PAGE;
		pages = calloc(npages, 1);
		if (!pages) {
			npages = 0;
			return err__set("no memory for the page map");
		}
	} else {
		memset(pages, 0, npages);
	}
	ram = npages * LX_PAGE;
	for (i = 0; i < li->nseg; i++) {
		const struct load_seg *s = &li->seg[i];
		uint8_t prot = MAPPED | LX_R | (s->flags & LOAD_W ? LX_W : 0) |
			       (s->flags & LOAD_X ? LX_X : 0);

		/* The page tables have them already (pt__build). */
		for (a = s->start & ~(LX_PAGE - 1); a < s->start + s->size;
		     a += LX_PAGE)
			pages[a / LX_PAGE] |= prot;
	}
	lx_brk_start = lx_brk = PAGE_UP(li->end);
	lx_mmap_lo = CONFIG_LINUX_MMAP_MIN;
	lx_mmap_hi = stack_lo - LX_PAGE; /* a guard page under the stack */
	if (lx_brk_start > lx_mmap_lo || lx_mmap_lo >= lx_mmap_hi)
		return err__set("the image ends at 0x%llx, above "
				"CONFIG_LINUX_MMAP_MIN (0x%llx) or the stack",
				(unsigned long long)lx_brk_start,
				(unsigned long long)lx_mmap_lo);
	if (lx_mm_set(vm, stack_lo, stack_hi - stack_lo, LX_R | LX_W))
		return err__set("no room for the stack's page tables");
	return 0;
}

void *lx_ptr(struct vm *vm, uint64_t addr, uint64_t len, unsigned int prot)
{
	uint64_t p, last;

	if (!len)
		return gmem__ptr(&vm->mem, addr, 0);
	if (addr > ram || len > ram - addr)
		return NULL;
	last = (addr + len - 1) / LX_PAGE;
	for (p = addr / LX_PAGE; p <= last; p++) {
		uint8_t m = pages[p];

		if (!(m & MAPPED) || !(m & 7) ||
		    ((prot & LX_W) && !(m & LX_W)))
			return NULL;
	}
	return gmem__ptr(&vm->mem, addr, len);
}

int64_t lx_string(struct vm *vm, uint64_t addr, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++) {
		const char *c = lx_ptr(vm, addr + i, 1, LX_R);

		if (!c || addr + i < addr)
			return -EFAULT;
		buf[i] = *c;
		if (!*c)
			return (int64_t)i;
	}
	buf[size - 1] = 0;
	return -ENAMETOOLONG;
}

int lx_mm_free(uint64_t start, uint64_t len)
{
	uint64_t p;

	if (start > ram || len > ram - start)
		return 0;
	for (p = start / LX_PAGE; p < PAGE_UP(start + len) / LX_PAGE; p++)
		if (pages[p] & MAPPED)
			return 0;
	return 1;
}

int lx_mm_mapped(uint64_t start, uint64_t len)
{
	uint64_t p;

	if (start > ram || len > ram - start)
		return 0;
	for (p = start / LX_PAGE; p < PAGE_UP(start + len) / LX_PAGE; p++)
		if (!(pages[p] & MAPPED))
			return 0;
	return 1;
}

unsigned int lx_mm_prot(uint64_t addr)
{
	return addr < ram ? pages[addr / LX_PAGE] & 7 : 0;
}

uint64_t lx_mm_find(uint64_t len)
{
	uint64_t hi = lx_mmap_hi, run = 0, a;
	uint64_t lo = lx_brk > lx_mmap_lo ? lx_brk : lx_mmap_lo;

	if (!len || len > hi - lo)
		return 0;
	for (a = hi; a > lo; a -= LX_PAGE) {
		run = pages[a / LX_PAGE - 1] & MAPPED ? 0 : run + LX_PAGE;
		if (run == len)
			return a - LX_PAGE;
	}
	return 0;
}
