/* SPDX-License-Identifier: MIT */
/*
 * Helpers for hypercall handlers. The argument struct is copied out of
 * guest memory once (the monitor never reads a guest value twice) and the
 * result written back into its `ret` field.
 */
#ifndef UNIMON_HYPERCALL_H
#define UNIMON_HYPERCALL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "core/vm.h"

/*
 * Copy size bytes of arguments at gpa into args. When the struct is not in
 * guest RAM (or names the monitor's regions) the guest is stopped with
 * UNIMON_EXIT_BAD_HYPERCALL: there is nowhere to return an error to.
 */
int hc__args(struct vm *vm, unsigned int nr, uint32_t gpa, void *args,
	     size_t size);

/* Write ret at offset off of the struct at gpa (checked by hc__args). */
static inline void hc__ret(struct vm *vm, uint32_t gpa, size_t off, int64_t ret)
{
	memcpy(vm->mem.base + gpa + off, &ret, sizeof(ret));
}

#endif
