// SPDX-License-Identifier: MIT
/*
 * The block device through its registration only (hw/block.c exports
 * nothing else): --block parsing and its exit codes, opening and locking
 * the files, the device-tree nodes read back with libfdt, and the
 * hypercalls on a fake VM, checked against the files with pread. Built
 * only in configurations with CONFIG_BLOCK.
 */
#include <fcntl.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/device.h"
#include "core/vm.h"
#include "unimon/abi.h"
#include "unit.h"

#ifndef CONFIG_BLOCK
#error "test_block needs CONFIG_BLOCK (the Makefile builds it only there)"
#else

#define RAM (1u << 20)
#define ARGS 0x2000 /* gpa of the argument struct */
#define BUF 0x4000  /* gpa of the data buffer */

static const struct device *dev;
static struct vm vm;
static struct options opts;
static char dir[] = "/tmp/unimon-test-block.XXXXXX";

static int parse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int parse(const char *fmt, ...)
{
	char arg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(arg, sizeof(arg), fmt, ap);
	va_end(ap);
	return dev->opts[0].parse(&opts, arg);
}

/* A file of size bytes in dir; its path in a static buffer. */
static const char *file(const char *name, off_t size)
{
	static char path[4][256];
	static unsigned int n;
	char *p = path[n++ % 4];
	int fd;

	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, size))
		abort();
	close(fd);
	return p;
}

static void reset(void)
{
	dev->exit(&vm);
}

static void test_parse(void)
{
	const char *f = file("p.img", 4096);
	int i;

	CHECK(parse("%s", "noequals") == UNIMON_EXIT_USAGE);
	CHECK(parse("=%s", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("a b=%s", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("a.b=%s", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("%032d=%s", 0, f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=") == UNIMON_EXIT_USAGE);
	CHECK(parse("d=,ro") == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,rw", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,ro,", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,sector=", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,sector=0", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,sector=256", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,sector=513", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,sector=8192", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,sector=0512", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,sector=512x", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,sector=-512", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("d=%s,sector=4294967808", f) == UNIMON_EXIT_USAGE);
	CHECK(parse("%031d=%s,ro,sector=4096", 7, f) == 0);
	CHECK(parse("A_z-9=%s,sector=1024,ro", f) == 0);
	CHECK(parse("A_z-9=%s", f) == UNIMON_EXIT_USAGE); /* duplicate */
	reset();
	for (i = 0; i < CONFIG_BLOCK_MAX_DEVICES; i++)
		CHECK(parse("d%d=%s,ro", i, f) == 0);
	CHECK(parse("one-more=%s,ro", f) == UNIMON_EXIT_USAGE);
	CHECK(dev->init(&vm) == 0); /* shared locks: all read-only */
	reset();
}

static void test_open_errors(void)
{
	CHECK(parse("d=%s/missing", dir) == 0);
	CHECK(dev->init(&vm) == UNIMON_EXIT_BLOCK_OPEN);
	reset();
	CHECK(parse("d=%s", dir) == 0); /* a directory */
	CHECK(dev->init(&vm) == UNIMON_EXIT_BLOCK_OPEN);
	reset();
	CHECK(parse("d=%s,ro", dir) == 0);
	CHECK(dev->init(&vm) == UNIMON_EXIT_BLOCK_OPEN);
	reset();
	CHECK(parse("d=%s/x", file("f.img", 512)) == 0); /* ENOTDIR */
	CHECK(dev->init(&vm) == UNIMON_EXIT_BLOCK_OPEN);
	reset();
	CHECK(parse("d=%s", file("e.img", 0)) == 0);
	CHECK(dev->init(&vm) == UNIMON_EXIT_BLOCK_SIZE);
	reset();
	CHECK(parse("d=%s", file("odd.img", 1000)) == 0);
	CHECK(dev->init(&vm) == UNIMON_EXIT_BLOCK_SIZE);
	reset();
	CHECK(parse("d=%s,sector=4096", file("6k.img", 6144)) == 0);
	CHECK(dev->init(&vm) == UNIMON_EXIT_BLOCK_SIZE);
	reset();
	/* One file twice: the second open conflicts (flock per open file). */
	CHECK(parse("a=%s", file("twice.img", 4096)) == 0);
	CHECK(parse("b=%s/twice.img", dir) == 0);
	CHECK(dev->init(&vm) == UNIMON_EXIT_BLOCK_LOCKED);
	reset();
	CHECK(parse("a=%s/twice.img", dir) == 0);
	CHECK(parse("b=%s/twice.img,ro", dir) == 0);
	CHECK(dev->init(&vm) == UNIMON_EXIT_BLOCK_LOCKED);
	reset();
	CHECK(parse("a=%s/twice.img,ro", dir) == 0);
	CHECK(parse("b=%s/twice.img,ro", dir) == 0);
	CHECK(dev->init(&vm) == 0);
	reset();
}

/* Property name of /block/<node> is the u32 (or u64 if wide) want. */
static int prop_is(const void *fdt, const char *node, const char *name,
		   uint64_t want, int wide)
{
	char path[64];
	fdt64_t v64;
	fdt32_t v32;
	int len;
	const void *p;

	snprintf(path, sizeof(path), "/block/%s", node);
	p = fdt_getprop(fdt, fdt_path_offset(fdt, path), name, &len);
	if (!p || len != (wide ? 8 : 4))
		return 0;
	/* Properties are only 4-byte aligned. */
	memcpy(wide ? (void *)&v64 : (void *)&v32, p, len);
	return (wide ? fdt64_to_cpu(v64) : fdt32_to_cpu(v32)) == want;
}

static void test_fdt(void)
{
	static uint64_t buf[1024];
	void *fdt = buf;
	int node, len;

	CHECK(parse("first=%s", file("a.img", 64 * 1024)) == 0);
	CHECK(parse("second=%s,ro,sector=4096", file("b.img", 8192)) == 0);
	CHECK(dev->init(&vm) == 0);
	CHECK(fdt_create_empty_tree(fdt, sizeof(buf)) == 0);
	CHECK(dev->fdt_nodes(fdt) == 0);
	node = fdt_path_offset(fdt, "/block");
	CHECK(node >= 0);
	CHECK(prop_is(fdt, "", "#address-cells", 1, 0));
	CHECK(prop_is(fdt, "", "#size-cells", 0, 0));
	CHECK(fdt_node_check_compatible(fdt, fdt_path_offset(fdt, "/block/first@0"),
					"unimon,block") == 0);
	CHECK(prop_is(fdt, "first@0", "reg", 0, 0));
	CHECK(prop_is(fdt, "first@0", "unimon,capacity", 128, 1));
	CHECK(prop_is(fdt, "first@0", "unimon,sector-size", 512, 0));
	CHECK(!fdt_getprop(fdt, fdt_path_offset(fdt, "/block/first@0"),
			   "read-only", &len));
	CHECK(prop_is(fdt, "second@1", "reg", 1, 0));
	CHECK(prop_is(fdt, "second@1", "unimon,capacity", 2, 1));
	CHECK(prop_is(fdt, "second@1", "unimon,sector-size", 4096, 0));
	CHECK(fdt_getprop(fdt, fdt_path_offset(fdt, "/block/second@1"),
			  "read-only", &len) && len == 0);
	/* In handle order. */
	CHECK(fdt_first_subnode(fdt, node) ==
	      fdt_path_offset(fdt, "/block/first@0"));
}

/* One block hypercall on the fake VM: its ret. */
static int64_t io(unsigned int nr, uint64_t h, uint64_t sector, uint64_t buf,
		  uint64_t count)
{
	struct unimon_hc_block_io a = { h, sector, buf, count, UNIMON_ENOSYS };
	memcpy(vm.mem.base + ARGS, &a, sizeof(a));
	for_each_hc(dev, hc)
		if (hc->nr == nr)
			hc->call(&vm, hc->ctx, ARGS);
	memcpy(&a, vm.mem.base + ARGS, sizeof(a));
	return a.ret;
}

static int64_t flush(uint64_t h)
{
	struct unimon_hc_block_flush a = { h, UNIMON_ENOSYS };
	memcpy(vm.mem.base + ARGS, &a, sizeof(a));
	for_each_hc(dev, hc)
		if (hc->nr == UNIMON_HC_BLOCK_FLUSH)
			hc->call(&vm, hc->ctx, ARGS);
	memcpy(&a, vm.mem.base + ARGS, sizeof(a));
	return a.ret;
}

/* After test_fdt: disk 0 rw, 128 x 512; disk 1 ro, 2 x 4096. */
static void test_hypercalls(void)
{
	enum { R = UNIMON_HC_BLOCK_READ, W = UNIMON_HC_BLOCK_WRITE };
	uint8_t back[3 * 512];
	char path[256];
	int fd;

	memset(vm.mem.base + BUF, 0xab, 3 * 512);
	CHECK(io(W, 0, 125, BUF, 3) == 3 * 512);
	snprintf(path, sizeof(path), "%s/a.img", dir);
	fd = open(path, O_RDONLY);
	CHECK(pread(fd, back, sizeof(back), 125 * 512) == sizeof(back));
	CHECK(back[0] == 0xab && back[sizeof(back) - 1] == 0xab);
	close(fd);
	memset(vm.mem.base + BUF, 0, 3 * 512);
	CHECK(io(R, 0, 125, BUF, 3) == 3 * 512);
	CHECK(vm.mem.base[BUF] == 0xab && vm.mem.base[BUF + 3 * 512 - 1] == 0xab);
	CHECK(io(R, 0, 126, BUF, 3) == UNIMON_EINVAL);
	CHECK(io(R, 0, 0, BUF, 0) == UNIMON_EINVAL);
	CHECK(io(R, 0, UINT64_MAX, BUF, 2) == UNIMON_EINVAL);
	CHECK(io(R, 0, 0, RAM - 512, 2) == UNIMON_EFAULT);
	CHECK(io(R, 0, 0, RAM - 512, 1) == 512);
	CHECK(io(R, 0, 0, UINT64_MAX - 100, 1) == UNIMON_EFAULT);
	CHECK(io(R, 2, 0, BUF, 1) == UNIMON_EBADF);
	CHECK(io(W, UINT64_MAX, 0, BUF, 1) == UNIMON_EBADF);
	CHECK(io(W, 1, 0, BUF, 1) == UNIMON_EROFS);
	CHECK(io(R, 1, 1, BUF, 1) == 4096);
	CHECK(io(R, 1, 1, BUF, 2) == UNIMON_EINVAL);
	CHECK(flush(0) == 0);
	CHECK(flush(1) == 0);
	CHECK(flush(2) == UNIMON_EBADF);
	CHECK(!vm.stopped);
	reset();
	CHECK(io(R, 0, 0, BUF, 1) == UNIMON_EBADF); /* gone after exit */
}

int main(void)
{
	char cmd[64];

	for_each_device(d)
		if (!strcmp((*d)->name, "block"))
			dev = *d;
	CHECK(dev != NULL);
	if (!dev)
		return unit_done("test_block");
	if (!mkdtemp(dir) || gmem__init(&vm.mem, RAM))
		return 1;
	test_parse();
	test_open_errors();
	test_fdt();
	test_hypercalls();
	gmem__exit(&vm.mem);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		return 1;
	return unit_done("test_block");
}
#endif
