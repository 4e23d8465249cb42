/* SPDX-License-Identifier: MIT */
/*
 * Block devices: the disks given to the monitor with --block NAME=PATH.
 * A disk is named by its handle, 0 .. unimon_block_count() - 1 (the reg
 * of its device-tree node /block/NAME@<handle>), and read and written in
 * whole sectors. One call moves any number of sectors with one exit.
 *
 * Durability: a write returns when the data is in the host's page cache;
 * it survives the guest's crash and the monitor's exit. Only after
 * unimon_block_flush() does it also survive a host crash or power loss.
 * The monitor never flushes on its own, not even at exit.
 */
#ifndef UNIMON_BLOCK_H
#define UNIMON_BLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <unimon/abi.h>

#define UNIMON_BLOCK_MAX 16	 /* handles are below this */
#define UNIMON_BLOCK_NAME_MAX 31 /* characters of a disk name */

struct unimon_block_info {
	char name[UNIMON_BLOCK_NAME_MAX + 1];
	uint64_t capacity;    /* sectors */
	uint32_t sector_size; /* bytes: 512, 1024, 2048 or 4096 */
	bool read_only;
};

/* How many disks are attached (0 without any or without the device). */
int unimon_block_count(void);

/* Describe disk handle: 0, or UNIMON_EBADF if there is none. */
int unimon_block_info(int handle, struct unimon_block_info *info);

/* The handle of the disk called name, or UNIMON_EBADF. */
int unimon_block_find(const char *name);

/*
 * Read or write count sectors starting at sector, into or out of buf
 * (count * sector_size bytes of guest RAM). Returns the number of bytes
 * transferred (always all of them), or a negative error:
 *   UNIMON_EBADF   no disk with that handle
 *   UNIMON_EROFS   write to a read-only disk
 *   UNIMON_EINVAL  count is 0, or the sectors run past the end
 *   UNIMON_EFAULT  buf is not all guest RAM the guest may use
 *   UNIMON_ENOSPC  the host file system is full (write)
 *   UNIMON_EIO     any other host error
 *   UNIMON_ENOSYS  the monitor has no block device
 * After ENOSPC or EIO the sectors of the request may be partly written;
 * sectors outside the request are untouched.
 */
int64_t unimon_block_read(int handle, uint64_t sector, void *buf,
			  uint64_t count);
int64_t unimon_block_write(int handle, uint64_t sector, const void *buf,
			   uint64_t count);

/*
 * Make every write before it durable on the host (fdatasync): 0,
 * UNIMON_EBADF, UNIMON_ENOSPC or UNIMON_EIO. A read-only disk returns 0.
 */
int unimon_block_flush(int handle);

#endif
