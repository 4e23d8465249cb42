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

/*
 * From another thread, which has printed why: stop the guest with exit
 * code code. The caller then signals the vCPU thread (out of KVM_RUN).
 */
void run__stop_from_thread(int code);

/* Readable once a stop was requested: the wait hypercall polls it. */
int run__stop_fd(void);

/*
 * A #BP or #DB the guest took (vector 3 or 1), or an int3 the host could
 * not run: 1 if a debugger device took it (arch_trap_fn).
 */
int run__debug_trap(struct vm *vm, int vector);
/* run__debug_trap if a device of this build takes traps, else NULL. */
int (*run__trap_hook(void))(struct vm *vm, int vector);

/* Before tear-down: the handler must not touch kvm_run any more. */
void run__detach(void);

#endif
