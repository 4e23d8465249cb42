// SPDX-License-Identifier: MIT
/*
 * The image loaders on crafted images built in memory. Every bad image
 * must be refused with a message that shows WHICH check fired; good images
 * must land byte for byte at the right guest addresses with the right
 * load_info. Also loader__load_file's exit codes.
 */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "arch/arch.h"
#include "boot/loader.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/layout.h"
#include "monitor/layout.h"
#include "unimon/abi.h"
#include "unit.h"

#define MAX_IMAGE ((uint64_t)CONFIG_MAX_IMAGE_SIZE_KB << 10)

/* A fresh guest RAM per load, so "nothing written" and .bss can be checked. */
static struct gmem m;
static struct load_info li;

static void fresh_ram(void)
{
	gmem__exit(&m);
	if (gmem__init(&m, RAM_SIZE_CONFIG)) {
		printf("cannot map guest RAM\n");
		exit(2);
	}
}

static int load(const void *img, size_t len)
{
	fresh_ram();
	err__set("(no message)");
	return loader__load(img, len, &m, &li);
}

/* loader__load refuses the image with a message containing `want`. */
static int refused(const void *img, size_t len, const char *want)
{
	if (load(img, len) != -1) {
		printf("  image accepted, expected \"%s\"\n", want);
		return 0;
	}
	if (!strstr(err__msg(), want)) {
		printf("  message \"%s\", expected \"%s\"\n", err__msg(), want);
		return 0;
	}
	return 1;
}

static int accepted(const void *img, size_t len)
{
	if (load(img, len) == 0)
		return 1;
	printf("  image refused: %s\n", err__msg());
	return 0;
}

/* n bytes of guest RAM at gpa are all zero. */
static int ram_zero(uint64_t gpa, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		if (m.base[gpa + i])
			return 0;
	return 1;
}

#ifdef CONFIG_IMAGE_ELF

/* ELF image builder --------------------------------------------------- */

#define PH_MAX 72			/* more than the loader's 64 */
#define DATA_OFF (64 + PH_MAX * 56)	/* 0x1000: segment bytes start here */
#define IMG_MAX 0x6000

#define TEXT ((uint64_t)CONFIG_LOAD_ADDR)	/* free RAM in every layout */
#define DATA (TEXT + 0x10000)

static uint8_t img[IMG_MAX] __attribute__((aligned(8)));
static size_t img_len, data_end;

/* The test's code bytes: a recognisable pattern, not real instructions. */
static const uint8_t code[16] = { 0xf3, 0x0f, 0x1e, 0xfa, 0x48, 0x31, 0xc0,
				  0xeb, 0xfe, 0x90, 0x90, 0xcc, 0xcc, 0xcc,
				  0xcc, 0xc3 };
static const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static Elf64_Ehdr *eh(void)
{
	return (Elf64_Ehdr *)img;
}

static Elf64_Phdr *ph(unsigned int i)
{
	return (Elf64_Phdr *)(img + sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr));
}

static void grow(size_t end)
{
	if (end > img_len)
		img_len = end;
}

/* A valid ELF64 x86-64 ET_EXEC header with no program headers yet. */
static void elf_new(uint64_t entry)
{
	memset(img, 0, sizeof(img));
	memcpy(eh()->e_ident, ELFMAG, SELFMAG);
	eh()->e_ident[EI_CLASS] = ELFCLASS64;
	eh()->e_ident[EI_DATA] = ELFDATA2LSB;
	eh()->e_ident[EI_VERSION] = EV_CURRENT;
	eh()->e_type = ET_EXEC;
	eh()->e_machine = EM_X86_64;
	eh()->e_version = EV_CURRENT;
	eh()->e_entry = entry;
	eh()->e_phoff = sizeof(Elf64_Ehdr);
	eh()->e_ehsize = sizeof(Elf64_Ehdr);
	eh()->e_phentsize = sizeof(Elf64_Phdr);
	eh()->e_phnum = 0;
	img_len = sizeof(Elf64_Ehdr);
	data_end = DATA_OFF;
}

/* Append a program header; its file bytes (if any) go to the data area. */
static Elf64_Phdr *elf_phdr(uint32_t type, uint32_t flags, uint64_t vaddr,
			    const void *bytes, uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr *p = ph(eh()->e_phnum++);

	*p = (Elf64_Phdr){ .p_type = type, .p_flags = flags,
			   .p_offset = data_end, .p_vaddr = vaddr,
			   .p_paddr = vaddr, .p_filesz = filesz,
			   .p_memsz = memsz, .p_align = 0x1000 };
	if (bytes && filesz)
		memcpy(img + data_end, bytes, filesz);
	grow(sizeof(Elf64_Ehdr) + eh()->e_phnum * sizeof(Elf64_Phdr));
	grow(data_end + filesz);
	data_end = (data_end + filesz + 7) & ~(size_t)7; /* notes stay contiguous */
	return p;
}

static Elf64_Phdr *elf_seg(uint32_t flags, uint64_t vaddr, const void *bytes,
			   uint64_t filesz, uint64_t memsz)
{
	return elf_phdr(PT_LOAD, flags, vaddr, bytes, filesz, memsz);
}

/* A PT_NOTE holding one note (name padded, desc padded to 4 bytes). */
static Elf64_Phdr *elf_note(uint32_t type, const char *name, const void *desc,
			    uint32_t descsz)
{
	uint8_t note[64] = { 0 };
	Elf64_Nhdr nh = { .n_namesz = strlen(name) + 1, .n_descsz = descsz,
			  .n_type = type };
	size_t n = (nh.n_namesz + 3) & ~3u, d = (descsz + 3) & ~3u;

	memcpy(note, &nh, sizeof(nh));
	memcpy(note + sizeof(nh), name, nh.n_namesz);
	memcpy(note + sizeof(nh) + n, desc, descsz);
	return elf_phdr(PT_NOTE, PF_R, 0, note, sizeof(nh) + n + d, 0);
}

static Elf64_Phdr *elf_abi_note(uint32_t version)
{
	return elf_note(UNIMON_NOTE_TYPE_ABI, UNIMON_NOTE_NAME, &version, 4);
}

/* The minimal valid image: one R-X segment at TEXT, code + .bss, entry in it. */
static void elf_minimal(void)
{
	elf_new(TEXT + 4);
	elf_seg(PF_R | PF_X, TEXT, code, sizeof(code), 0x2000);
}

/* Header checks -------------------------------------------------------- */

static void test_elf_header(void)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

	/* Precondition: the test's link address is free in this layout. */
	CHECK(layout__check_image("text", TEXT, 0x20000) == 0);

	/* The ELF magic alone, or a header cut short. */
	CHECK(refused(magic, 4, "truncated ELF header (4 bytes)"));
	elf_minimal();
	CHECK(refused(img, sizeof(Elf64_Ehdr) - 1, "truncated ELF header (63 bytes)"));
	CHECK(refused(img, 20, "truncated ELF header"));

	/* 32-bit class. */
	elf_minimal();
	eh()->e_ident[EI_CLASS] = ELFCLASS32;
	CHECK(refused(img, img_len, "not a 64-bit ELF file (class 1)"));
	eh()->e_ident[EI_CLASS] = ELFCLASSNONE;
	CHECK(refused(img, img_len, "not a 64-bit ELF file (class 0)"));

	/* Big-endian. */
	elf_minimal();
	eh()->e_ident[EI_DATA] = ELFDATA2MSB;
	CHECK(refused(img, img_len, "not a little-endian ELF file"));

	/* Unknown version, in e_ident or in e_version. */
	elf_minimal();
	eh()->e_ident[EI_VERSION] = 2;
	CHECK(refused(img, img_len, "unknown ELF version"));
	elf_minimal();
	eh()->e_version = 0;
	CHECK(refused(img, img_len, "unknown ELF version"));

	/* Another machine. */
	elf_minimal();
	eh()->e_machine = EM_386;
	CHECK(refused(img, img_len, "ELF machine is 3, not x86-64 (62)"));
	eh()->e_machine = EM_AARCH64;
	CHECK(refused(img, img_len, "ELF machine is 183"));

	/* Not a static executable: PIE/shared object, relocatable. */
	elf_minimal();
	eh()->e_type = ET_DYN;
	CHECK(refused(img, img_len, "ELF type is 3, not a static executable"));
	eh()->e_type = ET_REL;
	CHECK(refused(img, img_len, "ELF type is 1"));

	/* Program header entry size other than sizeof(Elf64_Phdr). */
	elf_minimal();
	eh()->e_phentsize = 32;
	CHECK(refused(img, img_len, "bad program header size 32"));
	eh()->e_phentsize = 57;
	CHECK(refused(img, img_len, "bad program header size 57"));
	eh()->e_phentsize = 0;
	CHECK(refused(img, img_len, "bad program header size 0"));

	/* No program headers, or more than 64. */
	elf_minimal();
	eh()->e_phnum = 0;
	CHECK(refused(img, img_len, "0 program headers (1 to 64 allowed)"));
	eh()->e_phnum = 65;
	CHECK(refused(img, IMG_MAX, "65 program headers"));
	eh()->e_phnum = 0xffff; /* PN_XNUM */
	CHECK(refused(img, IMG_MAX, "65535 program headers"));
}

/* Program headers that are not all inside the file. */
static void test_elf_phdrs_outside(void)
{
	elf_minimal();
	/* The one header cut short by the end of the file. */
	CHECK(refused(img, sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) - 1,
		      "program headers lie outside the file"));
	/* Starting just at / beyond the end of the file. */
	eh()->e_phoff = img_len;
	CHECK(refused(img, img_len, "program headers lie outside the file"));
	eh()->e_phoff = img_len + 1;
	CHECK(refused(img, img_len, "program headers lie outside the file"));
	/* e_phoff + e_phnum * 56 wrapping around 2^64. */
	eh()->e_phoff = UINT64_MAX;
	CHECK(refused(img, img_len, "program headers lie outside the file"));
	eh()->e_phoff = UINT64_MAX - 55;
	CHECK(refused(img, img_len, "program headers lie outside the file"));
	eh()->e_phoff = (uint64_t)0 - 2 * sizeof(Elf64_Phdr);
	eh()->e_phnum = 4;
	CHECK(refused(img, img_len, "program headers lie outside the file"));
	/* 64 headers, the last one 1 byte short. */
	elf_minimal();
	eh()->e_phnum = 64;
	CHECK(refused(img, sizeof(Elf64_Ehdr) + 64 * sizeof(Elf64_Phdr) - 1,
		      "program headers lie outside the file"));
}

/* One bad segment after a good one, so the index in the message shows. */
static void bad_second(uint64_t vaddr, uint64_t memsz)
{
	elf_minimal();
	elf_seg(PF_R | PF_W, vaddr, data, sizeof(data) < memsz ? sizeof(data) : 0,
		memsz);
}

/* Segments: inside the file, inside RAM, off the monitor's regions. */
static void test_elf_segments(void)
{
	Elf64_Phdr *p;

	/* File bytes beyond the end of the file. */
	elf_minimal();
	ph(0)->p_filesz = img_len - ph(0)->p_offset + 1;
	ph(0)->p_memsz = 0x10000;
	CHECK(refused(img, img_len, "segment 0 lies outside the file"));
	elf_minimal();
	ph(0)->p_offset = img_len + 1;
	CHECK(refused(img, img_len, "segment 0 lies outside the file"));
	/* p_offset + p_filesz wrapping around. */
	elf_minimal();
	ph(0)->p_offset = UINT64_MAX - 3;
	CHECK(refused(img, img_len, "segment 0 lies outside the file"));
	elf_minimal();
	ph(0)->p_offset = 16;
	ph(0)->p_filesz = UINT64_MAX - 8;
	ph(0)->p_memsz = UINT64_MAX;
	CHECK(refused(img, img_len, "segment 0 lies outside the file"));

	/* p_filesz > p_memsz. */
	elf_minimal();
	ph(0)->p_memsz = ph(0)->p_filesz - 1;
	CHECK(refused(img, img_len, "segment 0: file size larger than memory size"));

	/* vaddr + memsz wrapping around 2^64. */
	elf_minimal();
	ph(0)->p_vaddr = UINT64_MAX - 0xfff;
	eh()->e_entry = ph(0)->p_vaddr;
	CHECK(refused(img, img_len, "segment 0 (0xfffffffffffff000"));
	CHECK(strstr(err__msg(), "lies outside guest RAM") != NULL);
	elf_minimal();
	ph(0)->p_memsz = UINT64_MAX; /* TEXT + huge wraps to below TEXT */
	CHECK(refused(img, img_len, "lies outside guest RAM"));

	/* Outside RAM, or straddling its end. */
	elf_minimal();
	ph(0)->p_vaddr = RAM_SIZE_CONFIG;
	eh()->e_entry = RAM_SIZE_CONFIG;
	CHECK(refused(img, img_len, "lies outside guest RAM (CONFIG_RAM_SIZE_MB="));
	ph(0)->p_vaddr = RAM_SIZE_CONFIG - 0x1000; /* memsz 0x2000 */
	eh()->e_entry = ph(0)->p_vaddr;
	CHECK(refused(img, img_len, "lies outside guest RAM"));
	ph(0)->p_vaddr = 1ull << 32;
	CHECK(refused(img, img_len, "segment 0 (0x100000000-"));

	/* Each monitor region, hit by the second segment ("segment 1"). */
	bad_second(0, 0x1000);
	CHECK(refused(img, img_len, "segment 1 (0x0-0x1000) overlaps the null page"));
	bad_second(0xff0, 0x20);
	CHECK(refused(img, img_len, "overlaps the null page"));
#ifdef CONFIG_ENTRY_LONG
	bad_second(CONFIG_RING0_ADDR + 0x100, 0x10);
	CHECK(refused(img, img_len, "segment 1 (0x"));
	CHECK(strstr(err__msg(), "overlaps CONFIG_RING0_ADDR") != NULL);
	bad_second(CONFIG_PAGETABLE_ADDR + CONFIG_PAGETABLE_SIZE - 8, 8);
	CHECK(refused(img, img_len,
		      "overlaps CONFIG_PAGETABLE_ADDR/CONFIG_PAGETABLE_SIZE"));
#endif
	bad_second(CONFIG_BOOTINFO_ADDR, 0x100);
	CHECK(refused(img, img_len,
		      "overlaps CONFIG_BOOTINFO_ADDR/CONFIG_BOOTINFO_SIZE"));
	bad_second(CONFIG_STACK_TOP - 8, 8);
	CHECK(refused(img, img_len, "overlaps CONFIG_STACK_TOP/CONFIG_STACK_SIZE"));
	bad_second(CONFIG_STACK_TOP - CONFIG_STACK_SIZE, 1);
	CHECK(refused(img, img_len, "overlaps CONFIG_STACK_TOP/CONFIG_STACK_SIZE"));

	/* Two segments overlapping each other (by one byte, and nested). */
	elf_minimal(); /* [TEXT, TEXT + 0x2000) */
	elf_seg(PF_R | PF_W, TEXT + 0x1fff, data, sizeof(data), 0x100);
	CHECK(refused(img, img_len, "segment 1 overlaps another segment"));
	elf_minimal();
	elf_seg(PF_R | PF_W, TEXT + 0x100, NULL, 0, 0x10);
	CHECK(refused(img, img_len, "segment 1 overlaps another segment"));
	elf_minimal();
	elf_seg(PF_R | PF_W, DATA, data, sizeof(data), 0x100);
	elf_seg(PF_R, DATA - 0x10, NULL, 0, 0x11);
	CHECK(refused(img, img_len, "segment 2 overlaps another segment"));
	/* Adjacent is fine. */
	elf_minimal();
	elf_seg(PF_R | PF_W, TEXT + 0x2000, data, sizeof(data), 0x100);
	CHECK(accepted(img, img_len));

	/* More segments than load_info holds (LOAD_MAX_SEGS). */
	elf_minimal();
	while (eh()->e_phnum <= LOAD_MAX_SEGS)
		elf_seg(PF_R, DATA + eh()->e_phnum * 0x1000, NULL, 0, 0x10);
	CHECK(refused(img, img_len, "more than 16 loadable segments"));
	/* Exactly LOAD_MAX_SEGS is fine. */
	eh()->e_phnum = LOAD_MAX_SEGS;
	CHECK(accepted(img, img_len));
	CHECK(li.nseg == LOAD_MAX_SEGS);

	/* Refused images write nothing: all checks come before copying. */
	elf_minimal();
	p = elf_seg(PF_R | PF_W, DATA, data, sizeof(data), 0x100);
	eh()->e_entry = DATA; /* not executable */
	CHECK(refused(img, img_len, "is not in an executable segment"));
	CHECK(ram_zero(TEXT, sizeof(code)) && ram_zero(p->p_vaddr, sizeof(data)));
}

/* The entry point must be inside a segment with PF_X. */
static void test_elf_entry(void)
{
	elf_minimal();
	elf_seg(PF_R | PF_W, DATA, data, sizeof(data), 0x1000);
	eh()->e_entry = DATA + 4;
	CHECK(refused(img, img_len, "entry point 0x"));
	CHECK(strstr(err__msg(), "is not in an executable segment") != NULL);
	eh()->e_entry = TEXT + 0x2000; /* one past the R-X segment */
	CHECK(refused(img, img_len, "is not in an executable segment"));
	eh()->e_entry = TEXT - 1;
	CHECK(refused(img, img_len, "is not in an executable segment"));
	eh()->e_entry = 0;
	CHECK(refused(img, img_len, "entry point 0x0 is not"));
	eh()->e_entry = UINT64_MAX;
	CHECK(refused(img, img_len, "is not in an executable segment"));
	/* Its first and last byte are fine (bss part included). */
	eh()->e_entry = TEXT;
	CHECK(accepted(img, img_len));
	eh()->e_entry = TEXT + 0x1fff;
	CHECK(accepted(img, img_len));
	CHECK(li.entry == TEXT + 0x1fff);
	/* PF_X on a segment with PF_R missing still counts as executable. */
	elf_minimal();
	ph(0)->p_flags = PF_X;
	CHECK(accepted(img, img_len));
	CHECK(li.seg[0].flags == LOAD_X);
	/* An executable PT_NOTE/PT_PHDR is not a segment. */
	elf_new(0x1000);
	elf_seg(PF_R | PF_W, DATA, data, sizeof(data), 0x100);
	elf_phdr(PT_PHDR, PF_R | PF_X, 0x1000, NULL, 0, 0x1000);
	CHECK(refused(img, img_len, "is not in an executable segment"));
}

/* Dynamic linking, no PT_LOAD at all. */
static void test_elf_kinds(void)
{
	static const char interp[] = "/lib64/ld-linux-x86-64.so.2";

	elf_minimal();
	elf_phdr(PT_INTERP, PF_R, 0, interp, sizeof(interp), sizeof(interp));
	CHECK(refused(img, img_len, "dynamically linked images are not supported"));
	elf_minimal();
	elf_phdr(PT_DYNAMIC, PF_R | PF_W, DATA, NULL, 0, 0x100);
	CHECK(refused(img, img_len, "link with -static"));

	/* Only non-loadable headers. */
	elf_new(TEXT);
	elf_phdr(PT_NULL, 0, 0, NULL, 0, 0);
	elf_phdr(PT_GNU_STACK, PF_R | PF_W, 0, NULL, 0, 0);
	CHECK(refused(img, img_len, "no loadable segment"));
	/* PT_LOAD with p_memsz 0 is skipped, so still none. */
	elf_new(TEXT);
	elf_seg(PF_R | PF_X, TEXT, NULL, 0, 0);
	CHECK(refused(img, img_len, "no loadable segment"));
}

/* The SDK's ABI note: checked when present, other notes ignored. */
static void test_elf_notes(void)
{
	uint32_t v = UNIMON_ABI_VERSION + 1;
	uint8_t big[8] = { 1 };
	Elf64_Phdr *p;

	/* Wrong version. */
	elf_minimal();
	elf_abi_note(UNIMON_ABI_VERSION + 1);
	CHECK(refused(img, img_len, "guest was built for unimon ABI version 2, "
				    "this monitor implements version 1"));
	elf_minimal();
	elf_abi_note(0);
	CHECK(refused(img, img_len, "unimon ABI version 0"));
	/* Descriptor of the wrong size. */
	elf_minimal();
	elf_note(UNIMON_NOTE_TYPE_ABI, UNIMON_NOTE_NAME, big, 8);
	CHECK(refused(img, img_len, "bad unimon ABI note"));
	/* A note whose descriptor runs past the segment. */
	elf_minimal();
	p = elf_abi_note(UNIMON_ABI_VERSION);
	p->p_filesz -= 4;
	CHECK(refused(img, img_len, "truncated ELF note"));
	/* A note whose size fields are huge (no overflow). */
	elf_minimal();
	p = elf_abi_note(UNIMON_ABI_VERSION);
	((Elf64_Nhdr *)(img + p->p_offset))->n_descsz = UINT32_MAX;
	CHECK(refused(img, img_len, "truncated ELF note"));
	((Elf64_Nhdr *)(img + p->p_offset))->n_descsz = 4;
	((Elf64_Nhdr *)(img + p->p_offset))->n_namesz = UINT32_MAX;
	CHECK(refused(img, img_len, "truncated ELF note"));
	/* The note segment itself outside the file. */
	elf_minimal();
	p = elf_abi_note(UNIMON_ABI_VERSION);
	p->p_offset = img_len - 8;
	CHECK(refused(img, img_len, "note segment lies outside the file"));
	p->p_offset = UINT64_MAX;
	CHECK(refused(img, img_len, "note segment lies outside the file"));
	/* A bad note after a good one in the same segment is still found. */
	elf_minimal();
	p = elf_abi_note(UNIMON_ABI_VERSION);
	elf_abi_note(UNIMON_ABI_VERSION + 1);
	eh()->e_phnum--;		/* drop the second header ... */
	p->p_filesz += 24;		/* ... and make the first cover both */
	CHECK(refused(img, img_len, "unimon ABI version 2"));

	/* Right version: accepted. */
	elf_minimal();
	elf_abi_note(UNIMON_ABI_VERSION);
	CHECK(accepted(img, img_len));
	/* Another vendor's note with the same type, or ours with another type. */
	elf_minimal();
	elf_note(UNIMON_NOTE_TYPE_ABI, "GNU", &v, 4);
	elf_note(NT_GNU_BUILD_ID, UNIMON_NOTE_NAME, big, 8);
	elf_note(UNIMON_NOTE_TYPE_ABI, "UNIMONX", &v, 4);
	CHECK(accepted(img, img_len));
	/* Trailing bytes shorter than a note header are ignored. */
	elf_minimal();
	p = elf_abi_note(UNIMON_ABI_VERSION);
	p->p_filesz += 8;
	grow(p->p_offset + p->p_filesz);
	CHECK(accepted(img, img_len));
}

/* Good images land byte for byte; .bss is zero; load_info describes them. */
static void test_elf_good(void)
{
	unsigned int i;

	elf_minimal();
	CHECK(accepted(img, img_len));
	CHECK(li.entry == TEXT + 4);
	CHECK(li.nseg == 1);
	CHECK(li.seg[0].start == TEXT);
	CHECK(li.seg[0].size == 0x2000);
	CHECK(li.seg[0].flags == (LOAD_R | LOAD_X));
	CHECK(li.end == TEXT + 0x2000);
	CHECK(!memcmp(m.base + TEXT, code, sizeof(code)));
	CHECK(ram_zero(TEXT + sizeof(code), 0x2000 - sizeof(code)));
	CHECK(ram_zero(TEXT - 0x100, 0x100));	/* nothing before it */
	CHECK(ram_zero(TEXT + 0x2000, 0x1000));	/* nor after */

	/* Text + data + bss + ABI note + GNU stack, like an SDK guest. */
	elf_new(TEXT);
	elf_abi_note(UNIMON_ABI_VERSION);
	elf_seg(PF_R | PF_X, TEXT, code, sizeof(code), sizeof(code));
	elf_phdr(PT_GNU_STACK, PF_R | PF_W, 0, NULL, 0, 0);
	elf_seg(PF_R, TEXT + 0x1000, data, 4, 4);			/* rodata */
	elf_seg(PF_R | PF_W, DATA + 0x10, data, sizeof(data), 0x3000);	/* data+bss */
	elf_seg(PF_R | PF_W, DATA + 0x8000, NULL, 0, 0);		/* empty: skipped */
	CHECK(accepted(img, img_len));
	CHECK(li.entry == TEXT);
	CHECK(li.nseg == 3);
	CHECK(li.seg[0].start == TEXT && li.seg[0].size == sizeof(code) &&
	      li.seg[0].flags == (LOAD_R | LOAD_X));
	CHECK(li.seg[1].start == TEXT + 0x1000 && li.seg[1].size == 4 &&
	      li.seg[1].flags == LOAD_R);
	CHECK(li.seg[2].start == DATA + 0x10 && li.seg[2].size == 0x3000 &&
	      li.seg[2].flags == (LOAD_R | LOAD_W));
	CHECK(li.end == DATA + 0x10 + 0x3000);
	CHECK(!memcmp(m.base + TEXT, code, sizeof(code)));
	CHECK(!memcmp(m.base + TEXT + 0x1000, data, 4));
	CHECK(ram_zero(TEXT + 0x1004, 4));	/* rodata's 4 bytes, no more */
	CHECK(!memcmp(m.base + DATA + 0x10, data, sizeof(data)));
	CHECK(ram_zero(DATA + 0x10 + sizeof(data), 0x3000 - sizeof(data)));
	CHECK(ram_zero(DATA, 0x10));

	/* li.end is the highest end, whatever the header order. */
	elf_new(TEXT);
	elf_seg(PF_R | PF_W, DATA, data, sizeof(data), 0x100);
	elf_seg(PF_R | PF_X, TEXT, code, sizeof(code), 0x100);
	CHECK(accepted(img, img_len));
	CHECK(li.end == DATA + 0x100);
	CHECK(li.seg[0].start == DATA && li.seg[1].start == TEXT);

	/* 64 program headers (the limit), padded with PT_NULL. */
	elf_minimal();
	for (i = 1; i < 64; i++)
		elf_phdr(PT_NULL, 0, 0, NULL, 0, 0);
	CHECK(eh()->e_phnum == 64);
	CHECK(accepted(img, img_len));
	CHECK(li.nseg == 1);

	/* A segment ending exactly at the end of RAM. */
	elf_new(RAM_SIZE_CONFIG - 0x1000);
	elf_seg(PF_R | PF_X, RAM_SIZE_CONFIG - 0x1000, code, sizeof(code), 0x1000);
	CHECK(accepted(img, img_len));
	CHECK(li.end == RAM_SIZE_CONFIG);
	CHECK(!memcmp(m.base + RAM_SIZE_CONFIG - 0x1000, code, sizeof(code)));

	/* Program headers elsewhere than right after the ELF header. */
	elf_minimal();
	memcpy(img + 0x5000, ph(0), sizeof(Elf64_Phdr));
	memset(ph(0), 0xee, sizeof(Elf64_Phdr));
	eh()->e_phoff = 0x5000;
	CHECK(accepted(img, 0x5000 + sizeof(Elf64_Phdr)));
	CHECK(li.entry == TEXT + 4);
}

/* A guest RAM smaller than the configured one: caught at copy time. */
static void test_elf_small_ram(void)
{
	struct gmem small;

	elf_minimal();
	CHECK(gmem__init(&small, TEXT + 0x1000) == 0);
	CHECK(loader__load(img, img_len, &small, &li) == -1);
	CHECK(strstr(err__msg(), "segment 0 lies outside guest RAM") != NULL);
	gmem__exit(&small);
}

#else /* !CONFIG_IMAGE_ELF */

static void test_elf_disabled(void)
{
	uint8_t e[64] = { 0x7f, 'E', 'L', 'F', ELFCLASS64 };

	CHECK(refused(e, sizeof(e), "ELF images are not supported by this build"));
	CHECK(strstr(err__msg(), "CONFIG_IMAGE_ELF") != NULL);
}

#endif /* CONFIG_IMAGE_ELF */

/* Flat images and the generic checks of loader__load -------------------- */

static void test_generic(void)
{
	static const uint8_t three[3] = { 0x7f, 'E', 'L' };
	uint8_t *huge;

	CHECK(refused(three, 0, "empty image"));
	CHECK(refused(NULL, 0, "empty image"));

	/* Larger than CONFIG_MAX_IMAGE_SIZE_KB: refused before any probe. */
	huge = calloc(1, MAX_IMAGE + 1);
	CHECK(huge != NULL);
	if (huge) {
		CHECK(refused(huge, MAX_IMAGE + 1, "larger than CONFIG_MAX_IMAGE_SIZE_KB="));
		memcpy(huge, "\177ELF", 4); /* whatever the format */
		CHECK(refused(huge, MAX_IMAGE + 1, "CONFIG_MAX_IMAGE_SIZE_KB"));
#ifdef CONFIG_IMAGE_FLAT
		/* Exactly the maximum is allowed (if RAM has room for it). */
		huge[0] = 0;
		if (arch__flat_load_addr() + MAX_IMAGE <= RAM_SIZE_CONFIG &&
		    !layout__check_image("x", arch__flat_load_addr(), MAX_IMAGE)) {
			CHECK(accepted(huge, MAX_IMAGE));
			CHECK(li.end == arch__flat_load_addr() + MAX_IMAGE);
		}
#endif
		free(huge);
	}

	/* Three bytes: too short to be ELF; a flat image if flat is built. */
#ifdef CONFIG_IMAGE_FLAT
	CHECK(accepted(three, 3));
	CHECK(li.nseg == 1 && li.seg[0].size == 3);
	CHECK(!memcmp(m.base + arch__flat_load_addr(), three, 3));
#else
	CHECK(refused(three, 3, "no image format of this build accepts it"));
#endif
}

#ifdef CONFIG_IMAGE_FLAT
static void test_flat(void)
{
	const uint64_t at = arch__flat_load_addr();
	uint8_t flat[300];
	uint64_t room, too_big;
	unsigned int i;
	struct gmem small;

	for (i = 0; i < sizeof(flat); i++)
		flat[i] = i * 7 + 1;
#ifdef CONFIG_ENTRY_LONG
	CHECK(at == CONFIG_LOAD_ADDR);
	CHECK(!strcmp(arch__flat_load_option, "CONFIG_LOAD_ADDR"));
#endif
	/* Loads at the load address, entered at its first byte, RWX. */
	CHECK(accepted(flat, sizeof(flat)));
	CHECK(li.entry == at);
	CHECK(li.nseg == 1);
	CHECK(li.seg[0].start == at && li.seg[0].size == sizeof(flat));
	CHECK(li.seg[0].flags == (LOAD_R | LOAD_W | LOAD_X));
	CHECK(li.end == at + sizeof(flat));
	CHECK(!memcmp(m.base + at, flat, sizeof(flat)));
	CHECK(ram_zero(at + sizeof(flat), 0x100));
	CHECK(ram_zero(at - 0x100, 0x100));
	/* ELF-looking bytes are never taken as flat. */
#ifdef CONFIG_IMAGE_ELF
	{
		uint8_t elfish[sizeof(flat)];

		memcpy(elfish, flat, sizeof(flat));
		memcpy(elfish, "\177ELF", 4);
		CHECK(refused(elfish, sizeof(elfish), "not a 64-bit ELF file"));
	}
#endif

	/* Too large for the space between the load address and RAM's end. */
	room = RAM_SIZE_CONFIG - at;
	too_big = room + 1;
	if (too_big <= MAX_IMAGE) {
		uint8_t *b = calloc(1, too_big);

		CHECK(b != NULL);
		if (b) {
			CHECK(refused(b, too_big, "the image (0x"));
			CHECK(strstr(err__msg(), "lies outside guest RAM") != NULL);
			free(b);
		}
	}
	/*
	 * The RAM handed to the loader is smaller than the configuration's
	 * (the layout check passes): the guest-memory check still refuses it.
	 */
	CHECK(gmem__init(&small, at + 0x100) == 0);
	err__set("(no message)");
	CHECK(loader__load(flat, 0x101, &small, &li) == -1);
	CHECK(strstr(err__msg(), "image does not fit at") != NULL);
	CHECK(strstr(err__msg(), arch__flat_load_option) != NULL);
	CHECK(loader__load(flat, 0x100, &small, &li) == 0); /* fits exactly */
	CHECK(!memcmp(small.base + at, flat, 0x100));
	gmem__exit(&small);
}
#endif

/*
 * A FIFO is not a regular file: exit code 66, at once. Opening a FIFO with
 * no writer blocks unless opened O_NONBLOCK (a bug found by this test:
 * `unimon some.fifo` hung). The child gets 2 s; SIGALRM means it hung.
 */
static void test_load_file_fifo(const char *dir)
{
	char fifo[80];
	int status = 0;
	pid_t pid;

	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	CHECK(mkfifo(fifo, 0600) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		alarm(2);
		_exit(loader__load_file(fifo, &m, &li));
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(!(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)); /* no hang */
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == UNIMON_EXIT_NOINPUT);
	unlink(fifo);
}

/* loader__load_file: exit codes for missing, unreadable and bad files. */
static void test_load_file(void)
{
	char dir[] = "/tmp/unimon-test-XXXXXX", path[64];
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	fresh_ram();
	printf("(expected: unimon error lines on stderr)\n");
	fflush(stdout);
	/* Missing file. */
	snprintf(path, sizeof(path), "%s/missing.elf", dir);
	CHECK(loader__load_file(path, &m, &li) == UNIMON_EXIT_NOINPUT);
	/* A directory. */
	CHECK(loader__load_file(dir, &m, &li) == UNIMON_EXIT_NOINPUT);
	/* An empty file: readable, but not an image. */
	snprintf(path, sizeof(path), "%s/empty", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	CHECK(loader__load_file(path, &m, &li) == UNIMON_EXIT_IMAGE);
	CHECK(strstr(err__msg(), "empty image") != NULL);
#ifdef CONFIG_IMAGE_ELF
	/* A bad ELF file: UNIMON_EXIT_IMAGE; a good one: 0 and loaded. */
	elf_minimal();
	eh()->e_machine = EM_386;
	f = fopen(path, "w");
	CHECK(f && fwrite(img, 1, img_len, f) == img_len);
	if (f)
		fclose(f);
	CHECK(loader__load_file(path, &m, &li) == UNIMON_EXIT_IMAGE);
	CHECK(strstr(err__msg(), "ELF machine is 3") != NULL);
	elf_minimal();
	f = fopen(path, "w");
	CHECK(f && fwrite(img, 1, img_len, f) == img_len);
	if (f)
		fclose(f);
	fresh_ram();
	CHECK(loader__load_file(path, &m, &li) == 0);
	CHECK(li.entry == TEXT + 4);
	CHECK(!memcmp(m.base + TEXT, code, sizeof(code)));
#endif
	/* A file larger than CONFIG_MAX_IMAGE_SIZE_KB (sparse, not read). */
	f = fopen(path, "w");
	CHECK(f && ftruncate(fileno(f), MAX_IMAGE + 1) == 0);
	if (f)
		fclose(f);
	CHECK(loader__load_file(path, &m, &li) == UNIMON_EXIT_IMAGE);
	CHECK(strstr(err__msg(), "CONFIG_MAX_IMAGE_SIZE_KB") != NULL);
	unlink(path);
	test_load_file_fifo(dir);
	rmdir(dir);
	fflush(stderr);
}

/* The registry holds exactly the configured loaders. */
static void test_registry(void)
{
	int elf = 0, flat = 0, n = 0;

	for_each_loader(l) {
		n++;
		elf += !strcmp((*l)->name, "elf64") &&
		       !strcmp((*l)->option, "CONFIG_IMAGE_ELF");
		flat += !strcmp((*l)->name, "flat") &&
			!strcmp((*l)->option, "CONFIG_IMAGE_FLAT");
	}
#ifdef CONFIG_IMAGE_ELF
	CHECK(elf == 1);
#else
	CHECK(elf == 0);
#endif
#ifdef CONFIG_IMAGE_FLAT
	CHECK(flat == 1);
#else
	CHECK(flat == 0);
#endif
	CHECK(n == elf + flat);
}

int main(void)
{
	CHECK(monitor__layout(RAM_SIZE_CONFIG) == 0);
	test_registry();
#ifdef CONFIG_IMAGE_ELF
	test_elf_header();
	test_elf_phdrs_outside();
	test_elf_segments();
	test_elf_entry();
	test_elf_kinds();
	test_elf_notes();
	test_elf_good();
	test_elf_small_ram();
#else
	test_elf_disabled();
#endif
	test_generic();
#ifdef CONFIG_IMAGE_FLAT
	test_flat();
#endif
	test_load_file();
	gmem__exit(&m);
	return unit_done("test_loader");
}
