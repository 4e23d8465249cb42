// SPDX-License-Identifier: MIT
/*
 * hcbench: the round trip of the no-op hypercall against a raw `outl`
 * to a port nobody claims. Both leave the guest for the monitor in user
 * space (KVM_EXIT_IO) and come back; the difference is what the monitor's
 * hypercall path adds to a bare exit.
 *
 *   unimon hcbench.elf [-- BLOCKS [ITERS [PORT]]]
 *
 * defaults: 20 blocks of 1000 iterations, raw port 0x80. Each block times
 * ITERS no-op hypercalls and ITERS raw writes with rdtsc, in alternating
 * order (even blocks hypercall first, odd blocks raw first), after one
 * untimed warm-up block. Output, after all blocks (printing is itself an
 * exit, so nothing is printed while timing):
 *
 *   hcbench tsc_khz=K blocks=B iters=N port=0xP
 *   hc <block> <ns per iteration, one decimal>
 *   raw <block> <ns per iteration, one decimal>
 *   ...
 *   hcbench done
 *
 * Exit status 0, or 1 if the monitor gives no TSC frequency, the no-op
 * hypercall is missing, or the arguments are out of range.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>

#define MAX_BLOCKS 1000

static uint64_t hc_cycles[MAX_BLOCKS], raw_cycles[MAX_BLOCKS];

struct noop_arg {
	int64_t ret;
};

static uint64_t time_hc(unsigned long n)
{
	struct noop_arg a = { 0 };
	uint64_t t0 = unimon_rdtsc();
	unsigned long i;

	for (i = 0; i < n; i++)
		unimon_hypercall(UNIMON_HC_NOOP, &a);
	return unimon_rdtsc() - t0;
}

static uint64_t time_raw(unsigned long n, uint16_t port)
{
	static struct noop_arg a; /* the same kind of value as the hypercall */
	uint64_t t0 = unimon_rdtsc();
	unsigned long i;

	for (i = 0; i < n; i++)
		unimon_outl(port, (uint32_t)(uintptr_t)&a);
	return unimon_rdtsc() - t0;
}

/* Print cycles/iters as nanoseconds with one decimal. */
static void print_ns(const char *what, unsigned int b, uint64_t cycles,
		     unsigned long iters, uint32_t khz)
{
	/* cycles * 1e6 / khz = ns; times 10 for the decimal. */
	unsigned __int128 t = (unsigned __int128)cycles * 10000000u;
	uint64_t tenths = (uint64_t)(t / ((unsigned __int128)khz * iters));

	printf("%s %u %llu.%llu\n", what, b, (unsigned long long)(tenths / 10),
	       (unsigned long long)(tenths % 10));
}

static int has_noop_hypercall(void)
{
	/* The device tree lists every hypercall the monitor offers. */
	const void *fdt = unimon_fdt();
	char path[48];

	snprintf(path, sizeof(path), "/hypercall/noop@%x", UNIMON_HC_NOOP);
	return fdt && unimon_fdt_path_offset(fdt, path) >= 0;
}

int main(int argc, char **argv)
{
	unsigned long blocks = argc > 1 ? strtoul(argv[1], NULL, 0) : 20;
	unsigned long iters = argc > 2 ? strtoul(argv[2], NULL, 0) : 1000;
	unsigned long port = argc > 3 ? strtoul(argv[3], NULL, 0) : 0x80;
	uint32_t khz = unimon_tsc_khz();
	unsigned int b;

	if (!blocks || blocks > MAX_BLOCKS || !iters || iters > 100000000 ||
	    port > 0xffff) {
		printf("hcbench: bad arguments (blocks 1..%d, iters 1..1e8, "
		       "port 0..0xffff)\n", MAX_BLOCKS);
		return 1;
	}
	if (!khz) {
		printf("hcbench: the monitor gives no TSC frequency\n");
		return 1;
	}
	if (!has_noop_hypercall()) {
		printf("hcbench: this monitor has no no-op hypercall "
		       "(CONFIG_HC_NOOP)\n");
		return 1;
	}

	time_hc(iters / 10 + 1); /* warm-up: fault in code, data, stack */
	time_raw(iters / 10 + 1, port);
	for (b = 0; b < blocks; b++) {
		if (b & 1) {
			raw_cycles[b] = time_raw(iters, port);
			hc_cycles[b] = time_hc(iters);
		} else {
			hc_cycles[b] = time_hc(iters);
			raw_cycles[b] = time_raw(iters, port);
		}
	}

	printf("hcbench tsc_khz=%u blocks=%lu iters=%lu port=0x%lx\n", khz,
	       blocks, iters, port);
	for (b = 0; b < blocks; b++) {
		print_ns("hc", b, hc_cycles[b], iters, khz);
		print_ns("raw", b, raw_cycles[b], iters, khz);
	}
	printf("hcbench done\n");
	return 0;
}
