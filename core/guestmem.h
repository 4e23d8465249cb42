/* SPDX-License-Identifier: MIT */
/* Guest RAM and the checks every guest pointer goes through. */
#ifndef UNIMON_GUESTMEM_H
#define UNIMON_GUESTMEM_H

#include <stdint.h>
#include <stddef.h>

#define GMEM_MAX_HOLES 4
#define GMEM_MAX_RO 16

/* A range of guest-physical addresses [start, end). */
struct range {
	uint64_t start;
	uint64_t end;
};

struct gmem {
	uint8_t *base;
	uint64_t size;
	/* Ranges the guest may not name in a hypercall (monitor-owned). */
	struct range holes[GMEM_MAX_HOLES];
	unsigned int nholes;
	/* Ranges the host maps read-only (gmem__protect). */
	struct range ro[GMEM_MAX_RO];
	unsigned int nro;
};

int gmem__init(struct gmem *m, uint64_t size);
void gmem__exit(struct gmem *m);
int gmem__add_hole(struct gmem *m, uint64_t start, uint64_t end);

/*
 * The guest's page tables no longer allow what they did for [gpa,
 * gpa + len) (page aligned): make KVM forget its own mappings of those
 * pages, so that the next access walks the guest's tables again, on any
 * kind of KVM (the shadow tables of PVM, the TLB of EPT or NPT). A new
 * CR3 through KVM_SET_SREGS was not enough on PVM (measured: a page made
 * read-only stayed writable). 0 or -1.
 */
int gmem__invalidate(struct gmem *m, uint64_t gpa, uint64_t len);

/*
 * Host pointer for guest range [gpa, gpa + len), or NULL when any byte of it
 * lies outside RAM or in a hole. Overflow-safe for any 64-bit inputs.
 * len 0 is valid for any gpa <= size.
 */
void *gmem__ptr(const struct gmem *m, uint64_t gpa, uint64_t len);

/*
 * Map [gpa, gpa + len) (whole pages) read-only on the host:
 * the guest's writes there end KVM_RUN with EFAULT whatever its own page
 * tables say, and gmem__wptr() refuses the range, so that no hypercall
 * writes there either. 0, or -1 (not page aligned, outside RAM, too many
 * ranges, mprotect).
 */
int gmem__protect(struct gmem *m, uint64_t gpa, uint64_t len);

/* Every protected range writable again (a debugger plants breakpoints). */
int gmem__unprotect(struct gmem *m);

/* As gmem__ptr(), for a range the monitor writes: NULL in a protected one. */
void *gmem__wptr(const struct gmem *m, uint64_t gpa, uint64_t len);

/* 1 when [a, a + alen) and [b, b + blen) intersect (no overflow). */
int range__overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen);

#endif
