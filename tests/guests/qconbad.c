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
#include "rawring.h"

static struct ring con;
static const char msg[] = "queue ok\n";

/* Queue one descriptor and wait for its ret. */
static int64_t submit(uint64_t addr, uint32_t len)
{
	ring_put(&con, 0, addr, len, 0, 0);
	ring_publish(&con, 1);
	return ring_wait(&con, RING_TIMEOUT_NS) ? 12345 : ring_ret(&con, 1);
}

int main(void)
{
	const void *fdt = unimon_fdt();
	uint64_t ram = unimon_ram_size(), t0;
	uint32_t prod;

	if (ring_of(fdt, unimon_fdt_path_offset(fdt, "/console"),
		    "unimon,queue", &con))
		return 9;
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
	ring_publish(&con, con.entries + 5);
	t0 = unimon_time_monotonic_ns();
	while (__atomic_load_n(&con.hdr->status, __ATOMIC_ACQUIRE) !=
		       UNIMON_QUEUE_BROKEN &&
	       unimon_time_monotonic_ns() - t0 < RING_TIMEOUT_NS)
		__builtin_ia32_pause();
	if (con.hdr->status != UNIMON_QUEUE_BROKEN)
		return 16;
	/* A stopped queue serves nothing more, even a sane request. */
	prod = con.hdr->resp_prod;
	con.prod = prod;
	ring_put(&con, 0, (uintptr_t)msg, 3, 0, 0);
	ring_publish(&con, 1);
	if (!ring_wait(&con, 200000000ull) || con.hdr->resp_prod != prod)
		return 17;
	return 0;
}
