// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: command-line parsing (core options and every device
 * option of the configuration). The input is split at NUL bytes into
 * argv[1..]; argv[0] is "unimon".
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "core/vm.h"
#include "monitor/cli.h"

#define MAX_ARGS 32

/* Run with -close_fd_mask=3 (tests/fuzz/run.sh): --help and the error
 * lines go nowhere, libFuzzer's own output still shows. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 1];
	struct options o;
	int argc = 1, status;
	size_t i, start = 0;

	memcpy(buf, data, size);
	buf[size] = 0;
	argv[0] = "unimon";
	for (i = 0; i <= size && argc < MAX_ARGS; i++)
		if (buf[i] == 0) {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	optind = 0; /* full reinitialisation of getopt */
	cli__parse(argc, argv, &o, &status);
	free(buf);
	return 0;
}
