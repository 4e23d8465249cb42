// SPDX-License-Identifier: MIT
/*
 * The unimon personality: the guest SDK's ABI. The program gets the
 * device tree (boot/bootinfo.c), with the free RAM above its image as
 * its heap after the devices' queues, and talks through hypercalls and ports
 * (hw/); an exception is reported with the registers and exit code 80.
 */
#include "arch/arch.h"
#include "boot/bootinfo.h"
#include "core/error.h"
#include "core/layout.h"
#include "core/load-info.h"
#include "core/queue.h"
#include "core/vm.h"
#include "personality/personality.h"
#include "unimon/abi.h"

const int personality__ram_unmapped = 0;


unsigned int personality__regions(struct region *r, uint64_t ram_size)
{
	return 0;
}

int personality__boot(struct vm *vm, const struct load_info *li)
{
	uint64_t heap[2];

	/* The free RAM above the image: the devices' queues first, if any. */
	layout__free_ram(li->end, &heap[0], &heap[1]);
	if ((queue__place && queue__place(&vm->mem, &heap[0], heap[1])) ||
	    bootinfo__build(vm, heap)) {
		pr_err("%s", err__msg());
		return UNIMON_EXIT_USAGE;
	}
	return 0;
}

void personality__exception(struct vm *vm)
{
	arch__report_exception(vm);
	vm__stop(vm, UNIMON_EXIT_EXCEPTION, NULL);
}
