// SPDX-License-Identifier: MIT
/*
 * Console throughput: write TOTAL bytes (default 64 MiB) to the console in
 * CHUNK-byte writes (default 4096, a stdio buffer's flush), the same code
 * as a guest (built with -DGUEST: unimon_console_write) and on the host
 * (write(2) to stdout), so tests/bench/console.sh compares the two
 * processes writing the same bytes to the same sink.
 *   conbench [TOTAL [CHUNK]]     exit status 1 if a write failed
 */
#include <stdlib.h>
#include <string.h>
#ifdef GUEST
#include <unimon/unimon.h>
#define WRITE(p, n) unimon_console_write(p, n)
#else
#include <unistd.h>
#define WRITE(p, n) write(1, p, n)
#endif

#define MAX_CHUNK (1 << 20)
static char buf[MAX_CHUNK];

/* All n bytes, through partial writes: 0, or -1 on an error. */
static int write_all(const char *p, size_t n)
{
	while (n) {
		long w = WRITE(p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t total = argc > 1 ? strtoul(argv[1], NULL, 0) : 64u << 20;
	size_t chunk = argc > 2 ? strtoul(argv[2], NULL, 0) : 4096, done, n;

	if (!chunk || chunk > MAX_CHUNK)
		return 2;
	for (n = 0; n < chunk; n++)
		buf[n] = "0123456789abcdef"[n % 16];
	if (chunk > 1)
		buf[chunk - 1] = '\n';
	for (done = 0; done < total; done += n) {
		n = total - done < chunk ? total - done : chunk;
		if (write_all(buf, n))
			return 1;
	}
	return 0;
}
