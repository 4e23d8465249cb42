// SPDX-License-Identifier: MIT
/*
 * Network frames by hypercall (CONFIG_NET without CONFIG_NET_QUEUE): the
 * guest sends and receives one whole Ethernet frame (no FCS) per call.
 * The wait hypercall watches each tap.
 *
 * Receiving goes through a per-interface buffer big enough for any frame
 * a tap can deliver, so a frame is never truncated: when it does not fit
 * the guest's buffer it stays pending (UNIMON_EMSGSIZE) until the guest
 * asks again with a bigger one. docs/ABI.md has the guest's view.
 */
#include <errno.h>
#include <libfdt.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "core/hypercall.h"
#include "core/wakeup.h"
#include "hw/net.h"
#include "unimon/abi.h"

struct net_hc {
	int wait_bit;
	size_t rx_len;	/* a frame waiting for a big enough guest buffer */
	/*
	 * Static, not malloc()ed: untouched pages cost nothing, and no
	 * free() at exit can make glibc trim the heap with brk(), which
	 * the sandbox does not allow.
	 */
	uint8_t rx[NET_RX_BUF_SIZE];
};

static struct net_hc hcs[CONFIG_NET_MAX_DEVICES];

/* Set-up ------------------------------------------------------------- */

static int net_pending(void *ctx)
{
	struct net_if *n = ctx;
	struct net_hc *h = n->priv;
	struct pollfd p = { .fd = n->fd, .events = POLLIN };

	if (h->rx_len)
		return 1;
	/*
	 * A tap deleted under us reports only POLLERR: call that input, so
	 * a waiting guest wakes, receives UNIMON_EIO, and does not spin.
	 */
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLERR | POLLHUP));
}

int net_transport__attach(struct net_if *n)
{
	struct net_hc *h = &hcs[n - net__ifs];

	n->priv = h;
	h->wait_bit = wakeup__add(n->fd, net_pending, n);
	if (h->wait_bit < 0) {
		pr_err("--net %s: too many wait sources", n->name);
		return UNIMON_EXIT_MONITOR;
	}
	return 0;
}

int net_transport__fdt(void *fdt, int node, const struct net_if *n)
{
	const struct net_hc *h = n->priv;

	return fdt_setprop_u32(fdt, node, "unimon,wait-bit", h->wait_bit);
}

void net_transport__detach(struct vm *vm, struct net_if *n)
{
	(void)vm;
	(void)n;
}

/* Hypercalls --------------------------------------------------------- */

static struct net_if *net_get(uint64_t handle)
{
	return handle < net__nifs ? &net__ifs[handle] : NULL;
}

/* One whole frame of a->len bytes from guest memory to the tap. */
static int64_t net_send(struct vm *vm, const struct unimon_hc_net_io *a)
{
	struct net_if *n = net_get(a->handle);
	const void *frame;
	ssize_t w;
	int err;

	if (!n)
		return UNIMON_EBADF;
	err = net__check_send_len(n, a->len);
	if (err)
		return err;
	frame = gmem__ptr(&vm->mem, a->buf, a->len);
	if (!frame)
		return UNIMON_EFAULT;
	w = write(n->fd, frame, a->len);
	if (w < 0)
		return errno == EAGAIN || errno == ENOBUFS ? UNIMON_EAGAIN :
							     UNIMON_EIO;
	return w == (ssize_t)a->len ? w : UNIMON_EIO;
}

/*
 * The next frame into the guest buffer of a->len bytes. The buffer is
 * checked first: a bad one must not cost a frame. A frame that does not
 * fit stays pending for the next call.
 */
static int64_t net_recv(struct vm *vm, const struct unimon_hc_net_io *a)
{
	struct net_if *n = net_get(a->handle);
	struct net_hc *h;
	int64_t len;
	void *buf;
	ssize_t r;

	if (!n)
		return UNIMON_EBADF;
	h = n->priv;
	buf = gmem__ptr(&vm->mem, a->buf, a->len);
	if (!buf)
		return UNIMON_EFAULT;
	if (!h->rx_len) {
		r = read(n->fd, h->rx, NET_RX_BUF_SIZE);
		if (r < 0)
			return errno == EAGAIN || errno == EINTR ? UNIMON_EAGAIN :
								    UNIMON_EIO;
		if (r == 0)
			return UNIMON_EAGAIN;
		if (r == NET_RX_BUF_SIZE) /* cannot happen: see the size */
			return UNIMON_EIO;
		h->rx_len = r;
	}
	if (h->rx_len > a->len)
		return UNIMON_EMSGSIZE;
	memcpy(buf, h->rx, h->rx_len);
	len = h->rx_len;
	h->rx_len = 0;
	return len;
}

static void hc_net_send(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct unimon_hc_net_io a;

	if (hc__args(vm, UNIMON_HC_NET_SEND, gpa, &a, sizeof(a)))
		return;
	hc__ret(vm, gpa, offsetof(struct unimon_hc_net_io, ret),
		net_send(vm, &a));
}

static void hc_net_recv(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct unimon_hc_net_io a;

	if (hc__args(vm, UNIMON_HC_NET_RECV, gpa, &a, sizeof(a)))
		return;
	hc__ret(vm, gpa, offsetof(struct unimon_hc_net_io, ret),
		net_recv(vm, &a));
}

const char net_transport__summary[] =
	"network interfaces over host taps (--net NAME=TAP)";

/*
 * While the guest runs: frames from and to the tap (read, write) and the
 * readiness check of the wait hypercall (poll). Opening the tap, its MTU
 * and the random MAC (open, ioctl, socket, getrandom) are set-up only.
 */
const int net_transport__syscalls[] = { SYS_read, SYS_write, SYS_poll,
					SYS_ppoll, -1 };

const struct hypercall net_transport__hc[] = {
	{ "net-send", UNIMON_HC_NET_SEND, hc_net_send, NULL },
	{ "net-recv", UNIMON_HC_NET_RECV, hc_net_recv, NULL },
	{ 0 },
};
