// SPDX-License-Identifier: MIT
/*
 * gdb remote stub (CONFIG_GDBSTUB): --gdb PORT waits on 127.0.0.1:PORT for
 * one gdb before the first guest instruction, then speaks the GDB Remote
 * Serial Protocol over that one connection: registers, guest memory,
 * breakpoints, single steps, continue, kill (exit code 137), detach, and
 * gdb's interrupt (Ctrl-C) while the guest runs. If the connection drops,
 * the breakpoints go and the guest runs on without the debugger.
 *
 * This file holds the protocol's commands; debug/gdb-packet.c the wire
 * (connection, packets, hex); debug/gdb-bp.c the breakpoints (the
 * instruction written over memory); debug/gdb-mem.c guest memory with
 * the breakpoints hidden; arch/x86/gdb.c the registers (the amd64
 * target description, gdb's numbering; the x87 and SSE registers gdb
 * requires are reported unavailable) and guest debugging.
 *
 * One vCPU, no threads: the stub serves gdb from the start hook and from
 * each KVM_EXIT_DEBUG, and returns to the run loop when gdb resumes the
 * guest. Guest virtual == guest physical (identity-mapped long mode), so
 * memory goes through gmem__ptr() like any guest pointer.
 *
 * Breakpoints are breakpoint instructions (int3) and steps KVM's single
 * steps; nothing else of KVM's guest debugging is needed, since what KVMs
 * intercept differs (docs/VM.md, tests/vm/kvm-debug-probe.c): hardware
 * KVM intercepts int3 (a debug exit); PVM at CPL3 and QEMU's nested SVM
 * do not, and the #BP reaches the monitor's #BP stub (its gate is DPL3),
 * whose exit the arch code undoes before the trap hook; PVM at CPL0
 * cannot run an int3 (an emulation failure at it, which the run loop
 * hands to the trap hook). A guest without the monitor's IDT (Solo5) on a
 * KVM that does not intercept int3 (arch__bp_by_steps) would take the
 * int3 itself: there nothing is written, and a continue goes by single
 * steps until the pc is at a breakpoint ("sweeping").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "core/device.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/strutil.h"
#include "core/vm.h"
#include "debug/gdb-bp.h"
#include "debug/gdb-mem.h"
#include "debug/gdb-packet.h"
#include "unimon/abi.h"

#define PKT_MAX GDB_PKT_MAX
#define MAX_REGS 64
#define GDB_EXIT_KILLED 137	/* 'k' from gdb: like a SIGKILL */

static unsigned int port;	/* 0: no --gdb */
static int vcpu_fd = -1;	/* for the SIGIO handler */
static volatile sig_atomic_t running, interrupted;

/* Resuming from a breakpoint's address: step the original byte first. */
static struct {
	int active;
	uint64_t addr;
	int then_continue;
} stepover;
static int user_step;		/* gdb asked for 's' */
static int sweeping;		/* a continue by single steps */
static char last_stop[32] = "S05";

/* --gdb PORT ------------------------------------------------------ */

static int gdb_parse(struct options *o, const char *arg)
{
	unsigned long v = 0;
	const char *p;

	for (p = arg; *p >= '0' && *p <= '9' && v <= 65535; p++)
		v = v * 10 + (*p - '0');
	if (p == arg || *p || v < 1 || v > 65535) {
		pr_err("--gdb wants a TCP port 1-65535, not: %s (see 'unimon "
		       "--help')", arg);
		return UNIMON_EXIT_USAGE;
	}
	port = v;
	return 0;
}

static uint8_t *guest_byte(struct vm *vm, uint64_t addr)
{
	return gmem__ptr(&vm->mem, addr, 1);
}

static void bp_remove_all(struct vm *vm)
{
	gdb_bp__remove_all(vm);
	stepover.active = 0;
}

static void drop_connection(void)
{
	gdb_conn__close();
	running = 0;
}

/* Stop debugging: the guest runs on as if gdb had never come. */
static void detach(struct vm *vm)
{
	bp_remove_all(vm);
	arch__guest_debug(vcpu_fd, 0, 0);
	drop_connection();
}

/* Commands ----------------------------------------------------------- */

/* 'g': the first arch__gdb_g_regs registers; 'p n': one of them all. */
static void cmd_read_regs(struct vm *vm, const char *p, int one, char *out)
{
	uint64_t v[MAX_REGS], n, from = 0, to = arch__gdb_g_regs;
	unsigned char avail[MAX_REGS];

	strcpy(out, "E01");
	if (one && (gdb_hex__number(&p, &n) || *p || n >= arch__gdb_nregs))
		return;
	if (arch__gdb_read_regs(vm, v, avail))
		return;
	if (one) {
		from = n;
		to = n + 1;
	}
	for (n = from; n < to; n++) {
		unsigned int size = arch__gdb_reg_size(n);

		if (avail[n]) {
			out = gdb_hex__put_le(out, v[n], size);
		} else {
			memset(out, 'x', 2 * size);
			out += 2 * size;
		}
	}
	*out = 0;
}

/* 'P n=value', 'G': as many of the 'g' registers as it holds. */
static void cmd_write_regs(struct vm *vm, const char *p, char *out, int one)
{
	uint64_t v[MAX_REGS], n = 0;
	unsigned int count = 0;

	strcpy(out, "E01");
	if (one) {
		if (gdb_hex__number(&p, &n) || *p++ != '=' ||
		    n >= arch__gdb_g_regs ||
		    gdb_hex__get_le(&p, &v[0], arch__gdb_reg_size(n)) || *p)
			return;
		count = 1;
	} else {
		for (; count < arch__gdb_g_regs && *p; count++)
			if (gdb_hex__get_le(&p, &v[count],
					    arch__gdb_reg_size(count)))
				return;
	}
	if (!arch__gdb_write_regs(vm, n, v, count))
		strcpy(out, "OK");
}

/* Z0,addr,kind / z0,addr,kind: software breakpoints; other types: "". */
static void cmd_breakpoint(struct vm *vm, const char *p, char *out)
{
	int insert = p[-1] == 'Z', rc;
	uint64_t addr, kind;

	*out = 0;
	if (*p++ != '0' || *p++ != ',')
		return;
	if (gdb_hex__number(&p, &addr) || *p++ != ',' ||
	    gdb_hex__number(&p, &kind)) {
		strcpy(out, "E01");
		return;
	}
	strcpy(out, "OK");
	if (!insert) {
		gdb_bp__remove(vm, addr);
		return;
	}
	/* Not armed where a step over it is under way: that puts it back. */
	rc = gdb_bp__insert(vm, addr,
			    !(stepover.active && stepover.addr == addr));
	if (rc)
		strcpy(out, rc == -2 ? "E28" : "E14");
}

/*
 * Back to the guest. From here on, gdb's interrupt is the SIGIO
 * handler's; one that came before is taken now.
 */
static void run_guest(int step)
{
	sweeping = !step && gdb_bp__sweep();
	step |= sweeping;
	if (arch__guest_debug(vcpu_fd, 1, step))
		pr_err("gdb: KVM_SET_GUEST_DEBUG: %s", strerror(errno));
	running = 1;
	if (gdb_conn__input_pending() && !step && !interrupted) {
		interrupted = 1;
		arch__guest_debug(vcpu_fd, 1, 1);
	}
}

/*
 * Let the guest run (step: one instruction). From a breakpoint's address
 * the breakpoint is out for one step first.
 */
static void resume(struct vm *vm, int step, const char *addr)
{
	uint64_t a, pc;

	if (*addr && gdb_hex__number(&addr, &a) == 0)
		arch__pc(vm, NULL, &a);
	if (arch__pc(vm, &pc, NULL) == 0 && gdb_bp__at(pc)) {
		gdb_bp__arm(vm, pc, 0);
		stepover.active = 1;
		stepover.addr = pc;
		stepover.then_continue = !step;
		step = 1;
	}
	user_step = step && !stepover.then_continue;
	interrupted = 0;
	run_guest(step);
}

/* qXfer:features:read:target.xml:offset,length */
static void cmd_xfer(const char *p, char *out)
{
	unsigned int tdesc_len;
	const char *tdesc = arch__gdb_target_xml(&tdesc_len);
	uint64_t off, len;

	strcpy(out, "E00");
	if (strncmp(p, "target.xml:", 11))
		return;
	p += 11;
	if (gdb_hex__range(&p, &off, &len, 0) || off > tdesc_len)
		return;
	if (len > PKT_MAX - 5)
		len = PKT_MAX - 5;
	if (len > tdesc_len - off)
		len = tdesc_len - off;
	out[0] = off + len < tdesc_len ? 'm' : 'l';
	memcpy(out + 1, tdesc + off, len);
	out[len + 1] = 0;
}

/* A query packet; the reply in out ("" = not supported). */
static void cmd_query(const char *p, char *out)
{
	*out = 0;
	if (!strncmp(p, "qSupported", 10))
		sprintf(out, "PacketSize=%x;swbreak+;qXfer:features:read+",
			PKT_MAX);
	else if (!strncmp(p, "qXfer:features:read:", 20))
		cmd_xfer(p + 20, out);
	else if (!strcmp(p, "qAttached"))
		strcpy(out, "1"); /* quitting gdb detaches, the guest runs on */
	else if (!strcmp(p, "qC"))
		strcpy(out, "QC1");
	else if (!strcmp(p, "qfThreadInfo"))
		strcpy(out, "m1");
	else if (!strcmp(p, "qsThreadInfo"))
		strcpy(out, "l");
}

static void kill_guest(struct vm *vm)
{
	vm__stop(vm, GDB_EXIT_KILLED, "guest killed by gdb");
	bp_remove_all(vm);
	drop_connection();
}

/* One packet: 1 when the guest should run again, 0 to serve more. */
static int dispatch(struct vm *vm, const char *p, char *out)
{
	const char cmd = *p++;

	*out = 0;
	switch (cmd) {
	case '?':
		strcpy(out, last_stop);
		break;
	case 'g':
	case 'p':
		cmd_read_regs(vm, p, cmd == 'p', out);
		break;
	case 'G':
	case 'P':
		cmd_write_regs(vm, p, out, cmd == 'P');
		break;
	case 'm':
		gdb_mem__read(vm, p, out);
		break;
	case 'M':
		gdb_mem__write(vm, p, out);
		break;
	case 'Z':
	case 'z':
		cmd_breakpoint(vm, p, out);
		break;
	case 'c':
	case 's':
		resume(vm, cmd == 's', p);
		return 1;
	case 'C': /* with a signal: there are no signals to deliver */
	case 'S':
		p = strchr(p, ';');
		resume(vm, cmd == 'S', p ? p + 1 : "");
		return 1;
	case 'H':
	case 'T':
		strcpy(out, "OK");
		break;
	case 'D':
		gdb_pkt__send("OK");
		pr_err("gdb detached; the guest runs on");
		detach(vm);
		return 1;
	case 'k':
		kill_guest(vm);
		return 1;
	case 'v':
		if (!strncmp(p, "Kill", 4)) {
			gdb_pkt__send("OK");
			kill_guest(vm);
			return 1;
		}
		break; /* vCont? and the rest: not supported */
	case 'q':
		cmd_query(p - 1, out);
		break;
	}
	return 0;
}

static void connection_lost(struct vm *vm)
{
	pr_err("gdb connection lost; the guest runs on");
	detach(vm);
}

/* Serve gdb until it resumes the guest, detaches, kills or goes away. */
static void serve(struct vm *vm)
{
	static char pkt[PKT_MAX + 1], out[PKT_MAX];
	int n;

	while (gdb_conn__open()) {
		n = gdb_pkt__recv(pkt);
		if (n == -2)
			return; /* SIGINT, SIGTERM, --timeout: stop the VM */
		if (n < 0) {
			connection_lost(vm);
			return;
		}
		if (dispatch(vm, pkt, out))
			return;
		n = gdb_pkt__send(out);
		if (n == -2)
			return;
		if (n < 0) {
			connection_lost(vm);
			return;
		}
	}
}

/* Report a stop (T05, with swbreak when at one of our breakpoints). */
static void stopped(struct vm *vm, int sig, int swbreak)
{
	snprintf(last_stop, sizeof(last_stop), "T%02xthread:1;%s", sig,
		 swbreak ? "swbreak:;" : "");
	interrupted = 0;
	switch (gdb_pkt__send(last_stop)) {
	case 0:
		serve(vm);
		break;
	case -1:
		connection_lost(vm);
		break;
	}
}

/*
 * A breakpoint instruction: ours (pc at the breakpoint, or just past it
 * on a KVM that reports the trap's pc), or the guest's own, reported as
 * SIGTRAP with pc past it, as a CPU delivers #BP. exit_pc: where a debug
 * exit says it was (~0 when the trap came through the guest's IDT).
 */
static void breakpoint_hit(struct vm *vm, uint64_t exit_pc)
{
	uint64_t pc;
	uint8_t *m;

	if (arch__pc(vm, &pc, NULL)) {
		stopped(vm, 5, 0);
		return;
	}
	if (gdb_bp__at(pc)) {
		stopped(vm, 5, 1);
		return;
	}
	if (gdb_bp__at(pc - 1)) {
		pc--;
		arch__pc(vm, NULL, &pc);
		stopped(vm, 5, 1);
		return;
	}
	m = guest_byte(vm, pc);
	if (exit_pc == pc && m && *m == arch__breakpoint_insn) {
		pc++;
		arch__pc(vm, NULL, &pc);
	}
	stopped(vm, 5, 0);
}

/* The guest stopped for the debugger: a step or a breakpoint trap. */
static void debug_stop(struct vm *vm, int trap, uint64_t exit_pc)
{
	running = 0;
	if (stepover.active) { /* stepped off it: the breakpoint goes back */
		stepover.active = 0;
		gdb_bp__arm(vm, stepover.addr, 1);
		if (trap == ARCH_TRAP_STEP && stepover.then_continue &&
		    !interrupted) {
			sweeping = gdb_bp__sweep(); /* then: is pc at one? */
			if (!sweeping) {
				run_guest(0);
				return;
			}
		}
	}
	if (sweeping && trap == ARCH_TRAP_STEP && !interrupted) {
		uint64_t pc;

		if (arch__pc(vm, &pc, NULL) == 0 && !gdb_bp__at(pc)) {
			run_guest(0); /* not at one yet: step on */
			return;
		}
		trap = ARCH_TRAP_BREAKPOINT;
	}
	if (trap == ARCH_TRAP_BREAKPOINT)
		breakpoint_hit(vm, exit_pc);
	else
		stopped(vm, interrupted && !user_step ? 2 : 5, 0);
}

static void gdb_debug_exit(struct vm *vm)
{
	uint64_t pc;
	int trap = arch__debug_exit(vm, &pc);

	if (!gdb_conn__open()) { /* gone: no more debug exits */
		running = 0;
		arch__guest_debug(vcpu_fd, 0, 0);
		return;
	}
	debug_stop(vm, trap, pc);
}

/* A #BP or #DB through the guest's IDT: ours while gdb is there. */
static int gdb_trap(struct vm *vm, int vector)
{
	if (!gdb_conn__open())
		return 0;
	debug_stop(vm, vector, ~0ull);
	return 1;
}

/*
 * gdb's interrupt (a 0x03 byte) while the guest runs: SIGIO on input.
 * One single step brings the guest back to the stub as a debug exit.
 * Only the vCPU ioctl, which is async-signal-safe, and never while the
 * stub itself runs.
 */
static void on_sigio(int sig, siginfo_t *si, void *uc)
{
	int saved = errno;

	if (!running || interrupted || si->si_code == POLL_OUT)
		return;
	interrupted = 1;
	arch__guest_debug(vcpu_fd, 1, 1);
	errno = saved;
}

static int gdb_start(struct vm *vm)
{
	if (!port)
		return 0;
	vcpu_fd = vm->vcpu_fd;
	/* Breakpoints go into code the host may map read-only (Solo5). */
	if (gmem__unprotect(&vm->mem)) {
		pr_err("--gdb: cannot make the guest's code writable: %s",
		       strerror(errno));
		return UNIMON_EXIT_MONITOR;
	}
	if (arch__bp_by_steps && arch__bp_by_steps(vm)) {
		pr_err("gdb: this KVM lets an int3 through to a guest, which "
		       "has no handler: breakpoints by single steps (slower)");
		gdb_bp__by_steps();
	}
	if (arch__guest_debug(vcpu_fd, 1, 0)) {
		pr_err("--gdb: KVM_SET_GUEST_DEBUG: %s", strerror(errno));
		return UNIMON_EXIT_MONITOR;
	}
	if (gdb_conn__accept(port))
		return UNIMON_EXIT_MONITOR;
	if (!gdb_conn__open())
		return 0; /* a signal: the run loop stops the VM at once */
	if (gdb_conn__watch(on_sigio)) {
		pr_err("--gdb: cannot watch the connection: %s",
		       strerror(errno));
		drop_connection();
		return UNIMON_EXIT_MONITOR;
	}
	serve(vm); /* gdb's first look, before the first instruction */
	return 0;
}

/* The guest is gone: tell gdb its exit status (no wait for the ack). */
static void gdb_exit(struct vm *vm)
{
	const int c = vm->exit_code;
	uint8_t sum = 'W' + gdb_hex[(c >> 4) & 15] + gdb_hex[c & 15];
	char w[8];

	if (!gdb_conn__open())
		return;
	running = 0;
	snprintf(w, sizeof(w), "$W%c%c#%c%c", gdb_hex[(c >> 4) & 15],
		 gdb_hex[c & 15], gdb_hex[sum >> 4], gdb_hex[sum & 15]);
	gdb_conn__put(w, 7);
	drop_connection();
}

/* Reading gdb's packets (write is the core's), peeking for interrupts. */
static const int gdb_syscalls[] = { SYS_read, SYS_recvfrom, -1 };
/*
 * Breakpoints and steps on and off, register writes from gdb, and the
 * arch code's return from a #BP or #DB stub for gdb (KVM_GET_REGS and
 * KVM_GET_SREGS are the core's).
 */
static const unsigned long gdb_ioctls[] = { KVM_SET_GUEST_DEBUG, KVM_SET_REGS,
					    KVM_SET_SREGS, 0 };

static const struct dev_option gdb_opts[] = {
	{ "gdb", "PORT",
	  "wait for gdb on 127.0.0.1:PORT before the first guest instruction "
	  "(kill from gdb: exit code 137)", gdb_parse },
	{ 0 },
};

static const struct device gdb_dev = {
	.name = "gdbstub",
	.summary = "gdb remote stub on loopback (--gdb PORT)",
	.order = DEVICE_ORDER_DEBUG,
	.opts = gdb_opts,
	.start = gdb_start,
	.debug_exit = gdb_debug_exit,
	.trap = gdb_trap,
	.exit = gdb_exit,
	.syscalls = gdb_syscalls,
	.ioctls = gdb_ioctls,
};
DEVICE_REGISTER(gdb_dev);
