// SPDX-License-Identifier: MIT
/*
 * Block devices: the disks are read from the device tree once, on first
 * use; the I/O calls are the hypercalls, with the monitor checking every
 * argument.
 */
#include <string.h>
#include <unimon/block.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>

static struct unimon_block_info disks[UNIMON_BLOCK_MAX];
static bool present[UNIMON_BLOCK_MAX];
static int ndisks = -1; /* not yet read */

/* One /block/NAME@<handle> node. */
static void add_disk(const void *fdt, int node)
{
	struct unimon_block_info *d;
	const char *name = unimon_fdt_get_name(fdt, node, NULL), *at;
	uint32_t handle;
	size_t len;

	if (!name || !unimon_fdt_is_compatible(fdt, node, "unimon,block") ||
	    unimon_fdt_getprop_u32(fdt, node, "reg", &handle) ||
	    handle >= UNIMON_BLOCK_MAX)
		return;
	d = &disks[handle];
	at = strchr(name, '@');
	len = at ? (size_t)(at - name) : strlen(name);
	if (len > UNIMON_BLOCK_NAME_MAX)
		len = UNIMON_BLOCK_NAME_MAX;
	memcpy(d->name, name, len);
	d->name[len] = 0;
	if (unimon_fdt_getprop_u64(fdt, node, "unimon,capacity", &d->capacity) ||
	    unimon_fdt_getprop_u32(fdt, node, "unimon,sector-size",
				   &d->sector_size))
		return;
	d->read_only = unimon_fdt_getprop(fdt, node, "read-only", NULL);
	present[handle] = true;
	if ((int)handle >= ndisks)
		ndisks = (int)handle + 1;
}

static void scan(void)
{
	const void *fdt = unimon_fdt();
	int node;

	if (ndisks >= 0)
		return;
	ndisks = 0;
	if (!fdt)
		return;
	node = unimon_fdt_path_offset(fdt, "/block");
	for (node = unimon_fdt_first_subnode(fdt, node); node >= 0;
	     node = unimon_fdt_next_subnode(fdt, node))
		add_disk(fdt, node);
}

int unimon_block_count(void)
{
	scan();
	return ndisks;
}

int unimon_block_info(int handle, struct unimon_block_info *info)
{
	scan();
	if (handle < 0 || handle >= ndisks || !present[handle])
		return UNIMON_EBADF;
	*info = disks[handle];
	return 0;
}

int unimon_block_find(const char *name)
{
	int i;

	scan();
	for (i = 0; i < ndisks; i++)
		if (present[i] && !strcmp(disks[i].name, name))
			return i;
	return UNIMON_EBADF;
}

/* A negative handle becomes a huge one, which the monitor refuses. */
static int64_t block_io(unsigned int nr, int handle, uint64_t sector,
			const void *buf, uint64_t count)
{
	struct unimon_hc_block_io a = {
		.handle = (uint64_t)(int64_t)handle,
		.sector = sector,
		.buf = (uintptr_t)buf,
		.count = count,
		.ret = UNIMON_ENOSYS,
	};
	int err = unimon_hypercall(nr, &a);

	return err ? err : a.ret;
}

int64_t unimon_block_read(int handle, uint64_t sector, void *buf,
			  uint64_t count)
{
	return block_io(UNIMON_HC_BLOCK_READ, handle, sector, buf, count);
}

int64_t unimon_block_write(int handle, uint64_t sector, const void *buf,
			   uint64_t count)
{
	return block_io(UNIMON_HC_BLOCK_WRITE, handle, sector, buf, count);
}

int unimon_block_flush(int handle)
{
	struct unimon_hc_block_flush a = {
		.handle = (uint64_t)(int64_t)handle,
		.ret = UNIMON_ENOSYS,
	};
	int err = unimon_hypercall(UNIMON_HC_BLOCK_FLUSH, &a);

	return err ? err : (int)a.ret;
}
