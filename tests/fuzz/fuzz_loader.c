// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: loader__load on arbitrary bytes, with guest RAM of the
 * configuration's size. Built by tests/fuzz/build.sh with ASan and UBSan.
 *
 * Beyond "no crash, no sanitizer report", every run checks:
 *  - the monitor's layout regions are never written: their whole pages are
 *    PROT_NONE (a write faults at once), partial pages are checked for zero;
 *  - RAM has PROT_NONE guard pages on both sides;
 *  - a refused ELF image wrote nothing where its segments would go;
 *  - an accepted image: 1..LOAD_MAX_SEGS segments, each inside RAM, off
 *    every region, disjoint; end = highest end; entry in an X segment;
 *    guest RAM holds exactly the file bytes, .bss is zero (ELF headers are
 *    re-read here independently), flat images land at the load address.
 * After an accepted image the segments are zeroed again (MADV_DONTNEED), so
 * every run starts from all-zero RAM, as the monitor does.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "arch/arch.h"
#include "boot/loader.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/layout.h"
#include "monitor/layout.h"

#define PAGE 4096ull
#define BSS_CHECK (64 * 1024ull) /* .bss bytes checked at each end */

static struct gmem m;
static struct region regs[LAYOUT_MAX_REGIONS];
static unsigned int nregs;
static int verbose; /* FUZZ_LOADER_VERBOSE=1: one line per input (build.sh) */

#define FAIL(...)                                                           \
	do {                                                                \
		fprintf(stderr, "fuzz_loader: invariant broken: " __VA_ARGS__); \
		fputc('\n', stderr);                                        \
		__builtin_trap();                                           \
	} while (0)

static uint64_t down(uint64_t a)
{
	return a & ~(PAGE - 1);
}

static uint64_t up(uint64_t a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

static int zero(uint64_t gpa, uint64_t n)
{
	const uint8_t *p = m.base + gpa;
	uint64_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint8_t *p;
	unsigned int i, nload = 0;
	int elf = 0, flat = 0;

	/*
	 * The loaders register through a linker section (__start_/__stop_):
	 * make sure this build found them, or the fuzzer would test nothing.
	 */
	for_each_loader(l) {
		nload++;
		elf |= !strcmp((*l)->name, "elf64");
		flat |= !strcmp((*l)->name, "flat");
	}
#ifdef CONFIG_IMAGE_ELF
	if (!elf) {
		fprintf(stderr, "fuzz_loader: the ELF loader is not registered\n");
		abort();
	}
#endif
#ifdef CONFIG_IMAGE_FLAT
	if (!flat) {
		fprintf(stderr, "fuzz_loader: the flat loader is not registered\n");
		abort();
	}
#endif
	fprintf(stderr, "fuzz_loader: %u loaders (elf %d, flat %d), RAM %d MiB\n",
		nload, elf, flat, CONFIG_RAM_SIZE_MB);
	verbose = getenv("FUZZ_LOADER_VERBOSE") != NULL;

	/* RAM between two guard pages, zero-filled on first touch. */
	p = mmap(NULL, RAM_SIZE_CONFIG + 2 * PAGE, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED ||
	    mprotect(p + PAGE, RAM_SIZE_CONFIG, PROT_READ | PROT_WRITE)) {
		perror("fuzz_loader: guest RAM");
		abort();
	}
	m.base = p + PAGE;
	m.size = RAM_SIZE_CONFIG;
	m.nholes = 0; /* as when the monitor loads: holes come later */

	/* The whole pages of each region: no access at all. */
	if (monitor__layout(RAM_SIZE_CONFIG))
		abort();
	nregs = layout__regions(regs);
	for (i = 0; i < nregs; i++) {
		uint64_t s = up(regs[i].start), e = down(regs[i].start + regs[i].size);

		if (s < e && mprotect(m.base + s, e - s, PROT_NONE)) {
			perror("fuzz_loader: mprotect");
			abort();
		}
	}
	return 0;
}

/* The partial pages at a region's edges (not protected) are still zero. */
static void check_regions_untouched(void)
{
	unsigned int i;

	for (i = 0; i < nregs; i++) {
		uint64_t s = regs[i].start, e = s + regs[i].size;
		uint64_t s_end = up(s) < e ? up(s) : e;
		uint64_t e_start = down(e) > s_end ? down(e) : s_end;

		if (!zero(s, s_end - s) || !zero(e_start, e - e_start))
			FAIL("%s was written", regs[i].option);
	}
}

/* Invariants of any accepted image's load_info. */
static void check_load_info(const struct load_info *li)
{
	uint64_t end = 0;
	unsigned int i, j, x = 0;

	if (li->nseg < 1 || li->nseg > LOAD_MAX_SEGS)
		FAIL("%u segments", li->nseg);
	for (i = 0; i < li->nseg; i++) {
		const struct load_seg *s = &li->seg[i];
		uint64_t e;

		if (s->size == 0 || s->flags > 7)
			FAIL("segment %u: size 0x%llx flags %u", i,
			     (unsigned long long)s->size, s->flags);
		if (__builtin_add_overflow(s->start, s->size, &e) || e > RAM_SIZE_CONFIG)
			FAIL("segment %u (0x%llx+0x%llx) outside RAM", i,
			     (unsigned long long)s->start,
			     (unsigned long long)s->size);
		for (j = 0; j < nregs; j++)
			if (s->start < regs[j].start + regs[j].size &&
			    regs[j].start < e)
				FAIL("segment %u overlaps %s", i, regs[j].option);
		for (j = 0; j < i; j++)
			if (s->start < li->seg[j].start + li->seg[j].size &&
			    li->seg[j].start < e)
				FAIL("segments %u and %u overlap", j, i);
		if (e > end)
			end = e;
		if ((s->flags & LOAD_X) && li->entry >= s->start && li->entry < e)
			x = 1;
	}
	if (li->end != end)
		FAIL("end 0x%llx, segments end at 0x%llx",
		     (unsigned long long)li->end, (unsigned long long)end);
	if (!x)
		FAIL("entry 0x%llx not in an executable segment",
		     (unsigned long long)li->entry);
}

static int is_elf(const uint8_t *d, size_t n)
{
	return n >= 4 && !memcmp(d, ELFMAG, SELFMAG);
}

/*
 * Program header i of an image the loader accepted (so the header fields
 * were valid); 0 if this copy cannot read it (then the loader shouldn't
 * have either).
 */
static int phdr(const uint8_t *d, size_t n, unsigned int i, Elf64_Phdr *ph)
{
	Elf64_Ehdr eh;
	uint64_t off;

	if (n < sizeof(eh))
		return 0;
	memcpy(&eh, d, sizeof(eh));
	if (i >= eh.e_phnum)
		return 0;
	off = eh.e_phoff + (uint64_t)i * sizeof(*ph);
	if (eh.e_phoff > n || off + sizeof(*ph) > n || off < eh.e_phoff)
		return 0;
	memcpy(ph, d + off, sizeof(*ph));
	return 1;
}

/* An accepted ELF: each PT_LOAD is a segment, its bytes are the file's. */
static void check_elf_contents(const uint8_t *d, size_t n,
			       const struct load_info *li)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	unsigned int i, k = 0;

	memcpy(&eh, d, sizeof(eh));
	if (li->entry != eh.e_entry)
		FAIL("entry 0x%llx, e_entry 0x%llx", (unsigned long long)li->entry,
		     (unsigned long long)eh.e_entry);
	for (i = 0; i < eh.e_phnum; i++) {
		uint64_t bss;

		if (!phdr(d, n, i, &ph))
			FAIL("accepted, but program header %u is outside the file", i);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (k >= li->nseg || li->seg[k].start != ph.p_vaddr ||
		    li->seg[k].size != ph.p_memsz ||
		    li->seg[k].flags != (ph.p_flags & 7))
			FAIL("program header %u is not segment %u", i, k);
		k++;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > n ||
		    n - ph.p_offset < ph.p_filesz)
			FAIL("accepted segment %u has bad file bounds", i);
		if (memcmp(m.base + ph.p_vaddr, d + ph.p_offset, ph.p_filesz))
			FAIL("segment %u: guest RAM differs from the file", i);
		bss = ph.p_memsz - ph.p_filesz;
		if (!zero(ph.p_vaddr + ph.p_filesz, bss < BSS_CHECK ? bss : BSS_CHECK) ||
		    !zero(ph.p_vaddr + ph.p_memsz - (bss < BSS_CHECK ? bss : BSS_CHECK),
			  bss < BSS_CHECK ? bss : BSS_CHECK))
			FAIL("segment %u: .bss is not zero", i);
	}
	if (k != li->nseg)
		FAIL("%u PT_LOAD headers, %u segments", k, li->nseg);
}

/* Byte gpa lies in a PROT_NONE page (reading it would fault). */
static int guarded(uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < nregs; i++)
		if (gpa >= up(regs[i].start) &&
		    gpa < down(regs[i].start + regs[i].size))
			return 1;
	return 0;
}

/* A refused ELF wrote nothing at its segments' addresses. */
static void check_elf_nothing_written(const uint8_t *d, size_t n)
{
	Elf64_Phdr ph;
	unsigned int i;

	for (i = 0; i < 64 && phdr(d, n, i, &ph); i++) {
		uint64_t len = ph.p_memsz < 64 ? ph.p_memsz : 64;

		if (ph.p_type != PT_LOAD || len == 0 || ph.p_vaddr >= RAM_SIZE_CONFIG ||
		    RAM_SIZE_CONFIG - ph.p_vaddr < len)
			continue;
		/* Protected pages need no look: a write there faults at once. */
		if (guarded(ph.p_vaddr) || guarded(ph.p_vaddr + len - 1))
			continue;
		if (!zero(ph.p_vaddr, len))
			FAIL("refused image wrote at 0x%llx",
			     (unsigned long long)ph.p_vaddr);
	}
}

/* Back to all-zero RAM: drop the pages the accepted image touched. */
static void reset(const struct load_info *li)
{
	unsigned int i;

	for (i = 0; i < li->nseg; i++) {
		uint64_t s = down(li->seg[i].start);
		uint64_t e = up(li->seg[i].start + li->seg[i].size);

		if (madvise(m.base + s, e - s, MADV_DONTNEED))
			FAIL("madvise: %m");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_info li;
	int rc;

	memset(&li, 0xa5, sizeof(li));
	rc = loader__load(data, size, &m, &li);
	if (rc != 0 && rc != -1)
		FAIL("loader__load returned %d", rc);
	if (verbose)
		fprintf(stderr, "fuzz_loader: %s image of %zu bytes %s%s\n",
			is_elf(data, size) ? "ELF" : "non-ELF", size,
			rc ? "refused: " : "accepted", rc ? err__msg() : "");
	if (rc) {
		if (!err__msg()[0])
			FAIL("refused without a message");
		if (is_elf(data, size))
			check_elf_nothing_written(data, size);
		check_regions_untouched();
		return 0;
	}
	check_load_info(&li);
	if (is_elf(data, size)) {
		check_elf_contents(data, size, &li);
	} else {
		if (li.nseg != 1 || li.seg[0].start != arch__flat_load_addr() ||
		    li.seg[0].size != size || li.entry != li.seg[0].start ||
		    li.seg[0].flags != (LOAD_R | LOAD_W | LOAD_X))
			FAIL("flat image: bad load_info");
		if (memcmp(m.base + li.seg[0].start, data, size))
			FAIL("flat image: guest RAM differs from the file");
	}
	check_regions_untouched();
	reset(&li);
	return 0;
}
