// SPDX-License-Identifier: MIT
/*
 * The program's file descriptors: 0, 1 and 2 are the monitor's own
 * stdin, stdout and stderr (readable or writable as they are open on the
 * host); the files group (sys_files.c) adds files under --dir. A guest
 * descriptor names a host one; closing 0-2 only forgets them (the
 * monitor keeps its own).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "core/device.h"
#include "personality/linux/linux.h"

static struct lx_file files[CONFIG_LINUX_MAX_FDS];

struct lx_file *lx_fd(int64_t fd)
{
	if (fd < 0 || fd >= CONFIG_LINUX_MAX_FDS || files[fd].host < 0)
		return NULL;
	return &files[fd];
}

int64_t lx_fd_new(int host, unsigned int flags)
{
	int64_t i;

	for (i = 0; i < CONFIG_LINUX_MAX_FDS; i++)
		if (files[i].host < 0) {
			files[i] = (struct lx_file){ host, flags, 0, NULL };
			return i;
		}
	return -EMFILE;
}

int64_t lx_fd_close(int64_t fd)
{
	struct lx_file *f = lx_fd(fd);

	if (!f)
		return -EBADF;
	if (fd > 2 || f->host > 2)
		close(f->host);
	f->host = -1;
	free(f->path);
	f->path = NULL;
	return 0;
}

/* Before the sandbox: how 0-2 are open on the host. */
static int fd_init(struct vm *vm)
{
	int i, fl;

	lx_max_fds = CONFIG_LINUX_MAX_FDS;
	for (i = 0; i < CONFIG_LINUX_MAX_FDS; i++)
		files[i].host = -1;
	for (i = 0; i < 3; i++) {
		fl = fcntl(i, F_GETFL);
		if (fl < 0)
			continue;
		files[i].host = i;
		files[i].flags = ((fl & O_ACCMODE) != O_WRONLY ? LX_FD_READ : 0) |
				 ((fl & O_ACCMODE) != O_RDONLY ? LX_FD_WRITE : 0);
	}
	return 0;
}

static const struct device fd_dev = {
	.name = "linux-fd",
	.summary = "Linux: file descriptors (0-2: the monitor's own)",
	.init = fd_init,
};
DEVICE_REGISTER(fd_dev);
