/* SPDX-License-Identifier: MIT */
/*
 * A hostile guest: calls every hypercall number (but exit) with arguments
 * from a seeded generator: pointers into the null page, the monitor's
 * regions, past RAM, wrapping around 2^64, straddling the end of RAM,
 * unaligned; lengths near 2^64; bad handles; and valid pointers into a
 * scratch area (so a call the monitor accepts never corrupts the guest).
 * The monitor must survive every call, refuse every call that names a
 * bad pointer with a length or an unknown number (a negative ret), write
 * nothing past ret (a guard word follows it) and nothing outside the
 * buffers it was given (guard pages around scratch keep a pattern).
 *   hcfuzz SEED ITERATIONS
 * Prints "hcfuzz: N calls survived, E errors returned, R refused as due,
 * guards intact" and exits 0, or names the first violation and exits 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/unimon.h>

#define SCRATCH (1u << 20)
#define GUARD 4096
#define GUARD_WORD 0x6775617264c0ffeeull
/* scratch[GUARD .. GUARD + 2 * SCRATCH): the buffers; GUARD on each side. */
static uint8_t area[GUARD + 2 * SCRATCH + GUARD] __attribute__((aligned(4096)));
#define scratch (area + GUARD)
static uint64_t state;
static int due;		/* the call just generated must be refused */

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

/* A pointer the monitor must refuse (with any length >= 8). */
static uint64_t bad_ptr(void)
{
	due = 1;
	uint64_t ram = unimon_ram_size();
	const uint64_t p[] = { 0, 8, 0x1000, 0x1ff8, 0x10000, ram - 4, ram,
			       ram + 4096, UINT64_MAX - 7, 1ull << 63,
			       0xfffffffff000ull, UINT64_MAX };

	return p[rnd() % (sizeof(p) / sizeof(p[0]))];
}

/* A pointer into scratch, maybe unaligned, with room for SCRATCH bytes. */
static uint64_t good_ptr(void)
{
	return (uintptr_t)scratch + rnd() % SCRATCH;
}

static uint64_t ptr(void)
{
	return rnd() % 3 ? good_ptr() : bad_ptr();
}

/* A bad pointer is due a refusal only with a length that reaches it. */
static void need_len(uint64_t n, uint64_t min)
{
	if (n < min)
		due = 0;
}

/* A length: small, up to SCRATCH, or hostile (only refused values). */
static uint64_t len(void)
{
	const uint64_t l[] = { 0, 1, 7, 8, 512, 4096, SCRATCH, UINT64_MAX,
			       UINT64_MAX - 4095, 1ull << 63, 1ull << 40 };

	return l[rnd() % (sizeof(l) / sizeof(l[0]))];
}

static uint64_t handle(void)
{
	const uint64_t h[] = { 0, 1, 2, 15, 16, UINT64_MAX, 1ull << 32 };

	return h[rnd() % (sizeof(h) / sizeof(h[0]))];
}

/*
 * Fill the argument words for hypercall nr; returns how many words come
 * before ret in its struct (unimon/abi.h), output fields included.
 */
static unsigned int gen(unsigned int nr, uint64_t *w)
{
	unsigned int i;

	switch (nr) {
	case UNIMON_HC_CONSOLE_WRITE:	/* buf, len: keep output small */
	case UNIMON_HC_RANDOM:
		w[0] = ptr();
		w[1] = len() % (SCRATCH + 1);
		if (rnd() % 8 == 0)
			w[1] = len();
		need_len(w[1], 8);
		return 2;
	case UNIMON_HC_CLOCK:
		w[0] = rnd() % 4 ? rnd() % 3 : rnd();
		return 2;
	case UNIMON_HC_BLOCK_READ:	/* handle, sector, buf, count */
	case UNIMON_HC_BLOCK_WRITE:
		w[0] = handle();
		w[1] = rnd() % 2 ? rnd() % 64 : rnd();
		w[2] = ptr();
		w[3] = rnd() % 2 ? rnd() % 32 : len();
		if (w[2] >= (uintptr_t)scratch && w[3] > 256)
			w[3] = 256; /* <= SCRATCH at 4 KiB sectors */
		need_len(w[3], 1);
		return 4;
	case UNIMON_HC_BLOCK_FLUSH:
		w[0] = handle();
		return 1;
	case UNIMON_HC_NET_SEND:	/* handle, buf, len */
	case UNIMON_HC_NET_RECV:
		w[0] = handle();
		w[1] = ptr();
		w[2] = len() % (SCRATCH + 1);
		need_len(w[2], 8);
		return 3;
	case UNIMON_HC_WAIT:		/* a short timeout; ready is out */
		w[0] = rnd() % 1000000;
		return 2;
	default:			/* unknown numbers: anything */
		for (i = 0; i < 6; i++)
			w[i] = rnd();
		due = 1;		/* ENOSYS */
		return 6;
	}
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 1000, i;
	unsigned long errors = 0, refused = 0, g;
	/* ret is the word after the arguments; a guard word follows it. */
	static uint64_t args[8];

	for (g = 0; g < GUARD; g++)
		area[g] = area[sizeof(area) - 1 - g] = (uint8_t)(g * 7 + 1);
	state = seed * 0x9e3779b97f4a7c15ull | 1;
	for (i = 0; i < n; i++) {
		unsigned int nr = rnd() % UNIMON_HC_MAX, k;
		int64_t ret;

		if (nr == UNIMON_HC_EXIT)
			continue;
		memset(args, 0, sizeof(args));
		due = 0;
		k = gen(nr, args);
		args[k] = (uint64_t)UNIMON_ENOSYS;
		args[k + 1] = GUARD_WORD;
		unimon_hypercall(nr, args);
		ret = (int64_t)((volatile uint64_t *)args)[k];
		errors += ret < 0;
		if (((volatile uint64_t *)args)[k + 1] != GUARD_WORD) {
			printf("\nhcfuzz: call %lu (hypercall %u) wrote past ret\n",
			       i, nr);
			return 1;
		}
		if (due && ret >= 0) {
			printf("\nhcfuzz: call %lu (hypercall %u, args %#lx %#lx "
			       "%#lx %#lx) accepted a bad pointer or number: "
			       "ret %ld\n", i, nr, (unsigned long)args[0],
			       (unsigned long)args[1], (unsigned long)args[2],
			       (unsigned long)args[3], (long)ret);
			return 1;
		}
		refused += due;
	}
	for (g = 0; g < GUARD; g++)
		if (area[g] != (uint8_t)(g * 7 + 1) ||
		    area[sizeof(area) - 1 - g] != (uint8_t)(g * 7 + 1)) {
			printf("\nhcfuzz: a guard page around the buffers "
			       "changed\n");
			return 1;
		}
	/* After random console output: start a fresh line. */
	printf("\nhcfuzz: %lu calls survived, %lu errors returned, %lu refused "
	       "as due, guards intact\n", n, errors, refused);
	return 0;
}
