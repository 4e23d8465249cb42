// SPDX-License-Identifier: MIT
/*
 * Block transport by hypercalls (CONFIG_BLOCK without CONFIG_BLOCK_QUEUE):
 * one exit per request; the request moves any number of sectors with one
 * pread/pwrite loop straight between the file and guest RAM. hw/block.c
 * has everything else.
 */
#include <stddef.h>
#include <sys/syscall.h>
#include "core/device.h"
#include "core/guestmem.h"
#include "core/hypercall.h"
#include "core/vm.h"
#include "hw/block.h"
#include "unimon/abi.h"

const char block_transport__summary[] =
	"block devices: disk image files (--block), sector I/O";

int block_transport__attach(struct disk *d)
{
	return 0;
}

int block_transport__fdt(void *fdt, int node, const struct disk *d)
{
	return 0;
}

/* Checks in this order: handle, read-only, range, guest buffer. */
static int64_t block_io(struct vm *vm, const struct unimon_hc_block_io *a,
			int write)
{
	const struct disk *d = a->handle < block__ndisks ?
				       &block__disks[a->handle] : NULL;
	uint64_t len;
	int64_t err;
	void *buf;

	if (!d)
		return UNIMON_EBADF;
	err = block__check(d, write, a->sector, a->count, &len);
	if (err)
		return err;
	buf = gmem__ptr(&vm->mem, a->buf, len);
	if (!buf)
		return UNIMON_EFAULT;
	return block__transfer(d->fd, write, buf, len,
			       a->sector * d->sector_size);
}

static void hc_io(struct vm *vm, uint32_t gpa, unsigned int nr)
{
	struct unimon_hc_block_io a;

	if (hc__args(vm, nr, gpa, &a, sizeof(a)))
		return;
	hc__ret(vm, gpa, offsetof(struct unimon_hc_block_io, ret),
		block_io(vm, &a, nr == UNIMON_HC_BLOCK_WRITE));
}

static void hc_read(struct vm *vm, void *ctx, uint32_t gpa)
{
	hc_io(vm, gpa, UNIMON_HC_BLOCK_READ);
}

static void hc_write(struct vm *vm, void *ctx, uint32_t gpa)
{
	hc_io(vm, gpa, UNIMON_HC_BLOCK_WRITE);
}

static void hc_flush(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct unimon_hc_block_flush a;
	int64_t ret;

	if (hc__args(vm, UNIMON_HC_BLOCK_FLUSH, gpa, &a, sizeof(a)))
		return;
	ret = a.handle < block__ndisks ? block__sync(&block__disks[a.handle]) :
					 UNIMON_EBADF;
	hc__ret(vm, gpa, offsetof(struct unimon_hc_block_flush, ret), ret);
}

const struct hypercall block_transport__hc[] = {
	{ "block-read", UNIMON_HC_BLOCK_READ, hc_read, NULL },
	{ "block-write", UNIMON_HC_BLOCK_WRITE, hc_write, NULL },
	{ "block-flush", UNIMON_HC_BLOCK_FLUSH, hc_flush, NULL },
	{ 0 },
};

/* While the guest runs: the transfers and flush (seccomp sandbox). */
const int block_transport__syscalls[] = { SYS_pread64, SYS_pwrite64,
					  SYS_fdatasync, -1 };
