/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_RUN_H
#define UNIMON_RUN_H

struct vm;

/* Signal handlers and the --timeout timer. 0, or -1 with err__set(). */
int run__signals(struct vm *vm);

/* Run the vCPU until the guest exits, crashes or is stopped. */
void run__loop(struct vm *vm);

#endif
