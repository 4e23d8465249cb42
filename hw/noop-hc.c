// SPDX-License-Identifier: MIT
/* No-op hypercall: the cost of a hypercall round trip, for benchmarks. */
#include <stddef.h>
#include "core/device.h"
#include "unimon/abi.h"

static void hc_noop(struct vm *vm, void *ctx, uint32_t arg)
{
}

static const struct hypercall noop_hc[] = {
	{ "noop", UNIMON_HC_NOOP, hc_noop, NULL },
	{ 0 },
};

static const struct device noop = {
	.name = "noop",
	.summary = "no-op hypercall (benchmarks)",
	.hc = noop_hc,
};
DEVICE_REGISTER(noop);
