// SPDX-License-Identifier: MIT
/* Exit port: `outb status` ends the guest with that exit status. */
#include "core/device.h"
#include "core/vm.h"

static void exitport_io(struct vm *vm, void *ctx, uint16_t port, int is_write,
			uint8_t *data, unsigned int size)
{
	if (is_write)
		vm__stop(vm, data[0], NULL);
	else
		data[0] = 0;
}

static const struct pio_region exitport_pio[] = {
	{ "exit", "unimon,exit-port", CONFIG_EXIT_PORT_NUM, 1, exitport_io, NULL },
	{ 0 },
};

static const struct device exitport = {
	.name = "exit-port",
	.summary = "exit port: a byte written ends the guest with that status",
	.pio = exitport_pio,
};
DEVICE_REGISTER(exitport);
