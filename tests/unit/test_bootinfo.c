// SPDX-License-Identifier: MIT
/*
 * The boot information: build the device tree for a fake VM, then read it
 * back with libfdt and check every node and property the guest relies on
 * (docs/ABI.md). Device nodes are checked for the devices this
 * configuration builds in, and their absence for the others.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "arch/arch.h"
#include "boot/bootinfo.h"
#include "boot/loader.h"
#include "core/error.h"
#include "core/layout.h"
#include "core/vm.h"
#include "monitor/layout.h"
#include "unimon/abi.h"
#include "unit.h"

#define PAGE_UP(x) (((x) + 0xfffull) & ~0xfffull)
#define TSC_KHZ 2893204u

static uint8_t fdt[CONFIG_BOOTINFO_SIZE] __attribute__((aligned(8)));
static struct vm vm;
static struct options opts;
static struct load_info li;

static char *args[] = { "guest.elf", "--verbose", "", "two words",
			"caf\xc3\xa9", "last" };

/* The heap the unimon personality publishes for li (no queues here). */
static const uint64_t *heap(void)
{
	static uint64_t h[2];

	layout__free_ram(li.end, &h[0], &h[1]);
	return h;
}

static int build(int argc, char **argv)
{
	opts.guest_argc = argc;
	opts.guest_argv = argv;
	memset(fdt, 0, sizeof(fdt));
	err__set("(no message)");
	return bootinfo__build_fdt(fdt, sizeof(fdt), &vm, heap());
}

static int node(const char *path)
{
	return fdt_path_offset(fdt, path);
}

/* Property `name` of node `path` is the string `want` (NUL included). */
static int prop_str(const char *path, const char *name, const char *want)
{
	int len;
	const char *p = fdt_getprop(fdt, node(path), name, &len);

	if (!p || len != (int)strlen(want) + 1 || memcmp(p, want, len)) {
		printf("  %s %s: %.*s (want %s)\n", path, name, p ? len : 6,
		       p ? p : "absent", want);
		return 0;
	}
	return 1;
}

/* Property is exactly the big-endian u32 cells given. */
static int prop_u32s(const char *path, const char *name, unsigned int n,
		     const uint32_t *want)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node(path), name, &len);
	unsigned int i;

	if (!p || len != (int)(n * 4)) {
		printf("  %s %s: length %d (want %u)\n", path, name, len, n * 4);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (fdt32_to_cpu(p[i]) != want[i]) {
			printf("  %s %s[%u]: 0x%x (want 0x%x)\n", path, name, i,
			       fdt32_to_cpu(p[i]), want[i]);
			return 0;
		}
	return 1;
}

static int prop_u32(const char *path, const char *name, uint32_t want)
{
	return prop_u32s(path, name, 1, &want);
}

static int prop_u32x2(const char *path, const char *name, uint32_t a, uint32_t b)
{
	const uint32_t w[2] = { a, b };

	return prop_u32s(path, name, 2, w);
}

static int subnodes(const char *path)
{
	int n = 0, child;

	fdt_for_each_subnode(child, fdt, node(path))
		n++;
	return n;
}

/* The root, the memory node, the header. */
static void test_root(void)
{
	const uint8_t *reg;
	int len;
	uint64_t a, b;

	CHECK(build(2, args) == 0);
	CHECK(fdt_check_header(fdt) == 0);
	CHECK(fdt_totalsize(fdt) <= CONFIG_BOOTINFO_SIZE);
	CHECK(fdt_totalsize(fdt) < 4096); /* packed, not the whole buffer */
	CHECK(node("/") == 0);
	CHECK(prop_str("/", "compatible", "unimon,vm"));
	CHECK(prop_u32("/", "#address-cells", 2));
	CHECK(prop_u32("/", "#size-cells", 2));
	CHECK(prop_u32("/", "unimon,abi-version", UNIMON_ABI_VERSION));

	CHECK(node("/memory@0") > 0);
	CHECK(prop_str("/memory@0", "device_type", "memory"));
	reg = fdt_getprop(fdt, node("/memory@0"), "reg", &len);
	CHECK(reg && len == 16);
	if (reg && len == 16) {
		memcpy(&a, reg, 8);
		memcpy(&b, reg + 8, 8);
		CHECK(fdt64_to_cpu(a) == 0);
		CHECK(fdt64_to_cpu(b) == vm.mem.size);
		/* Big-endian byte order, spelled out. */
		CHECK(reg[15] == (uint8_t)vm.mem.size);
		CHECK(reg[12] == (uint8_t)(vm.mem.size >> 24));
		CHECK(reg[8] == (uint8_t)(vm.mem.size >> 56));
	}
	/* The memory node reports vm->mem.size, whatever it is. */
	vm.mem.size = 0x123456789000ull;
	CHECK(build(1, args) == 0);
	reg = fdt_getprop(fdt, node("/memory@0"), "reg", &len);
	CHECK(reg && len == 16);
	if (reg && len == 16) {
		memcpy(&b, reg + 8, 8);
		CHECK(fdt64_to_cpu(b) == 0x123456789000ull);
	}
	vm.mem.size = RAM_SIZE_CONFIG;
}

/* /chosen: arguments, TSC, mode, stdout. */
static void test_chosen(void)
{
	const int argc = sizeof(args) / sizeof(args[0]);
	int i, len;
	const char *s;

	CHECK(build(argc, args) == 0);
	CHECK(node("/chosen") > 0);
	CHECK(fdt_stringlist_count(fdt, node("/chosen"), "unimon,args") == argc);
	for (i = 0; i < argc; i++) {
		s = fdt_stringlist_get(fdt, node("/chosen"), "unimon,args", i, &len);
		CHECK(s && len == (int)strlen(args[i]) && !strcmp(s, args[i]));
	}
	/* The empty argument is kept as an empty string, not dropped. */
	s = fdt_stringlist_get(fdt, node("/chosen"), "unimon,args", 2, &len);
	CHECK(s && len == 0);
	CHECK(fdt_stringlist_search(fdt, node("/chosen"), "unimon,args", "last") ==
	      argc - 1);
	/* Total length: each argument and its NUL. */
	fdt_getprop(fdt, node("/chosen"), "unimon,args", &len);
	CHECK(len == 10 + 10 + 1 + 10 + 6 + 5);

	CHECK(prop_u32("/chosen", "unimon,tsc-khz", TSC_KHZ));
	CHECK(prop_str("/chosen", "unimon,mode", arch__mode));
#if defined(CONFIG_ENTRY_LONG) && defined(CONFIG_GUEST_CPL3)
	CHECK(prop_str("/chosen", "unimon,mode", "long-cpl3"));
#elif defined(CONFIG_ENTRY_LONG)
	CHECK(prop_str("/chosen", "unimon,mode", "long-cpl0"));
#else
	CHECK(prop_str("/chosen", "unimon,mode", "real"));
#endif

	/* The highest-ranked console: console hypercall > serial > debugcon. */
#if defined(CONFIG_HC_CONSOLE)
	CHECK(prop_str("/chosen", "stdout-path", "/hypercall/console@2"));
#elif defined(CONFIG_SERIAL_16550)
	CHECK(prop_str("/chosen", "stdout-path", "/ioport/serial@3f8"));
#elif defined(CONFIG_DEBUGCON)
	{
		char p[32];

		snprintf(p, sizeof(p), "/ioport/debugcon@%x", CONFIG_DEBUGCON_PORT);
		CHECK(prop_str("/chosen", "stdout-path", p));
	}
#else
	CHECK(fdt_getprop(fdt, node("/chosen"), "stdout-path", &len) == NULL);
#endif
	/* Whatever it is, it names a node of the tree. */
	s = fdt_getprop(fdt, node("/chosen"), "stdout-path", &len);
	if (s)
		CHECK(node(s) > 0);

	/* Unknown TSC frequency is passed as 0; no arguments: no property. */
	vm.tsc_khz = 0;
	CHECK(build(0, args) == 0);
	CHECK(prop_u32("/chosen", "unimon,tsc-khz", 0));
	CHECK(fdt_getprop(fdt, node("/chosen"), "unimon,args", &len) == NULL);
	CHECK(len == -FDT_ERR_NOTFOUND);
	vm.tsc_khz = TSC_KHZ;
	/* A single empty argument: one empty string. */
	{
		char *empty[] = { "" };

		CHECK(build(1, empty) == 0);
		CHECK(fdt_stringlist_count(fdt, node("/chosen"), "unimon,args") == 1);
		fdt_getprop(fdt, node("/chosen"), "unimon,args", &len);
		CHECK(len == 1);
	}
}

/* [start, end) is inside RAM, page-aligned, off every layout region. */
static int heap_ok(uint64_t start, uint64_t end, uint64_t img_end)
{
	struct region r[LAYOUT_MAX_REGIONS];
	unsigned int n = layout__regions(r), i;
	int ok = start <= end && end <= RAM_SIZE_CONFIG && !(start & 0xfff) &&
		 (start >= PAGE_UP(img_end) || start == end);

	for (i = 0; i < n && start < end; i++)
		if (start < r[i].start + r[i].size && r[i].start < end) {
			printf("  heap 0x%llx-0x%llx overlaps %s\n",
			       (unsigned long long)start,
			       (unsigned long long)end, r[i].option);
			ok = 0;
		}
	/* It stops only at RAM's end or at a region. */
	if (end != RAM_SIZE_CONFIG) {
		int at_region = 0;

		for (i = 0; i < n; i++)
			at_region |= r[i].start == end;
		ok &= at_region;
	}
	if (!ok)
		printf("  bad heap 0x%llx-0x%llx for image end 0x%llx\n",
		       (unsigned long long)start, (unsigned long long)end,
		       (unsigned long long)img_end);
	return ok;
}

/* /chosen/unimon,heap and layout__free_ram. */
static void test_heap(void)
{
	const uint8_t *p;
	uint64_t s, e, v[2];
	int len;
	unsigned int i;
	const uint64_t ends[] = {
		0, 1, 0x1000, 0x8000, 0x8001, CONFIG_BOOTINFO_ADDR,
		CONFIG_STACK_TOP - 1, CONFIG_STACK_TOP, CONFIG_STACK_TOP + 1,
		RAM_SIZE_CONFIG / 2 + 0x123, RAM_SIZE_CONFIG - 0x1000, RAM_SIZE_CONFIG - 1, RAM_SIZE_CONFIG,
	};

	CHECK(build(1, args) == 0);
	p = fdt_getprop(fdt, node("/chosen"), "unimon,heap", &len);
	CHECK(p && len == 16);
	if (p && len == 16) {
		memcpy(v, p, 16);
		s = fdt64_to_cpu(v[0]);
		e = fdt64_to_cpu(v[1]);
		CHECK(s >= PAGE_UP(li.end));
		CHECK(s == PAGE_UP(li.end)); /* nothing sits right above it */
		CHECK(e <= RAM_SIZE_CONFIG);
		CHECK(s < e);
		CHECK(heap_ok(s, e, li.end));
#ifdef CONFIG_ENTRY_LONG
		/* Above every region: the heap runs to the end of RAM. */
		if (CONFIG_LOAD_ADDR >= CONFIG_STACK_TOP &&
		    CONFIG_LOAD_ADDR >= CONFIG_BOOTINFO_ADDR + CONFIG_BOOTINFO_SIZE &&
		    CONFIG_LOAD_ADDR >= CONFIG_PAGETABLE_ADDR + CONFIG_PAGETABLE_SIZE)
			CHECK(e == RAM_SIZE_CONFIG);
#endif
	}
	/* Same answer from layout__free_ram. */
	layout__free_ram(li.end, &s, &e);
	CHECK(p && len == 16 && s == fdt64_to_cpu(v[0]) && e == fdt64_to_cpu(v[1]));

	/* Images ending anywhere: inside regions, at RAM's end, at 0. */
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		struct load_info l = { .end = ends[i] };

		layout__free_ram(l.end, &s, &e);
		CHECK(heap_ok(s, e, ends[i]));
	}
	/* An image reaching RAM's end leaves an empty heap there. */
	{
		struct load_info l = { .end = RAM_SIZE_CONFIG };

		layout__free_ram(l.end, &s, &e);
		CHECK(s == RAM_SIZE_CONFIG && e == RAM_SIZE_CONFIG);
	}
#ifdef CONFIG_ENTRY_LONG
	/* An image ending in the null page: the heap starts past ring 0. */
	if (CONFIG_RING0_ADDR == 0x1000) {
		struct load_info l = { .end = 0x10 };

		layout__free_ram(l.end, &s, &e);
		CHECK(s == 0x1000 + 0x7000);
	}
#endif
}

/* One node per compiled-in device, with its reg and compatible. */
static void test_devices(void)
{
	int nio = 0, nhc = 0, nown = 0;
	char p[64];

	CHECK(build(1, args) == 0);
#ifdef CONFIG_DEBUGCON
	snprintf(p, sizeof(p), "/ioport/debugcon@%x", CONFIG_DEBUGCON_PORT);
	CHECK(prop_u32x2(p, "reg", CONFIG_DEBUGCON_PORT, 1));
	CHECK(prop_str(p, "compatible", "unimon,debugcon"));
	if (CONFIG_DEBUGCON_PORT == 0xe9)
		CHECK(prop_u32x2("/ioport/debugcon@e9", "reg", 0xe9, 1));
	nio++;
#else
	CHECK(node("/ioport/debugcon@e9") < 0);
#endif
#ifdef CONFIG_SERIAL_16550
	CHECK(prop_u32x2("/ioport/serial@3f8", "reg", 0x3f8, 8));
	CHECK(prop_str("/ioport/serial@3f8", "compatible", "ns16550a"));
	CHECK(prop_u32("/ioport/serial@3f8", "clock-frequency", 1843200));
	nio++;
#else
	CHECK(node("/ioport/serial@3f8") < 0);
#endif
#ifdef CONFIG_EXIT_PORT
	snprintf(p, sizeof(p), "/ioport/exit@%x", CONFIG_EXIT_PORT_NUM);
	CHECK(prop_u32x2(p, "reg", CONFIG_EXIT_PORT_NUM, 1));
	CHECK(prop_str(p, "compatible", "unimon,exit-port"));
	if (CONFIG_EXIT_PORT_NUM == 0xf4)
		CHECK(node("/ioport/exit@f4") > 0);
	nio++;
#else
	CHECK(node("/ioport/exit@f4") < 0);
#endif

#ifdef CONFIG_HC_CONSOLE
	CHECK(prop_u32("/hypercall/console@2", "reg", UNIMON_HC_CONSOLE_WRITE));
	CHECK(prop_str("/hypercall/console@2", "compatible", "unimon,hypercall"));
#else
	CHECK(node("/hypercall/console@2") < 0);
#endif
#ifdef CONFIG_HC_CLOCK
	CHECK(prop_u32("/hypercall/clock@3", "reg", UNIMON_HC_CLOCK));
	CHECK(prop_str("/hypercall/clock@3", "compatible", "unimon,hypercall"));
#else
	CHECK(node("/hypercall/clock@3") < 0);
#endif
#ifdef CONFIG_HC_EXIT
	CHECK(prop_u32("/hypercall/exit@1", "reg", UNIMON_HC_EXIT));
	CHECK(prop_str("/hypercall/exit@1", "compatible", "unimon,hypercall"));
#else
	CHECK(node("/hypercall/exit@1") < 0);
#endif
#ifdef CONFIG_HC_NOOP
	CHECK(prop_u32("/hypercall/noop@0", "reg", UNIMON_HC_NOOP));
	CHECK(prop_str("/hypercall/noop@0", "compatible", "unimon,hypercall"));
#else
	CHECK(node("/hypercall/noop@0") < 0);
#endif

	/*
	 * Every registered hypercall, of any device, has its node; devices
	 * with nodes of their own (/block, /net) add root children.
	 */
	for_each_device(d) {
		for_each_hc(*d, h) {
			snprintf(p, sizeof(p), "/hypercall/%s@%x", h->node, h->nr);
			CHECK(prop_u32(p, "reg", h->nr));
			nhc++;
		}
		nown += (*d)->fdt_nodes != NULL;
	}

	/* The buses exist when a device of theirs is built in (docs/ABI.md). */
	if (nio) {
		CHECK(prop_u32("/ioport", "#address-cells", 1));
		CHECK(prop_u32("/ioport", "#size-cells", 1));
		CHECK(subnodes("/ioport") == nio); /* nothing else under it */
	} else {
		CHECK(node("/ioport") == -FDT_ERR_NOTFOUND);
	}
	if (nhc) {
		CHECK(prop_u32("/hypercall", "#address-cells", 1));
		CHECK(prop_u32("/hypercall", "#size-cells", 0));
		CHECK(prop_str("/hypercall", "compatible", "unimon,hypercall"));
		CHECK(prop_u32("/hypercall", "unimon,port-base", UNIMON_HC_PORT_BASE));
		CHECK(subnodes("/hypercall") == nhc);
	} else {
		CHECK(node("/hypercall") == -FDT_ERR_NOTFOUND);
	}
	/* Root children: memory, chosen, the buses in use, devices' own. */
	CHECK(subnodes("/") >= 2 + !!nio + !!nhc);
	CHECK(subnodes("/") <= 2 + !!nio + !!nhc + nown);
	CHECK(node("/memory@0") > 0 && node("/chosen") > 0);
}

/* Arguments that do not fit: -1, naming CONFIG_BOOTINFO_SIZE. */
static void test_too_big(void)
{
	const int n = CONFIG_BOOTINFO_SIZE / 40; /* n * 61 bytes: 1.5 times too many */
	char **many = calloc(n, sizeof(*many));
	char *arg = malloc(CONFIG_BOOTINFO_SIZE + 1);
	char *one[2] = { "guest", arg };
	int i;

	CHECK(many && arg);
	if (!many || !arg)
		return;
	memset(arg, 'x', CONFIG_BOOTINFO_SIZE);
	arg[CONFIG_BOOTINFO_SIZE] = 0;
	arg[60] = 0; /* many * 61 bytes > CONFIG_BOOTINFO_SIZE */
	for (i = 0; i < n; i++)
		many[i] = arg;
	CHECK(build(n, many) == -1);
	CHECK(strstr(err__msg(), "CONFIG_BOOTINFO_SIZE") != NULL);
	CHECK(strstr(err__msg(), "guest arguments") != NULL);
	/* Half as many fit. */
	CHECK(build(n / 2, many) == 0);
	CHECK(fdt_stringlist_count(fdt, node("/chosen"), "unimon,args") == n / 2);
	/* One argument as large as the whole area. */
	arg[60] = 'x';
	CHECK(build(2, one) == -1);
	CHECK(strstr(err__msg(), "CONFIG_BOOTINFO_SIZE") != NULL);
	/* A buffer too small for even the header. */
	opts.guest_argc = 0;
	CHECK(bootinfo__build_fdt(fdt, 16, &vm, heap()) == -1);
	CHECK(strstr(err__msg(), "CONFIG_BOOTINFO_SIZE") != NULL);
	free(many);
	free(arg);
}

/* bootinfo__build writes the tree at CONFIG_BOOTINFO_ADDR, nowhere else. */
static void test_in_guest_memory(void)
{
	struct vm g = { .tsc_khz = TSC_KHZ, .opts = &opts };
	uint8_t *t;
	uint64_t i;
	int dirty = 0;

	CHECK(gmem__init(&g.mem, RAM_SIZE_CONFIG) == 0);
	opts.guest_argc = 2;
	opts.guest_argv = args;
	CHECK(bootinfo__build(&g, heap()) == 0);
	t = g.mem.base + CONFIG_BOOTINFO_ADDR;
	CHECK(fdt_check_header(t) == 0);
	CHECK(fdt_totalsize(t) <= CONFIG_BOOTINFO_SIZE);
	CHECK(fdt_stringlist_count(t, fdt_path_offset(t, "/chosen"),
				   "unimon,args") == 2);
	for (i = 0; i < 0x10000 && i < CONFIG_BOOTINFO_ADDR; i++)
		dirty |= g.mem.base[CONFIG_BOOTINFO_ADDR - 1 - i];
	for (i = 0; i < 0x10000 &&
		    CONFIG_BOOTINFO_ADDR + CONFIG_BOOTINFO_SIZE + i < RAM_SIZE_CONFIG; i++)
		dirty |= g.mem.base[CONFIG_BOOTINFO_ADDR + CONFIG_BOOTINFO_SIZE + i];
	CHECK(!dirty);
	gmem__exit(&g.mem);
}

int main(void)
{
	CHECK(monitor__layout(RAM_SIZE_CONFIG) == 0);
	vm.mem.size = RAM_SIZE_CONFIG;
	vm.tsc_khz = TSC_KHZ;
	vm.opts = &opts;
	/* An image of 0x12345 bytes at the flat load address. */
	li.entry = arch__flat_load_addr();
	li.end = arch__flat_load_addr() + 0x12345;
	li.seg[0] = (struct load_seg){ li.entry, 0x12345, LOAD_R | LOAD_X };
	li.nseg = 1;

	test_root();
	test_chosen();
	test_heap();
	test_devices();
	test_too_big();
	test_in_guest_memory();
	return unit_done("test_bootinfo");
}
