// SPDX-License-Identifier: MIT
/*
 * The machine Solo5's hvt tender gives its guests (CONFIG_ENTRY_SOLO5,
 * HVT ABI version 2; ../shared/SOLO5-HVT-ABI.md): 64-bit long mode at
 * CPL0, no IDT, a three-entry GDT at 0x1000, identity-mapped page tables
 * at fixed addresses (PML4 0x2000, PDPT 0x3000, four page directories
 * 0x4000-0x7fff, the first 2 MiB's page table at 0x8000) with 2 MiB pages,
 * but the first 2 MiB in 4 KiB pages: below 0x10000 not present (the
 * zero page, the GDT, the tables), 0x10000-0xfffff read-only (the boot
 * information), the rest read-write. RSP at the top of RAM minus 8, RDI
 * the boot information (the personality writes it), CPUID as KVM offers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/regs.h"
#include "core/error.h"
#include "core/layout.h"
#include "core/load-info.h"
#include "core/vm.h"

#define GDT_BASE 0x1000
#define PML4_BASE 0x2000
#define PDPT_BASE 0x3000
#define PD_BASE 0x4000		/* four, one per GiB */
#define PT0_BASE 0x8000
#define LOW_END 0x10000		/* the first page the guest may read */
#define BOOT_INFO 0x10000
#define GUEST_MIN 0x100000	/* the first it may write and load at */
#define PAGE_2M 0x200000ull
#define RAM_MAX (4ull << 30)	/* four page directories */

#define PTE_P 1ull
#define PTE_RW 2ull
#define PTE_PS 0x80ull

#define CR0_INIT 0x80010021ull	/* PE NE WP PG */
#define CR4_INIT 0x620ull	/* PAE OSFXSR OSXMMEXCPT */
#define EFER_INIT 0x500ull	/* LME LMA */
#define SEL_CODE 0x08
#define SEL_DATA 0x10

const char *const arch__mode = "solo5-hvt";
const char *const arch__flat_load_option = "the Solo5 hvt ABI";

uint64_t arch__flat_load_addr(void)
{
	return GUEST_MIN;
}

unsigned int arch__regions(struct region *r)
{
	r[0] = (struct region){ "Solo5 hvt: zero page, GDT and page tables "
				"(0x0-0x10000)", 0, LOW_END, 1 };
	return 1;
}

int arch__check_layout(uint64_t ram_size)
{
	if (ram_size < PAGE_2M || ram_size % PAGE_2M)
		return err__set("%llu KiB of RAM: Solo5 hvt guests need a "
				"multiple of 2 MiB, at least 2 MiB",
				(unsigned long long)(ram_size >> 10));
	if (ram_size > RAM_MAX)
		return err__set("%llu MiB of RAM: Solo5 hvt guests have at most "
				"4096 MiB", (unsigned long long)(ram_size >> 20));
	return 0;
}

static void build_page_tables(uint8_t *mem, uint64_t ram_size)
{
	uint64_t *pml4 = (uint64_t *)(mem + PML4_BASE);
	uint64_t *pdpt = (uint64_t *)(mem + PDPT_BASE);
	uint64_t *pd = (uint64_t *)(mem + PD_BASE);
	uint64_t *pt0 = (uint64_t *)(mem + PT0_BASE);
	uint64_t a;
	unsigned int i;

	memset(mem + PML4_BASE, 0, PT0_BASE + 0x1000 - PML4_BASE);
	pml4[0] = PDPT_BASE | PTE_P | PTE_RW;
	for (i = 0; i < 4; i++)
		pdpt[i] = (PD_BASE + i * 0x1000ull) | PTE_P | PTE_RW;
	pd[0] = PT0_BASE | PTE_P | PTE_RW;
	for (a = LOW_END; a < PAGE_2M; a += 0x1000)
		pt0[a >> 12] = a | PTE_P | (a >= GUEST_MIN ? PTE_RW : 0);
	for (a = PAGE_2M; a < ram_size; a += PAGE_2M)
		pd[a / PAGE_2M] = a | PTE_P | PTE_RW | PTE_PS;
}

/* Null, code (execute-only, accessed, L, G), data (read-write, DB, G). */
static void write_gdt(uint8_t *mem)
{
	const uint64_t gdt[3] = { 0, 0x00af99000000ffffull,
				  0x00cf93000000ffffull };

	memcpy(mem + GDT_BASE, gdt, sizeof(gdt));
}

static struct kvm_segment seg(uint16_t sel, int code)
{
	return (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel,
		.type = code ? 9 : 3, .present = 1, .db = !code, .s = 1,
		.l = code, .g = 1,
	};
}

int arch__setup_vcpu(struct vm *vm, const struct load_info *li,
		     int ram_unmapped)
{
	struct cpu_features f;
	struct kvm_sregs s;
	struct kvm_regs regs = {
		.rip = li->entry,
		.rsp = vm->mem.size - 8,
		.rdi = BOOT_INFO,	/* the personality writes it */
		.rflags = 0x2,
	};

	build_page_tables(vm->mem.base, vm->mem.size);
	write_gdt(vm->mem.base);
	if (cpu__setup(vm, &f))
		return -1;
	if (regs__get_sregs(vm, &s))
		return -1;
	s.cs = seg(SEL_CODE, 1);
	s.ss = s.ds = s.es = s.fs = s.gs = seg(SEL_DATA, 0);
	s.tr = (struct kvm_segment){ .type = 11, .present = 1 }; /* busy TSS */
	s.ldt = (struct kvm_segment){ .unusable = 1 };
	s.gdt.base = GDT_BASE;
	s.gdt.limit = 3 * 8 - 1;
	s.idt.base = 0;
	s.idt.limit = 0;
	s.cr0 = CR0_INIT;
	s.cr3 = PML4_BASE;
	s.cr4 = CR4_INIT;
	s.efer = EFER_INIT;
	return regs__set(vm, &regs, &s);
}

/* No IDT: an exception is a triple fault, and port 0xef is a port. */
enum arch_exc arch__exception(struct vm *vm, arch_trap_fn *trap)
{
	return ARCH_EXC_NONE;
}

int arch__stub_trap(struct vm *vm)
{
	return -1;
}

const char *arch__exception_name(int vector)
{
	return "exception";
}

void arch__report_exception(struct vm *vm)
{
}
