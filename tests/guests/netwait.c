/* SPDX-License-Identifier: MIT */
/*
 * The wait hypercall with a network interface (handle 0): a wait of MS
 * milliseconds ends early, with the interface's bit set, when a frame
 * arrives, and at the deadline with nothing ready when none does. After
 * the first wait it receives what woke it and waits QUIET ms more.
 *   netwait MS [QUIET]
 * Prints "waiting" first, so a test knows when to send a frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unimon/net.h>
#include <unimon/unimon.h>
#include <unimon/wait.h>

static uint8_t frame[UNIMON_NET_RECV_MAX];

/* Wait ms; print what came and whether it was before the deadline. */
static uint64_t wait_ms(const char *what, uint64_t ms, int bit)
{
	uint64_t ready = 0, t0, t1;
	int64_t ret;

	t0 = unimon_time_monotonic_ns();
	ret = unimon_wait(ms * 1000000, &ready);
	t1 = unimon_time_monotonic_ns();
	printf("%s: ret %lld ready 0x%llx (%s) %s the deadline, after %llu ms\n",
	       what, (long long)ret, (unsigned long long)ready,
	       ready == 1ull << bit ? "the interface's bit" :
	       ready ? "OTHER BITS" : "none",
	       t1 - t0 >= ms * 1000000 ? "at" : "before",
	       (unsigned long long)((t1 - t0) / 1000000));
	return ready;
}

int main(int argc, char **argv)
{
	uint64_t ms = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
	uint64_t quiet = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	struct unimon_net_info ni;
	int64_t n;

	if (unimon_net_info(0, &ni)) {
		printf("netwait: needs a network interface\n");
		return 1;
	}
	printf("waiting up to %llu ms, wait-bit %d\n", (unsigned long long)ms,
	       ni.wait_bit);
	if (wait_ms("wait", ms, ni.wait_bit)) {
		n = unimon_net_recv(0, frame, sizeof(frame));
		printf("frame: %lld bytes, type 0x%02x%02x\n", (long long)n,
		       n >= 14 ? frame[12] : 0, n >= 14 ? frame[13] : 0);
	}
	if (quiet)
		wait_ms("quiet", quiet, ni.wait_bit);
	return 0;
}
