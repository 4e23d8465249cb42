/* SPDX-License-Identifier: MIT */
/* Identity-mapped x86-64 page tables over guest RAM. */
#ifndef UNIMON_PAGETABLE_H
#define UNIMON_PAGETABLE_H

#include <stdint.h>

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_PS (1ull << 7)
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

/* Permissions of a range of guest memory. */
#define PT_WRITE 1u
#define PT_EXEC 2u
#define PT_SUPER 4u	/* supervisor-only */
#define PT_ABSENT 8u	/* not mapped */

struct pt_range {
	uint64_t start;
	uint64_t end;
	unsigned int perm;
};

/*
 * Build tables at guest-physical pt_base (pt_size bytes) inside ram. Pages
 * no range covers get default_perm. Pages covered by ranges get the union
 * of their write/exec permissions; supervisor or absent wins. Each 2 MiB
 * chunk touched by a range gets a 4 KiB page table while room lasts; later
 * ones get a 2 MiB page with the union of all permissions in the chunk,
 * except chunks with supervisor or absent ranges (or the end of RAM),
 * which must have a page table: if room is short, -1 and err__set().
 */
int pt__build(uint8_t *ram, uint64_t ram_size, uint64_t pt_base,
	      uint64_t pt_size, const struct pt_range *r, unsigned int n,
	      unsigned int default_perm);

/*
 * After pt__build, at run time: pages [start, end) (4 KiB aligned) get
 * perm (PT_ABSENT: unmapped), splitting a 2 MiB page into a table from
 * the region's free room where needed. 0, or -1 with err__set() when the
 * room ran out. The caller flushes the TLB where access was taken away.
 */
int pt__set(uint8_t *ram, uint64_t start, uint64_t end, unsigned int perm);

/* A free page of the region, zeroed, for the caller: its address or 0. */
uint64_t pt__take_table(uint8_t *ram);

/* Page-table pages needed for the chunks that must have 4 KiB tables. */
uint64_t pt__min_size(uint64_t ram_size, const struct pt_range *r,
		      unsigned int n);

#endif
