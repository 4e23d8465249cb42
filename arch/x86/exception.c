// SPDX-License-Identifier: MIT
/*
 * Guest CPU exceptions in long mode. Every IDT vector points at a stub in
 * the ring-0 region that pushes its vector number and writes the
 * exception port; the monitor then reads the frame the CPU pushed on the
 * IST stack and reports it. The guest is never resumed, but for a #BP or
 * #DB a debugger takes: it sees the guest as the CPU left it.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/ioctl.h>
#include "arch/arch.h"
#include "arch/x86/regs.h"
#include "arch/x86/ring0.h"
#include "core/error.h"
#include "core/kconfig.h"
#include "core/vm.h"
#include "unimon/abi.h"

static const char *const names[R0_NVEC] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved",
	"#MF x87 floating point", "#AC alignment check", "#MC machine check",
	"#XM SIMD floating point", "#VE virtualization", "#CP control protection",
};

/* The frame on the IST stack: vector, [error], rip, cs, rflags, rsp, ss. */
struct frame {
	uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

static int read_frame(struct vm *vm, uint64_t rsp, struct frame *f)
{
	uint64_t w[7];
	const uint64_t top = CONFIG_RING0_ADDR + R0_STACK_TOP;

	/* The frame must lie in the ring-0 stack; copy it once. */
	if (rsp < CONFIG_RING0_ADDR + R0_STUBS + 0x1000 || rsp > top - 6 * 8)
		return -1;
	memset(w, 0, sizeof(w));
	memcpy(w, vm->mem.base + rsp, top - rsp < sizeof(w) ? top - rsp : sizeof(w));
	f->vector = w[0];
	if (f->vector >= R0_NVEC)
		return -1;
	if (VEC_HAS_ERROR(f->vector)) {
		f->error = w[1];
		memmove(w + 1, w + 2, 5 * 8);
	} else {
		f->error = 0;
	}
	f->rip = w[1];
	f->cs = w[2];
	f->rflags = w[3];
	f->rsp = w[4];
	f->ss = w[5];
	return 0;
}

/*
 * Back where the CPU left the guest, as an iretq from the stub would do
 * (the frame's rip, rsp, flags, and the flat segments of its selectors):
 * the monitor does it, since on PVM hosts the stubs run in KVM's
 * emulator, which has no 64-bit iretq. The trap flag goes (a debugger
 * sets its own); IOPL is the entry's (PVM drops it at CPL3). 0 or -1.
 */
static int trap_return(struct vm *vm, const struct frame *f,
		       struct kvm_regs *r, struct kvm_sregs *s)
{
	const int user = IS_ENABLED(CONFIG_GUEST_CPL3);

	if (f->cs != (user ? SEL_UCODE : SEL_KCODE) ||
	    f->ss != (user ? SEL_UDATA : SEL_KDATA))
		return -1;
	s->cs = r0_flat_seg(f->cs, 1);
	s->ss = r0_flat_seg(f->ss, 0);
	r->rip = f->rip;
	r->rsp = f->rsp;
	r->rflags = (f->rflags & ~(uint64_t)(RFLAGS_TF | RFLAGS_IOPL3)) |
		    (user ? RFLAGS_IOPL3 : 0);
	if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, s) < 0 ||
	    ioctl(vm->vcpu_fd, KVM_SET_REGS, r) < 0)
		return -1;
	return 0;
}

int arch__stub_trap(struct vm *vm)
{
	const uint64_t top = CONFIG_RING0_ADDR + R0_STACK_TOP;
	struct kvm_regs r;
	struct kvm_sregs s;
	struct frame f;
	uint64_t stub, w[5]; /* rip cs rflags rsp ss */
	int v;

	if (regs__get(vm, &r, &s) || s.cs.dpl != 0)
		return -1;
	for (v = 1; v <= 3; v += 2) {
		stub = CONFIG_RING0_ADDR + R0_STUBS + v * R0_STUB_SIZE;
		if (r.rip == stub || r.rip == stub + 2)
			break;
	}
	if (v > 3)
		return -1;
	if (r.rip == stub + 2) /* past its push of the vector */
		r.rsp += 8;
	if (r.rsp < CONFIG_RING0_ADDR + R0_STUBS + 0x1000 ||
	    r.rsp > top - sizeof(w))
		return -1;
	memcpy(w, vm->mem.base + r.rsp, sizeof(w));
	f = (struct frame){ .vector = v, .rip = w[0], .cs = w[1],
			    .rflags = w[2], .rsp = w[3], .ss = w[4] };
	return trap_return(vm, &f, &r, &s) ? -1 : v;
}

enum arch_exc arch__exception(struct vm *vm, arch_trap_fn *trap)
{
	const uint64_t stubs = CONFIG_RING0_ADDR + R0_STUBS;
	struct kvm_regs r;
	struct kvm_sregs s;
	struct frame f;

	if (regs__get(vm, &r, &s) || s.cs.dpl != 0 || r.rip < stubs ||
	    r.rip >= stubs + R0_NVEC * R0_STUB_SIZE || read_frame(vm, r.rsp, &f))
		return ARCH_EXC_NONE;
	if (trap && (f.vector == 1 || f.vector == 3)) {
		struct kvm_regs gr = r;
		struct kvm_sregs gs = s;

		if (!trap_return(vm, &f, &gr, &gs) && trap(vm, (int)f.vector))
			return ARCH_EXC_TRAPPED;
		/* Not taken: the crash below, the registers as before. */
		if (regs__set(vm, &r, &s))
			vm__stop(vm, UNIMON_EXIT_MONITOR, "%s", err__msg());
	}
	/* The guest's state at the fault, for the personality's report. */
	r.rip = f.rip;
	r.rsp = f.rsp;
	r.rflags = f.rflags;
	s.cs.selector = f.cs;
	s.ss.selector = f.ss;
	regs__save_crash(vm, &r, &s);
	vm->crash.vector = (int)f.vector;
	vm->crash.error = f.error;
	vm->crash.fault_addr = f.vector == 14 ? s.cr2 : 0;
	return ARCH_EXC_CRASH;
}

const char *arch__exception_name(int vector)
{
	return vector >= 0 && vector < 22 ? names[vector] : "reserved";
}

void arch__report_exception(struct vm *vm)
{
	const struct crash_regs *c = &regs__crash;
	struct kvm_regs r;
	struct kvm_sregs s;

	pr_err("guest exception %s (vector %d), error code 0x%" PRIx64
	       ", at rip 0x%" PRIx64 " (cpl %" PRIu64 "), cr2 0x%" PRIx64,
	       arch__exception_name(vm->crash.vector), vm->crash.vector,
	       vm->crash.error, c->rip, c->cs & 3, c->cr2);
	if (regs__get(vm, &r, &s))
		return;
	r.rip = c->rip;
	r.rsp = c->gpr[4];
	r.rflags = c->rflags;
	s.cs.selector = c->cs;
	s.ss.selector = c->ss;
	regs__print(&r, &s);
}
