// SPDX-License-Identifier: MIT
/*
 * What the unimon and Linux personalities share: the monitor's own
 * conventions. The guest's arguments follow a "--" after the image; the
 * configured boot-information and stack regions; no check of the image
 * beyond the loader's; a port nobody claims reads as all ones and ignores
 * writes (counted); the monitor's exit codes as they are (docs/ABI.md).
 */
#include <string.h>
#include "core/vm.h"
#include "personality/personality.h"

const int personality__args_after_image = 0;
const int personality__config_regions = 1;
const char *const personality__exit_help = NULL;

int personality__image(const struct load_info *li, const char *image)
{
	return 0;
}

void personality__unclaimed_port(struct vm *vm, uint16_t port, int is_write,
				 uint8_t *data, unsigned int size)
{
	vm->stats.exits[EXIT_UNCLAIMED]++;
	if (!is_write)
		memset(data, 0xff, size);
}

int personality__exit_status(int code)
{
	return code;
}
