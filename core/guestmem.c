// SPDX-License-Identifier: MIT
/* Guest RAM: an anonymous mapping handed to KVM, and pointer checks. */
#include <stdint.h>
#include <sys/mman.h>
#include "core/guestmem.h"
#include "core/kconfig.h"

#define SZ_2M (2ull << 20)

/*
 * CONFIG_RAM_HUGEPAGES: transparent huge pages (madvise), not MAP_HUGETLB.
 * THP needs nothing reserved (hugetlbfs pages must be set aside by the
 * administrator beforehand: vm.nr_hugepages is 0 on a stock system, and
 * MAP_HUGETLB then fails) and falls back to 4 KiB pages by itself where
 * no 2 MiB page is free; it is still lazy (a 2 MiB page is allocated and
 * zeroed when the guest first touches it), so start-up stays independent
 * of the RAM size. The mapping is made 2 MiB-aligned so that guest-
 * physical 2 MiB pages (the monitor's page tables use them) line up with
 * host huge pages. Works with THP "madvise" or "always"; with "never" the
 * advice is ignored and RAM is 4 KiB pages, as without the option.
 */
static void *map_ram(uint64_t size)
{
	const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	uint8_t *p, *aligned;
	uint64_t head;

	if (!IS_ENABLED(CONFIG_RAM_HUGEPAGES))
		return mmap(NULL, size, PROT_READ | PROT_WRITE, flags, -1, 0);
	/* Over-map by 2 MiB, then trim both ends to an aligned window. */
	p = mmap(NULL, size + SZ_2M, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED)
		return p;
	aligned = (uint8_t *)(((uintptr_t)p + SZ_2M - 1) & ~(SZ_2M - 1));
	head = aligned - p;
	if (head)
		munmap(p, head);
	munmap(aligned + size, SZ_2M - head);
	/* Advice only: an error (THP not built in) leaves 4 KiB pages. */
	madvise(aligned, size, MADV_HUGEPAGE);
	return aligned;
}

int gmem__init(struct gmem *m, uint64_t size)
{
	/*
	 * MAP_NORESERVE: nothing is touched here, so start-up costs the same
	 * for any RAM size; pages are zero-filled when first used.
	 */
	void *p = map_ram(size);

	if (p == MAP_FAILED)
		return -1;
	m->base = p;
	m->size = size;
	m->nholes = 0;
	m->nro = 0;
	return 0;
}

void gmem__exit(struct gmem *m)
{
	if (m->base)
		munmap(m->base, m->size);
	m->base = NULL;
}

int gmem__invalidate(struct gmem *m, uint64_t gpa, uint64_t len)
{
	uint8_t *p = gmem__ptr(m, gpa, len);

	if (!p || !len)
		return -1;
	/* A change of the host's protection: KVM's MMU notifier drops
	 * what it maps of these pages, on every kind of KVM. */
	if (mprotect(p, len, PROT_READ) ||
	    mprotect(p, len, PROT_READ | PROT_WRITE))
		return -1;
	return 0;
}

int gmem__add_hole(struct gmem *m, uint64_t start, uint64_t end)
{
	if (m->nholes == GMEM_MAX_HOLES || end < start)
		return -1;
	m->holes[m->nholes].start = start;
	m->holes[m->nholes].end = end;
	m->nholes++;
	return 0;
}

int range__overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	if (!alen || !blen)
		return 0;
	/* a + alen may overflow: compare distances instead. */
	if (a <= b)
		return b - a < alen;
	return a - b < blen;
}

void *gmem__ptr(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	if (len > m->size || gpa > m->size - len)
		return NULL;
	for (i = 0; i < m->nholes; i++) {
		const struct range *h = &m->holes[i];

		if (range__overlaps(gpa, len, h->start, h->end - h->start))
			return NULL;
	}
	return m->base + gpa;
}

int gmem__protect(struct gmem *m, uint64_t gpa, uint64_t len)
{
	if (!len || (gpa | len) & 0xfff || m->nro == GMEM_MAX_RO ||
	    !gmem__ptr(m, gpa, len) ||
	    mprotect(m->base + gpa, len, PROT_READ))
		return -1;
	m->ro[m->nro].start = gpa;
	m->ro[m->nro].end = gpa + len;
	m->nro++;
	return 0;
}

int gmem__unprotect(struct gmem *m)
{
	for (; m->nro; m->nro--) {
		const struct range *r = &m->ro[m->nro - 1];

		if (mprotect(m->base + r->start, r->end - r->start,
			     PROT_READ | PROT_WRITE))
			return -1;
	}
	return 0;
}

void *gmem__wptr(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < m->nro; i++)
		if (range__overlaps(gpa, len, m->ro[i].start,
				    m->ro[i].end - m->ro[i].start))
			return NULL;
	return gmem__ptr(m, gpa, len);
}
