// SPDX-License-Identifier: MIT
/*
 * The guest image of an appliance (CONFIG_APPLIANCE): the file named by
 * CONFIG_APPLIANCE_IMAGE, copied into .rodata by the assembler's .incbin
 * when this file is compiled (the Makefile makes this object depend on
 * the file and refuses paths that would need quoting). The build runs
 * the loader on it (unimon --check-layout), so a bad image fails there.
 */
#include <string.h>
#include "boot/embedded.h"

/* Relative paths are relative to the source tree, where make runs. */
asm(".pushsection .rodata.unimon_embedded, \"a\", @progbits\n"
    ".balign 64\n"
    ".globl embedded__data, embedded__data_end\n"
    ".type embedded__data, @object\n"
    "embedded__data:\n"
    ".incbin \"" CONFIG_APPLIANCE_IMAGE "\"\n"
    "embedded__data_end:\n"
    ".size embedded__data, embedded__data_end - embedded__data\n"
    ".popsection\n");

extern const uint8_t embedded__data[], embedded__data_end[];

const struct embedded_image *embedded__image(void)
{
	static char args[] = CONFIG_APPLIANCE_ARGS;
	/* At most one word per two bytes, plus argv[0] and the NULL. */
	static char *argv[sizeof(args) / 2 + 2];
	static struct embedded_image e;
	char *p, *save;

	if (e.data)
		return &e;
	e.path = CONFIG_APPLIANCE_IMAGE;
	p = strrchr(e.path, '/');
	e.name = p ? p + 1 : e.path;
	e.data = embedded__data;
	e.size = embedded__data_end - embedded__data;
	argv[e.argc++] = (char *)e.name;
	for (p = strtok_r(args, " ", &save); p; p = strtok_r(NULL, " ", &save))
		argv[e.argc++] = p;
	argv[e.argc] = NULL;
	e.argv = argv;
	return &e;
}
