/* SPDX-License-Identifier: MIT */
/*
 * Guest crashes, one per argument: the monitor must report each as one
 * clear message and exit with the documented code.
 *   crash ud2 | null | write-ring0 | write-pt | exec-data | hlt | div0 | int3
 *         | lgdt | wrmsr | movcr3 | invd      (privileged: #GP at CPL3)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unimon/unimon.h>

static void (*volatile jump)(void);
static volatile int zero;
static uint8_t data_page[16] = { 0xc3 }; /* `ret`, in a no-exec segment */

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	printf("crashing: %s\n", what);
	if (!strcmp(what, "ud2"))
		asm volatile("ud2");
	else if (!strcmp(what, "null"))
		return *(volatile int *)0;
	else if (!strcmp(what, "write-ring0"))
		*(volatile uint64_t *)0x1000 = 1; /* the GDT: CONFIG_RING0_ADDR */
	else if (!strcmp(what, "write-pt"))
		*(volatile uint64_t *)0x10000 = 1; /* CONFIG_PAGETABLE_ADDR */
	else if (!strcmp(what, "exec-data")) {
		jump = (void (*)(void))data_page;
		jump();
	} else if (!strcmp(what, "hlt"))
		asm volatile("hlt");
	else if (!strcmp(what, "div0"))
		asm volatile("xor %%edx, %%edx; divl %0" : : "r"(zero) : "eax", "edx");
	else if (!strcmp(what, "int3"))
		asm volatile("int3");
	else if (!strcmp(what, "lgdt")) {
		static const struct { uint16_t limit; uint64_t base; }
			__attribute__((packed)) gdtr = { 0, 0 };

		asm volatile("lgdt %0" : : "m"(gdtr));
	} else if (!strcmp(what, "wrmsr"))
		asm volatile("wrmsr" : : "c"(0xc0000080), "a"(0), "d"(0));
	else if (!strcmp(what, "movcr3"))
		asm volatile("mov %0, %%cr3" : : "r"(0ul));
	else if (!strcmp(what, "invd"))
		asm volatile("invd");
	printf("no crash\n");
	return 3;
}
