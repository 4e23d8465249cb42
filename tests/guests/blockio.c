/* SPDX-License-Identifier: MIT */
/*
 * Block I/O steps for the integration tests, run in order:
 *   unimon --block NAME=FILE blockio.elf -- STEP...
 *   write NAME SECTOR COUNT SEED   one write of COUNT sectors of the pattern
 *   verify NAME SECTOR COUNT SEED  one read, compared with the pattern
 *   flush NAME
 *   fill NAME CHUNK                write CHUNK sectors at a time from sector
 *                                  0 (seed 0) until an error, then verify
 *                                  every request that succeeded
 *   aio NAME SECTOR COUNT SEED DEPTH CHUNK
 *                                  the asynchronous API: write COUNT sectors
 *                                  in requests of CHUNK sectors, DEPTH in
 *                                  flight, collected newest first; flush;
 *                                  read them back the same way, compare;
 *                                  and bad tickets are refused
 *   submit NAME SECTOR COUNT SEED  submit one write and never collect it
 *                                  (it must land all the same)
 *   crash                          ud2 (the guest crashes: exit code 80)
 *   loop                           print "looping" and spin until killed
 * Byte o of the disk (o counted from its start) is (o * 7 + (o >> 9) +
 * SEED * 13) & 0xff in the pattern. Exit 0 if every step did what it
 * should, 1 at the first that did not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/block.h>

static uint8_t pattern(uint64_t o, unsigned long seed)
{
	return (uint8_t)(o * 7 + (o >> 9) + seed * 13);
}

/* A buffer of count sectors, filled with the pattern of sector on. */
static uint8_t *fill_buf(const struct unimon_block_info *d, uint64_t sector,
			 uint64_t count, unsigned long seed)
{
	uint64_t len = count * d->sector_size, i;
	uint8_t *p = malloc(len);

	for (i = 0; p && i < len; i++)
		p[i] = pattern(sector * d->sector_size + i, seed);
	return p;
}

/* One read of count sectors, compared with the pattern. */
static int check(int h, const struct unimon_block_info *d, uint64_t sector,
		 uint64_t count, unsigned long seed)
{
	uint8_t *want = fill_buf(d, sector, count, seed);
	uint8_t *got = malloc(count * d->sector_size);
	int64_t ret = -1;

	if (want && got)
		ret = unimon_block_read(h, sector, got, count);
	if (ret == (int64_t)(count * d->sector_size))
		ret = memcmp(got, want, ret) ? -1 : 0;
	free(want);
	free(got);
	return (int)ret;
}

static int write_pattern(int h, const struct unimon_block_info *d,
			 uint64_t sector, uint64_t count, unsigned long seed)
{
	uint8_t *p = fill_buf(d, sector, count, seed);
	int64_t ret = p ? unimon_block_write(h, sector, p, count) : -1;

	free(p);
	return ret == (int64_t)(count * d->sector_size) ? 0 : (int)ret;
}

/* Write until the host refuses, then read back what it took. */
static int fill(int h, const struct unimon_block_info *d, uint64_t chunk)
{
	uint64_t s;
	int ret = 0;

	for (s = 0; s + chunk <= d->capacity && !ret; s += chunk)
		ret = write_pattern(h, d, s, chunk, 0);
	if (!ret) {
		printf("fill: the whole disk took %llu sectors\n",
		       (unsigned long long)s);
		return 0;
	}
	s -= chunk;
	printf("fill: %llu sectors written, then ret %d\n",
	       (unsigned long long)s, ret);
	if (s && check(h, d, 0, s, 0))
		return -1;
	printf("fill: the %llu sectors written read back intact\n",
	       (unsigned long long)s);
	return 0;
}

/* Submit up to depth requests from sector on (of chunk sectors, at most
 * until end), then collect them newest first: 0 or the first bad ret. */
static int aio_round(int h, const struct unimon_block_info *d, unsigned op,
		     uint64_t *sector, uint64_t end, uint8_t *buf,
		     unsigned long depth, uint64_t chunk)
{
	int64_t tix[64], want[64], ret;
	unsigned long k, i;
	uint64_t n;

	for (k = 0; k < depth && *sector < end; k++, *sector += n) {
		n = end - *sector < chunk ? end - *sector : chunk;
		tix[k] = unimon_block_submit(h, op, *sector,
					     buf + (*sector * d->sector_size),
					     n);
		want[k] = (int64_t)(n * d->sector_size);
		if (tix[k] < 0)
			return (int)tix[k];
	}
	unimon_block_kick(h);
	if (k && unimon_block_poll(h, tix[k - 1]) < 0)
		return -1;
	for (i = k; i-- > 0;) {
		ret = unimon_block_complete(h, tix[i]);
		if (ret != want[i])
			return ret < 0 ? (int)ret : -1;
	}
	/* Collected tickets are refused. */
	if (k && unimon_block_complete(h, tix[0]) != UNIMON_EINVAL)
		return -2;
	return 0;
}

static int aio(int h, const struct unimon_block_info *d, uint64_t sector,
	       uint64_t count, unsigned long seed, unsigned long depth,
	       uint64_t chunk)
{
	uint64_t len = (sector + count) * d->sector_size, s;
	uint8_t *want = fill_buf(d, 0, sector + count, seed);
	uint8_t *got = calloc(1, len);
	int64_t t;
	int ret = -1;

	if (depth > 64 || depth > (unsigned long)unimon_block_depth(h) ||
	    !chunk || !want || !got)
		goto out;
	for (s = sector, ret = 0; !ret && s < sector + count;)
		ret = aio_round(h, d, UNIMON_BLOCK_OP_WRITE, &s, sector + count,
				want, depth, chunk);
	t = ret ? ret : unimon_block_submit(h, UNIMON_BLOCK_OP_FLUSH, 0, 0, 0);
	ret = t < 0 ? (int)t : (int)unimon_block_complete(h, t);
	for (s = sector; !ret && s < sector + count;)
		ret = aio_round(h, d, UNIMON_BLOCK_OP_READ, &s, sector + count,
				got, depth, chunk);
	if (!ret && memcmp(got + sector * d->sector_size,
			   want + sector * d->sector_size,
			   count * d->sector_size))
		ret = -3;
	if (!ret && (unimon_block_complete(h, -1) != UNIMON_EINVAL ||
		     unimon_block_poll(h, 1ll << 40) != UNIMON_EINVAL ||
		     unimon_block_submit(h, 7, 0, got, 1) != UNIMON_EINVAL ||
		     unimon_block_submit(-1, 0, 0, got, 1) != UNIMON_EBADF))
		ret = -4;
out:
	free(want);
	free(got);
	return ret;
}

static int step(char **argv, int *used)
{
	struct unimon_block_info d;
	int h = unimon_block_find(argv[1] ? argv[1] : "");
	unsigned long a, b, c;

	if (!strcmp(argv[0], "crash")) {
		printf("crash\n");
		asm volatile("ud2");
	}
	if (!strcmp(argv[0], "loop")) {
		printf("looping\n");
		for (;;)
			asm volatile("pause");
	}
	if (unimon_block_info(h, &d))
		return -1;
	*used = 2;
	if (!strcmp(argv[0], "flush"))
		return unimon_block_flush(h);
	if (!strcmp(argv[0], "fill") && argv[2]) {
		*used = 3;
		return fill(h, &d, strtoul(argv[2], NULL, 0));
	}
	if (!strcmp(argv[0], "aio")) {
		int i;

		for (i = 2; i < 7; i++)
			if (!argv[i])
				return -1;
		*used = 7;
		return aio(h, &d, strtoul(argv[2], NULL, 0),
			   strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0),
			   strtoul(argv[5], NULL, 0), strtoul(argv[6], NULL, 0));
	}
	if (!argv[2] || !argv[3] || !argv[4])
		return -1;
	*used = 5;
	a = strtoul(argv[2], NULL, 0);
	b = strtoul(argv[3], NULL, 0);
	c = strtoul(argv[4], NULL, 0);
	if (!strcmp(argv[0], "write"))
		return write_pattern(h, &d, a, b, c);
	if (!strcmp(argv[0], "verify"))
		return check(h, &d, a, b, c);
	if (!strcmp(argv[0], "submit")) {
		uint8_t *p = fill_buf(&d, a, b, c); /* never freed: in flight */
		int64_t t = p ? unimon_block_submit(h, UNIMON_BLOCK_OP_WRITE,
						    a, p, b) : -1;

		unimon_block_kick(h);
		return t < 0 ? (int)t : 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	int i, used, ret;

	for (i = 1; i < argc; i += used) {
		used = 1;
		ret = step(argv + i, &used);
		printf("%s %s: %d\n", argv[i], argv[i + 1] ? argv[i + 1] : "",
		       ret);
		if (ret)
			return 1;
	}
	printf("blockio: done\n");
	return 0;
}
