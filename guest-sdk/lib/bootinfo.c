// SPDX-License-Identifier: MIT
/*
 * Boot information: the device tree the monitor passes in RDI. This is
 * the only file that knows its layout (README.md describes it). It reads
 * everything start-up needs in a single walk, which also validates the
 * tree; if that succeeds, it configures the hypercall port, console, exit
 * path, clock and heap and keeps the plain facts for the accessors below.
 *
 * One walk rather than lookups by path because each lookup walks much
 * of the tree again, and at CPL0 every guest instruction is emulated.
 */
#include <stdio.h>
#include <string.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>
#include "internal.h"

#define NO_PORT (-1)

static struct {
	const void *fdt;
	uint64_t ram_size;
	uint32_t tsc_khz;
	const char *mode;
	const char *args; /* /chosen/unimon,args, checked string list */
	int args_len;
} boot = { .mode = "unknown" };

const void *unimon_fdt(void)
{
	return boot.fdt;
}

uint64_t unimon_ram_size(void)
{
	return boot.ram_size;
}

uint32_t unimon_tsc_khz(void)
{
	return boot.tsc_khz;
}

const char *unimon_mode(void)
{
	return boot.mode;
}

const char *unimon_bootinfo__args(int *len)
{
	*len = boot.args_len;
	return boot.args;
}

/* The root's children that matter, and the devices below them. */
enum section { SEC_OTHER, SEC_CHOSEN, SEC_MEMORY, SEC_HYPERCALL, SEC_IOPORT,
	       SEC_CONSOLE };
enum { DEV_HC_CONSOLE, DEV_SERIAL, DEV_DEBUGCON, DEV_EXIT_PORT, NR_DEVS };

/* Port devices by "compatible"; the hypercall console goes by name. */
static const char *const dev_compatible[NR_DEVS] = {
	[DEV_SERIAL] = "ns16550a",
	[DEV_DEBUGCON] = "unimon,debugcon",
	[DEV_EXIT_PORT] = "unimon,exit-port",
};

struct device {
	const char *bus;  /* name of its parent, NULL if absent */
	const char *name; /* its own name */
	int port;	  /* port devices: the first reg address */
};

/* #address-cells and #size-cells, with the spec's defaults. */
struct cells {
	uint32_t addr;
	uint32_t size;
};

struct scan {
	/* Where the walk is. */
	enum section section;
	const char *section_node; /* name of the root's child we are in */
	struct cells root_cells, ioport_cells;
	struct device cur;	  /* the /ioport child being read */
	int cur_kind;		  /* its device kind, or NR_DEVS */

	/* What it found; used only if the whole walk succeeds. */
	struct device dev[NR_DEVS];
	bool hc_exit;
	uint32_t hc_port_base;
	const char *stdout_path;
	const void *console_queue; /* /console's unimon,queue (16 bytes) */
	const void *heap;
	uint32_t abi_version;
	uint64_t ram_size;
	uint32_t tsc_khz;
	const char *mode;
	const char *args;
	int args_len;
};

static bool is_prop(const struct unimon_fdt_item *it, const char *name)
{
	return !strcmp(it->name, name);
}

/* Node names may carry a unit address ("memory@0"). */
static inline bool is_node(const struct unimon_fdt_item *it, const char *name)
{
	return unimon_fdt_name_matches(it->name, name, __builtin_strlen(name));
}

/* A property's value as one NUL-terminated string, or NULL. */
static const char *prop_string(const struct unimon_fdt_item *it)
{
	const char *s = it->value;

	return it->len > 0 && s[it->len - 1] == '\0' ? s : NULL;
}

/* Read a one-cell property into *val if it is one. */
static void prop_u32(const struct unimon_fdt_item *it, uint32_t *val)
{
	if (it->len == 4)
		*val = unimon_fdt_be32(it->value);
}

static void read_cells(const struct unimon_fdt_item *it, struct cells *c)
{
	if (is_prop(it, "#address-cells"))
		prop_u32(it, &c->addr);
	else if (is_prop(it, "#size-cells"))
		prop_u32(it, &c->size);
}

static bool cells_ok(const struct cells *c)
{
	return c->addr >= 1 && c->addr <= 2 && c->size <= 2;
}

static void chosen_prop(struct scan *s, const struct unimon_fdt_item *it)
{
	if (is_prop(it, "stdout-path")) {
		s->stdout_path = prop_string(it);
	} else if (is_prop(it, "unimon,args")) {
		/* Only a list whose last string ends inside the value. */
		if (prop_string(it)) {
			s->args = it->value;
			s->args_len = it->len;
		}
	} else if (is_prop(it, "unimon,heap")) {
		if (it->len == 16)
			s->heap = it->value;
	} else if (is_prop(it, "unimon,tsc-khz")) {
		prop_u32(it, &s->tsc_khz);
	} else if (is_prop(it, "unimon,mode")) {
		if (prop_string(it))
			s->mode = it->value;
	}
}

/* Sum the sizes of the memory node's reg entries. */
static void memory_prop(struct scan *s, const struct unimon_fdt_item *it)
{
	const struct cells *c = &s->root_cells;
	const uint8_t *reg = it->value;
	int entry = 4 * (c->addr + c->size), i;

	if (!is_prop(it, "reg") || !cells_ok(c))
		return;
	for (i = 0; i + entry <= it->len; i += entry)
		s->ram_size += unimon_fdt_cells(reg + i + 4 * c->addr,
						  c->size);
}

static void ioport_dev_prop(struct scan *s, const struct unimon_fdt_item *it)
{
	const struct cells *c = &s->ioport_cells;
	uint64_t port;
	int kind;

	if (is_prop(it, "compatible")) {
		for (kind = 0; kind < NR_DEVS; kind++) {
			if (dev_compatible[kind] &&
			    unimon_fdt_stringlist_contains(it->value, it->len,
							   dev_compatible[kind]))
				break;
		}
		s->cur_kind = kind;
	} else if (is_prop(it, "reg") && cells_ok(c) &&
		   it->len >= (int)(4 * c->addr)) {
		port = unimon_fdt_cells(it->value, c->addr);
		s->cur.port = port <= 0xffff ? (int)port : NO_PORT;
	}
}

static void begin_node(struct scan *s, const struct unimon_fdt_item *it)
{
	if (it->depth == 2) {
		s->section_node = it->name;
		if (is_node(it, "chosen"))
			s->section = SEC_CHOSEN;
		else if (is_node(it, "memory"))
			s->section = SEC_MEMORY;
		else if (is_node(it, "hypercall"))
			s->section = SEC_HYPERCALL;
		else if (is_node(it, "ioport"))
			s->section = SEC_IOPORT;
		else if (!strcmp(it->name, "console"))
			s->section = SEC_CONSOLE;
		else
			s->section = SEC_OTHER;
	} else if (it->depth == 3 && s->section == SEC_HYPERCALL) {
		if (is_node(it, "console") && !s->dev[DEV_HC_CONSOLE].bus)
			s->dev[DEV_HC_CONSOLE] =
				(struct device){ s->section_node, it->name, 0 };
		else if (is_node(it, "exit"))
			s->hc_exit = true;
	} else if (it->depth == 3 && s->section == SEC_IOPORT) {
		s->cur = (struct device){ s->section_node, it->name, NO_PORT };
		s->cur_kind = NR_DEVS;
	}
}

/* Leaving an /ioport child: keep it if it is the first of its kind. */
static void end_node(struct scan *s, const struct unimon_fdt_item *it)
{
	if (it->depth == 3 && s->section == SEC_IOPORT &&
	    s->cur_kind < NR_DEVS && s->cur.port != NO_PORT &&
	    !s->dev[s->cur_kind].bus)
		s->dev[s->cur_kind] = s->cur;
}

static void property(struct scan *s, const struct unimon_fdt_item *it)
{
	if (it->depth == 1) {
		read_cells(it, &s->root_cells);
		if (is_prop(it, "unimon,abi-version"))
			prop_u32(it, &s->abi_version);
		return;
	}
	if (it->depth == 2) {
		switch (s->section) {
		case SEC_CHOSEN:
			chosen_prop(s, it);
			break;
		case SEC_MEMORY:
			memory_prop(s, it);
			break;
		case SEC_HYPERCALL:
			if (is_prop(it, "unimon,port-base"))
				prop_u32(it, &s->hc_port_base);
			break;
		case SEC_IOPORT:
			read_cells(it, &s->ioport_cells);
			break;
		case SEC_CONSOLE:
			if (is_prop(it, "unimon,queue") && it->len == 16)
				s->console_queue = it->value;
			break;
		case SEC_OTHER:
			break;
		}
	} else if (it->depth == 3 && s->section == SEC_IOPORT) {
		ioport_dev_prop(s, it);
	}
}

static int visit(const struct unimon_fdt_item *it, void *ctx)
{
	switch (it->event) {
	case UNIMON_FDT_BEGIN_NODE:
		begin_node(ctx, it);
		break;
	case UNIMON_FDT_PROPERTY:
		property(ctx, it);
		break;
	case UNIMON_FDT_END_NODE:
		end_node(ctx, it);
		break;
	}
	return 0;
}

/* Is path ("/bus/name", maybe with ":options") the path of dev? */
static bool is_path_of(const char *path, const struct device *dev)
{
	const char *bus = path + 1, *name, *end;

	if (!dev->bus || path[0] != '/')
		return false;
	name = strchr(bus, '/');
	if (!name++)
		return false;
	for (end = name; *end && *end != ':' && *end != '/'; end++)
		;
	return *end != '/' &&
	       unimon_fdt_name_matches(dev->bus, bus, name - 1 - bus) &&
	       unimon_fdt_name_matches(dev->name, name, end - name);
}

/*
 * The console is the device /chosen/stdout-path names; failing that, the
 * first present of the hypercall console, the UART and the debug console.
 */
static void console_init(const struct scan *s)
{
	static const enum unimon_console_kind kind[] = {
		[DEV_HC_CONSOLE] = UNIMON_CONSOLE_HYPERCALL,
		[DEV_SERIAL] = UNIMON_CONSOLE_SERIAL,
		[DEV_DEBUGCON] = UNIMON_CONSOLE_DEBUGCON,
	};
	struct unimon_queue q;
	int i, pick = -1;

	/* The queue console, when stdout-path names it or nothing does. */
	if (s->console_queue &&
	    (!s->stdout_path || !strcmp(s->stdout_path, "/console")) &&
	    unimon_queue__init(&q, s->console_queue, 16, -1)) {
		unimon_console__setup_queue(&q);
		return;
	}
	for (i = DEV_HC_CONSOLE; i <= DEV_DEBUGCON && s->stdout_path; i++) {
		if (is_path_of(s->stdout_path, &s->dev[i]))
			pick = i;
	}
	for (i = DEV_HC_CONSOLE; i <= DEV_DEBUGCON && pick < 0; i++) {
		if (s->dev[i].bus)
			pick = i;
	}
	if (pick < 0)
		unimon_console__setup(UNIMON_CONSOLE_NONE, 0);
	else
		unimon_console__setup(kind[pick], s->dev[pick].port);
}

int unimon_bootinfo__init(const void *fdt)
{
	struct scan s = {
		.root_cells = { 2, 1 },
		.ioport_cells = { 2, 1 },
		.hc_port_base = UNIMON_HC_PORT_BASE,
		.abi_version = UNIMON_ABI_VERSION,
	};
	int err;

	/* The walk validates the whole tree as unimon_fdt_check() would. */
	err = unimon_fdt_walk(fdt, visit, &s);
	if (err)
		return err;
	boot.fdt = fdt;
	boot.ram_size = s.ram_size;
	boot.tsc_khz = s.tsc_khz;
	if (s.mode)
		boot.mode = s.mode;
	boot.args = s.args;
	boot.args_len = s.args_len;

	if (s.hc_port_base <= 0x10000 - UNIMON_HC_MAX)
		unimon_hypercall__setup(s.hc_port_base);
	console_init(&s);
	unimon_exit__setup(s.hc_exit, s.dev[DEV_EXIT_PORT].bus ?
					      s.dev[DEV_EXIT_PORT].port :
					      NO_PORT);
	if (s.heap)
		unimon_heap__init(unimon_fdt_cells(s.heap, 2),
				  unimon_fdt_cells((const char *)s.heap + 8, 2));
	unimon_time__init(boot.tsc_khz);

	if (s.abi_version != UNIMON_ABI_VERSION)
		printf("unimon: warning: monitor ABI %u, guest built for %u\n",
		       s.abi_version, UNIMON_ABI_VERSION);
	return 0;
}
