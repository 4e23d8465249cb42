// SPDX-License-Identifier: MIT
/*
 * The guest's side of a shared-memory queue (unimon/abi.h has the
 * protocol): fill a descriptor, publish it, ring the doorbell only when
 * the monitor's I/O thread is idle; take completions in order; spin a
 * little, then sleep in the wait hypercall, when one is needed.
 */
#include <unimon/fdt.h>
#include <unimon/unimon.h>
#include "shared/util.h"
#include "internal.h"

/* Spins (pause, ~40 ns each) before sleeping in the wait hypercall. */
#define SPINS 20000

bool unimon_queue__init(struct unimon_queue *q, const void *prop, int len,
			int wait_bit)
{
	uint64_t addr;
	uint32_t entries, port;

	if (!prop || len != 16)
		return false;
	addr = unimon_fdt_cells(prop, 2);
	entries = (uint32_t)unimon_fdt_cells((const char *)prop + 8, 1);
	port = (uint32_t)unimon_fdt_cells((const char *)prop + 12, 1);
	if (!addr || !entries || (entries & (entries - 1)) || port > 0xffff ||
	    addr >> 32)
		return false;
	*q = (struct unimon_queue){
		.hdr = (struct unimon_queue_hdr *)(uintptr_t)addr,
		.entries = entries,
		.port = (uint16_t)port,
		.wait_bit = wait_bit,
	};
	return true;
}

bool unimon_queue__broken(const struct unimon_queue *q)
{
	return LOAD(&q->hdr->status) != 0;
}

struct unimon_queue_desc *unimon_queue__slot(struct unimon_queue *q)
{
	if (q->prod - q->cons >= q->entries)
		return NULL;
	return &q->hdr->ring[q->prod & (q->entries - 1)];
}

void unimon_queue__publish_quiet(struct unimon_queue *q)
{
	STORE(&q->hdr->req_prod, ++q->prod);
}

void unimon_queue__kick(struct unimon_queue *q)
{
	FENCE(); /* req_prod (stored before) ahead of need_kick */
	if (LOAD(&q->hdr->need_kick))
		unimon_outb(q->port, 0);
}

void unimon_queue__publish(struct unimon_queue *q)
{
	unimon_queue__publish_quiet(q);
	unimon_queue__kick(q);
}

struct unimon_queue_desc *unimon_queue__done(struct unimon_queue *q)
{
	if (q->cons == q->prod || LOAD(&q->hdr->resp_prod) == q->cons)
		return NULL;
	return &q->hdr->ring[q->cons & (q->entries - 1)];
}

void unimon_queue__take(struct unimon_queue *q)
{
	STORE(&q->hdr->resp_cons, ++q->cons);
}

/* Sleep in the monitor until the queue completes something. */
static void sleep_on(struct unimon_queue *q)
{
	static bool no_wait; /* the monitor has no wait hypercall */

	if (q->wait_bit < 0 || no_wait)
		return;
	STORE(&q->hdr->guest_waiting, 1);
	FENCE(); /* guest_waiting before resp_prod */
	if (LOAD(&q->hdr->resp_prod) == q->cons &&
	    unimon_hypercall__wait(10 * 1000 * 1000, NULL) == UNIMON_ENOSYS)
		no_wait = true;
	STORE(&q->hdr->guest_waiting, 0);
}

int unimon_queue__wait(struct unimon_queue *q)
{
	unsigned int spin = 0;

	while (!unimon_queue__done(q)) {
		if (q->cons == q->prod)
			return 0; /* nothing outstanding */
		if (unimon_queue__broken(q))
			return UNIMON_EIO;
		if (++spin < SPINS) {
			__builtin_ia32_pause();
			continue;
		}
		sleep_on(q);
		spin = 0;
	}
	return 0;
}
