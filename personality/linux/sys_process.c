// SPDX-License-Identifier: MIT
/*
 * The system calls every program makes whatever else it does: exit, who
 * it is, uname, its thread pointer, the single-thread stand-ins (a futex
 * never waited on, the robust list), signal dispositions and masks
 * (recorded, never delivered: a fault ends the program as if no handler
 * were installed), resource limits, scheduling. Always built.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "arch/arch.h"
#include "core/error.h"
#include "core/stop.h"
#include "core/vm.h"
#include "personality/linux/linux.h"

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define NSIG_LX 64
#define RLIM_INF (~0ull)

/* Who the program is: the monitor's own ids, taken before the sandbox. */
static uint64_t pid, ppid, uid, euid, gid, egid;

/* struct k_sigaction of the x86-64 kernel: handler, flags, restorer, mask. */
struct k_sigaction {
	uint64_t handler, flags, restorer, mask;
};
static struct k_sigaction actions[NSIG_LX + 1];

/* Without the stdio group there are no descriptors; fd.c sets it. */
unsigned int lx_max_fds;

int lx_sig_ignored(int sig)
{
	return sig > 0 && sig <= NSIG_LX && actions[sig].handler == 1;
}
static uint64_t sigmask;
static struct {
	uint64_t sp;
	int32_t flags, pad;
	uint64_t size;
} altstack = { .flags = 2 /* SS_DISABLE */ };

static int64_t copy_out(struct vm *vm, uint64_t addr, const void *src,
			size_t len)
{
	void *p = lx_ptr(vm, addr, len, LX_W);

	if (!p)
		return -EFAULT;
	memcpy(p, src, len);
	return 0;
}

static int64_t copy_in(struct vm *vm, void *dst, uint64_t addr, size_t len)
{
	const void *p = lx_ptr(vm, addr, len, LX_R);

	if (!p)
		return -EFAULT;
	memcpy(dst, p, len);
	return 0;
}

static int64_t sys_exit(struct vm *vm, const uint64_t *a)
{
	lx_exit(vm, (int)a[0]);
	return 0;
}
LX_SYSCALL(SYS_exit, exit, "d");

static int64_t sys_exit_group(struct vm *vm, const uint64_t *a)
{
	lx_exit(vm, (int)a[0]);
	return 0;
}
LX_SYSCALL(SYS_exit_group, exit_group, "d");

#define ID_CALL(name, value)                                                  \
	static int64_t sys_##name(struct vm *vm, const uint64_t *a)          \
	{                                                                     \
		return (int64_t)(value);                                      \
	}                                                                     \
	LX_SYSCALL(SYS_##name, name, "-")
ID_CALL(getpid, pid);
ID_CALL(gettid, pid);
ID_CALL(getppid, ppid);
ID_CALL(getuid, uid);
ID_CALL(geteuid, euid);
ID_CALL(getgid, gid);
ID_CALL(getegid, egid);
ID_CALL(sched_yield, 0);

static int64_t sys_uname(struct vm *vm, const uint64_t *a)
{
	char u[6][65];

	memset(u, 0, sizeof(u));
	strcpy(u[0], "Linux");
	strcpy(u[1], "unimon");
	strcpy(u[2], "6.1.0-unimon");
	strcpy(u[3], "#1 unimon");
	strcpy(u[4], "x86_64");
	strcpy(u[5], "(none)");
	return copy_out(vm, a[0], u, sizeof(u));
}
LX_SYSCALL(SYS_uname, uname, "x");

static int64_t sys_arch_prctl(struct vm *vm, const uint64_t *a)
{
	uint64_t v;

	switch (a[0]) {
	case ARCH_SET_FS:
		/* A canonical address, as the kernel insists. */
		if (a[1] >= 0x800000000000ull)
			return -EPERM;
		return arch__fs_base(vm, NULL, &a[1]) ? -EIO : 0;
	case ARCH_GET_FS:
		if (arch__fs_base(vm, &v, NULL))
			return -EIO;
		return copy_out(vm, a[1], &v, sizeof(v));
	default:
		return -EINVAL;
	}
}
LX_SYSCALL(SYS_arch_prctl, arch_prctl, "xx");

static int64_t sys_set_tid_address(struct vm *vm, const uint64_t *a)
{
	return (int64_t)pid;
}
LX_SYSCALL(SYS_set_tid_address, set_tid_address, "x");

static int64_t sys_set_robust_list(struct vm *vm, const uint64_t *a)
{
	return a[1] == 24 ? 0 : -EINVAL; /* sizeof(struct robust_list_head) */
}
LX_SYSCALL(SYS_set_robust_list, set_robust_list, "xd");

/*
 * One thread: a wake finds no one; a wait whose value still holds ends
 * only by its timeout (relative; FUTEX_WAIT only) or a signal that stops
 * the program (--timeout, SIGTERM), as it would hang on Linux.
 */
static int64_t sys_futex(struct vm *vm, const uint64_t *a)
{
	struct pollfd p = { .fd = stop__fd(), .events = POLLIN };
	struct timespec t;
	const uint32_t *w;
	int op = (int)(a[1] & 127), r;

	if (a[0] & 3)
		return -EINVAL;
	w = lx_ptr(vm, a[0], 4, LX_R);
	if (!w)
		return -EFAULT;
	switch (op) {
	case 1:		/* FUTEX_WAKE */
	case 10:	/* FUTEX_WAKE_BITSET */
		return 0;
	case 0:		/* FUTEX_WAIT */
	case 9:		/* FUTEX_WAIT_BITSET */
		if (*w != (uint32_t)a[2])
			return -EAGAIN;
		if (op == 0 && a[3]) {
			if (copy_in(vm, &t, a[3], sizeof(t)))
				return -EFAULT;
			if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000)
				return -EINVAL;
			r = ppoll(&p, 1, &t, NULL);
			return r == 0 ? -ETIMEDOUT : -EINTR;
		}
		ppoll(&p, 1, NULL, NULL);
		return -EINTR;
	default:
		return -ENOSYS;
	}
}
LX_SYSCALL(SYS_futex, futex, "xddxxd");

static int64_t sys_rt_sigaction(struct vm *vm, const uint64_t *a)
{
	struct k_sigaction act;
	uint64_t sig = a[0];

	if (a[3] != 8 || sig < 1 || sig > NSIG_LX)
		return -EINVAL;
	if (a[1] && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (a[1] && copy_in(vm, &act, a[1], sizeof(act)))
		return -EFAULT;
	if (a[2] && copy_out(vm, a[2], &actions[sig], sizeof(actions[sig])))
		return -EFAULT;
	if (a[1])
		actions[sig] = act;
	return 0;
}
LX_SYSCALL(SYS_rt_sigaction, rt_sigaction, "dxxd");

static int64_t sys_rt_sigprocmask(struct vm *vm, const uint64_t *a)
{
	uint64_t set = 0, old = sigmask;

	if (a[3] != 8)
		return -EINVAL;
	if (a[1]) {
		if (a[0] > 2)	/* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK */
			return -EINVAL;
		if (copy_in(vm, &set, a[1], sizeof(set)))
			return -EFAULT;
	}
	if (a[2] && copy_out(vm, a[2], &old, sizeof(old)))
		return -EFAULT;
	if (a[1]) {
		set &= ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
		sigmask = a[0] == 0 ? old | set : a[0] == 1 ? old & ~set : set;
	}
	return 0;
}
LX_SYSCALL(SYS_rt_sigprocmask, rt_sigprocmask, "dxxd");

static int64_t sys_sigaltstack(struct vm *vm, const uint64_t *a)
{
	__typeof__(altstack) ss, old = altstack;

	if (a[0] && copy_in(vm, &ss, a[0], sizeof(ss)))
		return -EFAULT;
	if (a[0] && (ss.flags & ~2) != 0)
		return -EINVAL;
	if (a[0] && !(ss.flags & 2) && ss.size < 2048)	/* MINSIGSTKSZ */
		return -ENOMEM;
	if (a[1] && copy_out(vm, a[1], &old, sizeof(old)))
		return -EFAULT;
	if (a[0])
		altstack = ss;
	return 0;
}
LX_SYSCALL(SYS_sigaltstack, sigaltstack, "xx");

/* kill/tgkill/tkill of itself: signals are not delivered; the default
 * action of one that terminates ends the program, as on Linux. */
static int64_t raise_self(struct vm *vm, uint64_t sig)
{
	if (sig > NSIG_LX)
		return -EINVAL;
	if (sig == 0 || actions[sig].handler == 1 /* SIG_IGN */ ||
	    sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT)
		return 0;
	vm__stop(vm, 128 + (int)sig, "program killed by SIG%s (sent by "
		 "itself%s)", sigabbrev_np((int)sig) ?: "?",
		 actions[sig].handler ? "; its handler is not run: signals "
		 "are not delivered" : "");
	return 0;
}

static int64_t sys_kill(struct vm *vm, const uint64_t *a)
{
	return a[0] == pid || a[0] == 0 ? raise_self(vm, a[1]) : -ESRCH;
}
LX_SYSCALL(SYS_kill, kill, "dd");

static int64_t sys_tgkill(struct vm *vm, const uint64_t *a)
{
	return a[0] == pid && a[1] == pid ? raise_self(vm, a[2]) : -ESRCH;
}
LX_SYSCALL(SYS_tgkill, tgkill, "ddd");

static int64_t sys_tkill(struct vm *vm, const uint64_t *a)
{
	return a[0] == pid ? raise_self(vm, a[1]) : -ESRCH;
}
LX_SYSCALL(SYS_tkill, tkill, "dd");

/* struct rlimit64: cur, max. */
static int64_t limits(uint64_t resource, uint64_t r[2])
{
	switch (resource) {
	case 3:		/* RLIMIT_STACK */
		r[0] = r[1] = CONFIG_STACK_SIZE;
		return 0;
	case 7:		/* RLIMIT_NOFILE */
		r[0] = r[1] = lx_max_fds;
		return 0;
	default:
		if (resource >= 16)
			return -EINVAL;
		r[0] = r[1] = RLIM_INF;
		return 0;
	}
}

static int64_t sys_prlimit64(struct vm *vm, const uint64_t *a)
{
	uint64_t r[2], n[2];
	int64_t e;

	if (a[0] && a[0] != pid)
		return -ESRCH;
	e = limits(a[1], r);
	if (e)
		return e;
	/* New limits are checked and accepted, without effect. */
	if (a[2] && copy_in(vm, n, a[2], sizeof(n)))
		return -EFAULT;
	if (a[2] && n[0] > n[1])
		return -EINVAL;
	if (a[3] && copy_out(vm, a[3], r, sizeof(r)))
		return -EFAULT;
	return 0;
}
LX_SYSCALL(SYS_prlimit64, prlimit64, "ddxx");

static int64_t sys_getrlimit(struct vm *vm, const uint64_t *a)
{
	uint64_t r[2];
	int64_t e = limits(a[0], r);

	return e ? e : copy_out(vm, a[1], r, sizeof(r));
}
LX_SYSCALL(SYS_getrlimit, getrlimit, "dx");

static int64_t sys_sched_getaffinity(struct vm *vm, const uint64_t *a)
{
	uint64_t mask = 1;

	if (a[0] && a[0] != pid)
		return -ESRCH;
	if (a[1] < 8 || (a[1] & 7))
		return -EINVAL;
	return copy_out(vm, a[2], &mask, sizeof(mask)) ?: 8;
}
LX_SYSCALL(SYS_sched_getaffinity, sched_getaffinity, "ddx");

static int64_t sys_rseq(struct vm *vm, const uint64_t *a)
{
	return -ENOSYS; /* glibc goes on without it */
}
LX_SYSCALL(SYS_rseq, rseq, "xddd");

/* Before the sandbox: the ids (getpid is not kept by it). */
static int process_init(struct vm *vm)
{
	pid = (uint64_t)getpid();
	ppid = (uint64_t)getppid();
	uid = getuid();
	euid = geteuid();
	gid = getgid();
	egid = getegid();
	return 0;
}

/* A futex wait sleeps on the run loop's stop eventfd. */
static const int process_syscalls[] = { SYS_ppoll, -1 };

static const struct device process_dev = {
	.name = "linux-process",
	.summary = "Linux: exit, ids, uname, signals recorded, limits",
	.init = process_init,
	.syscalls = process_syscalls,
};
DEVICE_REGISTER(process_dev);
