/* SPDX-License-Identifier: MIT */
/*
 * What wakes a waiting guest: the sources of guest input the wait
 * hypercall (hw/wait-hc.c) sleeps on. A device
 * registers the file descriptor it reads from (a tap, ...) and, when it
 * buffers input itself, a callback that says so. Each source gets a bit;
 * the device publishes it as unimon,wait-bit in its device-tree node.
 */
#ifndef UNIMON_WAKEUP_H
#define UNIMON_WAKEUP_H

#define WAKEUP_MAX 64

struct wakeup_source {
	int fd;				/* readable means input, or -1 */
	int (*pending)(void *ctx);	/* input already buffered; may be NULL */
	void *ctx;
};

/* Register a source: its bit (0..WAKEUP_MAX-1), or -1 when full. */
int wakeup__add(int fd, int (*pending)(void *ctx), void *ctx);
unsigned int wakeup__count(void);
const struct wakeup_source *wakeup__get(unsigned int bit);

#endif
