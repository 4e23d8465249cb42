// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include "core/error.h"

static char msg[256];

int err__set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return -1;
}

const char *err__msg(void)
{
	return msg;
}

void pr_err(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write, so the line is not interleaved with guest output. */
	fprintf(stderr, "unimon: %s\n", line);
}
