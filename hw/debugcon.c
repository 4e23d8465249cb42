// SPDX-License-Identifier: MIT
/* Debug console (bochs/QEMU 0xe9 style): each byte written goes to stdout. */
#include "core/console-out.h"
#include "core/device.h"

static void debugcon_io(struct vm *vm, void *ctx, uint16_t port, int is_write,
			uint8_t *data, unsigned int size)
{
	if (is_write)
		conout__putc(data[0]);
	else
		data[0] = CONFIG_DEBUGCON_PORT & 0xff; /* "present" marker */
}

static const struct pio_region debugcon_pio[] = {
	{ "debugcon", "unimon,debugcon", CONFIG_DEBUGCON_PORT, 1, debugcon_io, NULL },
	{ 0 },
};

static const struct device debugcon = {
	.name = "debugcon",
	.summary = "debug console: bytes written to the port go to stdout",
	.pio = debugcon_pio,
	.stdout_rank = 1,
};
DEVICE_REGISTER(debugcon);
