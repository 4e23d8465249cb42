// SPDX-License-Identifier: MIT
/*
 * Debug only (CONFIG_DEBUG_SANDBOX_TEST): a hypercall that makes a system
 * call the sandbox forbids, so a test can show the filter is installed and
 * kills the monitor (SIGSYS). Never build it for production.
 */
#include <sys/socket.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "unimon/abi.h"

static void hc_forbidden(struct vm *vm, uint32_t arg)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	/* Only reached without a sandbox. */
	pr_err("sandbox test: socket() was allowed");
	if (fd >= 0)
		close(fd);
}

static const struct hypercall forbidden_hc[] = {
	{ "debug-forbidden", UNIMON_HC_DEBUG_FORBIDDEN, hc_forbidden },
};

static const struct device sandboxtest = {
	.name = "sandboxtest",
	.summary = "DEBUG: hypercall 31 makes a forbidden system call",
	.hc = forbidden_hc,
	.nhc = 1,
};
DEVICE_REGISTER(sandboxtest);
