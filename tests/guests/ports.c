/* SPDX-License-Identifier: MIT */
/*
 * A hostile guest: reads (8, 16, 32 bits) and writes every port from 0 to
 * 0x5ff (all of the monitor's devices live there) and a sample above,
 * except the exit port. The monitor must keep running.
 * Prints "ports: N ports poked".
 */
#include <stdint.h>
#include <stdio.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	asm volatile("inw %w1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void poke(uint16_t port)
{
	(void)unimon_inb(port);
	(void)inw(port);
	(void)unimon_inl(port);
	unimon_outb(port, 0);
}

int main(void)
{
	const void *fdt = unimon_fdt();
	int node = unimon_fdt_path_offset(fdt, "/ioport/exit");
	uint32_t exit_port = 0x10000, n = 0, p;
	int len;
	const uint32_t *reg = node >= 0 ?
		unimon_fdt_getprop(fdt, node, "reg", &len) : NULL;

	if (reg && len >= 4)
		exit_port = __builtin_bswap32(reg[0]);
	for (p = 0; p < 0x600; p++)
		if (p != exit_port && ++n)
			poke(p);
	for (p = 0x600; p < 0x10000; p += 0x101)
		if (p != exit_port && ++n)
			poke(p);
	printf("\nports: %u ports poked\n", n);
	return 0;
}
