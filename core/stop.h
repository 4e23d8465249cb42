/* SPDX-License-Identifier: MIT */
/*
 * Stop requests: signals (--timeout's SIGALRM, SIGINT, SIGTERM, SIGHUP)
 * and other threads ask the vCPU thread to stop the guest. Each request
 * sets immediate_exit, so KVM_RUN returns EINTR even if it came while the
 * monitor handled an exit, and makes an eventfd readable, so a device
 * about to sleep (the wait hypercall, a blocking read) wakes up.
 */
#ifndef UNIMON_STOP_H
#define UNIMON_STOP_H

struct vm;

/* Signal handlers and the --timeout timer. 0, or -1 with err__set(). */
int stop__init(struct vm *vm);

/*
 * A signal (--timeout, SIGTERM, ...) asked the monitor to stop: blocking
 * calls in devices give up on EINTR instead of retrying.
 */
int stop__requested(void);

/*
 * From another thread, which has printed why: stop the guest with exit
 * code code. The caller then signals the vCPU thread (out of KVM_RUN).
 */
void stop__from_thread(int code);

/* Readable once a stop was requested: sleeping devices poll it too. */
int stop__fd(void);

/* KVM_RUN returned EINTR: stop the guest for the request that came. */
void stop__handle(struct vm *vm);

/* Before tear-down: the handler must not touch kvm_run any more. */
void stop__detach(void);

#endif
