// SPDX-License-Identifier: MIT
/*
 * Clocks. With a known TSC frequency both clocks run on rdtsc and cost no
 * exit: monotonic time counts from boot, wall time from one REALTIME
 * clock hypercall taken on first use. Without one, every reading is a
 * clock hypercall.
 */
#include <stdbool.h>
#include <unimon/unimon.h>
#include "internal.h"

static struct {
	uint32_t khz;	  /* TSC frequency; 0 if unknown */
	uint64_t boot;	  /* TSC at boot */
	bool wall_known;  /* wall_ns/wall_tsc are set */
	uint64_t wall_ns; /* wall time at TSC wall_tsc */
	uint64_t wall_tsc;
} clk;

void unimon_time__init(uint32_t tsc_khz)
{
	clk.khz = tsc_khz;
	clk.boot = unimon_rdtsc();
}

/* ticks * 10^6 / khz without overflowing for the first centuries. */
static uint64_t tsc_to_ns(uint64_t ticks)
{
	return ticks / clk.khz * 1000000 + ticks % clk.khz * 1000000 / clk.khz;
}

static int clock_hypercall(uint64_t clock_id, uint64_t *ns)
{
	struct unimon_hc_clock hc = {
		.clock_id = clock_id,
		.ret = UNIMON_ENOSYS,
	};
	int err = unimon_hypercall(UNIMON_HC_CLOCK, &hc);

	if (err)
		return err;
	if (hc.ret < 0)
		return hc.ret;
	*ns = hc.ns;
	return 0;
}

uint64_t unimon_time_monotonic_ns(void)
{
	uint64_t ns = 0;

	if (clk.khz)
		return tsc_to_ns(unimon_rdtsc() - clk.boot);
	clock_hypercall(UNIMON_CLOCK_MONOTONIC, &ns);
	return ns;
}

uint64_t unimon_time_wall_ns(void)
{
	uint64_t ns = 0, before, after;

	if (!clk.khz) {
		clock_hypercall(UNIMON_CLOCK_REALTIME, &ns);
		return ns;
	}
	if (!clk.wall_known) {
		/* The host read its clock somewhere inside the exit. */
		before = unimon_rdtsc();
		if (clock_hypercall(UNIMON_CLOCK_REALTIME, &ns))
			return 0;
		after = unimon_rdtsc();
		clk.wall_ns = ns;
		clk.wall_tsc = before + (after - before) / 2;
		clk.wall_known = true;
	}
	return clk.wall_ns + tsc_to_ns(unimon_rdtsc() - clk.wall_tsc);
}
