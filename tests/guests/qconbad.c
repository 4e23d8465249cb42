/* SPDX-License-Identifier: MIT */
/*
 * A hostile guest of the queue console: it drives the /console ring
 * itself (never through the SDK's console, which would share the ring)
 * with bad descriptors, then a producer index far past the ring.
 * Expected, in order, each checked by its ret (exit 10 + the check that
 * failed, or 0): a buffer outside RAM, wrapping around 2^64, in the
 * monitor's ring-0 page (0x1000), and straddling the end of RAM: EFAULT;
 * an empty one: 0; "queue ok\n": 9 (printed); then the malformed index:
 * status UNIMON_QUEUE_BROKEN, and nothing after it is served.
 * Reports through the exit status only: the console is the ring under test.
 */
#include <stdint.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>

#define LOAD(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)

static struct unimon_queue_hdr *hdr;
static uint32_t entries, prod;
static uint16_t port;
static const char msg[] = "queue ok\n";

static void kick(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (LOAD(&hdr->need_kick))
		unimon_outb(port, 0);
}

/* Queue one descriptor and wait for its ret (bounded). */
static int64_t submit(uint64_t addr, uint32_t len)
{
	struct unimon_queue_desc *d = &hdr->ring[prod & (entries - 1)];
	unsigned long spin;

	d->addr = addr;
	d->len = len;
	d->op = 0;
	d->arg = 0;
	d->ret = 12345;
	STORE(&hdr->req_prod, ++prod);
	kick();
	for (spin = 0; spin < 2000000000ul; spin++)
		if (LOAD(&hdr->resp_prod) == prod)
			return d->ret;
	return 12345;
}

int main(void)
{
	const void *fdt = unimon_fdt();
	int node = unimon_fdt_path_offset(fdt, "/console"), len;
	const uint32_t *q = unimon_fdt_getprop(fdt, node, "unimon,queue", &len);
	uint64_t ram = unimon_ram_size();
	unsigned long spin;

	if (node < 0 || !q || len != 16)
		return 9;
	hdr = (struct unimon_queue_hdr *)(uintptr_t)unimon_fdt_cells(q, 2);
	entries = (uint32_t)unimon_fdt_cells(q + 2, 1);
	port = (uint16_t)unimon_fdt_cells(q + 3, 1);
	if (submit(ram + 4096, 16) != UNIMON_EFAULT)
		return 10;
	if (submit(~0ull - 15, 64) != UNIMON_EFAULT)
		return 11;
	if (submit(0x1000, 16) != UNIMON_EFAULT)
		return 12;
	if (submit(ram - 8, 16) != UNIMON_EFAULT)
		return 13;
	if (submit((uintptr_t)msg, 0) != 0)
		return 14;
	if (submit((uintptr_t)msg, sizeof(msg) - 1) != sizeof(msg) - 1)
		return 15;
	/* Far past the ring: the monitor must stop the queue, not crash. */
	prod += entries + 5;
	STORE(&hdr->req_prod, prod);
	kick();
	for (spin = 0; spin < 2000000000ul; spin++)
		if (LOAD(&hdr->status) == UNIMON_QUEUE_BROKEN)
			break;
	if (LOAD(&hdr->status) != UNIMON_QUEUE_BROKEN)
		return 16;
	/* A stopped queue serves nothing more, even a sane request. */
	prod = LOAD(&hdr->resp_prod);
	STORE(&hdr->req_prod, prod + 1);
	kick();
	for (spin = 0; spin < 100000000ul; spin++)
		if (LOAD(&hdr->resp_prod) != prod)
			return 17;
	return 0;
}
