/* SPDX-License-Identifier: MIT */
/*
 * For the hostile queue guests (qconbad, qblockbad, qnetbad): drive a
 * shared-memory queue directly, without the SDK, so they can write what
 * the SDK never would (unimon/abi.h has the protocol). Every wait is
 * bounded: a lost completion fails the test, it does not hang it.
 */
#ifndef RAWRING_H
#define RAWRING_H

#include <stdint.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>

#define RING_TIMEOUT_NS 5000000000ull

struct ring {
	volatile struct unimon_queue_hdr *hdr;
	uint32_t entries;
	uint16_t port;
	uint32_t prod;	/* requests published, ours */
};

/* The queue in property prop of node (4 cells): 0, or -1. */
static inline int ring_of(const void *fdt, int node, const char *prop,
			  struct ring *r)
{
	int len;
	const char *p = unimon_fdt_getprop(fdt, node, prop, &len);

	if (!p || len != 16)
		return -1;
	r->hdr = (void *)(uintptr_t)unimon_fdt_cells(p, 2);
	r->entries = (uint32_t)unimon_fdt_cells(p + 8, 1);
	r->port = (uint16_t)unimon_fdt_cells(p + 12, 1);
	r->prod = r->hdr->req_prod;
	return 0;
}

/* Fill descriptor i past r->prod (not yet published); ret is preset. */
static inline void ring_put(struct ring *r, uint32_t i, uint64_t addr,
			    uint32_t len, uint32_t op, uint64_t arg)
{
	volatile struct unimon_queue_desc *d =
		&r->hdr->ring[(r->prod + i) & (r->entries - 1)];

	d->addr = addr;
	d->len = len;
	d->op = op;
	d->arg = arg;
	d->ret = 12345; /* the monitor must overwrite it */
}

/* Publish n more and ring (always: a needless doorbell is harmless). */
static inline void ring_publish(struct ring *r, uint32_t n)
{
	r->prod += n;
	__atomic_store_n(&r->hdr->req_prod, r->prod, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	unimon_outb(r->port, 0);
}

/* Until the monitor completed all that was published, at most ns: 0 or -1. */
static inline int ring_wait(struct ring *r, uint64_t ns)
{
	uint64_t t0 = unimon_time_monotonic_ns();

	while (__atomic_load_n(&r->hdr->resp_prod, __ATOMIC_ACQUIRE) != r->prod)
		if (unimon_time_monotonic_ns() - t0 > ns)
			return -1;
		else
			__builtin_ia32_pause();
	r->hdr->resp_cons = r->prod;
	return 0;
}

/* The ret of the descriptor back_by before r->prod. */
static inline int64_t ring_ret(const struct ring *r, uint32_t back_by)
{
	return r->hdr->ring[(r->prod - back_by) & (r->entries - 1)].ret;
}

#endif
