// SPDX-License-Identifier: MIT
/*
 * Debug only (CONFIG_DEBUG_SANDBOX_TEST): a hypercall that makes a system
 * call the sandbox forbids, so a test can show the filter is installed and
 * kills the monitor (SIGSYS). Its argument picks the call: 0 socket(),
 * which no list has; the others are calls the sandbox keeps for one use
 * only, made with other arguments: 1 madvise(MADV_WILLNEED) (kept:
 * MADV_DONTNEED, queue builds), 2 tgkill() with SIGCONT (kept: SIGUSR2 to
 * this process, queue builds), 3 linkat() into the current directory and
 * 4 unlinkat() there (kept: into --dumpcore's DIR). Never build it for
 * production.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "unimon/abi.h"

static void hc_forbidden(struct vm *vm, void *ctx, uint32_t arg)
{
	static char page[4096] __attribute__((aligned(4096)));
	long r = -1;

	switch (arg) {
	case 0:
		r = socket(AF_INET, SOCK_STREAM, 0);
		if (r >= 0)
			close((int)r);
		break;
	case 1:
		r = madvise(page, sizeof(page), MADV_WILLNEED);
		break;
	case 2:
		r = syscall(SYS_tgkill, getpid(), gettid(), SIGCONT);
		break;
	case 3:
		r = linkat(AT_FDCWD, "/nonexistent", AT_FDCWD, "nonexistent", 0);
		break;
	case 4:
		r = unlinkat(AT_FDCWD, "nonexistent", 0);
		break;
	}
	/* Only reached without a sandbox, or with the call allowed. */
	pr_err("sandbox test: forbidden call %u was allowed (%ld)", arg, r);
}

static const struct hypercall forbidden_hc[] = {
	{ "debug-forbidden", UNIMON_HC_DEBUG_FORBIDDEN, hc_forbidden, NULL },
	{ 0 },
};

static const struct device sandboxtest = {
	.name = "sandboxtest",
	.summary = "DEBUG: hypercall 31 makes a forbidden system call",
	.hc = forbidden_hc,
};
DEVICE_REGISTER(sandboxtest);
