// SPDX-License-Identifier: MIT
/*
 * Block transport by shared-memory queues (CONFIG_BLOCK_QUEUE): one ring
 * per disk (unimon,queue in its /block/NAME@i node), served by the
 * monitor's I/O thread, so a request costs no exit. A descriptor is
 * {addr, len, op, arg = first sector}; ret gets the bytes moved or the
 * error the hypercall would give (docs/ABI.md).
 *
 * Batching: the requests of one pass that follow each other on the disk
 * (same op, each starting where the last ended) become one preadv or
 * pwritev. Requests are handled in ring order, so writes land in order
 * and a flush (fdatasync) covers every write before it. What the guest
 * queued when it ends is still handled (QUEUE_DRAIN); after a signal
 * hw/block.c then flushes every read-write disk.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "core/device.h"
#include "core/error.h"
#include "core/iov.h"
#include "core/queue.h"
#include "core/stop.h"
#include "hw/block.h"
#include "unimon/abi.h"

#define MAX_RUN 64	/* requests merged into one system call */

/*
 * Check one read or write in the hypercall's order: op, read-only,
 * length (whole sectors, not 0) and range, then the buffer the engine
 * checked. 0 with *off set, or the request's error.
 */
static int64_t check(const struct disk *d, const struct queue_req *r,
		     uint64_t *off)
{
	int write = r->d.op == UNIMON_BLOCK_OP_WRITE;
	uint64_t len;
	int64_t err;

	if (r->d.op != UNIMON_BLOCK_OP_READ && !write)
		return UNIMON_EINVAL;
	if (write && d->ro)
		return UNIMON_EROFS;
	if (r->d.len % d->sector_size)
		return UNIMON_EINVAL;
	err = block__check(d, write, r->d.arg, r->d.len / d->sector_size, &len);
	if (err)
		return err;
	if (!r->buf)
		return UNIMON_EFAULT;
	*off = r->d.arg * d->sector_size;
	return 0;
}

/* How many of r[0..n) (r[0] checked, at off) form one run on the disk. */
static unsigned int run_length(const struct disk *d, struct queue_req *r,
			       unsigned int n, uint64_t off)
{
	uint64_t next = off + r[0].d.len, o;
	unsigned int k;

	for (k = 1; k < n && k < MAX_RUN; k++) {
		if (r[k].d.op != r[0].d.op || check(d, &r[k], &o) || o != next)
			break;
		next += r[k].d.len;
	}
	return k;
}

/*
 * All of iov[0..n) between guest RAM and the file at off, advancing iov:
 * the bytes moved before the end or the first error.
 */
static uint64_t transfer_v(int fd, int write, struct iovec *iov,
			   unsigned int n, uint64_t off)
{
	uint64_t done = 0;
	ssize_t got;

	while (n) {
		got = write ? pwritev(fd, iov, (int)n, (off_t)(off + done)) :
			      preadv(fd, iov, (int)n, (off_t)(off + done));
		if (got < 0 && errno == EINTR && !stop__requested())
			continue;
		if (got <= 0)
			break;
		done += got;
		iov__advance(&iov, &n, (size_t)got);
	}
	return done;
}

/*
 * One run of k checked requests from off with one system call. If it
 * stops early, the requests it did not finish are done again one by one,
 * so each gets its own result (its own error), as with one hypercall each.
 */
static uint64_t do_run(const struct disk *d, struct queue_req *r,
		       unsigned int k, uint64_t off)
{
	int write = r[0].d.op == UNIMON_BLOCK_OP_WRITE;
	struct iovec iov[MAX_RUN];
	uint64_t done, bytes = 0;
	unsigned int i;

	for (i = 0; i < k; i++)
		iov[i] = (struct iovec){ r[i].buf, r[i].d.len };
	done = transfer_v(d->fd, write, iov, k, off);
	for (i = 0; i < k; i++) {
		if (done >= r[i].d.len) {
			r[i].ret = r[i].d.len;
			done -= r[i].d.len;
		} else {
			done = 0;
			r[i].ret = block__transfer(d->fd, write, r[i].buf,
						   r[i].d.len, off);
		}
		if (r[i].ret > 0)
			bytes += r[i].ret;
		off += r[i].d.len;
	}
	return bytes;
}

static unsigned int process(struct queue *q, struct queue_req *r,
			    unsigned int n, void *ctx)
{
	const struct disk *d = ctx;
	uint64_t off, bytes = 0;
	unsigned int i = 0, k;

	while (i < n) {
		if (r[i].d.op == UNIMON_BLOCK_OP_FLUSH) {
			r[i++].ret = block__sync(d); /* addr and len unused */
			continue;
		}
		r[i].ret = check(d, &r[i], &off);
		if (r[i].ret) {
			i++;
			continue;
		}
		k = run_length(d, r + i, n - i, off);
		bytes += do_run(d, r + i, k, off);
		i += k;
	}
	queue__count_bytes(q, bytes);
	return n;
}

static const struct queue_ops ops = { .process = process };

int block_transport__attach(struct disk *d)
{
	char name[DEV_NAME_MAX + 8];

	snprintf(name, sizeof(name), "block %s", d->name);
	d->queue = queue__create(name, CONFIG_QUEUE_ENTRIES, &ops, d, -1,
				 QUEUE_WAITABLE | QUEUE_DRAIN);
	return d->queue ? 0 : UNIMON_EXIT_MONITOR;
}

int block_transport__fdt(void *fdt, int node, const struct disk *d)
{
	int bit = queue__wait_bit(d->queue);

	return queue__fdt_prop(fdt, node, "unimon,queue", d->queue) ?:
	       (bit >= 0 ? fdt_setprop_u32(fdt, node, "unimon,wait-bit",
					   (uint32_t)bit) : 0);
}

const char block_transport__summary[] =
	"block devices: disk image files (--block), sector I/O through "
	"shared-memory queues";
const struct hypercall block_transport__hc[] = { { 0 } };

/* While the guest runs, on the I/O thread: transfers and flush. */
const int block_transport__syscalls[] = { SYS_preadv, SYS_pwritev,
					  SYS_pread64, SYS_pwrite64,
					  SYS_fdatasync, -1 };
