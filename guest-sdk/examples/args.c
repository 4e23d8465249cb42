// SPDX-License-Identifier: MIT
/*
 * Command-line arguments: what follows "--" on the monitor's command line
 * reaches main() through /chosen/unimon,args in the device tree.
 *
 *   unimon args.elf -- a b     prints argc=3 and the three argv, exits 2
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	int i;

	printf("argc=%d\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	return argc - 1;
}
