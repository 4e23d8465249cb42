/* SPDX-License-Identifier: MIT */
/*
 * The network API with broken arguments: each returns an error to the
 * guest, the monitor keeps running and no frame is lost. Needs one
 * interface (handle 0) on a quiet tap. The SDK's calls are checked with
 * either transport; the hypercalls themselves (any handle, address and
 * length) when the monitor has them, i.e. not the queues (qnetbad.c
 * writes hostile descriptors into those). With the guest's and the
 * host's IPv4 addresses it also asks the host a question (an ARP
 * request) and checks the receive side with the answer pending:
 * too-small buffers get UNIMON_EMSGSIZE and bad ones UNIMON_EFAULT until
 * a big enough buffer receives it.
 *   netbad [GUEST_IP HOST_IP]
 * Prints the transport, one line per case, then "netbad: all ok".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/fdt.h>
#include <unimon/net.h>
#include <unimon/unimon.h>
#include <unimon/wait.h>

static int failures;
static uint8_t buf[UNIMON_NET_RECV_MAX];

static void expect(const char *what, int64_t got, int64_t want)
{
	printf("%s: ret %lld %s\n", what, (long long)got,
	       got == want ? "ok" : "WRONG");
	failures += got != want;
}

/* The hypercall itself, so that any handle, address and length can go. */
static int64_t net_io(unsigned int nr, uint64_t h, uint64_t addr, uint64_t len)
{
	struct unimon_hc_net_io a = { h, addr, len, UNIMON_ENOSYS };

	unimon_hypercall(nr, &a);
	return ((volatile struct unimon_hc_net_io *)&a)->ret;
}

static int64_t send_raw(uint64_t h, uint64_t addr, uint64_t len)
{
	return net_io(UNIMON_HC_NET_SEND, h, addr, len);
}

static int64_t recv_raw(uint64_t h, uint64_t addr, uint64_t len)
{
	return net_io(UNIMON_HC_NET_RECV, h, addr, len);
}

/* Is input ready on handle 0 now (the wait hypercall, not sleeping)? */
static int64_t ready_now(int bit)
{
	uint64_t ready = 0;
	int64_t ret = unimon_wait(0, &ready);

	return ret < 0 ? ret : (int64_t)((ready >> bit) & 1);
}

/* A frame to ourselves, of a local experimental type: the host drops it. */
static void make_harmless(uint8_t *f, const uint8_t mac[6])
{
	memcpy(f, mac, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x88;
	f[13] = 0xb5;
}

/* Does interface 0 move its frames by queue (CONFIG_NET_QUEUE)? */
static int has_queues(void)
{
	const void *fdt = unimon_fdt();
	int node = unimon_fdt_path_offset(fdt, "/net"), len;
	uint32_t reg;

	for (node = unimon_fdt_first_subnode(fdt, node); node >= 0;
	     node = unimon_fdt_next_subnode(fdt, node))
		if (!unimon_fdt_getprop_u32(fdt, node, "reg", &reg) && reg == 0)
			return unimon_fdt_getprop(fdt, node, "unimon,tx-queue",
						  &len) != NULL;
	return 0;
}

/* The hypercalls with any handle, address and length. */
static void bad_hypercalls(const struct unimon_net_info *ni, int count)
{
	uint64_t ram = unimon_ram_size(), max = UNIMON_NET_FRAME_MAX(ni->mtu);
	uintptr_t b = (uintptr_t)buf;

	make_harmless(buf, ni->mac);
	expect("send bad handle (count)", send_raw(count, b, 60), UNIMON_EBADF);
	expect("send bad handle -1", send_raw(UINT64_MAX, b, 60), UNIMON_EBADF);
	expect("send bad handle 2^32", send_raw(1ull << 32, b, 60), UNIMON_EBADF);
	expect("recv bad handle (count)", recv_raw(count, b, 2048), UNIMON_EBADF);
	expect("recv bad handle -1", recv_raw(UINT64_MAX, b, 2048), UNIMON_EBADF);
	expect("send len 0", send_raw(0, b, 0), UNIMON_EINVAL);
	expect("send len 13", send_raw(0, b, 13), UNIMON_EINVAL);
	expect("send len 14", send_raw(0, b, 14), 14);
	expect("send len 60", send_raw(0, b, 60), 60);
	expect("send len mtu+18", send_raw(0, b, max), (int64_t)max);
	expect("send len mtu+19", send_raw(0, b, max + 1), UNIMON_EMSGSIZE);
	expect("send huge len", send_raw(0, b, UINT64_MAX), UNIMON_EMSGSIZE);
	expect("send null page", send_raw(0, 0, 60), UNIMON_EFAULT);
	expect("send ring0 0x1000", send_raw(0, 0x1000, 60), UNIMON_EFAULT);
	expect("send pagetables", send_raw(0, 0x10000, 60), UNIMON_EFAULT);
	expect("send past RAM", send_raw(0, ram + 4096, 60), UNIMON_EFAULT);
	expect("send at RAM end", send_raw(0, ram, 60), UNIMON_EFAULT);
	expect("send straddling RAM end", send_raw(0, ram - 30, 60),
	       UNIMON_EFAULT);
	expect("send wrapping", send_raw(0, UINT64_MAX - 10, 60), UNIMON_EFAULT);

	expect("recv nothing pending", recv_raw(0, b, sizeof(buf)),
	       UNIMON_EAGAIN);
	expect("recv nothing pending, len 0", recv_raw(0, b, 0), UNIMON_EAGAIN);
	expect("recv null page", recv_raw(0, 0, 2048), UNIMON_EFAULT);
	expect("recv ring0 0x1000", recv_raw(0, 0x1000, 2048), UNIMON_EFAULT);
	expect("recv past RAM", recv_raw(0, ram + 4096, 2048), UNIMON_EFAULT);
	expect("recv straddling RAM end", recv_raw(0, ram - 30, 2048),
	       UNIMON_EFAULT);
	expect("recv wrapping", recv_raw(0, UINT64_MAX - 10, 2048),
	       UNIMON_EFAULT);
	expect("recv huge len", recv_raw(0, b, UINT64_MAX), UNIMON_EFAULT);
}

/* The SDK's calls: the same answers whichever transport is below. */
static void bad_sdk_arguments(const struct unimon_net_info *ni, int count)
{
	uint64_t ram = unimon_ram_size();
	size_t max = UNIMON_NET_FRAME_MAX(ni->mtu);
	uint8_t *past = (uint8_t *)(uintptr_t)(ram + 4096);
	uint8_t *straddle = (uint8_t *)(uintptr_t)(ram - 30);
	uint8_t *wrap = (uint8_t *)(uintptr_t)(UINT64_MAX - 10);

	make_harmless(buf, ni->mac);
	expect("SDK send bad handle (count)", unimon_net_send(count, buf, 60),
	       UNIMON_EBADF);
	expect("SDK send bad handle -1", unimon_net_send(-1, buf, 60),
	       UNIMON_EBADF);
	expect("SDK recv bad handle (count)",
	       unimon_net_recv(count, buf, 2048), UNIMON_EBADF);
	expect("SDK send len 0", unimon_net_send(0, buf, 0), UNIMON_EINVAL);
	expect("SDK send len 13", unimon_net_send(0, buf, 13), UNIMON_EINVAL);
	expect("SDK send len 14", unimon_net_send(0, buf, 14), 14);
	expect("SDK send len 60", unimon_net_send(0, buf, 60), 60);
	expect("SDK send len mtu+18", unimon_net_send(0, buf, max),
	       (int64_t)max);
	expect("SDK send len mtu+19", unimon_net_send(0, buf, max + 1),
	       UNIMON_EMSGSIZE);
	expect("SDK send huge len", unimon_net_send(0, buf, SIZE_MAX),
	       UNIMON_EMSGSIZE);
	expect("SDK send null page", unimon_net_send(0, NULL, 60),
	       UNIMON_EFAULT);
	expect("SDK send past RAM", unimon_net_send(0, past, 60),
	       UNIMON_EFAULT);
	expect("SDK send straddling RAM end", unimon_net_send(0, straddle, 60),
	       UNIMON_EFAULT);
	expect("SDK send wrapping", unimon_net_send(0, wrap, 60),
	       UNIMON_EFAULT);

	expect("SDK recv nothing pending", unimon_net_recv(0, buf, sizeof(buf)),
	       UNIMON_EAGAIN);
	expect("SDK recv nothing pending, len 0", unimon_net_recv(0, buf, 0),
	       UNIMON_EAGAIN);
	expect("SDK recv null page", unimon_net_recv(0, NULL, 2048),
	       UNIMON_EFAULT);
	expect("SDK recv past RAM", unimon_net_recv(0, past, 2048),
	       UNIMON_EFAULT);
	expect("SDK recv straddling RAM end", unimon_net_recv(0, straddle, 2048),
	       UNIMON_EFAULT);
	expect("SDK recv wrapping", unimon_net_recv(0, wrap, 2048),
	       UNIMON_EFAULT);
	expect("SDK recv huge len", unimon_net_recv(0, buf, SIZE_MAX),
	       UNIMON_EFAULT);
	expect("nothing ready", ready_now(ni->wait_bit), 0);
	expect("net wait 0: nothing", unimon_net_wait(0, 0), 0);
	expect("net wait bad handle", unimon_net_wait(count, 0), UNIMON_EBADF);
}

/* who-has HOST tell GUEST, from our MAC to everyone (42 bytes, padded). */
static size_t make_arp_request(uint8_t *f, const uint8_t mac[6],
			       const uint8_t guest[4], const uint8_t host[4])
{
	static const uint8_t head[] = { 0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1 };

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	memcpy(f + 12, head, sizeof(head));
	memcpy(f + 22, mac, 6);
	memcpy(f + 28, guest, 4);
	memcpy(f + 38, host, 4);
	return 60;
}

static int is_arp_reply_from(const uint8_t *f, int64_t len,
			     const uint8_t host[4])
{
	return len >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[20] == 0 &&
	       f[21] == 2 && !memcmp(f + 28, host, 4);
}

static void pending_frame(const struct unimon_net_info *ni,
			  const uint8_t guest[4], const uint8_t host[4])
{
	static uint8_t small[64];
	size_t len = make_arp_request(buf, ni->mac, guest, host);
	int64_t n;

	expect("send ARP request to the host", unimon_net_send(0, buf, len),
	       (int64_t)len);
	expect("wait for the answer (5 s)",
	       unimon_net_wait(0, 5000000000ull), 1);
	expect("recv into 10 bytes", unimon_net_recv(0, small, 10),
	       UNIMON_EMSGSIZE);
	expect("recv into 0 bytes", unimon_net_recv(0, small, 0),
	       UNIMON_EMSGSIZE);
	expect("recv null page, frame pending", unimon_net_recv(0, NULL, 2048),
	       UNIMON_EFAULT);
	expect("recv straddling, frame pending",
	       unimon_net_recv(0, (void *)(uintptr_t)(unimon_ram_size() - 30),
			       2048), UNIMON_EFAULT);
	expect("pending frame is ready", ready_now(ni->wait_bit), 1);
	expect("recv into 41 bytes", unimon_net_recv(0, small, 41),
	       UNIMON_EMSGSIZE);
	memset(buf, 0, 64);
	n = unimon_net_recv(0, buf, sizeof(buf));
	printf("recv into a big buffer: %lld bytes\n", (long long)n);
	expect("it is the ARP answer", is_arp_reply_from(buf, n, host), 1);
	expect("then nothing pending", unimon_net_recv(0, buf, sizeof(buf)),
	       UNIMON_EAGAIN);
	expect("then nothing ready", ready_now(ni->wait_bit), 0);
}

int main(int argc, char **argv)
{
	struct unimon_net_info ni;
	uint8_t guest[4], host[4];
	int count = unimon_net_count();

	if (unimon_net_info(0, &ni)) {
		printf("netbad: needs a network interface\n");
		return 1;
	}
	if (has_queues()) {
		printf("netbad: transport queues\n");
	} else {
		printf("netbad: transport hypercalls\n");
		bad_hypercalls(&ni, count);
	}
	bad_sdk_arguments(&ni, count);
	if (argc == 3 && !unimon_parse_ipv4(argv[1], guest) &&
	    !unimon_parse_ipv4(argv[2], host))
		pending_frame(&ni, guest, host);
	printf("netbad: %s\n", failures ? "FAILED" : "all ok");
	return failures ? 1 : 0;
}
