/* SPDX-License-Identifier: MIT */
/* --trace-syscalls and the counts of --stats (personality/linux/trace.c). */
#ifndef UNIMON_LINUX_TRACE_H
#define UNIMON_LINUX_TRACE_H

#include <stdint.h>
#include "core/device.h"

struct vm;
struct lx_syscall;

/* The personality's options: --env, --trace-syscalls. */
extern const struct dev_option lx_trace_opts[];

/* One call done: counted; printed with --trace-syscalls. */
void lx_trace(struct vm *vm, uint64_t nr, const struct lx_syscall *s,
	      const uint64_t *a, int64_t ret);

/* At exit: the counts, with --stats. */
void lx_trace_exit(struct vm *vm);

#endif
