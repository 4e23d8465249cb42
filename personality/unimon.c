// SPDX-License-Identifier: MIT
/*
 * The unimon personality: the guest SDK's ABI. The program gets the
 * device tree (boot/bootinfo.c) and talks through hypercalls and ports
 * (hw/); an exception is reported with the registers and exit code 80.
 */
#include "arch/arch.h"
#include "boot/bootinfo.h"
#include "core/error.h"
#include "core/personality.h"
#include "core/vm.h"
#include "unimon/abi.h"

const int personality__ram_unmapped = 0;

unsigned int personality__regions(struct region *r)
{
	return 0;
}

int personality__boot(struct vm *vm, const struct load_info *li)
{
	if (bootinfo__build(vm, li)) {
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
