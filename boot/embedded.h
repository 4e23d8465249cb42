/* SPDX-License-Identifier: MIT */
/*
 * Appliance images: with CONFIG_APPLIANCE the guest image named by
 * CONFIG_APPLIANCE_IMAGE is part of the monitor (boot/embedded.c), which
 * boots it when no image is given. Without it embedded__image() is the
 * weak default in boot/loader.c and returns NULL.
 */
#ifndef UNIMON_EMBEDDED_H
#define UNIMON_EMBEDDED_H

#include <stddef.h>
#include <stdint.h>

struct embedded_image {
	const char *path;	/* CONFIG_APPLIANCE_IMAGE, as configured */
	const char *name;	/* its last component: the guest's argv[0] */
	const uint8_t *data;	/* the image bytes, in .rodata */
	size_t size;
	/* Default guest argv: name, then CONFIG_APPLIANCE_ARGS at spaces. */
	int argc;
	char **argv;
};

/* The image built into this monitor, or NULL. */
const struct embedded_image *embedded__image(void);

#endif
