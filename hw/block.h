/* SPDX-License-Identifier: MIT */
/*
 * Block devices: the device (hw/block.c: --block, opening, locking,
 * sizes, device-tree nodes, exit and the flush after a signal; its one
 * struct device) and the transport that moves the sectors, one chosen in
 * hw/Build.mk: hypercalls (hw/block-hc.c) or shared-memory queues
 * (hw/block-queue.c, with CONFIG_BLOCK_QUEUE). The transport is data the
 * device carries: what it declares below.
 */
#ifndef UNIMON_HW_BLOCK_H
#define UNIMON_HW_BLOCK_H

#include <stdint.h>
#include "core/device.h"
#include "core/strutil.h"

struct vm;
struct queue;

struct disk {
	char name[DEV_NAME_MAX + 1];
	char *path;
	unsigned int sector_size;
	int ro;
	int fd;
	uint64_t sectors;	/* capacity */
	struct queue *queue;	/* the queue transport's ring, or NULL */
};

extern struct disk block__disks[];
extern unsigned int block__ndisks;

/*
 * The transport: its one-line summary, its hypercalls (a list ending
 * { 0 }, maybe empty) and the system calls it makes while the guest runs
 * (ending -1); attach runs once per disk after its file is open and sized
 * (the queue transport creates its ring): 0 or an exit code; fdt once per
 * /block/NAME@i node for its own properties: 0 or -FDT_ERR_*.
 */
extern const char block_transport__summary[];
extern const struct hypercall block_transport__hc[];
extern const int block_transport__syscalls[];
int block_transport__attach(struct disk *d);
int block_transport__fdt(void *fdt, int node, const struct disk *d);

/*
 * A read or write of count sectors from sector, checked in the order of
 * the ABI: read-only (UNIMON_EROFS), then range (UNIMON_EINVAL). 0, or
 * the error. *len gets the length in bytes.
 */
int64_t block__check(const struct disk *d, int write, uint64_t sector,
		     uint64_t count, uint64_t *len);

/* All len bytes between p and the file at off: len, or an error. */
int64_t block__transfer(int fd, int write, uint8_t *p, uint64_t len,
			uint64_t off);

/* fdatasync (nothing for a read-only disk): 0, ENOSPC or EIO. */
int64_t block__sync(const struct disk *d);

#endif
