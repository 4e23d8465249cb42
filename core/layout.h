/* SPDX-License-Identifier: MIT */
/*
 * The guest-physical memory layout fixed by the configuration: the regions
 * the monitor places (boot information, stack, and the arch's own), each
 * named after the Kconfig options that place it, so errors can name them.
 */
#ifndef UNIMON_LAYOUT_H
#define UNIMON_LAYOUT_H

#include <stdint.h>

#define RAM_SIZE ((uint64_t)CONFIG_RAM_SIZE_MB << 20)
#define LAYOUT_MAX_REGIONS 8

struct region {
	const char *option;	/* "CONFIG_STACK_TOP/CONFIG_STACK_SIZE" */
	uint64_t start;
	uint64_t size;
	int monitor_owned;	/* guest pointers may not name it */
};

/* All regions of this configuration; returns how many. */
unsigned int layout__regions(struct region *r);

/* 0, or -1 with err__set() naming the options at fault. */
int layout__check(void);

struct gmem;
/*
 * Make the monitor-owned regions holes for guest pointers: 0, or -1 with
 * err__set() when one does not fit (it would be reachable by the guest).
 */
int layout__add_holes(struct gmem *m);

/* Check that a part of the guest image, [start, start + len), fits. */
int layout__check_image(const char *what, uint64_t start, uint64_t len);

#endif
