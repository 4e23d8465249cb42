// SPDX-License-Identifier: MIT
/*
 * ELF64 static executables. Every field is checked with overflow-safe
 * arithmetic before anything is copied into guest memory: class, data,
 * machine, type, program headers inside the file, segments inside RAM and
 * outside the monitor's regions, no overlaps, entry in an executable
 * segment, and the ABI version note of the guest SDK.
 */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "boot/loader.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/kconfig.h"
#include "core/layout.h"
#include "unimon/abi.h"

#define MAX_PHDRS 64

/* A static PIE (CONFIG_IMAGE_ELF_PIE) goes at CONFIG_ELF_PIE_BASE. */
#define PIE IS_ENABLED(CONFIG_IMAGE_ELF_PIE)
#define IGNORE_INTERP IS_ENABLED(CONFIG_ELF_IGNORE_INTERP)
#ifdef CONFIG_ELF_PIE_BASE
#define PIE_BASE ((uint64_t)CONFIG_ELF_PIE_BASE)
#else
#define PIE_BASE 0ull
#endif

static int elf_probe(const uint8_t *img, size_t len)
{
	return len >= 4 && !memcmp(img, ELFMAG, SELFMAG);
}

static int check_header(const Elf64_Ehdr *eh, size_t len)
{
	if (len < sizeof(*eh))
		return err__set("truncated ELF header (%zu bytes)", len);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return err__set("not a 64-bit ELF file (class %d)",
				eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return err__set("not a little-endian ELF file");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return err__set("unknown ELF version");
	if (eh->e_machine != EM_X86_64)
		return err__set("ELF machine is %d, not x86-64 (%d)",
				eh->e_machine, EM_X86_64);
	if (eh->e_type != ET_EXEC && !(PIE && eh->e_type == ET_DYN))
		return err__set("ELF type is %d, not a static executable (ET_EXEC%s)",
				eh->e_type, PIE ? " or a static ET_DYN" : "");
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return err__set("bad program header size %d", eh->e_phentsize);
	if (eh->e_phnum == 0 || eh->e_phnum > MAX_PHDRS)
		return err__set("%d program headers (1 to %d allowed)",
				eh->e_phnum, MAX_PHDRS);
	if (eh->e_phoff > len ||
	    len - eh->e_phoff < (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr))
		return err__set("program headers lie outside the file");
	return 0;
}

/* The SDK's note: name "UNIMON", type UNIMON_NOTE_TYPE_ABI, 4-byte version. */
static int check_notes(const uint8_t *p, uint64_t size)
{
	const uint64_t namesz = sizeof(UNIMON_NOTE_NAME);

	while (size >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		uint64_t n, d, total;
		uint32_t version;

		memcpy(&nh, p, sizeof(nh));
		n = ((uint64_t)nh.n_namesz + 3) & ~3ull;
		d = ((uint64_t)nh.n_descsz + 3) & ~3ull;
		total = sizeof(nh) + n + d;
		if (total > size)
			return err__set("truncated ELF note");
		if (nh.n_type == UNIMON_NOTE_TYPE_ABI && nh.n_namesz == namesz &&
		    !memcmp(p + sizeof(nh), UNIMON_NOTE_NAME, namesz)) {
			if (nh.n_descsz != 4)
				return err__set("bad unimon ABI note");
			memcpy(&version, p + sizeof(nh) + n, 4);
			if (version != UNIMON_ABI_VERSION)
				return err__set("guest was built for unimon ABI "
						"version %u, this monitor implements "
						"version %d", version,
						UNIMON_ABI_VERSION);
		}
		p += total;
		size -= total;
	}
	return 0;
}

/* The notes for the personality (load_info.notes), whole notes only. */
static int keep_notes(struct load_info *li, const uint8_t *p, uint64_t size)
{
	size &= ~3ull;
	if (size > sizeof(li->notes) - li->notes_len)
		return err__set("ELF notes larger than %d bytes", LOAD_NOTES_MAX);
	memcpy(li->notes + li->notes_len, p, size);
	li->notes_len += size;
	return 0;
}

static int check_segment(const Elf64_Phdr *ph, size_t len, unsigned int i)
{
	char what[32];

	if (ph->p_filesz > ph->p_memsz)
		return err__set("segment %u: file size larger than memory size", i);
	if (ph->p_offset > len || len - ph->p_offset < ph->p_filesz)
		return err__set("segment %u lies outside the file", i);
	snprintf(what, sizeof(what), "segment %u", i);
	return layout__check_image(what, ph->p_vaddr, ph->p_memsz);
}

/* A static PIE's segments at its base, checked for wrapping. */
static int place(Elf64_Phdr *ph, uint64_t base, unsigned int i)
{
	if (ph->p_vaddr > UINT64_MAX - base)
		return err__set("segment %u lies outside guest RAM", i);
	ph->p_vaddr += base;
	return 0;
}

static int add_segment(struct load_info *li, const Elf64_Phdr *ph,
		       unsigned int i)
{
	unsigned int j;

	if (li->nseg == LOAD_MAX_SEGS)
		return err__set("more than %d loadable segments", LOAD_MAX_SEGS);
	for (j = 0; j < li->nseg; j++)
		if (range__overlaps(ph->p_vaddr, ph->p_memsz, li->seg[j].start,
				    li->seg[j].size))
			return err__set("segment %u overlaps another segment", i);
	li->seg[li->nseg++] = (struct load_seg){ ph->p_vaddr, ph->p_memsz,
						 ph->p_flags & 7 };
	if (ph->p_vaddr + ph->p_memsz > li->end)
		li->end = ph->p_vaddr + ph->p_memsz;
	return 0;
}

static int entry_ok(const struct load_info *li, uint64_t entry)
{
	unsigned int i;

	for (i = 0; i < li->nseg; i++)
		if ((li->seg[i].flags & LOAD_X) && entry >= li->seg[i].start &&
		    entry - li->seg[i].start < li->seg[i].size)
			return 1;
	return 0;
}

/*
 * Where the program headers are in guest memory (AT_PHDR): PT_PHDR, or
 * the loaded segment whose file bytes hold them; 0 if none does.
 */
static uint64_t phdr_addr(const uint8_t *img, const Elf64_Ehdr *eh,
			  uint64_t base)
{
	const uint64_t size = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	unsigned int i;

	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, img + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_PHDR)
			return ph.p_vaddr + base;
		if (ph.p_type == PT_LOAD && eh->e_phoff >= ph.p_offset &&
		    eh->e_phoff - ph.p_offset <= ph.p_filesz &&
		    ph.p_filesz - (eh->e_phoff - ph.p_offset) >= size)
			return ph.p_vaddr + base + (eh->e_phoff - ph.p_offset);
	}
	return 0;
}

/* Check every header, collect the segments: nothing is copied yet. */
static int elf_check(const uint8_t *img, size_t len, const Elf64_Ehdr *eh,
		     struct load_info *li)
{
	const uint64_t base = eh->e_type == ET_DYN ? PIE_BASE : 0;
	unsigned int i;

	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, img + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		/*
		 * A static PIE has PT_DYNAMIC (for its own relocations); a
		 * Solo5 image a placeholder PT_INTERP (CONFIG_ELF_IGNORE_INTERP).
		 */
		if ((ph.p_type == PT_INTERP && !IGNORE_INTERP) ||
		    (ph.p_type == PT_DYNAMIC && eh->e_type != ET_DYN))
			return err__set("dynamically linked images are not "
					"supported (link with -static)");
		if (ph.p_type == PT_NOTE) {
			if (ph.p_offset > len || len - ph.p_offset < ph.p_filesz)
				return err__set("note segment lies outside the file");
			if (check_notes(img + ph.p_offset, ph.p_filesz) ||
			    keep_notes(li, img + ph.p_offset, ph.p_filesz))
				return -1;
		}
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (place(&ph, base, i) || check_segment(&ph, len, i) ||
		    add_segment(li, &ph, i))
			return -1;
	}
	if (!li->nseg)
		return err__set("no loadable segment");
	if (eh->e_entry > UINT64_MAX - base || !entry_ok(li, eh->e_entry + base))
		return err__set("entry point 0x%" PRIx64
				" is not in an executable segment", eh->e_entry);
	li->entry = eh->e_entry + base;
	li->base = base;
	li->phdr = phdr_addr(img, eh, base);
	li->phnum = eh->e_phnum;
	li->phent = eh->e_phentsize;
	return 0;
}

static int elf_load(const uint8_t *img, size_t len, struct gmem *m,
		    struct load_info *li)
{
	Elf64_Ehdr eh;
	unsigned int i;

	if (len < sizeof(eh))
		return err__set("truncated ELF header (%zu bytes)", len);
	memcpy(&eh, img, sizeof(eh));
	if (check_header(&eh, len) || elf_check(img, len, &eh, li))
		return -1;
	/*
	 * Guest RAM is a fresh zero mapping, so only file bytes are copied:
	 * .bss costs nothing.
	 */
	for (i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		uint8_t *dst;

		memcpy(&ph, img + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		dst = gmem__ptr(m, ph.p_vaddr + li->base, ph.p_memsz);
		if (!dst)
			return err__set("segment %u lies outside guest RAM", i);
		memcpy(dst, img + ph.p_offset, ph.p_filesz);
	}
	return 0;
}

static const struct loader elf_loader = {
	.name = "elf64",
	.option = "CONFIG_IMAGE_ELF",
	.probe = elf_probe,
	.load = elf_load,
};
LOADER_REGISTER(elf_loader);
