/* SPDX-License-Identifier: MIT */
/*
 * Prints every node path of the boot device tree, one per line
 * ("node /ioport/debugcon@e9"), and /chosen/stdout-path, so tests can
 * assert which devices a build describes to its guests.
 */
#include <stdio.h>
#include <string.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>

#define MAX_DEPTH 8

int main(void)
{
	const void *fdt = unimon_fdt();
	char path[MAX_DEPTH][64];
	int node = 0, depth = 0, len, chosen;
	const char *out;

	while (node >= 0) {
		const char *name = unimon_fdt_get_name(fdt, node, &len);

		if (depth > 0 && depth <= MAX_DEPTH) {
			snprintf(path[depth - 1], sizeof(path[0]), "%s%s%s",
				 depth > 1 ? path[depth - 2] : "", "/", name);
			printf("node %s\n", path[depth - 1]);
		}
		node = unimon_fdt_next_node(fdt, node, &depth);
	}
	chosen = unimon_fdt_path_offset(fdt, "/chosen");
	out = unimon_fdt_getprop(fdt, chosen, "stdout-path", &len);
	printf("stdout-path %s\n", out ? out : "(none)");
	return 0;
}
