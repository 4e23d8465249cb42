// SPDX-License-Identifier: MIT
/*
 * Clock hypercall: monotonic and wall time in nanoseconds. Guests read
 * time without exits from the TSC (/chosen/unimon,tsc-khz) and use this to
 * anchor wall time.
 */
#include <stddef.h>
#include <time.h>
#include "core/device.h"
#include "core/hypercall.h"
#include "unimon/abi.h"

static void hc_clock(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct unimon_hc_clock a;
	struct timespec ts;
	int64_t ret = 0;

	if (hc__args(vm, UNIMON_HC_CLOCK, gpa, &a, sizeof(a)))
		return;
	if (a.clock_id == UNIMON_CLOCK_MONOTONIC)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	else if (a.clock_id == UNIMON_CLOCK_REALTIME)
		clock_gettime(CLOCK_REALTIME, &ts);
	else
		ret = UNIMON_EINVAL;
	if (!ret) {
		uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;

		memcpy(vm->mem.base + gpa + offsetof(struct unimon_hc_clock, ns),
		       &ns, sizeof(ns));
	}
	hc__ret(vm, gpa, offsetof(struct unimon_hc_clock, ret), ret);
}

static const struct hypercall clock_hc[] = {
	{ "clock", UNIMON_HC_CLOCK, hc_clock, NULL },
	{ 0 },
};

static const struct device clock_dev = {
	.name = "clock",
	.summary = "clock hypercall: monotonic and wall time",
	.hc = clock_hc,
};
DEVICE_REGISTER(clock_dev);
