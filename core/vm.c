// SPDX-License-Identifier: MIT
/* Stopping the guest (core/vm.h). */
#include <stdarg.h>
#include <stdio.h>
#include "core/error.h"
#include "core/vm.h"

void vm__stop(struct vm *vm, int code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (vm->stopped)
		return;
	vm->stopped = 1;
	vm->exit_code = code;
	if (!fmt)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("%s", msg);
}
