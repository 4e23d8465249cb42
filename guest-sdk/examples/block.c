/* SPDX-License-Identifier: MIT */
/*
 * block: write a pattern over the first sectors of a disk with one call,
 * flush, read them back with one call and compare.
 *
 *   truncate -s 1M disk.img
 *   unimon --block data=disk.img block.elf [-- NAME]
 *
 * NAME defaults to the first disk. Byte i of the area written is
 * pattern(i) below. On a read-only disk (--block data=disk.img,ro) it reads
 * the area, says whether the pattern is there, and checks that a write is
 * refused with UNIMON_EROFS.
 */
#include <stdio.h>
#include <string.h>
#include <unimon/block.h>

static uint8_t out[64 * 1024], in[64 * 1024];

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 7 + (i >> 9));
}

static int read_only(int h, const char *name, uint64_t n)
{
	int64_t ret = unimon_block_read(h, 0, in, n);

	if (ret < 0) {
		printf("block: read failed: %lld\n", (long long)ret);
		return 1;
	}
	ret = unimon_block_write(h, 0, in, 1);
	if (ret != UNIMON_EROFS) {
		printf("block: write to a read-only disk gave %lld\n",
		       (long long)ret);
		return 1;
	}
	printf("block ok (read-only): %s %llu sectors read (%s), write "
	       "refused\n", name, (unsigned long long)n,
	       memcmp(in, out, sizeof(in)) ? "no pattern" : "pattern found");
	return 0;
}

int main(int argc, char **argv)
{
	struct unimon_block_info info;
	int h = argc > 1 ? unimon_block_find(argv[1]) : 0;
	uint64_t i, n;
	int64_t ret;

	if (unimon_block_info(h, &info)) {
		printf("block: no disk %s\n", argc > 1 ? argv[1] : "at all");
		return 1;
	}
	printf("block: disk %s, %llu sectors of %u bytes%s\n", info.name,
	       (unsigned long long)info.capacity, info.sector_size,
	       info.read_only ? ", read-only" : "");
	n = sizeof(out) / info.sector_size;
	if (n > info.capacity)
		n = info.capacity;
	for (i = 0; i < sizeof(out); i++)
		out[i] = pattern(i);
	if (info.read_only)
		return read_only(h, info.name, n);

	ret = unimon_block_write(h, 0, out, n);
	if (ret == (int64_t)(n * info.sector_size))
		ret = unimon_block_flush(h);
	if (ret == 0)
		ret = unimon_block_read(h, 0, in, n);
	if (ret != (int64_t)(n * info.sector_size) ||
	    memcmp(in, out, n * info.sector_size)) {
		printf("block: write, flush, read back failed: %lld\n",
		       (long long)ret);
		return 1;
	}
	printf("block ok: %s %llu sectors verified\n", info.name,
	       (unsigned long long)n);
	return 0;
}
