// SPDX-License-Identifier: MIT
/*
 * One dispatch layer for port I/O. Hypercall ports are a direct table
 * lookup (the hot path); device ports a short linear scan. A port nobody
 * claims is the personality's: the unimon ABI's reads as all ones and
 * ignores writes (see docs/ABI.md).
 */
#include <linux/kvm.h>
#include <string.h>
#include "arch/arch.h"
#include "core/device.h"
#include "core/error.h"
#include "core/hypercall.h"
#include "core/vm.h"
#include "monitor/bus.h"
#include "monitor/run.h"
#include "personality/personality.h"
#include "unimon/abi.h"

#define MAX_PIO 16

static const struct hypercall *hc_table[UNIMON_HC_MAX];
static const struct pio_region *pio_table[MAX_PIO];
static unsigned int npio;

static int claim_port_range(const struct pio_region *p, const char *dev)
{
	unsigned int i;

	if (range__overlaps(p->base, p->len, UNIMON_HC_PORT_BASE, UNIMON_HC_MAX) ||
	    range__overlaps(p->base, p->len, UNIMON_PORT_EXCEPTION, 1))
		return err__set("%s: port 0x%x is reserved by the monitor",
				dev, p->base);
	for (i = 0; i < npio; i++)
		if (range__overlaps(p->base, p->len, pio_table[i]->base,
				    pio_table[i]->len))
			return err__set("%s and %s both claim port 0x%x", dev,
					pio_table[i]->node, p->base);
	if (npio == MAX_PIO)
		return err__set("too many port ranges");
	pio_table[npio++] = p;
	return 0;
}

int bus__init(void)
{
	npio = 0;
	memset(hc_table, 0, sizeof(hc_table));
	for_each_device(d) {
		const struct device *dev = *d;

		for_each_pio(dev, p)
			if (claim_port_range(p, dev->name))
				return -1;
		for_each_hc(dev, h) {
			if (h->nr >= UNIMON_HC_MAX || hc_table[h->nr])
				return err__set("%s: hypercall %u taken or out "
						"of range", dev->name, h->nr);
			hc_table[h->nr] = h;
		}
	}
	return 0;
}

static const struct pio_region *find_port(uint16_t port)
{
	unsigned int i;

	for (i = 0; i < npio; i++)
		if ((uint16_t)(port - pio_table[i]->base) < pio_table[i]->len)
			return pio_table[i];
	return NULL;
}

void bus__pio(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	uint16_t port = run->io.port;
	unsigned int size = run->io.size, i;
	int is_write = run->io.direction == KVM_EXIT_IO_OUT;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	unsigned int nr = (uint16_t)(port - UNIMON_HC_PORT_BASE);
	const struct pio_region *p;

	if (nr < UNIMON_HC_MAX) {
		/* A hypercall is one 32-bit `out` of the argument address. */
		if (hc_table[nr] && is_write && size == 4 && run->io.count == 1) {
			uint32_t arg;

			memcpy(&arg, data, 4);
			vm->stats.exits[EXIT_HYPERCALL]++;
			vm->stats.hypercalls[nr]++;
			hc_table[nr]->call(vm, hc_table[nr]->ctx, arg);
			return;
		}
		personality__unclaimed_port(vm, port, is_write, data,
					    size * run->io.count);
		return;
	}
	if (port == UNIMON_PORT_EXCEPTION && is_write) {
		switch (arch__exception(vm, run__trap_hook())) {
		case ARCH_EXC_CRASH:
			personality__exception(vm);
			/* If it did not stop the VM: */
			vm__stop(vm, UNIMON_EXIT_EXCEPTION, NULL);
			return;
		case ARCH_EXC_TRAPPED:
			return;
		case ARCH_EXC_NONE:
			break;
		}
	}
	p = find_port(port);
	if (!p) {
		personality__unclaimed_port(vm, port, is_write, data,
					    size * run->io.count);
		return;
	}
	vm->stats.exits[EXIT_PIO]++;
	/* String I/O (rep outsb/insb) hands count items at once. */
	for (i = 0; i < run->io.count && !vm->stopped; i++)
		p->io(vm, p->ctx, port, is_write, data + i * size, size);
}

void bus__mmio(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	unsigned int len = run->mmio.len <= 8 ? run->mmio.len : 8;

	vm->stats.exits[EXIT_MMIO]++;
	if (run->mmio.phys_addr < vm->mem.size) {
		vm__stop(vm, UNIMON_EXIT_MONITOR, RUN_TRANSLATION_FAULT);
		return;
	}
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0xff, len);
}
