// SPDX-License-Identifier: MIT
/*
 * Network interfaces: the /net nodes of the device tree, read once on
 * first use (one walk: at CPL0 every instruction is emulated), and the
 * two ways frames move, chosen per interface by what its node lists:
 *
 * - Queues (unimon,tx-queue and unimon,rx-queue, CONFIG_NET_QUEUE in the
 *   monitor): unimon_net_send() copies the frame into a transmit slot of
 *   the SDK's own and queues it; the monitor's I/O thread writes it to
 *   the tap. The receive queue holds empty buffers the SDK posts on first
 *   use; the thread fills each with one frame, unimon_net_recv() copies
 *   the oldest out and posts the buffer again. No exit per frame.
 * - Otherwise the send and receive hypercalls, one exit per frame.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/fdt.h>
#include <unimon/net.h>
#include <unimon/unimon.h>
#include <unimon/wait.h>
#include "shared/util.h"
#include "internal.h"

/*
 * Receive buffers and transmit slots per interface: at most this many,
 * and not much more memory than BUF_BUDGET each way (but at least
 * BUFS_MIN, whatever the MTU).
 */
#define BUFS_MAX 128
#define BUFS_MIN 4
#define BUF_BUDGET (256 * 1024)

/* The queue side of an interface. */
struct netq {
	bool on;		/* the monitor moves its frames by queue */
	bool ready;		/* buffers allocated, receive buffers posted */
	struct unimon_queue tx, rx;
	uint32_t size;		/* bytes per buffer and per slot */
	uint32_t tx_slots, rx_bufs;
	uint8_t *tx_data;	/* tx_slots * size */
	uint8_t *rx_data;	/* rx_bufs * size */
	int64_t tx_error;	/* of an earlier frame, for the next send */
};

static struct {
	bool scanned;
	int count;			/* handles 0 .. count - 1 */
	bool present[UNIMON_NET_MAX];
	struct unimon_net_info info[UNIMON_NET_MAX];
	struct netq q[UNIMON_NET_MAX];
	bool queues;			/* the monitor has the queue transport */
} nets;

/* The /net child being read. */
struct scan {
	bool in_net;
	bool compatible;
	uint32_t reg;
	bool has_reg;
	struct unimon_net_info cur;
	const void *txq, *rxq;	/* the queue properties, 16 bytes each */
};

static bool is_prop(const struct unimon_fdt_item *it, const char *name)
{
	return !strcmp(it->name, name);
}

static void begin_if(struct scan *s, const char *name)
{
	const char *at = strchr(name, '@');
	size_t len = at ? (size_t)(at - name) : strlen(name);

	memset(&s->cur, 0, sizeof(s->cur));
	s->cur.wait_bit = -1;
	if (len > UNIMON_NET_NAME_MAX)
		len = UNIMON_NET_NAME_MAX;
	memcpy(s->cur.name, name, len);
	s->compatible = s->has_reg = false;
	s->txq = s->rxq = NULL;
}

static void if_prop(struct scan *s, const struct unimon_fdt_item *it)
{
	if (is_prop(it, "compatible"))
		s->compatible = unimon_fdt_stringlist_contains(it->value, it->len,
							       "unimon,net");
	else if (is_prop(it, "reg") && it->len == 4)
		s->reg = unimon_fdt_be32(it->value), s->has_reg = true;
	else if (is_prop(it, "local-mac-address") && it->len == 6)
		memcpy(s->cur.mac, it->value, 6);
	else if (is_prop(it, "mtu") && it->len == 4)
		s->cur.mtu = unimon_fdt_be32(it->value);
	else if (is_prop(it, "unimon,wait-bit") && it->len == 4 &&
		 unimon_fdt_be32(it->value) < 64)
		s->cur.wait_bit = (int)unimon_fdt_be32(it->value);
	else if (is_prop(it, "unimon,tx-queue") && it->len == 16)
		s->txq = it->value;
	else if (is_prop(it, "unimon,rx-queue") && it->len == 16)
		s->rxq = it->value;
}

static void end_if(struct scan *s)
{
	if (!s->compatible || !s->has_reg || s->reg >= UNIMON_NET_MAX ||
	    nets.present[s->reg])
		return;
	nets.present[s->reg] = true;
	nets.info[s->reg] = s->cur;
	/* Both queues, and a wait-bit to sleep on, or no queues at all. */
	nets.q[s->reg].on = s->cur.wait_bit >= 0 &&
		unimon_queue__init(&nets.q[s->reg].tx, s->txq, 16, -1) &&
		unimon_queue__init(&nets.q[s->reg].rx, s->rxq, 16,
				   s->cur.wait_bit);
	nets.queues |= s->txq || s->rxq;
	if ((int)s->reg >= nets.count)
		nets.count = s->reg + 1;
}

static int visit(const struct unimon_fdt_item *it, void *ctx)
{
	struct scan *s = ctx;

	if (it->depth == 2 && it->event == UNIMON_FDT_BEGIN_NODE)
		s->in_net = !strcmp(it->name, "net");
	if (!s->in_net || it->depth != 3)
		return 0;
	switch (it->event) {
	case UNIMON_FDT_BEGIN_NODE:
		begin_if(s, it->name);
		break;
	case UNIMON_FDT_PROPERTY:
		if_prop(s, it);
		break;
	case UNIMON_FDT_END_NODE:
		end_if(s);
		break;
	}
	return 0;
}

static void scan(void)
{
	struct scan s = { 0 };

	if (nets.scanned)
		return;
	nets.scanned = true;
	if (unimon_fdt())
		unimon_fdt_walk(unimon_fdt(), visit, &s);
}

int unimon_net_count(void)
{
	scan();
	return nets.count;
}

static const struct unimon_net_info *get(int h)
{
	scan();
	return h >= 0 && h < UNIMON_NET_MAX && nets.present[h] ?
		       &nets.info[h] :
		       NULL;
}

int unimon_net_info(int h, struct unimon_net_info *info)
{
	const struct unimon_net_info *i = get(h);

	if (!i)
		return UNIMON_EBADF;
	*info = *i;
	return 0;
}

int unimon_net_find(const char *name)
{
	int h;

	for (h = 0; h < unimon_net_count(); h++)
		if (get(h) && !strcmp(nets.info[h].name, name))
			return h;
	return UNIMON_EBADF;
}

int unimon_net_wait_bit(int h)
{
	const struct unimon_net_info *i = get(h);

	return i ? i->wait_bit : UNIMON_EBADF;
}

static int64_t net_io(unsigned int nr, int h, const void *buf, size_t len)
{
	struct unimon_hc_net_io a = {
		.handle = (uint64_t)(int64_t)h,
		.buf = (uintptr_t)buf,
		.len = len,
		.ret = UNIMON_ENOSYS,
	};
	int err = unimon_hypercall(nr, &a);

	return err ? err : a.ret;
}

/* Queues ------------------------------------------------------------ */

/*
 * [p, p + len) lies in guest RAM and off the null page: what the
 * hypercalls answer UNIMON_EFAULT for (the SDK copies, so it checks).
 */
static bool in_ram(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p;
	uint64_t ram = unimon_ram_size();

	return a >= 4096 && a <= ram && len <= ram - a;
}

/* Count buffers of size bytes: BUFS_MIN .. BUFS_MAX, about BUF_BUDGET. */
static uint32_t buf_count(const struct unimon_queue *q, uint32_t size)
{
	uint32_t n = BUF_BUDGET / size;

	if (n < BUFS_MIN)
		n = BUFS_MIN;
	if (n > BUFS_MAX)
		n = BUFS_MAX;
	if (n > q->entries)
		n = q->entries;
	/*
	 * A power of two: buffer i serves counter values i mod n, and the
	 * 32-bit counters wrap; with n = 29 (MTU 9000) two buffers in flight
	 * would share a slot after 2^32 frames.
	 */
	while (n & (n - 1))
		n &= n - 1;
	return n;
}

/* n buffers of size bytes, or fewer if the heap is short: NULL if none. */
static uint8_t *alloc_bufs(uint32_t *n, uint32_t size)
{
	uint8_t *p;

	for (; *n; *n /= 2) {
		p = malloc((size_t)*n * size);
		if (p)
			return p;
	}
	return NULL;
}

/*
 * Publish a receive buffer. The doorbell is needed only when the monitor
 * holds no earlier buffer of ours: while it holds one it watches the tap
 * for this queue, and reads req_prod afresh when a frame comes. So a
 * busy receive path re-posts without exits.
 */
static void publish_rx(struct unimon_queue *q)
{
	uint32_t before = q->prod;

	STORE(&q->hdr->req_prod, ++q->prod);
	FENCE(); /* req_prod before resp_prod and need_kick: see abi.h */
	if (LOAD(&q->hdr->resp_prod) == before && LOAD(&q->hdr->need_kick))
		unimon_outb(q->port, 0);
}

/* Hand the receive buffer for ring position q->rx.prod to the monitor. */
static void post_rx(struct netq *q)
{
	struct unimon_queue_desc *d = unimon_queue__slot(&q->rx);
	uint32_t i = q->rx.prod % q->rx_bufs;

	if (!d)
		return; /* cannot happen: rx_bufs <= entries */
	*d = (struct unimon_queue_desc){
		.addr = (uintptr_t)(q->rx_data + (size_t)i * q->size),
		.len = q->size,
	};
	publish_rx(&q->rx);
}

/*
 * First use: the transmit slots, and the receive buffers posted (each
 * takes any frame of the MTU). Buffer i always sits at ring positions
 * i mod rx_bufs: completions come in order. false if out of memory.
 */
static bool q_setup(struct netq *q, const struct unimon_net_info *info)
{
	uint32_t i;

	if (q->ready)
		return true;
	/* Rounded up to 64: every buffer starts on a cache line. */
	q->size = (UNIMON_NET_FRAME_MAX(info->mtu) + 63) & ~63u;
	q->tx_slots = buf_count(&q->tx, q->size);
	q->rx_bufs = buf_count(&q->rx, q->size);
	q->tx_data = alloc_bufs(&q->tx_slots, q->size);
	q->rx_data = q->tx_data ? alloc_bufs(&q->rx_bufs, q->size) : NULL;
	if (!q->rx_data) {
		free(q->tx_data);
		q->tx_data = NULL;
		return false;
	}
	for (i = 0; i < q->rx_bufs; i++)
		post_rx(q);
	q->ready = true;
	return true;
}

/*
 * The queue side of handle h, or NULL when h goes by hypercall: an
 * interface without queues, or no such interface in a monitor without
 * queues (the hypercall answers UNIMON_EBADF, or UNIMON_ENOSYS without a
 * network device at all).
 */
static struct netq *q_of(int h)
{
	return get(h) && nets.q[h].on ? &nets.q[h] : NULL;
}

/* Set q up on first use: 0, or UNIMON_EIO when the heap is too small. */
static int64_t q_ready(struct netq *q, int h)
{
	return q_setup(q, &nets.info[h]) ? 0 : UNIMON_EIO;
}

/* Take the finished sends: their slots are free again. */
static void tx_reclaim(struct netq *q)
{
	struct unimon_queue_desc *d;
	int64_t ret;

	while ((d = unimon_queue__done(&q->tx))) {
		ret = ((volatile struct unimon_queue_desc *)d)->ret;
		/* UNIMON_EAGAIN: the host's queue was full; lost, as on a wire. */
		if (ret < 0 && ret != UNIMON_EAGAIN && !q->tx_error)
			q->tx_error = ret;
		unimon_queue__take(&q->tx);
	}
}

static int64_t q_send(struct netq *q, uint32_t mtu, const void *frame,
		      size_t len)
{
	struct unimon_queue_desc *d;
	int64_t err;

	if (len < UNIMON_NET_ETH_HLEN)
		return UNIMON_EINVAL;
	if (len > UNIMON_NET_FRAME_MAX(mtu))
		return UNIMON_EMSGSIZE;
	if (!in_ram(frame, len))
		return UNIMON_EFAULT;
	tx_reclaim(q);
	if (q->tx_error) {
		err = q->tx_error;
		q->tx_error = 0;
		return err;
	}
	/* Ring or slots full: the monitor is busy with them, spin. */
	while (q->tx.prod - q->tx.cons >= q->tx_slots ||
	       !(d = unimon_queue__slot(&q->tx))) {
		if (unimon_queue__broken(&q->tx))
			return UNIMON_EIO;
		err = unimon_queue__wait(&q->tx);
		if (err)
			return err;
		tx_reclaim(q);
	}
	if (unimon_queue__broken(&q->tx))
		return UNIMON_EIO;
	memcpy(q->tx_data + (size_t)(q->tx.prod % q->tx_slots) * q->size,
	       frame, len);
	*d = (struct unimon_queue_desc){
		.addr = (uintptr_t)(q->tx_data +
				    (size_t)(q->tx.prod % q->tx_slots) * q->size),
		.len = (uint32_t)len,
	};
	unimon_queue__publish(&q->tx);
	return (int64_t)len;
}

static int64_t q_recv(struct netq *q, void *buf, size_t size)
{
	struct unimon_queue_desc *d;
	int64_t ret;

	if (!in_ram(buf, size))
		return UNIMON_EFAULT;
	if (unimon_queue__broken(&q->rx))
		return UNIMON_EIO;
	d = unimon_queue__done(&q->rx);
	if (!d)
		return UNIMON_EAGAIN;
	ret = ((volatile struct unimon_queue_desc *)d)->ret;
	if (ret > (int64_t)q->size)
		ret = UNIMON_EIO; /* not a length the monitor can give */
	else if (ret > 0 && (size_t)ret > size)
		return UNIMON_EMSGSIZE; /* kept for a bigger buffer */
	else if (ret > 0)
		memcpy(buf, q->rx_data + (size_t)(q->rx.cons % q->rx_bufs) *
						 q->size, (size_t)ret);
	unimon_queue__take(&q->rx);
	post_rx(q);
	return ret;
}

/*
 * For unimon_wait() (its waiter: a guest without network code has none):
 * the receive queues, set up, at most max.
 */
static unsigned int net_rx_queues(struct unimon_queue **qs, unsigned int max)
{
	unsigned int n = 0;
	struct netq *q;
	int h;

	for (h = 0; h < unimon_net_count() && n < max; h++)
		if ((q = q_of(h)) && !q_ready(q, h))
			qs[n++] = &q->rx;
	return n;
}

static const struct unimon_waiter net_waiter = { net_rx_queues, true };
UNIMON_WAITER(net_waiter);

/* The API ----------------------------------------------------------- */

int64_t unimon_net_send(int h, const void *frame, size_t len)
{
	struct netq *q = q_of(h);

	if (q)
		return q_ready(q, h) ?: q_send(q, nets.info[h].mtu, frame, len);
	if (nets.queues && !get(h))
		return UNIMON_EBADF;
	return net_io(UNIMON_HC_NET_SEND, h, frame, len);
}

int64_t unimon_net_recv(int h, void *buf, size_t size)
{
	struct netq *q = q_of(h);

	if (q)
		return q_ready(q, h) ?: q_recv(q, buf, size);
	if (nets.queues && !get(h))
		return UNIMON_EBADF;
	return net_io(UNIMON_HC_NET_RECV, h, buf, size);
}

int64_t unimon_net_wait(int h, uint64_t timeout_ns)
{
	int bit = unimon_net_wait_bit(h);
	uint64_t start = unimon_time_monotonic_ns(), ready, spent;
	int64_t ret;

	if (bit < 0)
		return bit == -1 ? UNIMON_ENOSYS : bit;
	for (;;) {
		ret = unimon_wait(timeout_ns, &ready);
		if (ret <= 0)
			return ret; /* an error, or the deadline */
		if (ready & (1ull << bit))
			return 1;
		/* Another device's input: wait for the rest of the time. */
		if (timeout_ns != UNIMON_WAIT_FOREVER) {
			spent = unimon_time_monotonic_ns() - start;
			if (spent >= timeout_ns)
				return 0;
			timeout_ns -= spent;
			start += spent;
		}
	}
}

int unimon_parse_ipv4(const char *s, uint8_t ip[4])
{
	char *end;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned long v = strtoul(s, &end, 10);

		if (end == s || v > 255 || *end != (i < 3 ? '.' : '\0'))
			return -1;
		ip[i] = (uint8_t)v;
		s = end + 1;
	}
	return 0;
}
