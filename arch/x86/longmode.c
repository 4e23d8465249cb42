// SPDX-License-Identifier: MIT
/*
 * 64-bit long mode entry: identity-mapped page tables, GDT, TSS, IDT with
 * exception stubs in the monitor's ring-0 region, and the guest at CPL3
 * (IOPL=3 and an all-ports I/O bitmap) or CPL0.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/pagetable.h"
#include "arch/x86/ring0.h"
#include "arch/x86/regs.h"
#include "core/error.h"
#include "core/kconfig.h"
#include "core/layout.h"
#include "core/load-info.h"
#include "core/vm.h"
#include "unimon/abi.h"

#define CR0_PE (1u << 0)
#define CR0_MP (1u << 1)
#define CR0_ET (1u << 4)
#define CR0_NE (1u << 5)
#define CR0_WP (1u << 16)
#define CR0_PG (1u << 31)
#define CR4_PAE (1u << 5)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define CR4_FSGSBASE (1u << 16)
#define CR4_OSXSAVE (1u << 18)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_NXE (1u << 11)

static const int user_mode = IS_ENABLED(CONFIG_GUEST_CPL3);

const char *const arch__mode = IS_ENABLED(CONFIG_GUEST_CPL3) ? "long-cpl3" :
								      "long-cpl0";
const char *const arch__flat_load_option = "CONFIG_LOAD_ADDR";

uint64_t arch__flat_load_addr(void)
{
	return CONFIG_LOAD_ADDR;
}

unsigned int arch__regions(struct region *r)
{
	r[0] = (struct region){ "the null page (never mapped)", 0, 0x1000, 1 };
	r[1] = (struct region){ "CONFIG_RING0_ADDR", CONFIG_RING0_ADDR,
				RING0_SIZE, 1 };
	r[2] = (struct region){ "CONFIG_PAGETABLE_ADDR/CONFIG_PAGETABLE_SIZE",
				CONFIG_PAGETABLE_ADDR, CONFIG_PAGETABLE_SIZE, 1 };
	return 3;
}

/* The fixed part of the page permissions: null page, ring-0, tables. */
static unsigned int fixed_ranges(struct pt_range *r)
{
	const uint64_t r0 = CONFIG_RING0_ADDR;

	r[0] = (struct pt_range){ 0, 0x1000, PT_ABSENT };
	r[1] = (struct pt_range){ r0, r0 + R0_STUBS, PT_SUPER | PT_WRITE };
	r[2] = (struct pt_range){ r0 + R0_STUBS, r0 + R0_STUBS + 0x1000,
				  PT_SUPER | PT_EXEC };
	r[3] = (struct pt_range){ r0 + R0_STUBS + 0x1000, r0 + RING0_SIZE,
				  PT_SUPER | PT_WRITE };
	r[4] = (struct pt_range){ CONFIG_PAGETABLE_ADDR,
				  CONFIG_PAGETABLE_ADDR + CONFIG_PAGETABLE_SIZE,
				  PT_SUPER | PT_WRITE };
	return 5;
}

int arch__check_layout(uint64_t ram_size)
{
	struct pt_range r[5];
	unsigned int n = fixed_ranges(r);
	uint64_t need = pt__min_size(ram_size, r, n);

	if ((CONFIG_RING0_ADDR | CONFIG_PAGETABLE_ADDR | CONFIG_PAGETABLE_SIZE) &
	    0xfff)
		return err__set("CONFIG_RING0_ADDR, CONFIG_PAGETABLE_ADDR and "
				"CONFIG_PAGETABLE_SIZE must be multiples of 4 KiB");
	if (need > CONFIG_PAGETABLE_SIZE)
		return err__set("CONFIG_PAGETABLE_SIZE (0x%x) is too small for "
				"%llu MiB of RAM: page tables need 0x%llx",
				CONFIG_PAGETABLE_SIZE,
				(unsigned long long)(ram_size >> 20),
				(unsigned long long)need);
	if (ram_size > 0x100000000ull)
		return err__set("%llu MiB of RAM: hypercall arguments are "
				"32-bit addresses, RAM must be at most 4 GiB",
				(unsigned long long)(ram_size >> 20));
	return 0;
}

static int build_page_tables(struct vm *vm, const struct load_info *li,
			     int ram_unmapped)
{
	struct pt_range r[5 + LOAD_MAX_SEGS];
	unsigned int n = fixed_ranges(r), i;

	for (i = 0; i < li->nseg; i++) {
		const struct load_seg *s = &li->seg[i];

		r[n++] = (struct pt_range){
			s->start, s->start + s->size,
			(s->flags & LOAD_W ? PT_WRITE : 0) |
				(s->flags & LOAD_X ? PT_EXEC : 0) };
	}
	return pt__build(vm->mem.base, vm->mem.size, CONFIG_PAGETABLE_ADDR,
			 CONFIG_PAGETABLE_SIZE, r, n,
			 ram_unmapped ? PT_ABSENT : PT_WRITE);
}

static void write_gdt_tss_idt(uint8_t *r0)
{
	const uint64_t base = CONFIG_RING0_ADDR;
	uint64_t *gdt = (uint64_t *)(r0 + R0_GDT);
	uint64_t tss = base + R0_TSS, stack = base + R0_STACK_TOP;
	uint8_t *t = r0 + R0_TSS;
	uint16_t iopb = 104;
	int v;

	gdt[0] = 0;
	gdt[1] = 0x00af9b000000ffffull; /* kernel code, L */
	gdt[2] = 0x00cf93000000ffffull; /* kernel data */
	gdt[3] = 0x00cff3000000ffffull; /* user data, DPL3 */
	gdt[4] = 0x00affb000000ffffull; /* user code, DPL3, L */
	gdt[5] = R0_TSS_LIMIT | (tss & 0xffffff) << 16 | 0x8bull << 40 |
		 ((tss >> 24) & 0xff) << 56; /* busy 64-bit TSS */
	gdt[6] = tss >> 32;

	/*
	 * An all-zero I/O permission bitmap grants every port at CPL3. On
	 * PVM hosts RFLAGS.IOPL is dropped when the guest runs at CPL3, so
	 * IOPL=3 alone is not enough (measured: `out` raised #GP).
	 */
	memset(t, 0, R0_TSS_LIMIT + 1);
	t[R0_TSS_LIMIT] = 0xff; /* the bitmap's required terminator */
	memcpy(t + 4, &stack, 8);   /* RSP0 */
	memcpy(t + 36, &stack, 8);  /* IST1 */
	memcpy(t + 102, &iopb, 2);

	for (v = 0; v < R0_NVEC; v++) {
		uint64_t stub = base + R0_STUBS + v * R0_STUB_SIZE;
		uint8_t *g = r0 + R0_IDT + v * 16;
		uint8_t *s = r0 + R0_STUBS + v * R0_STUB_SIZE;

		memset(g, 0, 16);
		g[0] = stub & 0xff;
		g[1] = (stub >> 8) & 0xff;
		g[2] = SEL_KCODE;
		g[4] = 1;	/* IST1: a known-good stack at any CPL */
		/*
		 * Present, 64-bit interrupt gate, DPL0; #BP DPL3, so that an
		 * int3 at CPL3 is a #BP (as on Linux) on every host, not a
		 * #GP: the debugger's breakpoints come through this stub.
		 */
		g[5] = v == 3 ? 0xee : 0x8e;
		g[6] = (stub >> 16) & 0xff;
		g[7] = (stub >> 24) & 0xff;
		memcpy(g + 8, (uint32_t[]){ stub >> 32 }, 4);

		/* push $v; out %al, $UNIMON_PORT_EXCEPTION; hlt; pad */
		s[0] = 0x6a;
		s[1] = v;
		s[2] = 0xe6;
		s[3] = UNIMON_PORT_EXCEPTION;
		s[4] = 0xf4;
		memset(s + 5, 0x90, R0_STUB_SIZE - 5);
	}
}

static int set_sregs(struct vm *vm, const struct cpu_features *f)
{
	struct kvm_sregs s;
	struct kvm_segment data;

	if (regs__get_sregs(vm, &s))
		return -1;
	s.cs = r0_flat_seg(user_mode ? SEL_UCODE : SEL_KCODE, 1);
	data = r0_flat_seg(user_mode ? SEL_UDATA : SEL_KDATA, 0);
	s.ss = data;
	s.ds = s.es = s.fs = s.gs = data;
	s.tr = (struct kvm_segment){ .base = CONFIG_RING0_ADDR + R0_TSS,
				     .limit = R0_TSS_LIMIT, .selector = SEL_TSS,
				     .type = 0xb, .present = 1 };
	s.ldt = (struct kvm_segment){ .type = 2, .present = 1, .unusable = 1 };
	s.gdt.base = CONFIG_RING0_ADDR + R0_GDT;
	s.gdt.limit = 7 * 8 - 1;
	s.idt.base = CONFIG_RING0_ADDR + R0_IDT;
	s.idt.limit = R0_NVEC * 16 - 1;
	s.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	s.cr3 = CONFIG_PAGETABLE_ADDR;
	s.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT |
		(f->xsave ? CR4_OSXSAVE : 0) | (f->fsgsbase ? CR4_FSGSBASE : 0);
	s.efer = EFER_LME | EFER_LMA | EFER_NXE;
	return regs__set(vm, NULL, &s);
}

int arch__setup_vcpu(struct vm *vm, const struct load_info *li,
		     int ram_unmapped)
{
	struct cpu_features f;
	struct kvm_regs regs = {
		.rip = li->entry,
		.rsp = CONFIG_STACK_TOP,
		.rdi = CONFIG_BOOTINFO_ADDR,
		.rflags = RFLAGS_FIXED | (user_mode ? RFLAGS_IOPL3 : 0),
	};

	if (build_page_tables(vm, li, ram_unmapped))
		return -1;
	write_gdt_tss_idt(vm->mem.base + CONFIG_RING0_ADDR);
	if (cpu__setup(vm, &f) || set_sregs(vm, &f))
		return -1;
	return regs__set(vm, &regs, NULL);
}
