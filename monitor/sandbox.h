/* SPDX-License-Identifier: MIT */
/*
 * The seccomp sandbox (CONFIG_SANDBOX): after set-up, before the first
 * guest instruction, the monitor keeps only the system calls its run loop
 * and its configured devices need. docs/SECURITY.md lists them and why.
 */
#ifndef UNIMON_SANDBOX_H
#define UNIMON_SANDBOX_H

/* Defined only when CONFIG_SANDBOX is built in (weak: test for NULL). */
int sandbox__enter(void) __attribute__((weak));

#endif
