// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "core/console-out.h"
#include "core/error.h"
#include "core/stop.h"

static char buf[4096];
static size_t used;
static int failed;

static ssize_t write_all(const char *p, size_t len)
{
	size_t done = 0;

	while (done < len && !failed) {
		ssize_t n = write(STDOUT_FILENO, p + done, len - done);

		if (n < 0 && errno == EINTR && !stop__requested())
			continue;
		if (n <= 0) {
			/* SIGPIPE is ignored: a closed stdout is reported, once. */
			pr_err("guest console output lost: stdout: %s",
			       n < 0 ? strerror(errno) : "short write");
			failed = 1;
			return -1;
		}
		done += n;
	}
	return failed ? -1 : (ssize_t)len;
}

void conout__flush(void)
{
	if (used)
		write_all(buf, used);
	used = 0;
}

void conout__putc(char c)
{
	buf[used++] = c;
	if (c == '\n' || used == sizeof(buf))
		conout__flush();
}

ssize_t conout__write(const void *p, size_t len)
{
	conout__flush();
	return write_all(p, len);
}
