// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the queue engine (core/queue.c), the monitor's parser
 * of the descriptor rings a guest writes, over fake guest RAM whose
 * monitor regions are PROT_NONE (and guard pages on both sides), with no
 * KVM and no I/O thread: the harness plays the guest and calls the
 * engine's serving path itself, one queue after the other, as the thread's
 * service_all() does. The engine's serving functions are static, so the
 * engine is compiled in here (build.sh links every other object of the
 * configuration, but not core/queue.o).
 *
 * Four queues (1, 8, 100 -> 64 and CONFIG_QUEUE_ENTRIES entries) of a test
 * device whose process() checks every request it is offered and touches
 * every byte of its buffer (reads; writes when op is odd; past 4 MiB in
 * one input, one byte per page), and handles fewer than offered when the
 * step says so (a stall).
 *
 * Input: byte 0 chooses where the queues are placed (the usual place, the
 * end of RAM, just after or just before a monitor region), byte 1 where
 * the free-running counters start (0, or just below 2^32 so they wrap),
 * then guest steps, each an opcode byte (low 3 bits: the step; bits 3-4:
 * the queue) and its operands:
 *   0 HDR     u8 field, u32 value: a 32-bit header field (any of 32)
 *   1 PROD    s16: req_prod += value
 *   2 DESC    s8 slot (from req_prod), u8 address mode, u64 addr,
 *             u32 len, u32 op, u64 arg: one descriptor
 *   3 PUBLISH u8 count, u8 address mode, u32 addr, u16 len, u8 op:
 *             count descriptors at req_prod, buffers back to back; then
 *             req_prod += count
 *   4 SERVE   u8 stall: serve every queue in turn; bit 7 set: this
 *             queue's device handles at most (stall & 63) per call
 *   5 IDLE    u8 stall: the same between set_need_kick(1) and (0), as the
 *             I/O thread does before it sleeps
 *   6 BELL    u8 port - 0x5fc, u8 mode: a doorbell access (doorbell_io)
 *   7 PENDING the wait hypercall's readiness check (queue_pending)
 * An address mode's low 3 bits: 1 the end of RAM - (u32)addr, 2 the start
 * of a monitor region - (u16)addr, 3 its end - 0x8000 + (u16)addr (bits
 * 3-7 pick the region), 4 a queue's header + (u16)addr (bits 3-4 pick
 * it), 5 16 MiB + (addr & 0xfffff), else addr as it is.
 *
 * Checked on every service of a queue (against a copy of its header and
 * ring taken just before), beyond no crash and no ASan/UBSan report:
 *  - a queue whose req_prod is more than entries past the consumer is
 *    marked broken (status UNIMON_QUEUE_BROKEN), nothing else changes,
 *    and a broken queue is never served again (no process call, no write);
 *  - process() is offered 1..BATCH requests, in order, never one at or
 *    past req_prod, each a faithful copy of its descriptor; buf is NULL
 *    with ret UNIMON_EFAULT exactly when [addr, addr + len) is not all
 *    guest RAM outside the monitor regions (checked independently), else
 *    the host address of addr with ret 0;
 *  - the consumer moves by what process() handled, at most entries, up
 *    to req_prod unless the device stalled; resp_prod equals it;
 *  - ret is written exactly into the completed slots, with the value the
 *    device set (EFAULT for a bad buffer), never for a request the device
 *    left; no descriptor field and no guest header field is written;
 *  - the guest is woken (done_fd) exactly when it set guest_waiting and
 *    something completed; need_kick follows set_need_kick except on
 *    broken queues; queue_pending() is resp_prod != resp_cons.
 * A device that writes into its own ring (a hostile guest's buffer may lie
 * over it) relaxes the checks that depend on the ring's contents after
 * that write; those on the engine's own state stay exact.
 *
 * FUZZ_QUEUE_VERBOSE=1: the engine's messages stay on stderr and each
 * input ends with a summary line (tests/fuzz/build.sh's smoke run).
 */
#include <fcntl.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "core/layout.h"

/* The engine itself, with its static serving functions and state. */
#include "core/queue.c"
#include "monitor/layout.h"

#define NQ 4
#define PAGE 4096ull
#define DATA_GPA (16ull << 20)	/* address mode 5: ordinary buffers */
#define TOUCH_BUDGET (4ull << 20) /* bytes touched in full per input */
#define POISON ((int64_t)0x7e7e7e7e7e7e7e7eull) /* a left request's ret */

#define FAIL(...)                                                          \
	do {                                                               \
		fprintf(report, "fuzz_queue: invariant broken: " __VA_ARGS__); \
		fputc('\n', report);                                       \
		fflush(report);                                            \
		__builtin_trap();                                          \
	} while (0)
#define CHECK(cond, ...)                                                   \
	do {                                                               \
		if (!(cond))                                               \
			FAIL(__VA_ARGS__);                                 \
	} while (0)

static const struct {
	const char *name;
	unsigned int entries, flags;
} spec[NQ] = {
	{ "fuzz one", 1, QUEUE_WAITABLE },
	{ "fuzz eight", 8, QUEUE_DRAIN },
	{ "fuzz batch", 100, QUEUE_WAITABLE | QUEUE_DRAIN }, /* 64 */
	{ "fuzz config", CONFIG_QUEUE_ENTRIES, QUEUE_WAITABLE },
};

static struct gmem gm;
static struct vm fvm;
static struct options fopts;
static struct queue *fq[NQ];
static FILE *report;		/* the real stderr */
static int verbose;
static uint64_t touch_left;
static volatile uint8_t sink;

/* The service in progress: what process() checks against. */
static struct {
	int active;
	unsigned int qi;
	const uint8_t *snap;	/* header and ring just before it */
	uint32_t cons0, prod0;
	int self_clobber;	/* process() wrote into this queue's ring */
	int stall_on;
	unsigned int stall_limit;
	unsigned int calls, handled;
	int stalled;
	uint8_t done[MAX_ENTRIES]; /* slot completed in this service */
	int64_t expect[MAX_ENTRIES];
} sv;
static uint8_t snap_buf[HDR_SIZE + MAX_ENTRIES *
			sizeof(struct unimon_queue_desc)];

/* Per-input counts for the verbose summary. */
static struct {
	unsigned long served, efault, stalls, broken, clobbers, wakeups;
} st;

static uint64_t area_size(const struct queue *q)
{
	return HDR_SIZE + (uint64_t)q->entries *
				  sizeof(struct unimon_queue_desc);
}

/* [gpa, gpa + len) is guest RAM outside every monitor region. */
static int good_range(uint64_t gpa, uint64_t len)
{
	unsigned __int128 end = (unsigned __int128)gpa + len;
	unsigned int i;

	if (end > gm.size)
		return 0;
	for (i = 0; i < gm.nholes && len; i++)
		if (gpa < gm.holes[i].end && gm.holes[i].start < end)
			return 0;
	return 1;
}

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	unsigned __int128 ae = (unsigned __int128)a + alen;
	unsigned __int128 be = (unsigned __int128)b + blen;

	return alen && blen && a < be && b < ae;
}

/*
 * Read every byte (write them too when asked) with the library's
 * ASan-checked memcpy and memset, within the input's budget; past it,
 * the first and last byte and one per page (a fault is all a bad host
 * pointer into mapped guest RAM can show).
 */
static void touch(uint8_t *buf, uint64_t len, int write, uint8_t v)
{
	static uint8_t scratch[64 << 10];
	volatile uint8_t *p = buf;
	uint64_t i, c;

	if (!len)
		return;
	if (len <= touch_left) {
		touch_left -= len;
		for (i = 0; i < len; i += c) {
			c = len - i < sizeof(scratch) ? len - i : sizeof(scratch);
			memcpy(scratch, buf + i, c);
		}
		sink ^= scratch[0];
		if (write)
			memset(buf, v, len);
		return;
	}
	for (i = 0; i < len; i += PAGE) {
		sink ^= p[i];
		if (write)
			p[i] = v;
	}
	sink ^= p[len - 1];
	if (write)
		p[len - 1] = v;
}

static const struct unimon_queue_desc *snap_desc(const struct queue *q,
						 const uint8_t *snap,
						 uint32_t idx)
{
	return (const struct unimon_queue_desc *)(snap + HDR_SIZE) +
	       (idx & (q->entries - 1));
}

static unsigned int process(struct queue *q, struct queue_req *reqs,
			    unsigned int n, void *ctx)
{
	unsigned int qi = (unsigned int)(uintptr_t)ctx, i, handled;
	uint32_t cons = q->cons;

	CHECK(sv.active && sv.qi == qi && q == fq[qi],
	      "process of queue %u called outside its service", qi);
	CHECK(!q->broken, "%s: a broken queue was served", q->name);
	CHECK(!sv.stalled, "%s: offered more after the device stalled",
	      q->name);
	CHECK(n >= 1 && n <= BATCH, "%s: offered %u requests", q->name, n);
	CHECK(cons - sv.cons0 == sv.handled,
	      "%s: consumer at %u, %u handled since %u", q->name, cons,
	      sv.handled, sv.cons0);
	CHECK(n <= sv.prod0 - cons,
	      "%s: offered %u requests from %u, req_prod %u", q->name, n,
	      cons, sv.prod0);
	for (i = 0; i < n; i++) {
		const struct queue_req *r = &reqs[i];
		const struct unimon_queue_desc *s =
			snap_desc(q, sv.snap, cons + i);
		uint8_t *want = good_range(r->d.addr, r->d.len) ?
					gm.base + r->d.addr : NULL;

		CHECK(sv.self_clobber ||
			      (r->d.addr == s->addr && r->d.len == s->len &&
			       r->d.op == s->op && r->d.arg == s->arg),
		      "%s: request %u is not the copy of its descriptor",
		      q->name, cons + i);
		CHECK(r->d.ret == 0, "%s: request %u: d.ret %lld", q->name,
		      cons + i, (long long)r->d.ret);
		CHECK(r->buf == want,
		      "%s: request %u: buffer [0x%llx, +0x%x) gave %p, "
		      "expected %p", q->name, cons + i,
		      (unsigned long long)r->d.addr, r->d.len, r->buf, want);
		CHECK(r->ret == (r->buf ? 0 : UNIMON_EFAULT),
		      "%s: request %u: ret preset %lld", q->name, cons + i,
		      (long long)r->ret);
	}
	handled = sv.stall_on && sv.stall_limit < n ? sv.stall_limit : n;
	for (i = 0; i < n; i++) {
		struct queue_req *r = &reqs[i];
		int write = i < handled && (r->d.op & 1);

		if (!r->buf) {
			st.efault += i < handled;
			continue;
		}
		if (write && overlaps(r->d.addr, r->d.len, q->gpa,
				      area_size(q)))
			sv.self_clobber = 1;
		touch(r->buf, r->d.len, write, (uint8_t)(cons + i));
	}
	for (i = 0; i < n; i++) {
		uint32_t slot = (cons + i) & (q->entries - 1);

		if (i >= handled) {
			reqs[i].ret = POISON; /* must not reach the ring */
			continue;
		}
		if (reqs[i].buf)
			reqs[i].ret = (int64_t)(((uint64_t)(qi + 1) << 48) |
						((uint64_t)(cons + i) << 8) |
						(reqs[i].d.op & 0xff));
		sv.done[slot] = 1;
		sv.expect[slot] = reqs[i].ret;
	}
	sv.calls++;
	sv.handled += handled;
	if (handled < n) {
		sv.stalled = 1;
		st.stalls++;
	}
	st.served += handled;
	return handled;
}

static const struct queue_ops fuzz_ops = { .process = process };

/* Compare the ring and header after a service with the copy before. */
static void check_ring(const struct queue *q, const uint8_t *snap)
{
	const struct unimon_queue_hdr *h0 = (const void *)snap;
	const struct unimon_queue_hdr *h = q->hdr;
	uint32_t s;

	CHECK(!memcmp(h, h0, offsetof(struct unimon_queue_hdr, resp_prod)),
	      "%s: the engine wrote a guest header field", q->name);
	CHECK(h->need_kick == h0->need_kick && h->status == h0->status &&
		      !memcmp(h->monitor_pad, h0->monitor_pad,
			      sizeof(h->monitor_pad)),
	      "%s: need_kick, status or padding changed by a service",
	      q->name);
	for (s = 0; s < q->entries; s++) {
		const struct unimon_queue_desc *d = &h->ring[s];
		const struct unimon_queue_desc *d0 = &h0->ring[s];
		int64_t want = sv.done[s] ? sv.expect[s] : d0->ret;

		CHECK(d->addr == d0->addr && d->len == d0->len &&
			      d->op == d0->op && d->arg == d0->arg,
		      "%s: the engine wrote descriptor %u", q->name, s);
		CHECK(d->ret == want,
		      "%s: slot %u: ret %lld, expected %lld (%s)", q->name, s,
		      (long long)d->ret, (long long)want,
		      sv.done[s] ? "completed" : "not completed");
	}
}

/* Serve one queue as the I/O thread does, and check the result. */
static void serve_one(unsigned int qi, int stall_on, unsigned int limit)
{
	struct queue *q = fq[qi];
	const struct unimon_queue_hdr *h0 = (const void *)snap_buf;
	uint64_t wake0 = q->wakeups, reqs0 = q->reqs;
	unsigned int total;
	uint32_t avail, moved;
	int broken0 = q->broken;

	memcpy(snap_buf, q->hdr, area_size(q));
	memset(sv.done, 0, q->entries);
	sv.active = 1;
	sv.qi = qi;
	sv.snap = snap_buf;
	sv.cons0 = q->cons;
	sv.prod0 = h0->req_prod;
	sv.self_clobber = 0;
	sv.stall_on = stall_on;
	sv.stall_limit = limit;
	sv.calls = sv.handled = 0;
	sv.stalled = 0;
	total = service(q);
	sv.active = 0;

	avail = sv.prod0 - sv.cons0;
	moved = q->cons - sv.cons0;
	if (broken0 || avail > q->entries) {
		CHECK(q->broken, "%s: req_prod %u with the consumer at %u and "
		      "%u entries: not marked broken", q->name, sv.prod0,
		      sv.cons0, q->entries);
		CHECK(!total && !sv.calls && !moved,
		      "%s: a broken queue was served", q->name);
		if (!broken0) {
			CHECK(q->hdr->status == UNIMON_QUEUE_BROKEN,
			      "%s: broken, but status %u", q->name,
			      q->hdr->status);
			((struct unimon_queue_hdr *)snap_buf)->status =
				UNIMON_QUEUE_BROKEN;
			st.broken++;
		}
		CHECK(!memcmp(q->hdr, snap_buf, area_size(q)),
		      "%s: a broken queue's ring was written", q->name);
		return;
	}
	CHECK(!q->broken, "%s: broken with %u requests published", q->name,
	      avail);
	CHECK(moved == total && moved == sv.handled,
	      "%s: consumer moved %u, service says %u, device handled %u",
	      q->name, moved, total, sv.handled);
	CHECK(moved <= avail && moved <= q->entries,
	      "%s: consumer moved %u with %u published (%u entries)",
	      q->name, moved, avail, q->entries);
	CHECK(sv.stalled || moved == avail,
	      "%s: %u of %u published requests served, no stall", q->name,
	      moved, avail);
	CHECK(q->stalled == sv.stalled, "%s: stalled %d, device %d",
	      q->name, q->stalled, sv.stalled);
	CHECK(q->reqs - reqs0 == moved, "%s: request count", q->name);
	if (!avail) {
		CHECK(!sv.calls && !memcmp(q->hdr, snap_buf, area_size(q)),
		      "%s: an empty queue was served or written", q->name);
		return;
	}
	CHECK(q->hdr->resp_prod == q->cons, "%s: resp_prod %u, consumer %u",
	      q->name, q->hdr->resp_prod, q->cons);
	if (sv.self_clobber) {
		st.clobbers++;
		return;
	}
	CHECK(q->wakeups - wake0 == (moved && h0->guest_waiting),
	      "%s: %llu wake-ups with guest_waiting %u and %u completed",
	      q->name, (unsigned long long)(q->wakeups - wake0),
	      h0->guest_waiting, moved);
	st.wakeups += q->wakeups - wake0;
	/* resp_prod is the one field a service writes (checked above). */
	((struct unimon_queue_hdr *)snap_buf)->resp_prod = q->hdr->resp_prod;
	check_ring(q, snap_buf);
}

static void check_need_kick(const uint32_t *before, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < NQ; i++)
		CHECK(fq[i]->hdr->need_kick == (fq[i]->broken ? before[i] : v),
		      "%s: need_kick %u after set_need_kick(%u), broken %d",
		      fq[i]->name, fq[i]->hdr->need_kick, v, fq[i]->broken);
}

static void serve(unsigned int stall_q, uint8_t stall, int idle)
{
	uint32_t kick[NQ];
	unsigned int i;

	if (idle) {
		for (i = 0; i < NQ; i++)
			kick[i] = fq[i]->hdr->need_kick;
		set_need_kick(1);
		check_need_kick(kick, 1);
		FENCE();
	}
	for (i = 0; i < NQ; i++)
		serve_one(i, i == stall_q && (stall & 0x80), stall & 63);
	if (idle) {
		for (i = 0; i < NQ; i++)
			kick[i] = fq[i]->hdr->need_kick;
		set_need_kick(0);
		check_need_kick(kick, 0);
		drain_kicks();
	}
}

static void doorbell(uint8_t port_off, uint8_t mode)
{
	uint16_t port = UNIMON_QUEUE_PORT_BASE - 4 + port_off;
	unsigned int size = 1u << (mode % 3), i = port - UNIMON_QUEUE_PORT_BASE;
	int is_write = mode & 4;
	uint8_t data[4] = { 0 };
	uint64_t exits = i < NQ ? fq[i]->exits : 0;

	doorbell_io(&fvm, NULL, port, is_write, data, size);
	if (!is_write)
		for (i = 0; i < size; i++)
			CHECK(data[i] == 0xff, "doorbell 0x%x read: not all ones",
			      port);
	else if (i < NQ)
		CHECK(fq[i]->exits == exits + 1, "%s: doorbell not counted",
		      fq[i]->name);
}

static void pending(struct queue *q)
{
	int want = q->hdr->resp_prod != q->hdr->resp_cons;

	CHECK(queue_pending(q) == want, "%s: queue_pending is not %d",
	      q->name, want);
}

/* A descriptor address: raw, or near a boundary the checks care about. */
static uint64_t gpa_of(uint8_t mode, uint64_t raw)
{
	const struct range *h = gm.nholes ? &gm.holes[(mode >> 3) %
						       gm.nholes] : NULL;

	switch (mode & 7) {
	case 1: /* near the end of RAM */
		return gm.size - (uint32_t)raw;
	case 2: /* just before a monitor region */
		return h ? h->start - (uint16_t)raw : raw;
	case 3: /* around the end of a monitor region */
		return h ? h->end - 0x8000 + (uint16_t)raw : raw;
	case 4: /* over a queue's own header and ring */
		return fq[(mode >> 3) % NQ]->gpa + (uint16_t)raw;
	case 5:
		return DATA_GPA + (raw & 0xfffff);
	default:
		return raw;
	}
}

static uint64_t get(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	memcpy(&v, p, n); /* little-endian host */
	return v;
}

static void put_desc(struct queue *q, uint32_t idx, uint64_t addr,
		     uint32_t len, uint32_t op, uint64_t arg)
{
	struct unimon_queue_desc *d = &q->hdr->ring[idx & (q->entries - 1)];

	d->addr = addr;
	d->len = len;
	d->op = op;
	d->arg = arg;
}

/* Operand bytes of each step. */
static const unsigned int operands[8] = { 5, 2, 26, 9, 1, 1, 2, 0 };

static void step(uint8_t c, const uint8_t *a)
{
	struct queue *q = fq[(c >> 3) % NQ];
	struct unimon_queue_hdr *h = q->hdr;
	uint32_t k, n, len;
	uint64_t base;

	switch (c & 7) {
	case 0:
		((uint32_t *)h)[a[0] % 32] = (uint32_t)get(a + 1, 4);
		break;
	case 1:
		h->req_prod += (uint32_t)(int16_t)get(a, 2);
		break;
	case 2:
		put_desc(q, h->req_prod + (int8_t)a[0], gpa_of(a[1], get(a + 2, 8)),
			 (uint32_t)get(a + 10, 4), (uint32_t)get(a + 14, 4),
			 get(a + 18, 8));
		break;
	case 3:
		n = a[0];
		base = gpa_of(a[1], get(a + 2, 4));
		len = (uint32_t)get(a + 6, 2);
		for (k = 0; k < n; k++)
			put_desc(q, h->req_prod + k, base + (uint64_t)k * len,
				 len, a[8], k);
		h->req_prod += n;
		break;
	case 4:
	case 5:
		serve((c >> 3) % NQ, a[0], c & 1);
		break;
	case 6:
		doorbell(a[0], a[1]);
		break;
	case 7:
		pending(q);
		break;
	}
}

/* The queues as queue__place left them: aligned, in RAM, off the regions,
 * disjoint, described by queue__fdt_prop. */
static void check_placement(uint64_t start, uint64_t end)
{
	static uint8_t fdt[4096];
	unsigned int i, j;
	int node, len;
	const fdt32_t *p;

	CHECK(!fdt_create_empty_tree(fdt, sizeof(fdt)), "fdt");
	node = fdt_add_subnode(fdt, 0, "q");
	for (i = 0; i < NQ; i++) {
		struct queue *q = fq[i];

		CHECK(q->gpa >= start && !(q->gpa & (PAGE - 1)) &&
			      q->gpa + queue_bytes(q) <= end &&
			      good_range(q->gpa, queue_bytes(q)) &&
			      (uint8_t *)q->hdr == gm.base + q->gpa,
		      "%s placed at 0x%llx", q->name,
		      (unsigned long long)q->gpa);
		for (j = 0; j < i; j++)
			CHECK(!overlaps(q->gpa, queue_bytes(q), fq[j]->gpa,
					queue_bytes(fq[j])),
			      "%s and %s overlap", q->name, fq[j]->name);
		CHECK(node >= 0 && !queue__fdt_prop(fdt, node, "x", q),
		      "fdt prop");
		p = fdt_getprop(fdt, node, "x", &len);
		CHECK(p && len == 16 && fdt32_to_cpu(p[0]) == q->gpa >> 32 &&
			      fdt32_to_cpu(p[1]) == (uint32_t)q->gpa &&
			      fdt32_to_cpu(p[2]) == q->entries &&
			      fdt32_to_cpu(p[3]) == UNIMON_QUEUE_PORT_BASE + i,
		      "%s: bad unimon,queue cells", q->name);
	}
}

/* A fresh boot: place the queues (zeroed) and reset the engine's state. */
static int reset(uint8_t where, uint8_t counters)
{
	const struct range *h = gm.nholes ? &gm.holes[(where >> 2) %
						       gm.nholes] : NULL;
	uint64_t total = 0, start, at;
	uint32_t c0 = counters < 0x80 ? 0 : 0u - (counters & 0x7f);
	unsigned int i;
	uint64_t junk;

	for (i = 0; i < NQ; i++)
		total += queue_bytes(fq[i]);
	switch (where % 4) {
	case 1:
		start = gm.size - total;
		break;
	case 2:
		start = h ? (h->end + PAGE - 1) & ~(PAGE - 1) : 0;
		break;
	case 3:
		start = h && h->start >= total ?
				(h->start & ~(PAGE - 1)) - total : 0;
		break;
	default:
		start = 4ull << 20;
	}
	at = start;
	if (queue__place(&gm, &at, gm.size)) {
		/* Refused: only when the placement is really impossible. */
		for (i = 0, at = start; i < NQ; at += queue_bytes(fq[i++]))
			if (!good_range(at, queue_bytes(fq[i])))
				return -1;
		FAIL("queues refused at 0x%llx: %s", (unsigned long long)start,
		     err__msg());
	}
	CHECK(at == start + total, "queue__place moved start to 0x%llx",
	      (unsigned long long)at);
	check_placement(start, gm.size);
	for (i = 0; i < NQ; i++) {
		struct queue *q = fq[i];

		q->cons = c0;
		q->hdr->req_prod = q->hdr->resp_cons = q->hdr->resp_prod = c0;
		q->broken = q->stalled = 0;
		q->reqs = q->batches = q->kicks = q->wakeups = q->bytes = 0;
		q->exits = 0;
		while (read(q->kick_fd, &junk, sizeof(junk)) > 0)
			;
		while (read(q->done_fd, &junk, sizeof(junk)) > 0)
			;
	}
	touch_left = TOUCH_BUDGET;
	memset(&st, 0, sizeof(st));
	return 0;
}

/* Guest RAM between guard pages, the monitor regions PROT_NONE. */
static void map_ram(void)
{
	struct region r[LAYOUT_MAX_REGIONS];
	unsigned int n, i;
	uint8_t *p;

	p = mmap(NULL, RAM_SIZE_CONFIG + 2 * PAGE, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED ||
	    mprotect(p + PAGE, RAM_SIZE_CONFIG, PROT_READ | PROT_WRITE))
		abort();
	gm.base = p + PAGE;
	gm.size = RAM_SIZE_CONFIG;
	if (monitor__layout(RAM_SIZE_CONFIG))
		abort();
	n = layout__regions(r);
	for (i = 0; i < n; i++) {
		uint64_t s = (r[i].start + PAGE - 1) & ~(PAGE - 1);
		uint64_t e = (r[i].start + r[i].size) & ~(PAGE - 1);

		if (!r[i].monitor_owned)
			continue;
		if (gmem__add_hole(&gm, r[i].start, r[i].start + r[i].size) ||
		    (s < e && mprotect(gm.base + s, e - s, PROT_NONE)))
			abort();
		if (verbose)
			fprintf(report, "fuzz_queue: hole [0x%llx, 0x%llx) %s\n",
				(unsigned long long)r[i].start,
				(unsigned long long)(r[i].start + r[i].size),
				r[i].option);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int i;

	report = stderr;
	verbose = getenv("FUZZ_QUEUE_VERBOSE") != NULL;
	if (!verbose) /* the engine's one line per broken queue */
		stderr = fopen("/dev/null", "w");
	map_ram();
	fvm.opts = &fopts;
	fvm.kvm_fd = fvm.vm_fd = fvm.vcpu_fd = -1;
	/* Refused sizes take no slot. */
	CHECK(!queue__create("zero", 0, &fuzz_ops, NULL, -1, 0) &&
		      !queue__create("huge", 2 * MAX_ENTRIES, &fuzz_ops, NULL,
				     -1, 0) && nqueues == 0,
	      "a bad queue size was accepted");
	for (i = 0; i < NQ; i++) {
		fq[i] = queue__create(spec[i].name, spec[i].entries, &fuzz_ops,
				      (void *)(uintptr_t)i, -1, spec[i].flags);
		CHECK(fq[i] && fq[i] == &queues[i] &&
			      !(fq[i]->entries & (fq[i]->entries - 1)) &&
			      fq[i]->entries <= spec[i].entries &&
			      fq[i]->entries * 2 > spec[i].entries &&
			      (queue__wait_bit(fq[i]) >= 0) ==
				      !!(spec[i].flags & QUEUE_WAITABLE),
		      "queue__create(%s, %u)", spec[i].name,
		      spec[i].entries);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 2;

	if (size < 2 || reset(data[0], data[1]))
		return 0;
	while (off < size && off + 1 + operands[data[off] & 7] <= size) {
		step(data[off], data + off + 1);
		off += 1 + operands[data[off] & 7];
	}
	if (verbose)
		fprintf(report, "fuzz_queue: %lu served, %lu bad buffers, %lu "
			"stalls, %lu broken, %lu self-writes, %lu wake-ups\n",
			st.served, st.efault, st.stalls, st.broken,
			st.clobbers, st.wakeups);
	return 0;
}
