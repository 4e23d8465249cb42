/* SPDX-License-Identifier: MIT */
/* The initial stack of a Linux program (personality/linux/stack.c). */
#ifndef UNIMON_LINUX_STACK_H
#define UNIMON_LINUX_STACK_H

#include <stdint.h>

struct vm;
struct load_info;
struct options;

/* --env NAME=VALUE: 0, or an exit code after one line. */
int lx_stack_env(struct options *o, const char *arg);

/*
 * argc, argv (the image, then the arguments after --), envp (--env
 * only), the auxiliary vector and their strings, at the top of the stack
 * [lo, hi): 0 and the program's first rsp, or -1 with err__set().
 */
int lx_stack_build(struct vm *vm, const struct load_info *li, uint64_t lo,
		   uint64_t hi, uint64_t *rsp);

#endif
