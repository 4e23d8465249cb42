/* SPDX-License-Identifier: MIT */
/*
 * Guest image loaders. Each format (boot/elf.c, boot/flat.c) registers a
 * struct loader; the first whose probe accepts the image loads it. Loaders
 * work on an image already in memory, so unit tests and fuzzers can call
 * them on any bytes; they never exit and report with err__set().
 */
#ifndef UNIMON_LOADER_H
#define UNIMON_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include "core/device.h"
#include "core/load-info.h"

struct gmem;
struct embedded_image;

struct loader {
	const char *name;
	const char *option;	/* the Kconfig option that builds it in */
	int (*probe)(const uint8_t *img, size_t len);
	int (*load)(const uint8_t *img, size_t len, struct gmem *m,
		    struct load_info *li);
};

#define LOADER_REGISTER(l) REGISTRY_ENTRY(loaders, struct loader, l)
REGISTRY_DECLARE(loaders, struct loader);
#define for_each_loader(it) for_each_registered(loaders, struct loader, it)

/* Load an image from memory: 0, or -1 with err__set(). */
int loader__load(const uint8_t *img, size_t len, struct gmem *m,
		 struct load_info *li);

/*
 * Load the image file at path: 0, or the exit code (UNIMON_EXIT_NOINPUT
 * when it cannot be read, UNIMON_EXIT_IMAGE when it is not a valid image),
 * with the message printed.
 */
int loader__load_file(const char *path, struct gmem *m, struct load_info *li);

/* Load the image built into the monitor (boot/embedded.h), the same way. */
int loader__load_embedded(const struct embedded_image *e, struct gmem *m,
			  struct load_info *li);

/*
 * The build's check of the embedded image (unimon --check-layout): load
 * it into scratch guest memory. 0 (also when there is none), or the exit
 * code with the message printed.
 */
int loader__check_embedded(void);

#endif
