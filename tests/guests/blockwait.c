/* SPDX-License-Identifier: MIT */
/*
 * unimon_wait() on a disk's wait-bit ends when its requests complete:
 * submit four 8 MiB writes and a flush on disk 0, kick, then wait with
 * no deadline: if the monitor never signals the bit, the wait never ends
 * (the test's time limit fails it). Prints "blockwait: ok" and exits 0
 * when the wait returned the disk's bit, else "blockwait: FAIL ..." and 1.
 */
#include <stdio.h>
#include <string.h>
#include <unimon/block.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>
#include <unimon/wait.h>

#define CHUNK (8u << 20)
static char buf[CHUNK];

int main(void)
{
	const void *fdt = unimon_fdt();
	int node = unimon_fdt_path_offset(fdt, "/block/d@0"), i;
	uint32_t bit;
	uint64_t ready = 0;
	int64_t tk[5], r;

	if (node < 0 || unimon_fdt_getprop_u32(fdt, node, "unimon,wait-bit", &bit) ||
	    bit > 63) {
		printf("blockwait: FAIL no wait-bit on /block/d@0\n");
		return 1;
	}
	memset(buf, 0x5a, sizeof(buf));
	for (i = 0; i < 4; i++)
		tk[i] = unimon_block_submit(0, UNIMON_BLOCK_OP_WRITE,
					    (uint64_t)i * (CHUNK / 512), buf,
					    CHUNK / 512);
	tk[4] = unimon_block_submit(0, UNIMON_BLOCK_OP_FLUSH, 0, NULL, 0);
	unimon_block_kick(0);
	r = unimon_wait(UNIMON_WAIT_FOREVER, &ready);
	if (r < 1 || !(ready & (1ull << bit))) {
		printf("blockwait: FAIL wait returned %lld, ready %#llx\n",
		       (long long)r, (unsigned long long)ready);
		return 1;
	}
	for (i = 0; i < 5; i++)
		if (tk[i] < 0 || unimon_block_complete(0, tk[i]) < 0) {
			printf("blockwait: FAIL request %d\n", i);
			return 1;
		}
	printf("blockwait: ok\n");
	return 0;
}
