// SPDX-License-Identifier: MIT
/* Console hypercall: write a guest buffer to stdout in one exit. */
#include <stddef.h>
#include "core/console-out.h"
#include "core/device.h"
#include "core/hypercall.h"
#include "unimon/abi.h"

static void hc_console_write(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct unimon_hc_console_write a;
	const void *buf;
	int64_t ret;

	if (hc__args(vm, UNIMON_HC_CONSOLE_WRITE, gpa, &a, sizeof(a)))
		return;
	buf = gmem__ptr(&vm->mem, a.buf, a.len);
	if (!buf)
		ret = UNIMON_EFAULT;
	else
		ret = conout__write(buf, a.len) < 0 ? UNIMON_EIO : (int64_t)a.len;
	hc__ret(vm, gpa, offsetof(struct unimon_hc_console_write, ret), ret);
}

static const struct hypercall console_hc[] = {
	{ "console", UNIMON_HC_CONSOLE_WRITE, hc_console_write, NULL },
	{ 0 },
};

static const struct device console = {
	.name = "console",
	.summary = "console hypercall: guest buffers to stdout",
	.hc = console_hc,
	.stdout_rank = 3,
};
DEVICE_REGISTER(console);
