/* SPDX-License-Identifier: MIT */
/*
 * Writes TOTAL bytes of a known pattern to the console in pieces of
 * 1, 7, 100, 4096, 9000 and 70000 bytes in turn (smaller and larger than
 * the queue console's pieces and buffer), checking that each write
 * reports all its bytes; then ends as MODE says:
 *   conwrite TOTAL [exit|crash|loop|slow [GAP_US]]
 * exit: status 0 (3 if a write came up short); crash: ud2 (the monitor
 * must still write everything queued before it); loop: spin until
 * --timeout; slow: 100-byte writes GAP_US apart (default 300; the
 * monitor's I/O thread falls asleep between them: doorbells), then exit.
 * Byte i of the output is PATTERN[i % 37].
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/unimon.h>

#define PATTERN "abcdefghijklmnopqrstuvwxyz0123456789\n"
#define PLEN 37

static char buf[70000 + PLEN];

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 1, 7, 100, 4096, 9000, 70000 };
	size_t total = argc > 1 ? strtoul(argv[1], NULL, 0) : 1 << 20;
	const char *mode = argc > 2 ? argv[2] : "exit";
	uint64_t gap_ns = (argc > 3 ? strtoul(argv[3], NULL, 0) : 300) * 1000;
	size_t done = 0, i = 0, n;

	for (n = 0; n < sizeof(buf); n++)
		buf[n] = PATTERN[n % PLEN];
	while (done < total) {
		n = sizes[i++ % 6];
		if (!strcmp(mode, "slow")) {
			uint64_t t = unimon_time_monotonic_ns() + gap_ns;

			while (unimon_time_monotonic_ns() < t)
				__builtin_ia32_pause();
			n = 100;
		}
		if (n > total - done)
			n = total - done;
		if (unimon_console_write(buf + done % PLEN, n) != (long)n)
			return 3;
		done += n;
	}
	if (!strcmp(mode, "crash"))
		__builtin_trap();
	while (!strcmp(mode, "loop"))
		__builtin_ia32_pause();
	return 0;
}
