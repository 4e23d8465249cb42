/* SPDX-License-Identifier: MIT */
/*
 * Shared-memory queues (the ABI is in unimon/abi.h): descriptor rings in
 * guest RAM, served by one monitor I/O thread woken by ioeventfd doorbells.
 *
 * A device creates its queues in its init hook (queue__create). The boot
 * personality places them in guest RAM (queue__place), the device
 * describes them in its device-tree node (queue__fdt_prop), and the
 * "queues" pseudo-device starts the I/O thread before the guest runs and
 * stops it, then drains what the guest published, when the guest is gone.
 *
 * Every descriptor is hostile input: the engine reads the producer index
 * once per pass, copies each descriptor once, checks its buffer against
 * guest RAM and hands the device only the copy and a checked host
 * pointer. A producer index that runs past the ring stops that queue with
 * an error (status UNIMON_QUEUE_BROKEN); the monitor and the guest go on.
 */
#ifndef UNIMON_QUEUE_H
#define UNIMON_QUEUE_H

#include <stdint.h>
#include "unimon/abi.h"

struct gmem;
struct queue;

/* One request, as the device sees it. */
struct queue_req {
	struct unimon_queue_desc d; /* the copy: never read guest RAM again */
	void *buf;	/* host pointer to [d.addr, d.addr + d.len) or NULL */
	int64_t ret;	/* the device's result; preset to UNIMON_EFAULT
			   when buf is NULL (the device skips those) */
};

struct queue_ops {
	/*
	 * Handle reqs[0..n) in order and set each one's ret. Returns how
	 * many were handled: fewer than n leaves the rest queued until the
	 * queue's input fd is readable (a receive queue with no frame).
	 * Runs on the I/O thread, or on the main thread after it stopped.
	 */
	unsigned int (*process)(struct queue *q, struct queue_req *reqs,
				unsigned int n, void *ctx);
};

enum {
	QUEUE_WAITABLE = 1 << 0, /* a wait-bit: the guest can sleep on it */
	QUEUE_DRAIN = 1 << 1,	 /* handle what is left when the guest ends */
};

/*
 * A queue of entries (a power of two, at most 4096) named name (for
 * messages, e.g. "block disk0"). input_fd (or -1): readable when a
 * stalled queue can make progress. NULL after one line on stderr.
 */
struct queue *queue__create(const char *name, unsigned int entries,
			    const struct queue_ops *ops, void *ctx,
			    int input_fd, unsigned int flags);

/* The wait-bit of a QUEUE_WAITABLE queue (unimon,wait-bit), else -1. */
int queue__wait_bit(const struct queue *q);

/*
 * Place every queue in guest RAM from *start (page-aligned, below end),
 * zeroed; *start moves past them. 0, or -1 with err__set().
 * Weak: absent when no device uses queues.
 */
int queue__place(struct gmem *mem, uint64_t *start, uint64_t end)
	__attribute__((weak));

/* The queue's device-tree property (4 cells, see unimon/abi.h). */
int queue__fdt_prop(void *fdt, int node, const char *prop,
		    const struct queue *q);

/* 1 once the monitor is stopping the I/O thread (a device that is
 * blocked, e.g. writing to a stalled stdout, gives up on EINTR). */
int queue__stopping(void);

/* Bytes moved through the queue (for the device's own accounting). */
void queue__count_bytes(struct queue *q, uint64_t bytes);

#endif
