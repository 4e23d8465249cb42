// SPDX-License-Identifier: MIT
/* Guest RAM: an anonymous mapping handed to KVM, and pointer checks. */
#include <sys/mman.h>
#include "core/guestmem.h"

int gmem__init(struct gmem *m, uint64_t size)
{
	/*
	 * MAP_NORESERVE: nothing is touched here, so start-up costs the same
	 * for any RAM size; pages are zero-filled when first used.
	 */
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	m->base = p;
	m->size = size;
	m->nholes = 0;
	return 0;
}

void gmem__exit(struct gmem *m)
{
	if (m->base)
		munmap(m->base, m->size);
	m->base = NULL;
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
