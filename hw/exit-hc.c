// SPDX-License-Identifier: MIT
/* Exit hypercall: the guest's status (low 8 bits) is the monitor's. */
#include "core/device.h"
#include "core/hypercall.h"
#include "unimon/abi.h"

static void hc_exit(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct unimon_hc_exit a;

	if (hc__args(vm, UNIMON_HC_EXIT, gpa, &a, sizeof(a)))
		return;
	vm__stop(vm, (int)(a.status & 0xff), NULL);
}

static const struct hypercall exit_hc[] = {
	{ "exit", UNIMON_HC_EXIT, hc_exit, NULL },
	{ 0 },
};

static const struct device exit_dev = {
	.name = "exit",
	.summary = "exit hypercall",
	.hc = exit_hc,
};
DEVICE_REGISTER(exit_dev);
