/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_RUN_H
#define UNIMON_RUN_H

struct vm;

/* Signal handlers and the --timeout timer. 0, or -1 with err__set(). */
int run__signals(struct vm *vm);

/* Run the vCPU until the guest exits, crashes or is stopped. */
void run__loop(struct vm *vm);

/*
 * A signal (--timeout, SIGTERM, ...) asked the monitor to stop: blocking
 * calls in hypercalls give up on EINTR instead of retrying.
 */
int run__stop_requested(void);

/* Readable once a stop was requested: the wait hypercall polls it. */
int run__stop_fd(void);

/* Before tear-down: the handler must not touch kvm_run any more. */
void run__detach(void);

#endif
