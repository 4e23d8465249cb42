// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "boot/embedded.h"
#include "boot/loader.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/layout.h"
#include "unimon/abi.h"

#define MAX_IMAGE_SIZE ((uint64_t)CONFIG_MAX_IMAGE_SIZE_KB << 10)

int loader__load(const uint8_t *img, size_t len, struct gmem *m,
		 struct load_info *li)
{
	memset(li, 0, sizeof(*li));
	if (len == 0)
		return err__set("empty image");
	if (len > MAX_IMAGE_SIZE)
		return err__set("image is %zu bytes, larger than "
				"CONFIG_MAX_IMAGE_SIZE_KB=%d", len,
				CONFIG_MAX_IMAGE_SIZE_KB);
	if (len > m->size && m->size == RAM_SIZE_CONFIG)
		return err__set("image is %zu bytes, larger than guest RAM "
				"(CONFIG_RAM_SIZE_MB=%d)", len, CONFIG_RAM_SIZE_MB);
	if (len > m->size)
		return err__set("image is %zu bytes, larger than guest RAM "
				"(%llu MiB)", len,
				(unsigned long long)(m->size >> 20));
	for_each_loader(l)
		if ((*l)->probe(img, len))
			return (*l)->load(img, len, m, li);
	if (len >= 4 && !memcmp(img, "\177ELF", 4))
		return err__set("ELF images are not supported by this build "
				"(enable CONFIG_IMAGE_ELF)");
	return err__set("no image format of this build accepts it");
}

static int open_image(const char *path, size_t *len)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		pr_err("%s: cannot open image: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		pr_err("%s: cannot load image: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		pr_err("%s: cannot load image: %s", path,
		       S_ISDIR(st.st_mode) ? "is a directory" :
					     "not a regular file");
		close(fd);
		return -1;
	}
	*len = st.st_size;
	return fd;
}

/* read(), not mmap(): a file truncated under us must not raise SIGBUS. */
static int read_all(int fd, uint8_t *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

int loader__load_file(const char *path, struct gmem *m, struct load_info *li)
{
	size_t len;
	uint8_t *img = NULL;
	int fd = open_image(path, &len), ret;

	if (fd < 0)
		return UNIMON_EXIT_NOINPUT;
	/* Sizes are checked before reading: never read a huge file. */
	if (len > 0 && len <= MAX_IMAGE_SIZE) {
		img = malloc(len);
		if (!img || read_all(fd, img, len)) {
			pr_err("%s: cannot read image: %s", path,
			       img ? "short read" : strerror(errno));
			free(img);
			close(fd);
			return UNIMON_EXIT_NOINPUT;
		}
	}
	close(fd);
	ret = loader__load(img, len, m, li);
	free(img);
	if (ret) {
		pr_err("%s: bad image: %s", path, err__msg());
		return UNIMON_EXIT_IMAGE;
	}
	return 0;
}

/* No image built in; boot/embedded.c (CONFIG_APPLIANCE) overrides this. */
__attribute__((weak)) const struct embedded_image *embedded__image(void)
{
	return NULL;
}

int loader__load_embedded(const struct embedded_image *e, struct gmem *m,
			  struct load_info *li)
{
	if (loader__load(e->data, e->size, m, li)) {
		pr_err("embedded image (CONFIG_APPLIANCE_IMAGE=%s): bad image: %s",
		       e->path, err__msg());
		return UNIMON_EXIT_IMAGE;
	}
	return 0;
}

int loader__check_embedded(void)
{
	const struct embedded_image *e = embedded__image();
	struct load_info li;
	struct gmem m;
	int rc;

	if (!e)
		return 0;
	if (gmem__init(&m, layout__ram_size())) {
		pr_err("cannot map %llu MiB of guest RAM",
		       (unsigned long long)(layout__ram_size() >> 20));
		return UNIMON_EXIT_MONITOR;
	}
	rc = loader__load_embedded(e, &m, &li);
	gmem__exit(&m);
	return rc;
}
