// SPDX-License-Identifier: MIT
/*
 * seccomp-bpf allowlist, built with libseccomp from data: the core's list
 * below plus each registered device's `syscalls` and KVM `ioctls`.
 * Default action: kill the process (SIGSYS). no_new_privs is set first,
 * as seccomp requires for an unprivileged caller and as it should be
 * anyway.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include "core/device.h"
#include "core/error.h"
#include "core/sandbox.h"

/* What the run loop itself needs once the guest runs; each with why. */
static const int core_syscalls[] = {
	SCMP_SYS(write),	/* guest console output, monitor messages */
	SCMP_SYS(exit_group),	/* the end */
	SCMP_SYS(exit),
	SCMP_SYS(rt_sigreturn),	/* return from the --timeout/SIGTERM handler */
	SCMP_SYS(restart_syscall),
	SCMP_SYS(close),	/* tear-down: vCPU, VM, devices' files */
	SCMP_SYS(munmap),	/* tear-down: kvm_run, guest RAM */
	SCMP_SYS(clock_gettime), /* --stats (if the vDSO is not used) */
	-1,
};

/* The KVM ioctls of the run loop: running, and reading state for crash
 * reports. Every other ioctl (KVM_SET_*, KVM_CREATE_*) is set-up only. */
static const unsigned long kvm_ioctls[] = {
	KVM_RUN, KVM_GET_REGS, KVM_GET_SREGS,
};

static int allow_list(scmp_filter_ctx f, const int *list)
{
	for (; list && *list >= 0; list++)
		if (seccomp_rule_add(f, SCMP_ACT_ALLOW, *list, 0))
			return -1;
	return 0;
}

static int allow_ioctl(scmp_filter_ctx f, unsigned long req)
{
	return seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				SCMP_A1(SCMP_CMP_EQ, req)) ? -1 : 0;
}

static int build(scmp_filter_ctx f)
{
	const unsigned long *req;
	unsigned int i;

	if (allow_list(f, core_syscalls))
		return -1;
	for (i = 0; i < sizeof(kvm_ioctls) / sizeof(kvm_ioctls[0]); i++)
		if (allow_ioctl(f, kvm_ioctls[i]))
			return -1;
	for_each_device(d) {
		if (allow_list(f, (*d)->syscalls))
			return -1;
		/* A device's own KVM requests, e.g. the gdb stub's. */
		for (req = (*d)->ioctls; req && *req; req++)
			if (allow_ioctl(f, *req))
				return -1;
	}
	return 0;
}

int sandbox__enter(void)
{
	scmp_filter_ctx f;
	int err;

#if defined(__SANITIZE_ADDRESS__)
	/* ASan and LSan need mmap, ptrace and more at any time. */
	return 0;
#endif
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return err__set("sandbox: no_new_privs: %s", strerror(errno));
	f = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!f)
		return err__set("sandbox: seccomp_init failed");
	err = build(f) ? -1 : seccomp_load(f);
	seccomp_release(f);
	if (err)
		return err__set("sandbox: cannot install the seccomp filter");
	return 0;
}
