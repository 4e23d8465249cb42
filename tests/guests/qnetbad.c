/* SPDX-License-Identifier: MIT */
/*
 * Hostile descriptors written straight into the queues of network
 * interface 0 (the queue transport, CONFIG_NET_QUEUE), bypassing the SDK:
 * each gets its own error in ret and the interface goes on working. The
 * interface must be on a quiet tap whose host end has HOST_IP: ARP
 * requests from GUEST_IP make the frames the receive side needs.
 *
 *   unimon --net net0=TAP qnetbad.elf -- RING0 GUEST_IP HOST_IP [MODE]
 *
 * RING0: the monitor's CONFIG_RING0_ADDR (hex). Prints one line per case;
 * without MODE it ends with "qnetbad: all ok" (exit 0). MODE broken-tx or
 * broken-rx: first a normal exchange through the SDK, then a req_prod far
 * past that ring: the monitor stops that queue (status
 * UNIMON_QUEUE_BROKEN), the SDK's calls on it return UNIMON_EIO, the
 * other queue still works, and the guest exits with its own status 7.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/fdt.h>
#include <unimon/net.h>
#include <unimon/unimon.h>
#include "rawring.h"

#define TIMEOUT_NS RING_TIMEOUT_NS

static struct ring tx, rx;
static struct unimon_net_info ni;
static uint8_t guest_ip[4], host_ip[4];
static int failures;
static uint8_t frame[2048] __attribute__((aligned(64)));
static uint8_t big[2048] __attribute__((aligned(64)));
static uint8_t big2[2048] __attribute__((aligned(64)));
static uint8_t small[64] __attribute__((aligned(64)));

static void expect(const char *what, int64_t got, int64_t want)
{
	printf("%s: ret %lld %s\n", what, (long long)got,
	       got == want ? "ok" : "WRONG");
	failures += got != want;
}

/* The queues of the /net node with reg 0. */
static int find_rings(void)
{
	const void *fdt = unimon_fdt();
	int node = unimon_fdt_path_offset(fdt, "/net");
	uint32_t reg;

	for (node = unimon_fdt_first_subnode(fdt, node); node >= 0;
	     node = unimon_fdt_next_subnode(fdt, node))
		if (!unimon_fdt_getprop_u32(fdt, node, "reg", &reg) && reg == 0)
			return ring_of(fdt, node, "unimon,tx-queue", &tx) ||
			       ring_of(fdt, node, "unimon,rx-queue", &rx);
	return -1;
}

/* Until the monitor completed everything published: 0, or -1. */
static int wait_done(struct ring *r)
{
	return ring_wait(r, TIMEOUT_NS);
}

/* One transmit descriptor: its ret. */
static int64_t send1(uint64_t addr, uint32_t len, uint32_t op, uint64_t arg)
{
	ring_put(&tx, 0, addr, len, op, arg);
	ring_publish(&tx, 1);
	return wait_done(&tx) ? -99999 : ring_ret(&tx, 1);
}

/* A frame to ourselves, of a local experimental type: the host drops it. */
static void make_harmless(uint8_t *f)
{
	memset(f, 0, 64);
	memcpy(f, ni.mac, 6);
	memcpy(f + 6, ni.mac, 6);
	f[12] = 0x88;
	f[13] = 0xb5;
}

/* who-has HOST tell GUEST, from our MAC to everyone (42 bytes, padded). */
static size_t make_arp_request(uint8_t *f)
{
	static const uint8_t head[] = { 0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1 };

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, ni.mac, 6);
	memcpy(f + 12, head, sizeof(head));
	memcpy(f + 22, ni.mac, 6);
	memcpy(f + 28, guest_ip, 4);
	memcpy(f + 38, host_ip, 4);
	return 60;
}

static int is_arp_reply(const uint8_t *f, int64_t len)
{
	return len >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[20] == 0 &&
	       f[21] == 2 && !memcmp(f + 28, host_ip, 4);
}

/*
 * Ask the host a question until the receive ring has completed all that
 * was posted (its answer is the next frame to arrive): 0, or -1. Asked
 * again after a second without one, in case the host dropped one.
 */
static int ask_host(void)
{
	static uint8_t req[64];
	size_t len = make_arp_request(req);
	int i;

	for (i = 0; i < 5; i++) {
		if (send1((uintptr_t)req, len, 0, 0) != (int64_t)len)
			return -1;
		if (!ring_wait(&rx, 1000000000ull))
			return 0;
	}
	return -1;
}

static void bad_tx(uint64_t ram, uint64_t ring0)
{
	uint64_t b = (uintptr_t)frame, max = UNIMON_NET_FRAME_MAX(ni.mtu);

	make_harmless(frame);
	expect("tx: len 60 ok", send1(b, 60, 0, 0), 60);
	expect("tx: len 14 ok", send1(b, 14, 0, 0), 14);
	expect("tx: len 0 (too short)", send1(b, 0, 0, 0), UNIMON_EINVAL);
	expect("tx: len 13 (too short)", send1(b, 13, 0, 0), UNIMON_EINVAL);
	expect("tx: len mtu+18 ok", send1(b, (uint32_t)max, 0, 0), (int64_t)max);
	expect("tx: len mtu+19 (longer than the MTU)",
	       send1(b, (uint32_t)max + 1, 0, 0), UNIMON_EMSGSIZE);
	expect("tx: len 2^32-1 (past RAM)", send1(b, 0xffffffffu, 0, 0),
	       UNIMON_EFAULT);
	expect("tx: op 1", send1(b, 60, 1, 0), UNIMON_EINVAL);
	expect("tx: arg 1", send1(b, 60, 0, 1), UNIMON_EINVAL);
	expect("tx: addr 0 (null page)", send1(0, 60, 0, 0), UNIMON_EFAULT);
	expect("tx: addr at the end of RAM", send1(ram, 60, 0, 0),
	       UNIMON_EFAULT);
	expect("tx: addr 2^40", send1(1ull << 40, 60, 0, 0), UNIMON_EFAULT);
	expect("tx: straddling the end of RAM", send1(ram - 30, 60, 0, 0),
	       UNIMON_EFAULT);
	expect("tx: addr + len wraps 2^64", send1(~0ull - 10, 60, 0, 0),
	       UNIMON_EFAULT);
	expect("tx: addr in the ring-0 region", send1(ring0, 60, 0, 0),
	       UNIMON_EFAULT);
	expect("tx: running into the ring-0 region",
	       send1(ring0 - 30, 60, 0, 0), UNIMON_EFAULT);
	/* A batch: each keeps its own result. */
	ring_put(&tx, 0, b, 60, 0, 0);
	ring_put(&tx, 1, 0, 60, 0, 0);
	ring_put(&tx, 2, b, 10, 0, 0);
	ring_put(&tx, 3, b, 64, 0, 0);
	ring_publish(&tx, 4);
	if (wait_done(&tx)) {
		expect("tx batch answered", -1, 0);
		return;
	}
	expect("tx batch: good", ring_ret(&tx, 4), 60);
	expect("tx batch: bad address", ring_ret(&tx, 3), UNIMON_EFAULT);
	expect("tx batch: too short", ring_ret(&tx, 2), UNIMON_EINVAL);
	expect("tx batch: good", ring_ret(&tx, 1), 64);
}

static void bad_rx(uint64_t ram, uint64_t ring0)
{
	uint64_t b = (uintptr_t)big;

	/* Bad buffers are answered at once, without waiting for a frame. */
	ring_put(&rx, 0, 0, 2048, 0, 0);
	ring_put(&rx, 1, ring0, 2048, 0, 0);
	ring_put(&rx, 2, ~0ull - 10, 2048, 0, 0);
	ring_put(&rx, 3, ram - 30, 2048, 0, 0);
	ring_put(&rx, 4, ram, 2048, 0, 0);
	ring_put(&rx, 5, b, 2048, 1, 0);
	ring_put(&rx, 6, b, 2048, 0, 1);
	ring_publish(&rx, 7);
	if (wait_done(&rx)) {
		expect("rx: bad buffers answered", -1, 0);
		return;
	}
	expect("rx: addr 0 (null page)", ring_ret(&rx, 7), UNIMON_EFAULT);
	expect("rx: addr in the ring-0 region", ring_ret(&rx, 6), UNIMON_EFAULT);
	expect("rx: addr + len wraps 2^64", ring_ret(&rx, 5), UNIMON_EFAULT);
	expect("rx: straddling the end of RAM", ring_ret(&rx, 4), UNIMON_EFAULT);
	expect("rx: addr at the end of RAM", ring_ret(&rx, 3), UNIMON_EFAULT);
	expect("rx: op 1", ring_ret(&rx, 2), UNIMON_EINVAL);
	expect("rx: arg 1", ring_ret(&rx, 1), UNIMON_EINVAL);

	/* A buffer too small for the frame that comes: dropped, EMSGSIZE. */
	ring_put(&rx, 0, (uintptr_t)small, 20, 0, 0);
	ring_publish(&rx, 1);
	expect("rx: 20-byte buffer, ARP answer arrives",
	       ask_host() ? -99999 : ring_ret(&rx, 1), UNIMON_EMSGSIZE);

	/* A bad buffer costs no frame: the good one after it gets it. */
	memset(big, 0, sizeof(big));
	ring_put(&rx, 0, 0, 2048, 0, 0);
	ring_put(&rx, 1, b, 2048, 0, 0);
	ring_publish(&rx, 2);
	if (ask_host()) {
		expect("rx: answer after a bad buffer", -1, 0);
		return;
	}
	expect("rx: bad buffer before the frame", ring_ret(&rx, 2), UNIMON_EFAULT);
	printf("rx: frame of %lld bytes\n", (long long)ring_ret(&rx, 1));
	expect("rx: the good buffer has the ARP answer",
	       is_arp_reply(big, ring_ret(&rx, 1)), 1);
	expect("rx: nothing written past the frame",
	       big[ring_ret(&rx, 1)] == 0 && big[2047] == 0, 1);
}

/* Through the SDK: send a question, receive the answer. */
static void sdk_exchange(void)
{
	size_t len = make_arp_request(frame);
	int64_t n;

	expect("SDK send", unimon_net_send(0, frame, len), (int64_t)len);
	expect("SDK wait", unimon_net_wait(0, TIMEOUT_NS), 1);
	n = unimon_net_recv(0, big2, sizeof(big2));
	expect("SDK recv: the ARP answer", is_arp_reply(big2, n), 1);
}

/* req_prod far past the ring: that queue stops, the guest goes on. */
static void break_ring(struct ring *r)
{
	uint64_t t0 = unimon_time_monotonic_ns();

	r->prod = r->hdr->req_prod;
	__atomic_store_n(&r->hdr->req_prod, r->prod + r->entries * 1000 + 3,
			 __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	unimon_outb(r->port, 0);
	while (__atomic_load_n(&r->hdr->status, __ATOMIC_ACQUIRE) !=
	       UNIMON_QUEUE_BROKEN &&
	       unimon_time_monotonic_ns() - t0 < TIMEOUT_NS)
		__builtin_ia32_pause();
	expect("status broken", r->hdr->status, UNIMON_QUEUE_BROKEN);
}

static int broken(const char *mode)
{
	size_t len = make_arp_request(frame);

	sdk_exchange();
	if (!strcmp(mode, "broken-tx")) {
		break_ring(&tx);
		expect("SDK send on the stopped queue",
		       unimon_net_send(0, frame, len), UNIMON_EIO);
		expect("SDK send again", unimon_net_send(0, frame, len),
		       UNIMON_EIO);
		expect("SDK recv still works (nothing there)",
		       unimon_net_recv(0, big2, sizeof(big2)), UNIMON_EAGAIN);
	} else {
		break_ring(&rx);
		expect("SDK recv on the stopped queue",
		       unimon_net_recv(0, big2, sizeof(big2)), UNIMON_EIO);
		expect("SDK wait returns at once", unimon_net_wait(0, TIMEOUT_NS),
		       1);
		expect("SDK send still works", unimon_net_send(0, frame, len),
		       (int64_t)len);
	}
	printf("qnetbad %s: %s\n", mode, failures ? "FAILED" : "all ok");
	return failures ? 1 : 7;
}

int main(int argc, char **argv)
{
	uint64_t ring0 = argc > 1 ? strtoul(argv[1], NULL, 16) : 0x1000;

	if (argc < 4 || unimon_parse_ipv4(argv[2], guest_ip) ||
	    unimon_parse_ipv4(argv[3], host_ip)) {
		printf("usage: qnetbad.elf -- RING0 GUEST_IP HOST_IP [MODE]\n");
		return 2;
	}
	if (unimon_net_info(0, &ni) || find_rings()) {
		printf("qnetbad: want network interface 0 with queues\n");
		return 2;
	}
	if (argc > 4)
		return broken(argv[4]);
	bad_tx(unimon_ram_size(), ring0);
	bad_rx(unimon_ram_size(), ring0);
	printf("qnetbad: %s\n", failures ? "FAILED" : "all ok");
	return failures ? 1 : 0;
}
