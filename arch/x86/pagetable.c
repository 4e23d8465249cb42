// SPDX-License-Identifier: MIT
/* Identity-mapped page tables: 2 MiB pages, 4 KiB tables where needed. */
#include <string.h>
#include "arch/x86/pagetable.h"
#include "core/error.h"
#include "core/guestmem.h"

#define SZ_4K 0x1000ull
#define SZ_2M 0x200000ull
#define SZ_1G 0x40000000ull

enum chunk_kind { CHUNK_PLAIN, CHUNK_WANT, CHUNK_MUST };

/* What a 2 MiB chunk needs; *perm gets the union of write/exec in it. */
static enum chunk_kind chunk_kind(uint64_t c, uint64_t ram_size,
				  const struct pt_range *r, unsigned int n,
				  unsigned int *perm)
{
	enum chunk_kind k = ram_size - c < SZ_2M ? CHUNK_MUST : CHUNK_PLAIN;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!range__overlaps(c, SZ_2M, r[i].start, r[i].end - r[i].start))
			continue;
		if (r[i].perm & (PT_SUPER | PT_ABSENT))
			k = CHUNK_MUST;
		else if (k == CHUNK_PLAIN)
			k = CHUNK_WANT;
		*perm |= r[i].perm & (PT_WRITE | PT_EXEC);
	}
	return k;
}

/* Permissions of one 4 KiB page: its ranges', or the default if none. */
static unsigned int page_perm(uint64_t a, const struct pt_range *r,
			      unsigned int n, unsigned int default_perm)
{
	unsigned int i, perm = 0, covered = 0;

	for (i = 0; i < n; i++) {
		if (!range__overlaps(a, SZ_4K, r[i].start, r[i].end - r[i].start))
			continue;
		covered = 1;
		perm |= r[i].perm;
	}
	return covered ? perm : default_perm;
}

static uint64_t pte_bits(unsigned int perm)
{
	uint64_t b = PTE_P;

	if (perm & PT_ABSENT)
		return 0;
	if (perm & PT_WRITE)
		b |= PTE_W;
	if (!(perm & PT_SUPER))
		b |= PTE_U;
	if (!(perm & PT_EXEC))
		b |= PTE_NX;
	return b;
}

static uint64_t count_must(uint64_t ram_size, const struct pt_range *r,
			   unsigned int n)
{
	uint64_t c, must = 0;
	unsigned int perm = 0;

	for (c = 0; c < ram_size; c += SZ_2M)
		must += chunk_kind(c, ram_size, r, n, &perm) == CHUNK_MUST;
	return must;
}

uint64_t pt__min_size(uint64_t ram_size, const struct pt_range *r,
		      unsigned int n)
{
	uint64_t npd = (ram_size + SZ_1G - 1) / SZ_1G;

	return (2 + npd + count_must(ram_size, r, n)) * SZ_4K;
}

static void fill_table(uint64_t *pt, uint64_t c, uint64_t ram_size,
		       const struct pt_range *r, unsigned int n,
		       unsigned int default_perm)
{
	unsigned int i;

	for (i = 0; i < 512; i++) {
		uint64_t a = c + i * SZ_4K;

		pt[i] = a < ram_size ?
			a | pte_bits(page_perm(a, r, n, default_perm)) : 0;
	}
}

/* Where pt__build put the tables, and the next free 4 KiB table. */
static uint64_t pt_base_now, pt_end_now, pt_next_now, pt_ram_size;

int pt__build(uint8_t *ram, uint64_t ram_size, uint64_t pt_base,
	      uint64_t pt_size, const struct pt_range *r, unsigned int n,
	      unsigned int default_perm)
{
	uint64_t npd = (ram_size + SZ_1G - 1) / SZ_1G;
	uint64_t *pml4, *pdpt, *pd, c, i, ntables, used = 0, must_left;
	const uint64_t upper = PTE_P | PTE_W | PTE_U; /* leaves decide */

	if (pt__min_size(ram_size, r, n) > pt_size)
		return err__set("page tables need 0x%llx bytes, "
				"CONFIG_PAGETABLE_SIZE is 0x%llx",
				(unsigned long long)pt__min_size(ram_size, r, n),
				(unsigned long long)pt_size);
	if (npd > 512 || pt_size > ram_size || pt_base > ram_size - pt_size ||
	    (pt_base & (SZ_4K - 1)))
		return err__set("page tables do not fit guest RAM");
	ntables = pt_size / SZ_4K - 2 - npd;
	must_left = count_must(ram_size, r, n);
	pml4 = (uint64_t *)(ram + pt_base);
	pdpt = pml4 + 512;
	pd = pdpt + 512;
	memset(pml4, 0, (2 + npd) * SZ_4K);
	pml4[0] = (pt_base + SZ_4K) | upper;
	for (i = 0; i < npd; i++)
		pdpt[i] = (pt_base + (2 + i) * SZ_4K) | upper;

	for (c = 0; c < ram_size; c += SZ_2M) {
		unsigned int perm = 0;
		enum chunk_kind k = chunk_kind(c, ram_size, r, n, &perm);
		uint64_t pt_gpa = pt_base + (2 + npd + used) * SZ_4K;

		if (k == CHUNK_MUST ||
		    (k == CHUNK_WANT && used + must_left < ntables)) {
			fill_table((uint64_t *)(ram + pt_gpa), c, ram_size, r, n,
				   default_perm);
			pd[c / SZ_2M] = pt_gpa | upper;
			must_left -= k == CHUNK_MUST;
			used++;
		} else {
			pd[c / SZ_2M] = c | PTE_PS | pte_bits(default_perm | perm);
		}
	}
	pt_base_now = pt_base;
	pt_end_now = pt_base + pt_size;
	pt_next_now = pt_base + (2 + npd + used) * SZ_4K;
	pt_ram_size = ram_size;
	return 0;
}

/*
 * The chunk's 4 KiB table, made from its 2 MiB entry (same permissions,
 * or absent) with a free table of the region if it has none: its guest
 * address, or 0 when the region is full.
 */
static uint64_t chunk_table(uint8_t *ram, uint64_t *pde, uint64_t c)
{
	uint64_t *pt, bits, i;

	if ((*pde & PTE_P) && !(*pde & PTE_PS))
		return *pde & PTE_ADDR;
	if (pt_next_now + SZ_4K > pt_end_now)
		return 0;
	pt = (uint64_t *)(ram + pt_next_now);
	bits = *pde & (PTE_P | PTE_W | PTE_U | PTE_NX);
	for (i = 0; i < 512; i++)
		pt[i] = bits & PTE_P ? (c + i * SZ_4K) | bits : 0;
	*pde = pt_next_now | PTE_P | PTE_W | PTE_U;
	pt_next_now += SZ_4K;
	return *pde & PTE_ADDR;
}

uint64_t pt__take_table(uint8_t *ram)
{
	uint64_t t = pt_next_now;

	if (!pt_end_now || t + SZ_4K > pt_end_now)
		return 0;
	pt_next_now += SZ_4K;
	memset(ram + t, 0, SZ_4K);
	return t;
}

int pt__set(uint8_t *ram, uint64_t start, uint64_t end, unsigned int perm)
{
	uint64_t *pd = (uint64_t *)(ram + pt_base_now + 2 * SZ_4K);
	uint64_t c, a, bits = pte_bits(perm);

	if (!pt_end_now || start > end || end > pt_ram_size ||
	    ((start | end) & (SZ_4K - 1)))
		return err__set("pt__set: bad range");
	for (c = start & ~(SZ_2M - 1); c < end; c += SZ_2M) {
		uint64_t *pde = &pd[c / SZ_2M], table;

		if (start <= c && end >= c + SZ_2M && (!(*pde & PTE_P) ||
						       (*pde & PTE_PS))) {
			*pde = bits ? c | PTE_PS | bits : 0; /* a whole 2 MiB */
			continue;
		}
		table = chunk_table(ram, pde, c);
		if (!table)
			return err__set("no room left for page tables "
					"(CONFIG_PAGETABLE_SIZE)");
		for (a = c > start ? c : start; a < c + SZ_2M && a < end;
		     a += SZ_4K)
			((uint64_t *)(ram + table))[(a - c) / SZ_4K] =
				bits ? a | bits : 0;
	}
	return 0;
}
