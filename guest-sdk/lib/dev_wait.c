// SPDX-License-Identifier: MIT
/*
 * unimon_wait(): the wait hypercall, and in front of it the network
 * receive queues (when the monitor moves frames by queue, dev_net.c).
 *
 * A filled receive buffer is input the guest can see without asking the
 * monitor, so the queues are checked first, then polled for a short while
 * (SPINS): a guest answering a flood of requests finds the next one there
 * and pays no exit (~30 us on PVM) per frame. Only then does it set
 * guest_waiting on every receive queue (unimon/abi.h: a full barrier,
 * then a check again) and sleep in the hypercall, which the monitor's I/O
 * thread ends through the queue's wait-bit when it fills a buffer.
 */
#include <stdbool.h>
#include <unimon/unimon.h>
#include <unimon/wait.h>
#include "shared/util.h"
#include "internal.h"

#define RX_QUEUES_MAX 16	/* UNIMON_NET_MAX */
/*
 * Polls of the receive queues before sleeping: a pause each (~25 ns on
 * the project's hosts), so ~400 us. Long enough to cover the host's
 * turn-around in a ping flood (tests/bench/net.sh; /tmp/notes-net.md had
 * the measurements: 4096 left a wait exit on many frames); a wait with a
 * shorter timeout does not poll.
 */
#define SPINS 16384
#define SPIN_MIN_TIMEOUT_NS 500000ull

#define BLOCK_QUEUES_MAX 16	/* UNIMON_BLOCK_MAX */

/* The registered waiters (internal.h): a linker section. */
extern const struct unimon_waiter *const __start_unimon_waiters[]
	__attribute__((weak));
extern const struct unimon_waiter *const __stop_unimon_waiters[]
	__attribute__((weak));

/* The queues of the waiters that poll (poll) or not, at most max. */
static unsigned int watched(struct unimon_queue **qs, unsigned int max,
			    bool poll)
{
	const struct unimon_waiter *const *w;
	unsigned int n = 0;

	for (w = __start_unimon_waiters; w && w < __stop_unimon_waiters; w++)
		if ((*w)->poll == poll)
			n += (*w)->queues(qs + n, max - n);
	return n;
}

/* The bits of the queues with a filled buffer (or stopped: then the
 * guest's next receive says UNIMON_EIO rather than waiting forever). */
static uint64_t rx_ready(struct unimon_queue **qs, unsigned int n)
{
	uint64_t ready = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (unimon_queue__done(qs[i]) || unimon_queue__broken(qs[i]))
			ready |= 1ull << qs[i]->wait_bit;
	return ready;
}

static void set_waiting(struct unimon_queue **qs, unsigned int n, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		STORE(&qs[i]->hdr->guest_waiting, v);
}

/* Poll, then sleep with guest_waiting set: the ready bits, or an error. */
static int64_t queue_wait(struct unimon_queue **qs, unsigned int n,
			  uint64_t timeout_ns, uint64_t *ready)
{
	uint64_t r = rx_ready(qs, n), hr = 0;
	unsigned int spin;
	int64_t ret = 0;

	if (timeout_ns >= SPIN_MIN_TIMEOUT_NS)
		for (spin = 0; !r && spin < SPINS; spin++) {
			__builtin_ia32_pause();
			r = rx_ready(qs, n);
		}
	if (!r) {
		set_waiting(qs, n, 1);
		FENCE(); /* guest_waiting before resp_prod: see abi.h */
		r = rx_ready(qs, n);
		if (!r)
			ret = unimon_hypercall__wait(timeout_ns, &hr);
		set_waiting(qs, n, 0);
		r |= rx_ready(qs, n);
	}
	if (ret < 0)
		return ret;
	*ready = r | hr;
	return __builtin_popcountll(*ready);
}

int64_t unimon_wait(uint64_t timeout_ns, uint64_t *ready)
{
	struct unimon_queue *qs[RX_QUEUES_MAX], *bq[BLOCK_QUEUES_MAX];
	unsigned int n = watched(qs, RX_QUEUES_MAX, true), nb;
	uint64_t r = 0;
	int64_t ret;

	/*
	 * The disks' queues: the monitor signals their bits only to a guest
	 * that says it waits (its own check of resp_prod != resp_cons on
	 * entry covers what completed before: the exit orders the stores).
	 */
	nb = watched(bq, BLOCK_QUEUES_MAX, false);
	set_waiting(bq, nb, 1);
	FENCE();
	ret = n ? queue_wait(qs, n, timeout_ns, &r) :
		  unimon_hypercall__wait(timeout_ns, &r);
	set_waiting(bq, nb, 0);
	if (ret >= 0 && ready)
		*ready = r;
	return ret;
}
