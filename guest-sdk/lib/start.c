// SPDX-License-Identifier: MIT
/*
 * The C half of long-mode start-up, called by _start (lib/crt0.S) with
 * the device tree: read the boot information, build argc/argv from
 * /chosen/unimon,args, run main() and exit with what it returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>
#include "internal.h"

/* Exit status when the monitor's boot information cannot be read. */
#define EXIT_BAD_BOOTINFO 127

int main(int argc, char **argv);

/*
 * Copy the argument strings onto the heap (the guest may modify them;
 * the device tree stays intact) behind a NULL-terminated argv array.
 */
static char **build_argv(int *argc)
{
	static char *no_args[1];
	const char *args, *p;
	char **argv, *s;
	int len, n = 0, i;

	args = unimon_bootinfo__args(&len);
	for (p = args; p && p < args + len; p += strlen(p) + 1)
		n++;
	argv = n ? malloc((n + 1) * sizeof(*argv) + len) : NULL;
	if (!argv) {
		*argc = 0;
		return no_args;
	}

	s = memcpy(argv + n + 1, args, len);
	for (i = 0; i < n; i++) {
		argv[i] = s;
		s += strlen(s) + 1;
	}
	argv[n] = NULL;
	*argc = n;
	return argv;
}

void unimon_crt__start(const void *fdt)
{
	char **argv;
	int argc, err;

	err = unimon_bootinfo__init(fdt);
	if (err) {
		/*
		 * Not knowing the devices, try them all: the monitor ignores
		 * ports that no device claims.
		 */
		printf("unimon: no usable boot information at %p: %s\n", fdt,
		       unimon_fdt_strerror(err));
		unimon_exit__setup(true, UNIMON_EXIT_PORT);
		exit(EXIT_BAD_BOOTINFO);
	}
	argv = build_argv(&argc);
	exit(main(argc, argv));
}
