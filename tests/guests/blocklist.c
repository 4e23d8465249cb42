/* SPDX-License-Identifier: MIT */
/*
 * Lists the disks as the SDK reads them from the device tree, one line
 * each: "disk HANDLE NAME CAPACITY SECTOR_SIZE rw|ro", then
 * "find NAME: HANDLE" for each argument.
 */
#include <stdio.h>
#include <unimon/block.h>

int main(int argc, char **argv)
{
	struct unimon_block_info d;
	int i, n = unimon_block_count();

	printf("disks: %d\n", n);
	for (i = 0; i < n; i++) {
		if (unimon_block_info(i, &d)) {
			printf("disk %d: missing\n", i);
			continue;
		}
		printf("disk %d %s %llu %u %s\n", i, d.name,
		       (unsigned long long)d.capacity, d.sector_size,
		       d.read_only ? "ro" : "rw");
	}
	for (i = 1; i < argc; i++)
		printf("find %s: %d\n", argv[i], unimon_block_find(argv[i]));
	return 0;
}
