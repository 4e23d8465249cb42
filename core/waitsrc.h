/* SPDX-License-Identifier: MIT */
/*
 * Sources of guest input the wait hypercall (hw/wait.c) sleeps on: a device
 * registers the file descriptor it reads from (a tap, ...) and, when it
 * buffers input itself, a callback that says so. Each source gets a bit;
 * the device publishes it as unimon,wait-bit in its device-tree node.
 */
#ifndef UNIMON_WAITSRC_H
#define UNIMON_WAITSRC_H

#define WAITSRC_MAX 64

struct wait_source {
	int fd;				/* readable means input, or -1 */
	int (*pending)(void *ctx);	/* input already buffered; may be NULL */
	void *ctx;
};

/* Register a source: its bit (0..WAITSRC_MAX-1), or -1 when full. */
int waitsrc__add(int fd, int (*pending)(void *ctx), void *ctx);
unsigned int waitsrc__count(void);
const struct wait_source *waitsrc__get(unsigned int bit);

#endif
