// SPDX-License-Identifier: MIT
/* Flat binaries: copied to the configured load address, entered there. */
#include <string.h>
#include "arch/arch.h"
#include "boot/loader.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/layout.h"

static int flat_probe(const uint8_t *img, size_t len)
{
	/* Any bytes but an ELF file, which only the ELF loader may take. */
	return len < 4 || memcmp(img, "\177ELF", 4) != 0;
}

static int flat_load(const uint8_t *img, size_t len, struct gmem *m,
		     struct load_info *li)
{
	uint64_t at = arch__flat_load_addr();
	uint8_t *dst;

	if (layout__check_image("the image", at, len))
		return -1;
	dst = gmem__ptr(m, at, len);
	if (!dst)
		return err__set("image does not fit at %s", arch__flat_load_option);
	memcpy(dst, img, len);
	li->entry = at;
	li->end = at + len;
	li->seg[0] = (struct load_seg){ at, len, LOAD_R | LOAD_W | LOAD_X };
	li->nseg = 1;
	return 0;
}

static const struct loader flat_loader = {
	.name = "flat",
	.option = "CONFIG_IMAGE_FLAT",
	.probe = flat_probe,
	.load = flat_load,
};
LOADER_REGISTER(flat_loader);
