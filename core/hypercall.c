// SPDX-License-Identifier: MIT
#include "core/hypercall.h"
#include "unimon/abi.h"

int hc__args(struct vm *vm, unsigned int nr, uint32_t gpa, void *args,
	     size_t size)
{
	const void *p = gmem__ptr(&vm->mem, gpa, size);

	if (!p) {
		vm__stop(vm, UNIMON_EXIT_BAD_HYPERCALL,
			 "hypercall %u: argument struct at 0x%x (%zu bytes) is "
			 "outside guest RAM or in the monitor's region", nr, gpa,
			 size);
		return -1;
	}
	memcpy(args, p, size);
	return 0;
}
