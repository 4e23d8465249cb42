// SPDX-License-Identifier: MIT
/*
 * Block devices: the disks are read from the device tree once, on first
 * use. A disk whose node has unimon,queue is served through that shared-
 * memory queue (one descriptor per request, results taken in order);
 * otherwise every call is a hypercall. The monitor checks every request
 * either way.
 *
 * Tickets: each request gets the next 32-bit sequence number of its disk.
 * Completions are taken from the ring as soon as they are seen (so the
 * monitor's wait hypercall never sees old ones pending) into rets[], where
 * they stay until the caller collects them, in any order.
 */
#include <stdlib.h>
#include <string.h>
#include <unimon/block.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>
#include "internal.h"

#define HC_DEPTH 64		 /* tickets of a disk without a queue */
#define PIECE (1ull << 30)	 /* bytes per descriptor (len is 32-bit) */
#define COLLECTED INT64_MIN	 /* rets[] of a ticket already collected */

struct disk {
	struct unimon_block_info info;
	bool present;
	bool has_queue;
	bool unkicked;		/* published since the last doorbell check */
	struct unimon_queue q;
	int64_t *rets;		/* ticket t's result: rets[t % depth] */
	uint32_t depth;
	uint32_t next;		/* tickets issued */
	uint32_t taken;		/* results in rets[] (the ring's cons) */
	uint32_t retired;	/* the oldest ticket not yet collected */
};

static struct disk disks[UNIMON_BLOCK_MAX];
static int ndisks = -1; /* not yet read */
static bool any_queue;

/* The disk's queue and the room for its results; false if unusable. */
static bool setup_queue(struct disk *d, const void *fdt, int node)
{
	const void *prop = unimon_fdt_getprop(fdt, node, "unimon,queue", NULL);
	uint32_t bit;
	int len;

	if (!prop)
		return true; /* the hypercall transport */
	prop = unimon_fdt_getprop(fdt, node, "unimon,queue", &len);
	if (unimon_fdt_getprop_u32(fdt, node, "unimon,wait-bit", &bit) ||
	    bit > 63)
		bit = (uint32_t)-1;
	if (!unimon_queue__init(&d->q, prop, len, (int)bit))
		return false;
	d->rets = malloc(d->q.entries * sizeof(*d->rets));
	d->depth = d->q.entries;
	d->has_queue = true;
	any_queue = true;
	return d->rets != NULL;
}

/* One /block/NAME@<handle> node. */
static void add_disk(const void *fdt, int node)
{
	static int64_t hc_rets[UNIMON_BLOCK_MAX][HC_DEPTH];
	struct unimon_block_info *info;
	const char *name = unimon_fdt_get_name(fdt, node, NULL), *at;
	uint32_t handle;
	size_t len;

	if (!name || !unimon_fdt_is_compatible(fdt, node, "unimon,block") ||
	    unimon_fdt_getprop_u32(fdt, node, "reg", &handle) ||
	    handle >= UNIMON_BLOCK_MAX)
		return;
	info = &disks[handle].info;
	at = strchr(name, '@');
	len = at ? (size_t)(at - name) : strlen(name);
	if (len > UNIMON_BLOCK_NAME_MAX)
		len = UNIMON_BLOCK_NAME_MAX;
	memcpy(info->name, name, len);
	info->name[len] = 0;
	if (unimon_fdt_getprop_u64(fdt, node, "unimon,capacity",
				   &info->capacity) ||
	    unimon_fdt_getprop_u32(fdt, node, "unimon,sector-size",
				   &info->sector_size))
		return;
	info->read_only = unimon_fdt_getprop(fdt, node, "read-only", NULL);
	disks[handle].rets = hc_rets[handle];
	disks[handle].depth = HC_DEPTH;
	if (!setup_queue(&disks[handle], fdt, node))
		return;
	disks[handle].present = true;
	if ((int)handle >= ndisks)
		ndisks = (int)handle + 1;
}

static void scan(void)
{
	const void *fdt = unimon_fdt();
	int node;

	if (ndisks >= 0)
		return;
	ndisks = 0;
	if (!fdt)
		return;
	node = unimon_fdt_path_offset(fdt, "/block");
	for (node = unimon_fdt_first_subnode(fdt, node); node >= 0;
	     node = unimon_fdt_next_subnode(fdt, node))
		add_disk(fdt, node);
}

static struct disk *get(int handle)
{
	scan();
	if (handle < 0 || handle >= ndisks || !disks[handle].present)
		return NULL;
	return &disks[handle];
}

int unimon_block_count(void)
{
	scan();
	return ndisks;
}

int unimon_block_info(int handle, struct unimon_block_info *info)
{
	struct disk *d = get(handle);

	if (!d)
		return UNIMON_EBADF;
	*info = d->info;
	return 0;
}

int unimon_block_find(const char *name)
{
	int i;

	scan();
	for (i = 0; i < ndisks; i++)
		if (disks[i].present && !strcmp(disks[i].info.name, name))
			return i;
	return UNIMON_EBADF;
}

int unimon_block_depth(int handle)
{
	struct disk *d = get(handle);

	return d ? (int)d->depth : UNIMON_EBADF;
}

/* The hypercall transport ------------------------------------------------ */

/* A negative handle becomes a huge one, which the monitor refuses. */
static int64_t hc_io(unsigned int nr, int handle, uint64_t sector,
		     const void *buf, uint64_t count)
{
	struct unimon_hc_block_io a = {
		.handle = (uint64_t)(int64_t)handle,
		.sector = sector,
		.buf = (uintptr_t)buf,
		.count = count,
		.ret = UNIMON_ENOSYS,
	};
	int err = unimon_hypercall(nr, &a);

	return err ? err : a.ret;
}

static int64_t hc_flush(int handle)
{
	struct unimon_hc_block_flush a = {
		.handle = (uint64_t)(int64_t)handle,
		.ret = UNIMON_ENOSYS,
	};
	int err = unimon_hypercall(UNIMON_HC_BLOCK_FLUSH, &a);

	return err ? err : a.ret;
}

static int64_t hc_request(int handle, unsigned int op, uint64_t sector,
			  void *buf, uint64_t count)
{
	if (op == UNIMON_BLOCK_OP_FLUSH)
		return hc_flush(handle);
	return hc_io(op == UNIMON_BLOCK_OP_WRITE ? UNIMON_HC_BLOCK_WRITE :
						   UNIMON_HC_BLOCK_READ,
		     handle, sector, buf, count);
}

/* Tickets and the queue ---------------------------------------------------- */

/* Publish without the doorbell; kick() rings it once for a whole batch. */
static void publish_quiet(struct disk *d)
{
	unimon_queue__publish_quiet(&d->q);
	d->unkicked = true;
}

static void kick(struct disk *d)
{
	if (!d->unkicked)
		return;
	d->unkicked = false;
	unimon_queue__kick(&d->q);
}

/* Take every completion the monitor has published into rets[]. */
static void drain(struct disk *d)
{
	struct unimon_queue_desc *c;
	int64_t ret;

	while ((c = unimon_queue__done(&d->q))) {
		ret = c->ret;
		d->rets[d->taken++ % d->depth] = ret == COLLECTED ? UNIMON_EIO :
								    ret;
		unimon_queue__take(&d->q);
	}
}

static bool is_taken(const struct disk *d, uint32_t t)
{
	return t - d->retired < d->taken - d->retired;
}

/* 0 if ticket is in flight or waiting to be collected on d. */
static int check_ticket(const struct disk *d, int64_t ticket)
{
	uint32_t t = (uint32_t)ticket;

	if (ticket < 0 || ticket > UINT32_MAX ||
	    t - d->retired >= d->next - d->retired ||
	    (is_taken(d, t) && d->rets[t % d->depth] == COLLECTED))
		return UNIMON_EINVAL;
	return 0;
}

/*
 * A ticket for the request (count sectors, len bytes), or a negative
 * error.
 */
static int64_t submit(struct disk *d, int handle, unsigned int op,
		      uint64_t sector, void *buf, uint64_t count, uint64_t len)
{
	struct unimon_queue_desc *slot;
	uint32_t t = d->next;

	if (d->next - d->retired >= d->depth)
		return UNIMON_EAGAIN;
	if (!d->has_queue) {
		d->rets[t % d->depth] = hc_request(handle, op, sector, buf,
						   count);
		d->taken++;
		d->next++;
		return t;
	}
	if (unimon_queue__broken(&d->q))
		return UNIMON_EIO;
	slot = unimon_queue__slot(&d->q);
	if (!slot)
		return UNIMON_EAGAIN;
	*slot = (struct unimon_queue_desc){
		.addr = (uintptr_t)buf,
		.len = (uint32_t)len,
		.op = op,
		.arg = sector,
	};
	publish_quiet(d);
	d->next++;
	return t;
}

int64_t unimon_block_submit(int handle, unsigned int op, uint64_t sector,
			    void *buf, uint64_t count)
{
	struct disk *d = get(handle);
	uint64_t len = 0;

	if (!d)
		return UNIMON_EBADF;
	if (op > UNIMON_BLOCK_OP_FLUSH)
		return UNIMON_EINVAL;
	if (d->has_queue && op != UNIMON_BLOCK_OP_FLUSH &&
	    (__builtin_mul_overflow(count, d->info.sector_size, &len) ||
	     len > PIECE))
		return UNIMON_EINVAL;
	return submit(d, handle, op, sector, buf, count, len);
}

void unimon_block_kick(int handle)
{
	struct disk *d = get(handle);

	if (d && d->has_queue)
		kick(d);
}

int unimon_block_poll(int handle, int64_t ticket)
{
	struct disk *d = get(handle);
	int err = d ? check_ticket(d, ticket) : UNIMON_EBADF;

	if (err)
		return err;
	if (d->has_queue) {
		kick(d);
		drain(d);
	}
	if (is_taken(d, (uint32_t)ticket))
		return 1;
	return d->has_queue && unimon_queue__broken(&d->q) ? UNIMON_EIO : 0;
}

int64_t unimon_block_complete(int handle, int64_t ticket)
{
	struct disk *d = get(handle);
	int err = d ? check_ticket(d, ticket) : UNIMON_EBADF;
	uint32_t t = (uint32_t)ticket;
	int64_t ret;

	if (err)
		return err;
	if (d->has_queue)
		kick(d);
	while (!is_taken(d, t)) {
		drain(d);
		if (is_taken(d, t))
			break;
		/* Until the oldest request in flight completes. */
		err = unimon_queue__wait(&d->q);
		if (err)
			return err;
	}
	ret = d->rets[t % d->depth];
	d->rets[t % d->depth] = COLLECTED;
	while (d->retired != d->taken &&
	       d->rets[d->retired % d->depth] == COLLECTED)
		d->retired++;
	return ret;
}

/*
 * For unimon_wait() (its waiter): the disks' queues that have a wait-bit,
 * so that a wait on a disk's bit sets guest_waiting on its queue
 * (unimon/abi.h, step 4); without that the monitor never signals the bit
 * and the wait runs to its deadline.
 */
static unsigned int block_queues(struct unimon_queue **qs, unsigned int max)
{
	unsigned int n = 0;
	int i;

	for (i = 0; i < ndisks && n < max; i++)
		if (disks[i].present && disks[i].has_queue &&
		    disks[i].q.wait_bit >= 0)
			qs[n++] = &disks[i].q;
	return n;
}

static const struct unimon_waiter block_waiter = { block_queues, false };
UNIMON_WAITER(block_waiter);

/* The synchronous calls ---------------------------------------------------- */

/* One request through the queue, waited for. */
static int64_t queue_request(struct disk *d, int handle, unsigned int op,
			     uint64_t sector, void *buf, uint64_t len)
{
	int64_t t = submit(d, handle, op, sector, buf,
			   len / d->info.sector_size, len);

	return t < 0 ? t : unimon_block_complete(handle, t);
}

/*
 * More than a descriptor holds: the whole request is checked here first
 * (nothing is written if it cannot all be), then moved piece by piece.
 */
static int64_t queue_pieces(struct disk *d, int handle, unsigned int op,
			    uint64_t sector, uint8_t *buf, uint64_t count)
{
	uint64_t per = PIECE / d->info.sector_size, n, done = 0;
	int64_t ret;

	if (op == UNIMON_BLOCK_OP_WRITE && d->info.read_only)
		return UNIMON_EROFS;
	if (sector > d->info.capacity || count > d->info.capacity - sector)
		return UNIMON_EINVAL;
	for (; count; count -= n, sector += n) {
		n = count < per ? count : per;
		ret = queue_request(d, handle, op, sector, buf + done,
				    n * d->info.sector_size);
		if (ret < 0)
			return ret;
		done += (uint64_t)ret;
	}
	return (int64_t)done;
}

static int64_t block_io(unsigned int op, int handle, uint64_t sector,
			void *buf, uint64_t count)
{
	struct disk *d = get(handle);
	uint64_t len;

	if (!d && any_queue)
		return UNIMON_EBADF;
	if (!d || !d->has_queue)
		return hc_request(handle, op, sector, buf, count);
	if (__builtin_mul_overflow(count, d->info.sector_size, &len))
		return UNIMON_EINVAL; /* beyond any disk's end */
	if (len > PIECE)
		return queue_pieces(d, handle, op, sector, buf, count);
	return queue_request(d, handle, op, sector, buf, len);
}

int64_t unimon_block_read(int handle, uint64_t sector, void *buf,
			  uint64_t count)
{
	return block_io(UNIMON_BLOCK_OP_READ, handle, sector, buf, count);
}

int64_t unimon_block_write(int handle, uint64_t sector, const void *buf,
			   uint64_t count)
{
	return block_io(UNIMON_BLOCK_OP_WRITE, handle, sector, (void *)buf,
			count);
}

int unimon_block_flush(int handle)
{
	return (int)block_io(UNIMON_BLOCK_OP_FLUSH, handle, 0, NULL, 0);
}
