// SPDX-License-Identifier: MIT
/*
 * Network frames through shared-memory queues (CONFIG_NET_QUEUE): each
 * interface has a transmit and a receive queue (core/queue.h), served by
 * the I/O thread, which alone reads and writes the tap. The guest moves
 * frames without an exit; the device tree names the queues in the
 * interface's node (unimon,tx-queue, unimon,rx-queue, and the receive
 * queue's unimon,wait-bit).
 *
 * Transmit: each descriptor is one whole frame (addr, len; op and arg 0),
 * written to the tap with one write(). The length rules are the send
 * hypercall's: 14 .. MTU + 18 bytes, else UNIMON_EINVAL / UNIMON_EMSGSIZE.
 * A frame the tap refuses for lack of room is dropped (UNIMON_EAGAIN), as
 * on a wire; what is queued when the guest ends is still sent.
 *
 * Receive: the guest posts empty buffers (addr, len; op and arg 0); the
 * thread fills each with one frame as frames arrive (ret = its length),
 * and watches the tap while buffers wait. A frame is never truncated:
 * it is read with readv() into the guest's buffer plus a scratch buffer
 * of the monitor, and one longer than the guest's buffer is dropped and
 * counted, its descriptor completed with UNIMON_EMSGSIZE. (A guest that
 * posts buffers of UNIMON_NET_FRAME_MAX(mtu) bytes sees that only when
 * the tap's MTU was raised after the monitor started.)
 *
 * The wait hypercall does not watch the tap (the thread owns it): a
 * guest sleeps on the receive queue's wait-bit.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "core/queue.h"
#include "core/vm.h"
#include "hw/net.h"
#include "unimon/abi.h"

struct net_q {
	struct net_if *n;
	struct queue *tx, *rx;
	/* Counters for --stats (written by the I/O thread only). */
	uint64_t sent, not_sent, received, too_long;
	/*
	 * What the guest's buffer cannot hold of a frame. Static, not
	 * malloc()ed: no free() at exit can make glibc trim the heap with
	 * brk(), which the sandbox does not allow.
	 */
	uint8_t scratch[NET_RX_BUF_SIZE];
};

static struct net_q nqs[CONFIG_NET_MAX_DEVICES];

/* Transmit ------------------------------------------------------------ */

static int64_t tx_one(struct net_q *nq, const struct queue_req *r)
{
	struct net_if *n = nq->n;
	ssize_t w;
	int err;

	if (r->d.op || r->d.arg)
		return UNIMON_EINVAL;
	err = net__check_send_len(n, r->d.len);
	if (err)
		return err;
	w = write(n->fd, r->buf, r->d.len);
	if (w < 0)
		return errno == EAGAIN || errno == ENOBUFS ? UNIMON_EAGAIN :
							     UNIMON_EIO;
	return w == (ssize_t)r->d.len ? w : UNIMON_EIO;
}

static unsigned int tx_process(struct queue *q, struct queue_req *r,
			       unsigned int n, void *ctx)
{
	struct net_q *nq = ctx;
	uint64_t bytes = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!r[i].buf)
			continue; /* UNIMON_EFAULT */
		r[i].ret = tx_one(nq, &r[i]);
		if (r[i].ret > 0) {
			bytes += r[i].ret;
			nq->sent++;
		} else {
			nq->not_sent++;
		}
	}
	queue__count_bytes(q, bytes);
	return n;
}

/* Receive ------------------------------------------------------------- */

#define RX_STALL INT64_MIN /* no frame now: the engine watches the tap */

/* One frame into the guest's buffer, never truncated. */
static int64_t rx_one(struct net_q *nq, const struct queue_req *r)
{
	struct iovec iov[2] = {
		{ r->buf, r->d.len },
		{ nq->scratch, NET_RX_BUF_SIZE },
	};
	ssize_t got;

	if (r->d.op || r->d.arg)
		return UNIMON_EINVAL;
	got = readv(nq->n->fd, iov, 2);
	if (got < 0)
		/* Anything else: the tap is gone (deleted, EBADFD). */
		return errno == EAGAIN || errno == EINTR ? RX_STALL : UNIMON_EIO;
	if (got == 0)
		return RX_STALL;
	if ((uint64_t)got > r->d.len) {
		nq->too_long++;
		return UNIMON_EMSGSIZE;
	}
	nq->received++;
	return got;
}

static unsigned int rx_process(struct queue *q, struct queue_req *r,
			       unsigned int n, void *ctx)
{
	struct net_q *nq = ctx;
	uint64_t bytes = 0;
	unsigned int i;
	int64_t ret;

	for (i = 0; i < n; i++) {
		if (!r[i].buf)
			continue; /* UNIMON_EFAULT: costs no frame */
		ret = rx_one(nq, &r[i]);
		if (ret == RX_STALL)
			break;
		r[i].ret = ret;
		if (ret > 0)
			bytes += ret;
	}
	queue__count_bytes(q, bytes);
	return i;
}

static const struct queue_ops tx_ops = { .process = tx_process };
static const struct queue_ops rx_ops = { .process = rx_process };

/* Set-up ------------------------------------------------------------- */

int net_transport__attach(struct net_if *n)
{
	struct net_q *nq = &nqs[n - net__ifs];
	char name[NET_NAME_MAX + 16];

	nq->n = n;
	n->priv = nq;
	snprintf(name, sizeof(name), "net %s tx", n->name);
	nq->tx = queue__create(name, CONFIG_QUEUE_ENTRIES, &tx_ops, nq, -1,
			       QUEUE_DRAIN);
	snprintf(name, sizeof(name), "net %s rx", n->name);
	nq->rx = nq->tx ? queue__create(name, CONFIG_QUEUE_ENTRIES, &rx_ops,
					nq, n->fd, QUEUE_WAITABLE) :
			  NULL;
	return nq->rx ? 0 : UNIMON_EXIT_MONITOR;
}

int net_transport__fdt(void *fdt, int node, const struct net_if *n)
{
	const struct net_q *nq = n->priv;

	return queue__fdt_prop(fdt, node, "unimon,tx-queue", nq->tx) ?:
	       queue__fdt_prop(fdt, node, "unimon,rx-queue", nq->rx) ?:
	       fdt_setprop_u32(fdt, node, "unimon,wait-bit",
			       queue__wait_bit(nq->rx));
}

/* Runs after the queue engine stopped its thread (DEVICE_ORDER_ENGINE). */
void net_transport__detach(struct vm *vm, struct net_if *n)
{
	struct net_q *nq = n->priv;

	if (!nq)
		return;
	if (vm->opts->stats && nq->rx)
		fprintf(stderr, "  net %s: %llu frames sent, %llu not sent, "
			"%llu received, %llu dropped (longer than the guest's "
			"buffer)\n", n->name, (unsigned long long)nq->sent,
			(unsigned long long)nq->not_sent,
			(unsigned long long)nq->received,
			(unsigned long long)nq->too_long);
}

const char net_transport__summary[] =
	"network interfaces over host taps (--net NAME=TAP), frames through "
	"shared-memory queues";
const struct hypercall net_transport__hc[] = { { 0 } };

/* The I/O thread's frames: to the tap (write), from it (readv). */
const int net_transport__syscalls[] = { SYS_write, SYS_readv, -1 };
