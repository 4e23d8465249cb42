// SPDX-License-Identifier: MIT
/*
 * gdb remote stub (CONFIG_GDBSTUB): --gdb PORT waits on 127.0.0.1:PORT for
 * one gdb before the first guest instruction, then speaks the GDB Remote
 * Serial Protocol over that one connection: registers, guest memory,
 * breakpoints, single steps, continue, kill (exit code 137), detach, and
 * gdb's interrupt (Ctrl-C) while the guest runs. If the connection drops,
 * the breakpoints go and the guest runs on without the debugger.
 *
 * One vCPU, no threads: the stub serves gdb from the start hook and from
 * each KVM_EXIT_DEBUG, and returns to the run loop when gdb resumes the
 * guest. Guest virtual == guest physical (identity-mapped long mode), so
 * memory goes through gmem__ptr() like any guest pointer.
 *
 * Registers: a target description (amd64: rax..r15, rip, eflags, the
 * selectors, fs_base, gs_base; the x87 and SSE registers gdb requires are
 * reported unavailable); 'g' holds the first 24, little-endian hex.
 *
 * Breakpoints are int3 bytes, steps KVM_GUESTDBG_SINGLESTEP, and nothing
 * else of KVM's guest debugging is needed, since what KVMs intercept
 * differs (docs/VM.md, tests/vm/kvm-debug-probe.c): hardware KVM
 * intercepts int3 (KVM_GUESTDBG_USE_SW_BP: a debug exit); PVM at CPL3 and
 * QEMU's nested SVM do not, and the #BP reaches the monitor's #BP stub
 * (its gate is DPL3), whose exit the arch code undoes before the trap
 * hook; PVM at CPL0 cannot run an int3 (an emulation failure at it, which
 * the run loop hands to the trap hook). Debug registers are not used:
 * QEMU's nested SVM ignores them.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "arch/arch.h"
#include "core/device.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/run.h"
#include "core/strutil.h"
#include "core/vm.h"
#include "unimon/abi.h"

#define PKT_MAX 4096		/* our PacketSize (hex 1000 in qSupported) */
#define MAX_BPS 64
#define GDB_EXIT_KILLED 137	/* 'k' from gdb: like a SIGKILL */
#define NREGS 24		/* registers in 'g' */
#define DB_VECTOR 1
#define BP_VECTOR 3
#define DBG_ON (KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP)

static unsigned int port;	/* 0: no --gdb */
static int conn = -1;
static int vcpu_fd = -1;	/* for the SIGIO handler */
static volatile sig_atomic_t running, interrupted;

/* gdb's breakpoints: int3 bytes (the byte under each kept in saved). */
static struct bp {
	uint64_t addr;
	uint8_t saved;
} bps[MAX_BPS];
static unsigned int nbps;

/* Resuming from a breakpoint's address: step the original byte first. */
static struct {
	int active;
	uint64_t addr;
	int then_continue;
} stepover;
static int user_step;		/* gdb asked for 's' */
static char last_stop[32] = "S05";

static uint8_t in[PKT_MAX];
static size_t in_pos, in_len;
static int pushback = -1;

/* --gdb PORT ------------------------------------------------------ */

static int gdb_parse(const char *arg)
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

/* KVM --------------------------------------------------------------- */

/* Breakpoints (int3 intercepted where KVM can) and steps on or off. */
static int set_debug(unsigned int control)
{
	struct kvm_guest_debug d;

	memset(&d, 0, sizeof(d));
	d.control = control;
	return ioctl(vcpu_fd, KVM_SET_GUEST_DEBUG, &d);
}

static int get_regs(struct vm *vm, struct kvm_regs *r)
{
	return ioctl(vm->vcpu_fd, KVM_GET_REGS, r);
}

static int set_regs(struct vm *vm, struct kvm_regs *r)
{
	return ioctl(vm->vcpu_fd, KVM_SET_REGS, r);
}

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
static uint16_t seg_sel(const struct kvm_sregs *s, unsigned int n)
{
	const struct kvm_segment *const map[6] = {
		&s->cs, &s->ss, &s->ds, &s->es, &s->fs, &s->gs,
	};

	return map[n - 18]->selector;
}

static unsigned int reg_size(unsigned int n)
{
	return n < 17 ? 8 : 4;
}

/* Breakpoints ------------------------------------------------------- */

static int bp_find(uint64_t addr)
{
	unsigned int i;

	for (i = 0; i < nbps; i++)
		if (bps[i].addr == addr)
			return i;
	return -1;
}

static uint8_t *guest_byte(struct vm *vm, uint64_t addr)
{
	return gmem__ptr(&vm->mem, addr, 1);
}

/* The int3 byte in or out. */
static void bp_arm(struct vm *vm, uint64_t addr, int on)
{
	int b = bp_find(addr);
	uint8_t *m = guest_byte(vm, addr);

	if (b >= 0 && m)
		*m = on ? 0xcc : bps[b].saved;
}

static void bp_remove_all(struct vm *vm)
{
	while (nbps) {
		bp_arm(vm, bps[nbps - 1].addr, 0);
		nbps--;
	}
	stepover.active = 0;
}

/* Packets ----------------------------------------------------------- */

static void drop_connection(void)
{
	if (conn >= 0)
		close(conn);
	conn = -1;
	running = 0;
}

/* Stop debugging: the guest runs on as if gdb had never come. */
static void detach(struct vm *vm)
{
	bp_remove_all(vm);
	set_debug(0);
	drop_connection();
}

/*
 * The next byte from gdb; -1 when the connection is gone, -2 when a
 * signal that stops the VM arrived (the run loop handles it).
 */
static int get_char(struct vm *vm)
{
	ssize_t n;
	int c;

	if (pushback >= 0) {
		c = pushback;
		pushback = -1;
		return c;
	}
	while (in_pos == in_len) {
		if (run__stop_requested())
			return -2;
		n = read(conn, in, sizeof(in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		in_pos = 0;
		in_len = n;
	}
	return in[in_pos++];
}

static int put(const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(conn, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static const char hex[] = "0123456789abcdef";

/* "$data#cs", resent on '-' (a few times), until gdb's '+'. */
static int send_packet(struct vm *vm, const char *data)
{
	static char out[PKT_MAX + 8];
	size_t len = strlen(data), i;
	uint8_t sum = 0;
	int c, tries;

	for (i = 0; i < len; i++)
		sum += (uint8_t)data[i];
	out[0] = '$';
	memcpy(out + 1, data, len);
	out[len + 1] = '#';
	out[len + 2] = hex[sum >> 4];
	out[len + 3] = hex[sum & 15];
	for (tries = 0; tries < 8; tries++) {
		if (put(out, len + 4))
			return -1;
		do
			c = get_char(vm);
		while (c == 3); /* a late interrupt: we are stopped */
		if (c < 0)
			return c;
		if (c != '-') {
			if (c != '+')
				pushback = c; /* no ack: take it as one */
			return 0;
		}
	}
	return -1;
}

/*
 * One packet's data into buf (NUL-terminated), acknowledged; its length,
 * or -1 (connection gone) / -2 (stopping signal).
 */
static int recv_packet(struct vm *vm, char *buf)
{
	int c, c1, c2;
	size_t n;
	uint8_t sum;

	for (;;) {
		do
			c = get_char(vm);
		while (c >= 0 && c != '$'); /* acks, interrupts, noise */
		if (c < 0)
			return c;
		n = 0;
		sum = 0;
		while ((c = get_char(vm)) >= 0 && c != '#') {
			if (c == '$') { /* a fresh start */
				n = 0;
				sum = 0;
				continue;
			}
			sum += (uint8_t)c;
			if (n < PKT_MAX)
				buf[n] = c;
			n++;
		}
		if (c < 0)
			return c;
		if ((c1 = get_char(vm)) < 0)
			return c1;
		if ((c2 = get_char(vm)) < 0)
			return c2;
		if (hex_digit(c1) < 0 || hex_digit(c2) < 0 || n >= PKT_MAX ||
		    ((hex_digit(c1) << 4) | hex_digit(c2)) != sum) {
			if (put("-", 1))
				return -1;
			continue;
		}
		buf[n] = 0;
		return put("+", 1) ? -1 : (int)n;
	}
}

/* Hex numbers in packets ------------------------------------------- */

/* A hex number at *p (at least one digit), *p moved past it. */
static int parse_hex(const char **p, uint64_t *v)
{
	const char *s = *p;
	int d;

	*v = 0;
	while ((d = hex_digit(**p)) >= 0 && *p - s < 16) {
		*v = (*v << 4) | d;
		(*p)++;
	}
	return *p == s || hex_digit(**p) >= 0 ? -1 : 0;
}

/* "addr,len" then the character end (':' or NUL). */
static int parse_range(const char **p, uint64_t *addr, uint64_t *len, char end)
{
	if (parse_hex(p, addr) || *(*p)++ != ',' || parse_hex(p, len) ||
	    **p != end)
		return -1;
	if (end)
		(*p)++;
	return 0;
}

static char *put_le(char *o, uint64_t v, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size; i++, v >>= 8) {
		*o++ = hex[(v >> 4) & 15];
		*o++ = hex[v & 15];
	}
	return o;
}

/* size bytes of little-endian hex; -1 if not exactly that. */
static int get_le(const char **p, uint64_t *v, unsigned int size)
{
	unsigned int i;
	int hi, lo;

	*v = 0;
	for (i = 0; i < size; i++) {
		hi = hex_digit((*p)[2 * i]);
		lo = hi < 0 ? -1 : hex_digit((*p)[2 * i + 1]);
		if (lo < 0)
			return -1;
		*v |= (uint64_t)(hi << 4 | lo) << (8 * i);
	}
	*p += 2 * size;
	return 0;
}

/* Commands ----------------------------------------------------------- */

static void cmd_read_regs(struct vm *vm, char *out)
{
	struct kvm_regs r;
	struct kvm_sregs s;
	unsigned int n;

	if (get_regs(vm, &r) || ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s)) {
		strcpy(out, "E01");
		return;
	}
	for (n = 0; n < NREGS; n++)
		out = put_le(out, n < 18 ? *reg_ptr(&r, n) : seg_sel(&s, n),
			     reg_size(n));
	*out = 0;
}

/*
 * The register numbers of our target description: 0-23 as in 'g', then
 * the x87 (24-39) and SSE (40-56) registers, which the stub does not read
 * (unavailable: "xx.."), then fs_base and gs_base (57, 58).
 */
#define REG_FS_BASE 57
#define REG_ALL 59

static unsigned int desc_reg_size(unsigned int n)
{
	if (n < NREGS)
		return reg_size(n);
	if (n < 32)
		return 10;	/* st0-st7 */
	if (n < 40 || n == 56)
		return 4;	/* fctrl..fop, mxcsr */
	return n < 56 ? 16 : 8;	/* xmm0-xmm15, fs_base, gs_base */
}

static void cmd_read_reg(struct vm *vm, const char *p, char *out)
{
	struct kvm_regs r;
	struct kvm_sregs s;
	uint64_t n, v;

	strcpy(out, "E01");
	if (parse_hex(&p, &n) || *p || n >= REG_ALL ||
	    get_regs(vm, &r) || ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s))
		return;
	if (n < 18)
		v = *reg_ptr(&r, n);
	else if (n < NREGS)
		v = seg_sel(&s, n);
	else if (n >= REG_FS_BASE)
		v = n == REG_FS_BASE ? s.fs.base : s.gs.base;
	else {
		memset(out, 'x', 2 * desc_reg_size(n));
		out[2 * desc_reg_size(n)] = 0;
		return;
	}
	*put_le(out, v, desc_reg_size(n)) = 0;
}

/*
 * Register writes: the general registers, rip and rflags. Segment
 * selectors cannot change (that would need KVM_SET_SREGS): a write of
 * the current value is accepted, any other refused.
 */
static int write_reg(struct kvm_regs *r, const struct kvm_sregs *s,
		     unsigned int n, uint64_t v)
{
	if (n < 18)
		*reg_ptr(r, n) = v;
	else if (n >= NREGS || v != seg_sel(s, n))
		return -1;
	return 0;
}

static void cmd_write_regs(struct vm *vm, const char *p, char *out, int one)
{
	struct kvm_regs r;
	struct kvm_sregs s;
	uint64_t n = 0, v;

	strcpy(out, "E01");
	if (get_regs(vm, &r) || ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s))
		return;
	if (one) { /* P n=value */
		if (parse_hex(&p, &n) || *p++ != '=' || n >= NREGS ||
		    get_le(&p, &v, reg_size(n)) || *p ||
		    write_reg(&r, &s, n, v))
			return;
	} else { /* G: as many of our registers as it holds */
		for (n = 0; n < NREGS && *p; n++)
			if (get_le(&p, &v, reg_size(n)) ||
			    write_reg(&r, &s, n, v))
				return;
	}
	if (!set_regs(vm, &r))
		strcpy(out, "OK");
}

/* m addr,len: as many bytes as are readable from addr, breakpoints hidden. */
static void cmd_read_mem(struct vm *vm, const char *p, char *out)
{
	uint64_t addr, len, n, i;
	const uint8_t *m;

	if (parse_range(&p, &addr, &len, 0)) {
		strcpy(out, "E01");
		return;
	}
	if (len > (PKT_MAX - 4) / 2)
		len = (PKT_MAX - 4) / 2;
	m = gmem__ptr(&vm->mem, addr, len);
	for (n = m ? len : 0; !m && n < len && guest_byte(vm, addr + n); n++)
		;
	if (len && !n) {
		strcpy(out, "E14");
		return;
	}
	m = gmem__ptr(&vm->mem, addr, n);
	for (i = 0; i < n; i++) {
		int b = bp_find(addr + i);
		uint8_t c = b >= 0 ? bps[b].saved : m[i];

		*out++ = hex[c >> 4];
		*out++ = hex[c & 15];
	}
	*out = 0;
}

/* M addr,len:bytes (into the saved byte where a breakpoint sits). */
static void cmd_write_mem(struct vm *vm, const char *p, char *out)
{
	uint64_t addr, len, i, v;
	uint8_t *m;

	strcpy(out, "E01");
	if (parse_range(&p, &addr, &len, ':') || strlen(p) != 2 * len)
		return;
	for (i = 0; i < 2 * len; i++)
		if (hex_digit(p[i]) < 0)
			return;
	m = gmem__ptr(&vm->mem, addr, len);
	if (!m) {
		strcpy(out, "E14");
		return;
	}
	for (i = 0; i < len; i++) {
		int b = bp_find(addr + i);

		get_le(&p, &v, 1);
		if (b >= 0)
			bps[b].saved = v;
		else
			m[i] = v;
	}
	strcpy(out, "OK");
}

/* Z0,addr,kind / z0,addr,kind: software breakpoints; other types: "". */
static void cmd_breakpoint(struct vm *vm, const char *p, char *out)
{
	int insert = p[-1] == 'Z', b;
	uint64_t addr, kind;
	uint8_t *m;

	*out = 0;
	if (*p++ != '0' || *p++ != ',')
		return;
	if (parse_hex(&p, &addr) || *p++ != ',' || parse_hex(&p, &kind)) {
		strcpy(out, "E01");
		return;
	}
	m = guest_byte(vm, addr);
	b = bp_find(addr);
	strcpy(out, "OK");
	if (insert && b < 0) {
		if (!m || nbps == MAX_BPS) {
			strcpy(out, m ? "E28" : "E14");
			return;
		}
		bps[nbps].addr = addr;
		bps[nbps++].saved = *m;
		if (!(stepover.active && stepover.addr == addr))
			bp_arm(vm, addr, 1);
	} else if (!insert && b >= 0) {
		bp_arm(vm, addr, 0);
		bps[b] = bps[--nbps];
	}
}

/* Input from gdb already here (an interrupt sent while we were busy)? */
static int input_pending(void)
{
	char c;

	return in_pos < in_len || pushback >= 0 ||
	       recv(conn, &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

/*
 * Back to the guest. From here on, gdb's interrupt is the SIGIO
 * handler's; one that came before is taken now.
 */
static void run_guest(unsigned int control)
{
	if (set_debug(control))
		pr_err("gdb: KVM_SET_GUEST_DEBUG: %s", strerror(errno));
	running = 1;
	if (input_pending() && !(control & KVM_GUESTDBG_SINGLESTEP) &&
	    !interrupted) {
		interrupted = 1;
		set_debug(control | KVM_GUESTDBG_SINGLESTEP);
	}
}

/*
 * Let the guest run (step: one instruction). From a breakpoint's address
 * the breakpoint is out for one step first.
 */
static void resume(struct vm *vm, int step, const char *addr)
{
	struct kvm_regs r;
	unsigned int control = DBG_ON;
	uint64_t a;

	if (get_regs(vm, &r) == 0) {
		if (*addr && parse_hex(&addr, &a) == 0) {
			r.rip = a;
			set_regs(vm, &r);
		}
		if (bp_find(r.rip) >= 0) {
			bp_arm(vm, r.rip, 0);
			stepover.active = 1;
			stepover.addr = r.rip;
			stepover.then_continue = !step;
			step = 1;
		}
	}
	user_step = step && !stepover.then_continue;
	if (step)
		control |= KVM_GUESTDBG_SINGLESTEP;
	interrupted = 0;
	run_guest(control);
}

/*
 * The target description (qXfer:features:read:target.xml): amd64 with the
 * registers gdb's amd64 code requires (the x87 ones among the core), so
 * gdb knows the architecture and our numbering even without the ELF file.
 */
static char tdesc[6144];
static size_t tdesc_len;

static void tdesc_add(const char *name, int bits, const char *type)
{
	tdesc_len += snprintf(tdesc + tdesc_len, sizeof(tdesc) - tdesc_len,
			      "<reg name=\"%s\" bitsize=\"%d\" type=\"%s\"/>",
			      name, bits, type);
}

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

	tdesc_len = snprintf(tdesc, sizeof(tdesc), "<?xml version=\"1.0\"?>"
		"<!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target>"
		"<architecture>i386:x86-64</architecture>"
		"<feature name=\"org.gnu.gdb.i386.core\">"
		"<flags id=\"i386_eflags\" size=\"4\">");
	for (i = 0; i < 22; i++)
		if (flags[i])
			tdesc_len += snprintf(tdesc + tdesc_len,
				sizeof(tdesc) - tdesc_len, "<field name=\"%s\" "
				"start=\"%u\" end=\"%u\"/>", flags[i], i, i);
	tdesc_len += snprintf(tdesc + tdesc_len, sizeof(tdesc) - tdesc_len,
			      "</flags>");
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
	tdesc_len += snprintf(tdesc + tdesc_len, sizeof(tdesc) - tdesc_len,
			      "</feature>"
			      "<feature name=\"org.gnu.gdb.i386.sse\">");
	for (i = 0; i < 16; i++) {
		snprintf(name, sizeof(name), "xmm%u", i);
		tdesc_add(name, 128, "uint128");
	}
	tdesc_add("mxcsr", 32, "int");
	tdesc_len += snprintf(tdesc + tdesc_len, sizeof(tdesc) - tdesc_len,
			      "</feature>"
			      "<feature name=\"org.gnu.gdb.i386.segments\">");
	tdesc_add("fs_base", 64, "int");
	tdesc_add("gs_base", 64, "int");
	tdesc_len += snprintf(tdesc + tdesc_len, sizeof(tdesc) - tdesc_len,
			      "</feature></target>");
}

/* qXfer:features:read:target.xml:offset,length */
static void cmd_xfer(const char *p, char *out)
{
	uint64_t off, len;

	strcpy(out, "E00");
	if (strncmp(p, "target.xml:", 11))
		return;
	p += 11;
	if (parse_range(&p, &off, &len, 0) || off > tdesc_len)
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
		cmd_read_regs(vm, out);
		break;
	case 'G':
		cmd_write_regs(vm, p, out, 0);
		break;
	case 'p':
		cmd_read_reg(vm, p, out);
		break;
	case 'P':
		cmd_write_regs(vm, p, out, 1);
		break;
	case 'm':
		cmd_read_mem(vm, p, out);
		break;
	case 'M':
		cmd_write_mem(vm, p, out);
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
		send_packet(vm, "OK");
		pr_err("gdb detached; the guest runs on");
		detach(vm);
		return 1;
	case 'k':
		vm__stop(vm, GDB_EXIT_KILLED, "guest killed by gdb");
		bp_remove_all(vm);
		drop_connection();
		return 1;
	case 'v':
		if (!strncmp(p, "Kill", 4)) {
			send_packet(vm, "OK");
			vm__stop(vm, GDB_EXIT_KILLED, "guest killed by gdb");
			bp_remove_all(vm);
			drop_connection();
			return 1;
		}
		break; /* vCont? and the rest: not supported */
	case 'q':
		cmd_query(p - 1, out);
		break;
	}
	return 0;
}

/* Serve gdb until it resumes the guest, detaches, kills or goes away. */
static void serve(struct vm *vm)
{
	static char pkt[PKT_MAX + 1], out[PKT_MAX];
	int n;

	while (conn >= 0) {
		n = recv_packet(vm, pkt);
		if (n == -2)
			return; /* SIGINT, SIGTERM, --timeout: stop the VM */
		if (n < 0) {
			pr_err("gdb connection lost; the guest runs on");
			detach(vm);
			return;
		}
		if (dispatch(vm, pkt, out))
			return;
		n = send_packet(vm, out);
		if (n == -2)
			return;
		if (n < 0) {
			pr_err("gdb connection lost; the guest runs on");
			detach(vm);
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
	switch (send_packet(vm, last_stop)) {
	case 0:
		serve(vm);
		break;
	case -1:
		pr_err("gdb connection lost; the guest runs on");
		detach(vm);
		break;
	}
}

/*
 * int3: ours (rip at the breakpoint, or just past it on a KVM that
 * reports the trap's rip), or the guest's own, reported as SIGTRAP with
 * rip past it, as a CPU delivers #BP.
 */
static void breakpoint_hit(struct vm *vm)
{
	struct kvm_regs r;
	uint8_t *m;

	if (get_regs(vm, &r)) {
		stopped(vm, 5, 0);
		return;
	}
	if (bp_find(r.rip) >= 0) {
		stopped(vm, 5, 1);
		return;
	}
	if (bp_find(r.rip - 1) >= 0) {
		r.rip--;
		set_regs(vm, &r);
		stopped(vm, 5, 1);
		return;
	}
	m = guest_byte(vm, r.rip);
	if (vm->run->debug.arch.pc == r.rip && m && *m == 0xcc) {
		r.rip++;
		set_regs(vm, &r);
	}
	stopped(vm, 5, 0);
}

/* The guest stopped for the debugger: exception exc (#DB or #BP). */
static void debug_stop(struct vm *vm, int exc)
{
	running = 0;
	if (stepover.active) { /* stepped off it: the breakpoint goes back */
		stepover.active = 0;
		bp_arm(vm, stepover.addr, 1);
		if (exc == DB_VECTOR && stepover.then_continue &&
		    !interrupted) {
			run_guest(DBG_ON);
			return;
		}
	}
	if (exc == BP_VECTOR)
		breakpoint_hit(vm);
	else
		stopped(vm, interrupted && !user_step ? 2 : 5, 0);
}

static void gdb_debug_exit(struct vm *vm)
{
	int v = arch__stub_trap(vm);

	if (conn < 0) { /* gone: no more debug exits */
		running = 0;
		set_debug(0);
		return;
	}
	debug_stop(vm, v >= 0 ? v : (int)vm->run->debug.arch.exception);
}

/* A #BP or #DB through the guest's IDT: ours while gdb is there. */
static int gdb_trap(struct vm *vm, int vector)
{
	if (conn < 0)
		return 0;
	debug_stop(vm, vector);
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
	set_debug(DBG_ON | KVM_GUESTDBG_SINGLESTEP);
	errno = saved;
}

static int watch_input(void)
{
	struct sigaction sa;
	int one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigio;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (sigaction(SIGIO, &sa, NULL) || fcntl(conn, F_SETOWN, getpid()) ||
	    fcntl(conn, F_SETSIG, SIGIO) ||
	    fcntl(conn, F_SETFL, fcntl(conn, F_GETFL) | O_ASYNC))
		return -1;
	return 0;
}

/* Listen on 127.0.0.1:port, never another address; one connection. */
static int wait_for_gdb(struct vm *vm)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1, l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (l < 0 ||
	    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 1)) {
		pr_err("--gdb: cannot listen on 127.0.0.1:%u: %s", port,
		       strerror(errno));
		if (l >= 0)
			close(l);
		return UNIMON_EXIT_MONITOR;
	}
	pr_err("waiting for gdb on 127.0.0.1:%u", port);
	do
		conn = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	while (conn < 0 && errno == EINTR && !run__stop_requested());
	close(l);
	if (conn < 0 && errno == EINTR)
		return 0; /* a signal: the run loop stops the VM at once */
	if (conn < 0 || watch_input()) {
		pr_err("--gdb: cannot accept a connection: %s",
		       strerror(errno));
		drop_connection();
		return UNIMON_EXIT_MONITOR;
	}
	return 0;
}

static int gdb_start(struct vm *vm)
{
	int rc;

	if (!port)
		return 0;
	vcpu_fd = vm->vcpu_fd;
	tdesc_build();
	if (set_debug(DBG_ON)) {
		pr_err("--gdb: KVM_SET_GUEST_DEBUG: %s", strerror(errno));
		return UNIMON_EXIT_MONITOR;
	}
	rc = wait_for_gdb(vm);
	if (rc || conn < 0)
		return rc;
	serve(vm); /* gdb's first look, before the first instruction */
	return 0;
}

/* The guest is gone: tell gdb its exit status (no wait for the ack). */
static void gdb_exit(struct vm *vm)
{
	char w[8];
	uint8_t sum;

	if (conn < 0)
		return;
	running = 0;
	sum = 'W' + hex[(vm->exit_code >> 4) & 15] + hex[vm->exit_code & 15];
	snprintf(w, sizeof(w), "$W%c%c#%c%c", hex[(vm->exit_code >> 4) & 15],
		 hex[vm->exit_code & 15], hex[sum >> 4], hex[sum & 15]);
	put(w, 7);
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
};

static const struct device gdb_dev = {
	.name = "gdbstub",
	.summary = "gdb remote stub on loopback (--gdb PORT)",
	.opts = gdb_opts,
	.nopts = 1,
	.start = gdb_start,
	.debug_exit = gdb_debug_exit,
	.trap = gdb_trap,
	.exit = gdb_exit,
	.syscalls = gdb_syscalls,
	.ioctls = gdb_ioctls,
};
DEVICE_REGISTER(gdb_dev);
