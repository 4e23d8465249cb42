/* SPDX-License-Identifier: MIT */
/*
 * Network interfaces: whole Ethernet frames (destination MAC, source MAC,
 * type, payload; no FCS) to and from a host tap interface. The monitor
 * attaches them with --net NAME=TAP[,mac=MAC]; the device tree lists them
 * under /net (docs/ABI.md). Frames move by one hypercall each, or, when
 * the monitor has them (CONFIG_NET_QUEUE: the node lists unimon,tx-queue
 * and unimon,rx-queue), through shared-memory queues with no exit per
 * frame; the API is the same, the differences are noted below.
 *
 * A handle is an interface's index, 0 .. unimon_net_count() - 1 (the reg
 * of its /net node). Receiving never blocks: unimon_net_recv() returns
 * UNIMON_EAGAIN when nothing is there, and unimon_net_wait() sleeps in the
 * monitor until a frame arrives, so an idle guest uses no host CPU:
 *
 *	for (;;) {
 *		int64_t n = unimon_net_recv(h, buf, sizeof(buf));
 *
 *		if (n == UNIMON_EAGAIN)
 *			unimon_net_wait(h, UNIMON_WAIT_FOREVER);
 *		else if (n > 0)
 *			handle_frame(buf, n);
 *	}
 */
#ifndef UNIMON_NET_H
#define UNIMON_NET_H

#include <stddef.h>
#include <stdint.h>
#include <unimon/abi.h>
#include <unimon/wait.h>

/*
 * UNIMON_NET_NAME_MAX, UNIMON_NET_FRAME_MAX(mtu) (what unimon_net_send()
 * accepts, and a receive buffer that holds any frame the tap delivers
 * while its MTU stays what the device tree says) and UNIMON_NET_RECV_MAX
 * (a receive buffer that takes any frame at all) come from <unimon/abi.h>.
 */
#define UNIMON_NET_MAX 16	 /* interfaces the SDK keeps track of */

struct unimon_net_info {
	char name[UNIMON_NET_NAME_MAX + 1]; /* NAME of --net NAME=TAP */
	uint8_t mac[6];	 /* the guest's own address: use it as source */
	uint32_t mtu;	 /* of the tap, when the monitor started */
	int wait_bit;	 /* its bit in unimon_wait()'s ready mask, or -1 */
};

/* How many interfaces the monitor attached (0 without CONFIG_NET). */
int unimon_net_count(void);

/* Fill *info for handle h: 0, or UNIMON_EBADF if there is no such one. */
int unimon_net_info(int h, struct unimon_net_info *info);

/* The handle of the interface called name, or UNIMON_EBADF. */
int unimon_net_find(const char *name);

/*
 * Bit number of h in unimon_wait()'s ready mask: ready & (1ull << bit).
 * UNIMON_EBADF if there is no such interface, -1 if it has no bit.
 */
int unimon_net_wait_bit(int h);

/*
 * Send one frame of len bytes (14 .. mtu + 18). Returns len, or
 * UNIMON_EBADF (no such interface), UNIMON_EINVAL (shorter than the
 * Ethernet header), UNIMON_EMSGSIZE (longer than the MTU allows),
 * UNIMON_EFAULT (frame not in guest RAM), UNIMON_EAGAIN (the host's queue
 * is full: the frame was not sent), UNIMON_EIO (the tap failed), or
 * UNIMON_ENOSYS (no network device in this monitor).
 *
 * With queues the frame is copied into a transmit slot of the SDK and
 * queued: the call returns at once (it waits only while all slots are in
 * flight) and frame is free again. The monitor sends it later, so a tap
 * failure comes back as UNIMON_EIO from the next call, which then does
 * not queue its own frame; a frame the host had no room for is dropped
 * silently, as on a wire. UNIMON_EFAULT is checked against guest RAM
 * only. UNIMON_EIO also when the monitor stopped a malformed queue, or
 * when the SDK's heap cannot hold the buffers (first use).
 */
int64_t unimon_net_send(int h, const void *frame, size_t len);

/*
 * Receive one frame into buf (size bytes). Returns its length, or
 * UNIMON_EAGAIN when nothing is there. UNIMON_EMSGSIZE: the next frame is
 * longer than size; it is kept, and the next call with a big enough
 * buffer gets it (UNIMON_NET_FRAME_MAX(mtu) bytes always are). Other
 * errors as for unimon_net_send(); on UNIMON_EFAULT nothing was lost.
 *
 * With queues the SDK posts receive buffers of UNIMON_NET_FRAME_MAX(mtu)
 * bytes on first use of the interface (send, recv, or a wait); the
 * monitor fills them as frames arrive, and this call copies the oldest.
 * A frame longer than those buffers (possible only when the tap's MTU
 * was raised after the monitor started) is dropped by the monitor: that
 * buffer comes back as one UNIMON_EMSGSIZE, and the next call returns
 * the next frame.
 */
int64_t unimon_net_recv(int h, void *buf, size_t size);

/*
 * Sleep until a frame is there to receive on h, at most timeout_ns
 * (UNIMON_WAIT_FOREVER: no deadline; 0: just look). Returns 1 when a
 * frame is there, 0 at the deadline, or a negative UNIMON_E* error.
 * Input on other devices does not end the wait early; to wait for several
 * devices at once use unimon_wait() with their wait bits.
 */
int64_t unimon_net_wait(int h, uint64_t timeout_ns);

/* "a.b.c.d" (decimal, each 0-255) into ip[4]: 0, or -1 if malformed. */
int unimon_parse_ipv4(const char *s, uint8_t ip[4]);

#endif
