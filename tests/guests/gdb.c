/* SPDX-License-Identifier: MIT */
/*
 * A guest for the gdb stub tests (tests/integration/gdb.sh): a known
 * global, a known function, an exit status of its own. With the argument
 * "spin" it loops until a debugger sets gdb_release (an interrupt and a
 * memory write from gdb end the loop).
 */
#include <stdio.h>
#include <string.h>

int gdb_answer = 0x2a5c0de;
volatile int gdb_release;

__attribute__((noinline)) int gdb_target(int x)
{
	asm volatile("" ::: "memory");
	return x * 3 + 1;
}

int main(int argc, char **argv)
{
	int r = gdb_target(gdb_answer & 0xf);

	if (argc > 1 && !strcmp(argv[1], "spin")) {
		printf("spinning\n");
		while (!gdb_release)
			asm volatile("pause");
		printf("released %d\n", gdb_release);
		return 9;
	}
	printf("gdb guest: %d\n", r);
	return 7;
}
