/* SPDX-License-Identifier: MIT */
/*
 * Block devices: the disks given to the monitor with --block NAME=PATH.
 * A disk is named by its handle, 0 .. unimon_block_count() - 1 (the reg
 * of its device-tree node /block/NAME@<handle>), and read and written in
 * whole sectors.
 *
 * Two transports, chosen by the monitor's build and found in the device
 * tree at run time; the API is the same for both. With a shared-memory
 * queue (the disk's node has unimon,queue) a request is a descriptor in a
 * ring the monitor's I/O thread serves: no exit per request, several
 * requests in flight (the asynchronous calls below), one doorbell for a
 * batch at most. Without one, each call is one hypercall (one exit) that
 * moves any number of sectors.
 *
 * Durability: a write returns when the data is in the host's page cache;
 * it survives the guest's crash and the monitor's exit. Only after
 * unimon_block_flush() does it also survive a host crash or power loss.
 * The monitor flushes for the guest only when a signal stopped it
 * (SIGTERM, SIGINT, --timeout), not after the guest's own exit or crash.
 * A write still in flight when the guest exits or crashes is completed.
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

/*
 * With a queue, the synchronous calls above also return:
 *   UNIMON_EIO     the monitor stopped the disk's queue (a malformed
 *                  ring); every later call on that disk fails the same
 *   UNIMON_EAGAIN  every ticket of the disk is taken by asynchronous
 *                  requests not yet collected (see below)
 */

/*
 * Asynchronous I/O: keep several requests in flight on one disk.
 *
 * unimon_block_submit() queues one request and returns at once with a
 * ticket (>= 0), or a negative error (those of the calls above for a bad
 * handle; UNIMON_EINVAL for an unknown op or a request the queue cannot
 * describe, more than 1 GiB; UNIMON_EAGAIN when no ticket is free; the
 * request's own checks come back with its result). op is
 * UNIMON_BLOCK_OP_READ, _WRITE (count sectors from sector, into or out of
 * buf) or _FLUSH (sector, buf and count ignored). buf must stay untouched
 * until the request completes.
 *
 * Requests of a disk are carried out in submission order: writes land in
 * that order, a flush covers every write submitted before it, a read sees
 * every earlier write. A submitted request may start at once; it certainly
 * starts at the next unimon_block_kick(), _poll() or _complete() on its
 * disk. Submitting a batch and then kicking rings the doorbell (an exit)
 * at most once, and not at all while the monitor is still busy with
 * earlier requests.
 *
 * unimon_block_complete() waits for the request of ticket (spinning a
 * little, then sleeping in the monitor) and returns its result, as the
 * synchronous call would have: bytes transferred or a negative error.
 * unimon_block_poll() does not wait: 1 if the request is complete, 0 if
 * not yet. Both return UNIMON_EINVAL for a ticket that is not in flight
 * (or was collected already) and UNIMON_EIO once the queue is stopped.
 * Every ticket must be collected with unimon_block_complete(), in any
 * order: until then it holds one of the disk's unimon_block_depth()
 * tickets. Tickets complete in submission order.
 *
 * Without a queue (the hypercall transport) submit does the request at
 * once, and complete only returns its result.
 */
int64_t unimon_block_submit(int handle, unsigned int op, uint64_t sector,
			    void *buf, uint64_t count);
int64_t unimon_block_complete(int handle, int64_t ticket);
int unimon_block_poll(int handle, int64_t ticket);
/* Start what was submitted (ring the doorbell if the monitor is idle). */
void unimon_block_kick(int handle);
/* How many requests of disk handle can be in flight at once, or an error. */
int unimon_block_depth(int handle);

#endif
