// SPDX-License-Identifier: MIT
/*
 * The x86-64 half of the gdb stub (debug/gdbstub.c speaks the protocol):
 * the amd64 target description, gdb's register numbers mapped onto
 * KVM's registers, guest debugging on and off, and what a debug exit
 * reports.
 *
 * Register numbers: 0-23 as in 'g' (rax rbx rcx rdx rsi rdi rbp rsp,
 * r8-r15, rip, eflags, cs ss ds es fs gs), then the x87 (24-39) and SSE
 * (40-56) registers gdb's amd64 code requires, which the stub does not
 * read (unavailable), then fs_base and gs_base (57, 58).
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "arch/x86/regs.h"
#include "core/vm.h"

#define G_REGS 24
#define REG_RIP 16
#define REG_FS_BASE 57
#define NREGS 59

const unsigned int arch__gdb_nregs = NREGS, arch__gdb_g_regs = G_REGS;

static char tdesc[6144];
static unsigned int tdesc_len;

/* gdb's register n (0-17) in struct kvm_regs. */
static __u64 *reg_ptr(struct kvm_regs *r, unsigned int n)
{
	__u64 *const map[18] = {
		&r->rax, &r->rbx, &r->rcx, &r->rdx, &r->rsi, &r->rdi,
		&r->rbp, &r->rsp, &r->r8,  &r->r9,  &r->r10, &r->r11,
		&r->r12, &r->r13, &r->r14, &r->r15, &r->rip, &r->rflags,
	};

	return n < 18 ? map[n] : NULL;
}

/* Registers 18-23: cs ss ds es fs gs. */
static struct kvm_segment *seg(struct kvm_sregs *s, unsigned int n)
{
	struct kvm_segment *const map[6] = {
		&s->cs, &s->ss, &s->ds, &s->es, &s->fs, &s->gs,
	};

	return map[n - 18];
}

unsigned int arch__gdb_reg_size(unsigned int n)
{
	if (n < 17)
		return 8;
	if (n < 32)
		return n < G_REGS ? 4 : 10;	/* eflags, selectors; st0-7 */
	if (n < 40 || n == 56)
		return 4;	/* fctrl..fop, mxcsr */
	if (n < 56)
		return 16;	/* xmm0-xmm15 */
	return n < NREGS ? 8 : 0; /* fs_base, gs_base */
}

int arch__gdb_read_regs(struct vm *vm, uint64_t *v, unsigned char *avail)
{
	struct kvm_regs r;
	struct kvm_sregs s;
	unsigned int n;

	if (regs__get(vm, &r, &s))
		return -1;
	for (n = 0; n < NREGS; n++) {
		avail[n] = n < G_REGS || n >= REG_FS_BASE;
		if (n < 18)
			v[n] = *reg_ptr(&r, n);
		else if (n < G_REGS)
			v[n] = seg(&s, n)->selector;
		else if (n >= REG_FS_BASE)
			v[n] = n == REG_FS_BASE ? s.fs.base : s.gs.base;
		else
			v[n] = 0;
	}
	return 0;
}

/*
 * The general registers, rip and rflags. Segment selectors cannot change
 * (that would need KVM_SET_SREGS): a write of the current value is
 * accepted, any other refused; so are the registers past 'g'.
 */
int arch__gdb_write_regs(struct vm *vm, unsigned int first,
			 const uint64_t *v, unsigned int count)
{
	struct kvm_regs r;
	struct kvm_sregs s;
	unsigned int i, n;

	if (regs__get(vm, &r, &s))
		return -1;
	for (i = 0; i < count; i++) {
		n = first + i;
		if (n < 18)
			*reg_ptr(&r, n) = v[i];
		else if (n >= G_REGS || v[i] != seg(&s, n)->selector)
			return -1;
	}
	return ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) < 0 ? -1 : 0;
}

int arch__pc(struct vm *vm, uint64_t *get, const uint64_t *set)
{
	struct kvm_regs r;

	if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0)
		return -1;
	if (get)
		*get = r.rip;
	if (!set)
		return 0;
	r.rip = *set;
	return ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) < 0 ? -1 : 0;
}

/*
 * int3 intercepted where KVM can (KVM_GUESTDBG_USE_SW_BP), steps with
 * the trap flag (KVM_GUESTDBG_SINGLESTEP). Debug registers are not used:
 * QEMU's nested SVM ignores them.
 */
int arch__guest_debug(int vcpu_fd, int on, int step)
{
	struct kvm_guest_debug d;

	memset(&d, 0, sizeof(d));
	if (on)
		d.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP |
			    (step ? KVM_GUESTDBG_SINGLESTEP : 0);
	return ioctl(vcpu_fd, KVM_SET_GUEST_DEBUG, &d) < 0 ? -1 : 0;
}

/*
 * A debug exit in the #BP or #DB stub (the trap went through the guest's
 * IDT) is that trap; any other is what KVM says.
 */
int arch__debug_exit(struct vm *vm, uint64_t *pc)
{
	int v = arch__stub_trap(vm);

	*pc = vm->run->debug.arch.pc;
	return v >= 0 ? v : (int)vm->run->debug.arch.exception;
}

static void tdesc_add(const char *name, int bits, const char *type)
{
	tdesc_len += snprintf(tdesc + tdesc_len, sizeof(tdesc) - tdesc_len,
			      "<reg name=\"%s\" bitsize=\"%d\" type=\"%s\"/>",
			      name, bits, type);
}

static void tdesc_put(const char *s)
{
	tdesc_len += snprintf(tdesc + tdesc_len, sizeof(tdesc) - tdesc_len,
			      "%s", s);
}

/*
 * amd64 with the registers gdb's amd64 code requires (the x87 ones among
 * the core), so gdb knows the architecture and our numbering even
 * without the ELF file.
 */
static void tdesc_build(void)
{
	static const char *const gp[16] = { "rax", "rbx", "rcx", "rdx",
		"rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12",
		"r13", "r14", "r15" };
	static const char *const names[] = { "cs", "ss", "ds", "es", "fs",
		"gs", "fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg",
		"fooff", "fop" };
	static const char *const flags[22] = { [0] = "CF", [2] = "PF",
		[4] = "AF", [6] = "ZF", [7] = "SF", [8] = "TF", [9] = "IF",
		[10] = "DF", [11] = "OF", [14] = "NT", [16] = "RF",
		[17] = "VM", [18] = "AC", [19] = "VIF", [20] = "VIP",
		[21] = "ID" };
	char name[8];
	unsigned int i;

	tdesc_put("<?xml version=\"1.0\"?>"
		  "<!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target>"
		  "<architecture>i386:x86-64</architecture>"
		  "<feature name=\"org.gnu.gdb.i386.core\">"
		  "<flags id=\"i386_eflags\" size=\"4\">");
	for (i = 0; i < 22; i++)
		if (flags[i])
			tdesc_len += snprintf(tdesc + tdesc_len,
				sizeof(tdesc) - tdesc_len, "<field name=\"%s\" "
				"start=\"%u\" end=\"%u\"/>", flags[i], i, i);
	tdesc_put("</flags>");
	for (i = 0; i < 16; i++)
		tdesc_add(gp[i], 64, i == 6 || i == 7 ? "data_ptr" : "int64");
	tdesc_add("rip", 64, "code_ptr");
	tdesc_add("eflags", 32, "i386_eflags");
	for (i = 0; i < 6; i++)
		tdesc_add(names[i], 32, "int32");
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "st%u", i);
		tdesc_add(name, 80, "i387_ext");
	}
	for (i = 6; i < 14; i++)
		tdesc_add(names[i], 32, "int");
	tdesc_put("</feature><feature name=\"org.gnu.gdb.i386.sse\">");
	for (i = 0; i < 16; i++) {
		snprintf(name, sizeof(name), "xmm%u", i);
		tdesc_add(name, 128, "uint128");
	}
	tdesc_add("mxcsr", 32, "int");
	tdesc_put("</feature><feature name=\"org.gnu.gdb.i386.segments\">");
	tdesc_add("fs_base", 64, "int");
	tdesc_add("gs_base", 64, "int");
	tdesc_put("</feature></target>");
}

const char *arch__gdb_target_xml(unsigned int *len)
{
	if (!tdesc_len)
		tdesc_build();
	*len = tdesc_len;
	return tdesc;
}
