// SPDX-License-Identifier: MIT
/*
 * seccomp-bpf allowlist: the core's list below plus each registered
 * device's `syscalls`, `syscall_rules` (a call allowed only with given
 * argument values) and KVM `ioctls`, read when the sandbox is entered (a
 * device may fill its lists from its options, e.g. --dumpcore). Default
 * action: kill the process (SIGSYS). The BPF program is written here
 * directly, in the shape libseccomp gives it (architecture check, x32
 * numbers killed, one comparison per allowed number), and installed with
 * the seccomp(2) system call: no libseccomp, which cost ~130 us per start
 * (loading the library, compiling the filter). no_new_privs is set first,
 * as seccomp requires for an unprivileged caller and as it should be
 * anyway. The filter goes to every thread of the process
 * (SECCOMP_FILTER_FLAG_TSYNC): a device's start hook may have created one
 * before the sandbox is entered.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kvm.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "monitor/sandbox.h"

/* What the run loop itself needs once the guest runs; each with why. */
static const int core_syscalls[] = {
	SYS_write,		/* guest console output, monitor messages */
	SYS_exit_group,		/* the end */
	SYS_exit,
	SYS_rt_sigreturn,	/* return from the --timeout/SIGTERM handler */
	SYS_restart_syscall,
	SYS_close,		/* tear-down: vCPU, VM, devices' files */
	SYS_munmap,		/* tear-down: kvm_run, guest RAM */
	SYS_brk,		/* tear-down: free() may shrink the heap */
	SYS_clock_gettime,	/* --stats (if the vDSO is not used) */
	-1,
};

/* The KVM ioctls of the run loop: running, and reading state for crash
 * reports. Every other ioctl (KVM_SET_*, KVM_CREATE_*) is set-up only. */
static const unsigned long kvm_ioctls[] = {
	KVM_RUN, KVM_GET_REGS, KVM_GET_SREGS, 0,
};

/* At most 256 instructions: every jump (at most 255 ahead) is in reach. */
#define MAX_INSNS 256
#define ARG(i) offsetof(struct seccomp_data, args[i])
#define ARG1 ARG(1)
#define NR offsetof(struct seccomp_data, nr)

/* The ret kill and ret allow instructions end the program. */
struct prog {
	struct sock_filter f[MAX_INSNS];
	unsigned int n, kill, allow;
};

static void stmt(struct prog *p, uint16_t code, uint32_t k)
{
	p->f[p->n++] = (struct sock_filter)BPF_STMT(code, k);
}

/* if (A == k) goto jt else goto jf, both absolute indices. */
static void jump(struct prog *p, uint16_t op, uint32_t k, unsigned int jt,
		 unsigned int jf)
{
	p->f[p->n] = (struct sock_filter)BPF_JUMP(BPF_JMP | op | BPF_K, k,
						  jt - p->n - 1, jf - p->n - 1);
	p->n++;
}

static unsigned int count_nr(const int *s)
{
	unsigned int n = 0;

	while (s && s[n] >= 0)
		n++;
	return n;
}

/* Instructions of a rule list: nr check, then two words per condition. */
static unsigned int count_rules(const struct sys_rule *r)
{
	unsigned int n = 0;

	for (; r && r->nr >= 0; r++)
		n += 3 + 4 * r->nconds;
	return n;
}

static unsigned int count_req(const unsigned long *r)
{
	unsigned int n = 0;

	while (r && r[n])
		n++;
	return n;
}

/* Allow A when it is one of list's numbers, else go on. */
static void allow_nrs(struct prog *p, const int *s)
{
	for (; s && *s >= 0; s++)
		jump(p, BPF_JEQ, *s, p->allow, p->n + 1);
}

static void allow_reqs(struct prog *p, const unsigned long *r)
{
	for (; r && *r; r++)
		jump(p, BPF_JEQ, *r, p->allow, p->n + 1);
}

/*
 * Each rule: its number, or on to the next rule; then every condition on
 * an argument's low and high word (equal: both match; not equal: not
 * both), or on to the next rule (A reloaded with the number); then
 * allow. A number whose rules all fail reaches no plain list: killed.
 */
static void allow_rules(struct prog *p, const struct sys_rule *r)
{
	unsigned int i;

	for (; r && r->nr >= 0; r++) {
		/* The rule's last instruction reloads A: "fail" goes there. */
		unsigned int fail = p->n + 2 + 4 * r->nconds;

		jump(p, BPF_JEQ, r->nr, p->n + 1, fail + 1);
		for (i = 0; i < r->nconds; i++) {
			uint32_t lo = (uint32_t)r->cond[i].value;
			uint32_t hi = (uint32_t)(r->cond[i].value >> 32);
			unsigned int after = p->n + 4;

			stmt(p, BPF_LD | BPF_W | BPF_ABS, ARG(r->cond[i].arg));
			if (r->cond[i].ne) {
				jump(p, BPF_JEQ, lo, p->n + 1, after);
				stmt(p, BPF_LD | BPF_W | BPF_ABS,
				     ARG(r->cond[i].arg) + 4);
				jump(p, BPF_JEQ, hi, fail, after);
			} else {
				jump(p, BPF_JEQ, lo, p->n + 1, fail);
				stmt(p, BPF_LD | BPF_W | BPF_ABS,
				     ARG(r->cond[i].arg) + 4);
				jump(p, BPF_JEQ, hi, after, fail);
			}
		}
		jump(p, BPF_JEQ, 0, p->allow, p->allow); /* goto allow */
		stmt(p, BPF_LD | BPF_W | BPF_ABS, NR);
	}
}

/*
 * arch check; x32 killed; ioctl: its request's high half 0 and the low
 * half listed; the other numbers listed; ret kill; ret allow.
 */
static int build(struct prog *p)
{
	unsigned int nrs = count_nr(core_syscalls), reqs = count_req(kvm_ioctls);
	unsigned int ioctl_end;

	for_each_device(d) {
		nrs += count_nr((*d)->syscalls) + count_rules((*d)->syscall_rules);
		reqs += count_req((*d)->ioctls);
	}
	if (9 + reqs + nrs + 2 > MAX_INSNS)
		return -1;
	p->n = 0;
	p->kill = 9 + reqs + nrs;
	p->allow = p->kill + 1;
	ioctl_end = 9 + reqs;
	stmt(p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	jump(p, BPF_JEQ, AUDIT_ARCH_X86_64, 2, p->kill);
	stmt(p, BPF_LD | BPF_W | BPF_ABS, NR);
	jump(p, BPF_JGE, 0x40000000, p->kill, 4);	/* x32 numbers */
	jump(p, BPF_JEQ, SYS_ioctl, 5, ioctl_end);
	stmt(p, BPF_LD | BPF_W | BPF_ABS, ARG1 + 4);
	jump(p, BPF_JEQ, 0, 7, p->kill);
	stmt(p, BPF_LD | BPF_W | BPF_ABS, ARG1);
	allow_reqs(p, kvm_ioctls);
	for_each_device(d)
		allow_reqs(p, (*d)->ioctls);
	jump(p, BPF_JEQ, 0xffffffff, p->kill, p->kill);	/* goto kill */
	for_each_device(d)
		allow_rules(p, (*d)->syscall_rules);
	allow_nrs(p, core_syscalls);
	for_each_device(d)
		allow_nrs(p, (*d)->syscalls);
	stmt(p, BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	stmt(p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	return 0;
}

/* gcc says so with __SANITIZE_*__, clang 14 only with __has_feature. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

int sandbox__enter(void)
{
	static struct prog p;
	struct sock_fprog prog;
	long rc;

	/* ASan, LSan and TSan need mmap, ptrace and more at any time. */
	if (UNDER_SANITIZER)
		return 0;
	if (build(&p))
		return err__set("sandbox: too many system calls for the filter");
	prog.len = p.n;
	prog.filter = p.f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return err__set("sandbox: no_new_privs: %s", strerror(errno));
	/* > 0: the id of a thread that could not take the filter. */
	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_TSYNC, &prog);
	if (rc)
		return err__set("sandbox: cannot install the seccomp filter "
				"(%ld): %s", rc, strerror(errno));
	return 0;
}
