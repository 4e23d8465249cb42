/* SPDX-License-Identifier: MIT */
/*
 * LD_PRELOAD for tests/integration/dumpcore.sh: openat() as on a file
 * system without O_TMPFILE (EOPNOTSUPP), everything else as usual.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <unistd.h>

int openat(int dir, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	if ((flags & O_TMPFILE) == O_TMPFILE) {
		errno = EOPNOTSUPP;
		return -1;
	}
	return syscall(SYS_openat, dir, path, flags, mode);
}
