// SPDX-License-Identifier: MIT
/*
 * The device tree: memory, /chosen (arguments, heap, TSC frequency, mode,
 * stdout), and one node per compiled-in device, made from what each device
 * registered (its ports under /ioport, its hypercalls under /hypercall).
 * docs/ABI.md describes the result.
 */
#include <libfdt.h>
#include <stdio.h>
#include "arch/arch.h"
#include "boot/bootinfo.h"
#include "core/device.h"
#include "core/error.h"
#include "core/vm.h"
#include "unimon/abi.h"

/*
 * The bus node /ioport or /hypercall, made on first use. Offsets move when
 * nodes are inserted, so buses are looked up by path every time.
 */
static int bus_node(void *fdt, const char *name)
{
	int node = fdt_subnode_offset(fdt, 0, name), err;
	int hc = name[0] == 'h';

	if (node >= 0 || node != -FDT_ERR_NOTFOUND)
		return node;
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	err = fdt_setprop_u32(fdt, node, "#address-cells", 1) ?:
	      fdt_setprop_u32(fdt, node, "#size-cells", hc ? 0 : 1);
	if (!err && hc)
		err = fdt_setprop_string(fdt, node, "compatible",
					 "unimon,hypercall") ?:
		      fdt_setprop_u32(fdt, node, "unimon,port-base",
				      UNIMON_HC_PORT_BASE);
	return err ?: node;
}

/* A node under bus: "<name>@<at>" with compatible and reg; its offset. */
static int add_node(void *fdt, const char *bus, const char *name,
		    unsigned int at, const char *compatible, char *path,
		    size_t psize)
{
	char unit[64];
	int parent = bus_node(fdt, bus), node, err;

	if (parent < 0)
		return parent;
	snprintf(unit, sizeof(unit), "%s@%x", name, at);
	node = fdt_add_subnode(fdt, parent, unit);
	if (node < 0)
		return node;
	snprintf(path, psize, "/%s/%s", bus, unit);
	err = fdt_setprop_string(fdt, node, "compatible", compatible) ?:
	      fdt_setprop_u32(fdt, node, "reg", at);
	return err ?: node;
}

/* The nodes of one device; path gets the last one's path (for stdout). */
static int add_device(void *fdt, const struct device *d, char *path,
		      size_t psize)
{
	int node = 0, err = 0;

	for_each_pio(d, p) {
		if (node < 0 || err)
			break;
		node = add_node(fdt, "ioport", p->node, p->base, p->compatible,
				path, psize);
		if (node >= 0)
			err = fdt_appendprop_u32(fdt, node, "reg", p->len);
		if (node >= 0 && !err && d->fdt_props)
			err = d->fdt_props(fdt, node);
	}
	for_each_hc(d, h) {
		if (node < 0 || err)
			break;
		node = add_node(fdt, "hypercall", h->node, h->nr,
				"unimon,hypercall", path, psize);
	}
	return node < 0 ? node : err;
}

static int add_devices(void *fdt, char *stdout_path, size_t psize)
{
	int err = 0, best = 0;
	char path[96];

	for_each_device(d) {
		path[0] = 0;
		err = add_device(fdt, *d, path, sizeof(path));
		if (!err && (*d)->fdt_nodes)
			err = (*d)->fdt_nodes(fdt);
		if (err)
			break;
		if ((*d)->stdout_node)
			snprintf(path, sizeof(path), "%s", (*d)->stdout_node);
		if ((*d)->stdout_rank > best && path[0]) {
			best = (*d)->stdout_rank;
			snprintf(stdout_path, psize, "%s", path);
		}
	}
	return err;
}

static int add_chosen(void *fdt, struct vm *vm, const uint64_t heap[2],
		      const char *stdout_path)
{
	int node = fdt_add_subnode(fdt, 0, "chosen"), i, err;

	if (node < 0)
		return node;
	err = fdt_setprop_u64(fdt, node, "unimon,heap", heap[0]) ?:
	      fdt_appendprop_u64(fdt, node, "unimon,heap", heap[1]) ?:
	      fdt_setprop_u32(fdt, node, "unimon,tsc-khz", vm->tsc_khz) ?:
	      fdt_setprop_string(fdt, node, "unimon,mode", arch__mode);
	if (!err && stdout_path[0])
		err = fdt_setprop_string(fdt, node, "stdout-path", stdout_path);
	for (i = 0; i < vm->opts->guest_argc && !err; i++)
		err = fdt_appendprop_string(fdt, node, "unimon,args",
					    vm->opts->guest_argv[i]);
	return err;
}

int bootinfo__build_fdt(void *fdt, size_t size, struct vm *vm,
			const uint64_t heap[2])
{
	char stdout_path[96] = "";
	int mem, err;

	err = fdt_create_empty_tree(fdt, size) ?:
	      fdt_setprop_string(fdt, 0, "compatible", "unimon,vm") ?:
	      fdt_setprop_u32(fdt, 0, "#address-cells", 2) ?:
	      fdt_setprop_u32(fdt, 0, "#size-cells", 2) ?:
	      fdt_setprop_u32(fdt, 0, "unimon,abi-version", UNIMON_ABI_VERSION);
	if (err)
		goto fail;
	mem = fdt_add_subnode(fdt, 0, "memory@0");
	if (mem < 0) {
		err = mem;
		goto fail;
	}
	err = fdt_setprop_string(fdt, mem, "device_type", "memory") ?:
	      fdt_setprop_u64(fdt, mem, "reg", 0) ?:
	      fdt_appendprop_u64(fdt, mem, "reg", vm->mem.size) ?:
	      add_devices(fdt, stdout_path, sizeof(stdout_path)) ?:
	      add_chosen(fdt, vm, heap, stdout_path) ?:
	      fdt_pack(fdt);
	if (!err)
		return 0;
fail:
	if (err == -FDT_ERR_NOSPACE)
		return err__set("boot information larger than "
				"CONFIG_BOOTINFO_SIZE (0x%x): too many or too long "
				"guest arguments", CONFIG_BOOTINFO_SIZE);
	return err__set("building the device tree: %s", fdt_strerror(err));
}

/*
 * libfdt zeroes the whole buffer it is given: start with 4 KiB of guest
 * RAM (most trees are under 1 KiB) and grow only when it is too small, so
 * start-up does not touch all of CONFIG_BOOTINFO_SIZE.
 */
int bootinfo__build(struct vm *vm, const uint64_t heap[2])
{
	size_t size = CONFIG_BOOTINFO_SIZE < 4096 ? CONFIG_BOOTINFO_SIZE : 4096;
	int err;

	for (;;) {
		err = bootinfo__build_fdt(vm->mem.base + CONFIG_BOOTINFO_ADDR,
					  size, vm, heap);
		if (!err || size == CONFIG_BOOTINFO_SIZE)
			return err;
		size = size * 4 < CONFIG_BOOTINFO_SIZE ? size * 4 :
							  CONFIG_BOOTINFO_SIZE;
	}
}
