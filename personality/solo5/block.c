// SPDX-License-Identifier: MIT
/*
 * Solo5 block devices: --block:NAME=PATH attaches the file PATH as the
 * manifest's block device NAME (read-write; capacity its size, which must
 * be a whole number of blocks), --block-sector-size:NAME=N its block size
 * (a power of two from 512, default 512). BLOCK_WRITE (4) and BLOCK_READ
 * (5) move len bytes at offset: S5_R_EINVAL for a handle that is not an
 * attached block device or a range outside the disk; the buffer is a
 * guest pointer like any other (outside guest memory: exit status 1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "core/vm.h"
#include "personality/solo5/solo5.h"

struct opt {
	char name[S5_MFT_NAME_SIZE];
	const char *path;
	unsigned long sector;	/* 0: not given */
};
static struct opt opts[S5_MFT_MAX];
static unsigned int nopts;

static struct opt *entry(const char *what, const char *arg, const char **v)
{
	return s5_opt_entry(what, arg, opts, sizeof(opts[0]), &nopts, v);
}

static int block_parse(struct options *o, const char *arg)
{
	const char *v;
	struct opt *b = entry("--block:", arg, &v);

	if (!b)
		return 1;
	if (b->path) {
		pr_err("--block:%s: given twice", b->name);
		return 1;
	}
	b->path = v;
	return 0;
}

static int sector_parse(struct options *o, const char *arg)
{
	const char *v;
	char *end;
	struct opt *b = entry("--block-sector-size:", arg, &v);

	if (!b)
		return 1;
	b->sector = strtoul(v, &end, 10);
	if (*end || v[0] == '-' || b->sector < 512 || b->sector > 65536 ||
	    (b->sector & (b->sector - 1))) {
		pr_err("--block-sector-size:%s: %s is not a power of two from "
		       "512 to 65536", b->name, v);
		return 1;
	}
	return 0;
}

/* The manifest's block device name (its index), or -1. */
static int find(const char *name)
{
	uint32_t i;

	for (i = 0; i < s5_mft->entries; i++)
		if (s5_mft->e[i].type == S5_MFT_BLOCK &&
		    !strcmp(s5_mft->e[i].name, name))
			return i;
	return -1;
}

static int attach(const struct opt *b, int i)
{
	struct s5_mft_entry *e = &s5_mft->e[i];
	unsigned long bs = b->sector ? b->sector : 512;
	struct stat st;
	int fd;

	fd = open(b->path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		pr_err("--block:%s: Could not open %s: %s", b->name, b->path,
		       strerror(errno));
		return 1;
	}
	s5_fd[i] = fd;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		pr_err("--block:%s: %s is not a regular file", b->name, b->path);
		return 1;
	}
	/* One monitor per disk file: another would corrupt it. */
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		pr_err("--block:%s: %s is in use by another process", b->name,
		       b->path);
		return 1;
	}
	if ((uint64_t)st.st_size % bs) {
		pr_err("--block:%s: %s: its size (%lld bytes) is not a multiple "
		       "of the block size %lu", b->name, b->path,
		       (long long)st.st_size, bs);
		return 1;
	}
	e->u.block.capacity = st.st_size;
	e->u.block.block_size = bs;
	e->attached = 1;
	return 0;
}

int s5_block_attach(void)
{
	unsigned int k;
	int i;

	for (k = 0; k < nopts; k++) {
		i = find(opts[k].name);
		if (i < 0 || s5_mft->e[i].attached) {
			pr_err("--block:%s: the image declares no block device "
			       "%s", opts[k].name, opts[k].name);
			return 1;
		}
		if (!opts[k].path) {
			pr_err("--block-sector-size:%s: no --block:%s=PATH",
			       opts[k].name, opts[k].name);
			return 1;
		}
		if (attach(&opts[k], i))
			return 1;
	}
	return 0;
}

static void hc_block(struct vm *vm, uint32_t gpa, int write)
{
	struct s5_block c;
	void *a = s5_args(vm, gpa, &c, sizeof(c), 1);
	const struct s5_mft_entry *e;
	uint64_t end;
	ssize_t n;
	void *buf;

	if (!a)
		return;
	e = c.handle < s5_mft->entries ? &s5_mft->e[c.handle] : NULL;
	if (!e || e->type != S5_MFT_BLOCK || !e->attached ||
	    __builtin_add_overflow(c.offset, c.len, &end) ||
	    end > e->u.block.capacity) {
		S5_SET(a, struct s5_block, ret, S5_R_EINVAL);
		return;
	}
	/* A read writes the guest's buffer: not into its code. */
	buf = write ? s5_ptr(vm, c.data, c.len) : s5_wptr(vm, c.data, c.len);
	if (!buf)
		return;
	while (c.len) {
		n = write ? pwrite(s5_fd[c.handle], buf, c.len, c.offset) :
			    pread(s5_fd[c.handle], buf, c.len, c.offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s5_fail(vm, "block %s: %s failed: %s", e->name,
				write ? "pwrite" : "pread",
				n < 0 ? strerror(errno) : "end of file");
			return;
		}
		buf = (uint8_t *)buf + n;
		c.offset += n;
		c.len -= n;
	}
	S5_SET(a, struct s5_block, ret, S5_R_OK);
}

static void hc_write(struct vm *vm, void *ctx, uint32_t gpa)
{
	hc_block(vm, gpa, 1);
}

static void hc_read(struct vm *vm, void *ctx, uint32_t gpa)
{
	hc_block(vm, gpa, 0);
}

static const struct hypercall block_hc[] = {
	{ "block-write", S5_HC_BLOCK_WRITE, hc_write, NULL },
	{ "block-read", S5_HC_BLOCK_READ, hc_read, NULL },
	{ 0 },
};

static const struct dev_option block_opts[] = {
	{ "block:", "NAME=PATH",
	  "attach the file PATH as the image's block device NAME", block_parse },
	{ "block-sector-size:", "NAME=N",
	  "block device NAME's block size (512, the default, or a larger "
	  "power of two)", sector_parse },
	{ 0 },
};

static const int block_syscalls[] = { SYS_pread64, SYS_pwrite64, -1 };

static const struct device block_dev = {
	.name = "solo5-block",
	.summary = "Solo5 hvt: block devices (--block:NAME=PATH)",
	.hc = block_hc,
	.opts = block_opts,
	.syscalls = block_syscalls,
};
DEVICE_REGISTER(block_dev);
