// SPDX-License-Identifier: MIT
/* Debug console (bochs/QEMU 0xe9 style): each byte written goes to stdout. */
#include "core/device.h"
#include "core/output.h"

static void debugcon_io(struct vm *vm, uint16_t port, int is_write,
			uint8_t *data, unsigned int size)
{
	if (is_write)
		out__putc(data[0]);
	else
		data[0] = CONFIG_DEBUGCON_PORT & 0xff; /* "present" marker */
}

static const struct pio_region debugcon_pio[] = {
	{ "debugcon", "unimon,debugcon", CONFIG_DEBUGCON_PORT, 1, debugcon_io },
};

static const struct device debugcon = {
	.name = "debugcon",
	.summary = "debug console: bytes written to the port go to stdout",
	.pio = debugcon_pio,
	.npio = 1,
	.stdout_rank = 1,
};
DEVICE_REGISTER(debugcon);
