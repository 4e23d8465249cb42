// SPDX-License-Identifier: MIT
/* gdb's software breakpoints (debug/gdb-bp.h). */
#include "arch/arch.h"
#include "core/guestmem.h"
#include "core/vm.h"
#include "debug/gdb-bp.h"

#define MAX_BPS 64

static struct bp {
	uint64_t addr;
	uint8_t saved;	/* the guest's byte under the instruction */
} bps[MAX_BPS];
static unsigned int nbps;
static int by_steps;	/* never written: found by single steps */

static int find(uint64_t addr)
{
	unsigned int i;

	for (i = 0; i < nbps; i++)
		if (bps[i].addr == addr)
			return i;
	return -1;
}

int gdb_bp__at(uint64_t addr)
{
	return find(addr) >= 0;
}

uint8_t gdb_bp__read(uint64_t addr, uint8_t mem)
{
	int b = find(addr);

	return b >= 0 ? bps[b].saved : mem;
}

int gdb_bp__write(uint64_t addr, uint8_t v)
{
	int b = find(addr);

	if (b < 0)
		return 0;
	bps[b].saved = v;
	return 1;
}

void gdb_bp__arm(struct vm *vm, uint64_t addr, int on)
{
	int b = find(addr);
	uint8_t *m = gmem__ptr(&vm->mem, addr, 1);

	if (b >= 0 && m && !by_steps)
		*m = on ? arch__breakpoint_insn : bps[b].saved;
}

int gdb_bp__insert(struct vm *vm, uint64_t addr, int armed)
{
	uint8_t *m = gmem__ptr(&vm->mem, addr, 1);

	if (find(addr) >= 0)
		return 0;
	if (!m)
		return -1;
	if (nbps == MAX_BPS)
		return -2;
	bps[nbps].addr = addr;
	bps[nbps++].saved = *m;
	if (armed)
		gdb_bp__arm(vm, addr, 1);
	return 0;
}

void gdb_bp__remove(struct vm *vm, uint64_t addr)
{
	int b = find(addr);

	if (b < 0)
		return;
	gdb_bp__arm(vm, addr, 0);
	bps[b] = bps[--nbps];
}

void gdb_bp__remove_all(struct vm *vm)
{
	while (nbps)
		gdb_bp__remove(vm, bps[nbps - 1].addr);
}

void gdb_bp__by_steps(void)
{
	by_steps = 1;
}

int gdb_bp__sweep(void)
{
	return by_steps && nbps;
}
