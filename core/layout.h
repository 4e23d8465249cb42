/* SPDX-License-Identifier: MIT */
/*
 * The guest-physical memory layout: guest RAM's size and the regions the
 * monitor places (boot information, stack, the arch's and the
 * personality's own), each named after the Kconfig options that place
 * it, so errors can name them. The monitor sets it once, before the
 * checks and the loaders use it (monitor/main.c: the one place that
 * decides the RAM size); after that, guest RAM's size is vm->mem.size.
 */
#ifndef UNIMON_LAYOUT_H
#define UNIMON_LAYOUT_H

#include <stdint.h>

/* The configured RAM size (CONFIG_RAM_SIZE_MB): the default. */
#define RAM_SIZE_CONFIG ((uint64_t)CONFIG_RAM_SIZE_MB << 20)
#define LAYOUT_MAX_REGIONS 8

struct region {
	const char *option;	/* "CONFIG_STACK_TOP/CONFIG_STACK_SIZE" */
	uint64_t start;
	uint64_t size;
	int monitor_owned;	/* guest pointers may not name it */
};

/* The regions every configuration has: boot information and stack. */
unsigned int layout__config_regions(struct region *r);

/* The layout: RAM size and regions (at most LAYOUT_MAX_REGIONS). */
void layout__set(uint64_t ram_size, const struct region *r, unsigned int n);
uint64_t layout__ram_size(void);
/* All regions; returns how many. */
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

/*
 * The free RAM above from (the end of the image): from the first page
 * boundary there outside every region to the next region or the end of
 * RAM (start == end when there is none).
 */
void layout__free_ram(uint64_t from, uint64_t *start, uint64_t *end);

#endif
