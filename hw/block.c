// SPDX-License-Identifier: MIT
/*
 * Block devices, the part every transport shares: disk images in host
 * files (--block NAME=PATH[,ro][,sector=N]), opened, locked and sized at
 * start-up, described in the device tree, read and written in whole
 * sectors between the file and guest RAM (no bounce buffer); flush is
 * fdatasync(). The transport (hypercalls: hw/block-hc.c, queues:
 * hw/block-queue.c) is chosen in hw/Build.mk; hw/block.h is the seam.
 *
 * Durability: a write returns once the data is in the host's page cache,
 * so it survives the monitor's exit and a guest crash; only a flush makes
 * it survive a host crash or power loss. The monitor flushes on the
 * guest's behalf only when a signal stopped it (block_exit); after the
 * guest's own exit or crash the guest decided what is durable.
 *
 * A disk is locked with flock() (exclusive read-write, shared read-only)
 * so two monitors cannot write one file. docs/ABI.md has the details.
 */
#include <errno.h>
#include <fcntl.h>
#include <libfdt.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "core/stop.h"
#include "core/strutil.h"
#include "core/vm.h"
#include "hw/block.h"
#include "shared/util.h"
#include "unimon/abi.h"

#define NAME_MAX_LEN DEV_NAME_MAX
#define DEFAULT_SECTOR 512

struct disk block__disks[CONFIG_BLOCK_MAX_DEVICES];
unsigned int block__ndisks;

/* Command line ------------------------------------------------------- */

static int bad_arg(const char *arg, const char *what)
{
	pr_err("--block %s: %s (want NAME=PATH[,ro][,sector=N])", arg, what);
	return UNIMON_EXIT_USAGE;
}

/* The sector size of ",sector=N": 512, 1024, 2048 or 4096, in decimal. */
static int parse_sector(const char *s, size_t len, unsigned int *size)
{
	unsigned int v = 0;
	size_t i;

	if (!len || len > 4 || s[0] == '0')
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 512 || v > 4096 || (v & (v - 1)))
		return -1;
	*size = v;
	return 0;
}

/* One flag of the list after the path (len bytes at s): NULL or why not. */
static const char *parse_flag(struct disk *d, const char *s, size_t len)
{
	if (len == 2 && !strncmp(s, "ro", 2)) {
		d->ro = 1;
		return NULL;
	}
	if (len < 7 || strncmp(s, "sector=", 7))
		return "unknown flag";
	if (parse_sector(s + 7, len - 7, &d->sector_size))
		return "the sector size must be 512, 1024, 2048 or 4096";
	return NULL;
}

static int find_disk(const char *name)
{
	unsigned int i;

	for (i = 0; i < block__ndisks; i++)
		if (!strcmp(block__disks[i].name, name))
			return (int)i;
	return -1;
}

/*
 * NAME=PATH[,ro][,sector=N]: the path ends at the first comma (a path
 * with a comma in it needs a symlink). Stored; opened by block_init.
 */
static int block_parse(struct options *o, const char *arg)
{
	struct disk d = { .sector_size = DEFAULT_SECTOR, .fd = -1 };
	const char *eq = strchr(arg, '='), *p, *comma, *why;
	size_t plen;

	if (!eq)
		return bad_arg(arg, "no '=' between the name and the path");
	if (!dev_name_ok(arg, eq - arg))
		return bad_arg(arg, "the name must be 1-31 characters of "
				    "A-Z a-z 0-9 _ -");
	memcpy(d.name, arg, eq - arg);
	plen = strcspn(eq + 1, ",");
	if (!plen)
		return bad_arg(arg, "no path");
	if (plen >= PATH_MAX)
		return bad_arg(arg, "path too long");
	for (p = eq + 1 + plen; *p; p = comma) {
		comma = strchrnul(p + 1, ',');
		why = parse_flag(&d, p + 1, comma - p - 1);
		if (why)
			return bad_arg(arg, why);
	}
	if (find_disk(d.name) >= 0)
		return bad_arg(arg, "a disk of that name is already attached");
	if (block__ndisks == CONFIG_BLOCK_MAX_DEVICES)
		return bad_arg(arg, "more than " STR(CONFIG_BLOCK_MAX_DEVICES)
				    " disks (CONFIG_BLOCK_MAX_DEVICES)");
	d.path = strndup(eq + 1, plen);
	if (!d.path)
		return bad_arg(arg, "out of memory");
	block__disks[block__ndisks++] = d;
	return 0;
}

/* Start-up ----------------------------------------------------------- */

/* One line "--block NAME: PATH: why"; returns code. */
static int __attribute__((format(printf, 3, 4)))
disk_fail(const struct disk *d, int code, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	pr_err("--block %s: %s: %s", d->name, d->path, why);
	return code;
}

/*
 * Read-write, or read-only with ro. O_NONBLOCK: opening a FIFO must not
 * hang the monitor (it is refused below as not a regular file). A file
 * that opens read-only but not read-write gets its own exit code.
 */
static int disk_open(struct disk *d)
{
	int flags = O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = open(d->path, flags | (d->ro ? O_RDONLY : O_RDWR));
	int err = errno;

	if (fd < 0 && !d->ro && (err == EACCES || err == EROFS || err == EPERM)) {
		fd = open(d->path, flags | O_RDONLY);
		if (fd >= 0) {
			close(fd);
			return disk_fail(d, UNIMON_EXIT_BLOCK_READONLY,
					 "cannot open read-write: %s (add \",ro\" "
					 "to attach it read-only)", strerror(err));
		}
		err = errno;
	}
	if (fd < 0)
		return disk_fail(d, UNIMON_EXIT_BLOCK_OPEN, "cannot open: %s",
				 strerror(err));
	d->fd = fd;
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK))
		return disk_fail(d, UNIMON_EXIT_BLOCK_OPEN, "fcntl: %s",
				 strerror(errno));
	return 0;
}

/* flock: exclusive read-write, shared read-only, between open files. */
static int disk_lock(struct disk *d)
{
	if (!flock(d->fd, (d->ro ? LOCK_SH : LOCK_EX) | LOCK_NB))
		return 0;
	if (errno == EWOULDBLOCK)
		return disk_fail(d, UNIMON_EXIT_BLOCK_LOCKED,
				 "in use by another unimon, or attached twice "
				 "(locked)");
	return disk_fail(d, UNIMON_EXIT_BLOCK_OPEN, "cannot lock: %s",
			 strerror(errno));
}

static int disk_size(struct disk *d)
{
	struct stat st;

	if (fstat(d->fd, &st))
		return disk_fail(d, UNIMON_EXIT_BLOCK_OPEN, "cannot stat: %s",
				 strerror(errno));
	if (!S_ISREG(st.st_mode))
		return disk_fail(d, UNIMON_EXIT_BLOCK_OPEN,
				 "not a regular file");
	if (!st.st_size)
		return disk_fail(d, UNIMON_EXIT_BLOCK_SIZE,
				 "the file is empty; a disk needs at least one "
				 "sector (e.g. truncate -s 1M %s)", d->path);
	if (st.st_size % d->sector_size)
		return disk_fail(d, UNIMON_EXIT_BLOCK_SIZE,
				 "size %lld bytes is not a multiple of the "
				 "sector size %u", (long long)st.st_size,
				 d->sector_size);
	d->sectors = st.st_size / d->sector_size;
	return 0;
}

static int block_init(struct vm *vm)
{
	unsigned int i;
	int rc = 0;

	(void)vm;
	for (i = 0; i < block__ndisks && !rc; i++) {
		struct disk *d = &block__disks[i];

		rc = disk_open(d) ?: disk_size(d) ?: disk_lock(d) ?:
		     block_transport__attach(d);
	}
	return rc;
}

/*
 * A signal (SIGINT, SIGTERM, --timeout's SIGALRM) stopped the guest: it
 * had no chance to flush, so the monitor flushes every read-write disk for
 * it. After a guest exit or crash the guest decided; nothing is flushed.
 */
static void block_exit(struct vm *vm)
{
	int by_signal = vm->stopped_by_signal;
	unsigned int i;

	for (i = 0; i < block__ndisks; i++) {
		struct disk *d = &block__disks[i];

		if (by_signal && d->fd >= 0 && !d->ro && fdatasync(d->fd))
			pr_err("--block %s: flush after the signal: %s",
			       d->name, strerror(errno));
		if (d->fd >= 0)
			close(d->fd);
		free(d->path);
		d->queue = NULL;
	}
	block__ndisks = 0;
}

/* Transfers (both transports) ------------------------------------------ */

/* A host errno as the guest's error code (ENOSPC, EROFS, else EIO). */
static int64_t host_err(int err)
{
	if (err == ENOSPC || err == EDQUOT)
		return UNIMON_ENOSPC;
	if (err == EROFS)
		return UNIMON_EROFS;
	return UNIMON_EIO;
}

/*
 * All len bytes between guest memory p and the file at off: len, or a
 * negative error (sectors of the request may then be partly written).
 */
int64_t block__transfer(int fd, int write, uint8_t *p, uint64_t len,
			uint64_t off)
{
	uint64_t done = 0;
	ssize_t n;

	while (done < len) {
		if (write)
			n = pwrite(fd, p + done, len - done, off + done);
		else
			n = pread(fd, p + done, len - done, off + done);
		if (n < 0 && errno == EINTR && !stop__requested())
			continue;
		if (n < 0)
			return host_err(errno);
		if (n == 0)
			return UNIMON_EIO; /* the file shrank under us */
		done += n;
	}
	return (int64_t)done;
}

int64_t block__check(const struct disk *d, int write, uint64_t sector,
		     uint64_t count, uint64_t *len)
{
	if (write && d->ro)
		return UNIMON_EROFS;
	if (!count || sector > d->sectors || count > d->sectors - sector)
		return UNIMON_EINVAL;
	/* Within the capacity (< 2^63 bytes) this cannot overflow. */
	if (__builtin_mul_overflow(count, (uint64_t)d->sector_size, len))
		return UNIMON_EINVAL;
	return 0;
}

int64_t block__sync(const struct disk *d)
{
	if (d->ro)
		return 0;
	while (fdatasync(d->fd))
		if (errno != EINTR)
			return host_err(errno) == UNIMON_ENOSPC ?
				       UNIMON_ENOSPC : UNIMON_EIO;
	return 0;
}

/* Device tree -------------------------------------------------------- */

/* /block/NAME@<index>: the parent is looked up again (offsets move). */
static int add_disk_node(void *fdt, unsigned int i)
{
	const struct disk *d = &block__disks[i];
	int parent = fdt_path_offset(fdt, "/block"), node;
	char unit[NAME_MAX_LEN + 16];

	if (parent < 0)
		return parent;
	snprintf(unit, sizeof(unit), "%s@%x", d->name, i);
	node = fdt_add_subnode(fdt, parent, unit);
	if (node < 0)
		return node;
	return fdt_setprop_string(fdt, node, "compatible", "unimon,block") ?:
	       fdt_setprop_u32(fdt, node, "reg", i) ?:
	       fdt_setprop_u64(fdt, node, "unimon,capacity", d->sectors) ?:
	       fdt_setprop_u32(fdt, node, "unimon,sector-size",
			       d->sector_size) ?:
	       (d->ro ? fdt_setprop_empty(fdt, node, "read-only") : 0) ?:
	       block_transport__fdt(fdt, node, d);
}

static int block_fdt_nodes(void *fdt)
{
	int node = fdt_add_subnode(fdt, 0, "block"), err;
	unsigned int i;

	if (node < 0)
		return node;
	err = fdt_setprop_u32(fdt, node, "#address-cells", 1) ?:
	      fdt_setprop_u32(fdt, node, "#size-cells", 0);
	/* libfdt inserts a node before its siblings: add the last first. */
	for (i = block__ndisks; i > 0 && !err; i--)
		err = add_disk_node(fdt, i - 1);
	return err;
}

static const struct dev_option block_opts[] = {
	{ "block", "NAME=PATH[,ro][,sector=N]",
	  "attach disk file PATH as NAME, up to " STR(CONFIG_BLOCK_MAX_DEVICES)
	  " (ro: read-only; N: 512 (default), 1024, 2048, 4096)", block_parse },
	{ 0 },
};

static const struct device block_dev = {
	.name = "block",
	.summary = block_transport__summary,
	.hc = block_transport__hc,
	.opts = block_opts,
	.init = block_init,
	.fdt_nodes = block_fdt_nodes,
	.exit = block_exit,
	.syscalls = block_transport__syscalls,
};
DEVICE_REGISTER(block_dev);
