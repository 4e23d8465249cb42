// SPDX-License-Identifier: MIT
/*
 * The guest SDK's device tree reader (guest-sdk/lib/fdt.c), compiled for
 * the host. Blobs are built with libfdt, which also serves as the oracle:
 * every node and property libfdt sees must read back the same. Broken
 * headers and structure blocks must give errors, and randomly corrupted
 * blobs must never make the reader touch memory outside them (run under
 * AddressSanitizer to catch that).
 *
 * tests/unit/test_sdk_fdt.sh [OUTDIR] builds and runs it; by hand, from the
 * top of the repository:
 *
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror \
 *       -fsanitize=address,undefined -fno-sanitize-recover=all \
 *       -Iguest-sdk/include -Iinclude -Itests/unit \
 *       -o build/tests/test_sdk_fdt \
 *       tests/unit/test_sdk_fdt.c guest-sdk/lib/fdt.c -lfdt
 *   build/tests/test_sdk_fdt
 *
 * fdt.c is freestanding C whose names all start with unimon_fdt_, so it
 * links next to the host's libc and libfdt without clashes.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/fdt.h>
#include "unit.h"

#define BLOB_SIZE 4096

static char blob[BLOB_SIZE] __attribute__((aligned(8)));

/* The tree the monitor hands over (README.md), with a few extras. */
static void build_tree(void *fdt)
{
	static const char args[] = "guest.elf\0a b\0\0last";
	static const char compat[] = "vendor,other\0ns16550a";
	int root, chosen, mem, ioport, hc, node;

	CHECK(fdt_create_empty_tree(fdt, BLOB_SIZE) == 0);
	root = 0;
	fdt_setprop_string(fdt, root, "compatible", "unimon,vm");
	fdt_setprop_u32(fdt, root, "#address-cells", 2);
	fdt_setprop_u32(fdt, root, "#size-cells", 2);
	fdt_setprop_u32(fdt, root, "unimon,abi-version", 1);

	mem = fdt_add_subnode(fdt, root, "memory@0");
	fdt_setprop_string(fdt, mem, "device_type", "memory");
	fdt_setprop_u64(fdt, mem, "reg", 0);
	fdt_appendprop_u64(fdt, mem, "reg", 64 << 20);

	chosen = fdt_add_subnode(fdt, root, "chosen");
	fdt_setprop_string(fdt, chosen, "stdout-path", "/ioport/serial@3f8");
	fdt_setprop(fdt, chosen, "unimon,args", args, sizeof(args));
	fdt_setprop_u64(fdt, chosen, "unimon,heap", 0x105000);
	fdt_appendprop_u64(fdt, chosen, "unimon,heap", 0x4000000);
	fdt_setprop_u32(fdt, chosen, "unimon,tsc-khz", 2893204);
	fdt_setprop_string(fdt, chosen, "unimon,mode", "long-cpl3");
	fdt_setprop(fdt, chosen, "empty", NULL, 0);

	ioport = fdt_add_subnode(fdt, root, "ioport");
	fdt_setprop_u32(fdt, ioport, "#address-cells", 1);
	fdt_setprop_u32(fdt, ioport, "#size-cells", 1);
	node = fdt_add_subnode(fdt, ioport, "debugcon@e9");
	fdt_setprop_string(fdt, node, "compatible", "unimon,debugcon");
	fdt_setprop_u32(fdt, node, "reg", 0xe9);
	fdt_appendprop_u32(fdt, node, "reg", 1);
	node = fdt_add_subnode(fdt, ioport, "serial@3f8");
	fdt_setprop(fdt, node, "compatible", compat, sizeof(compat));
	fdt_setprop_u32(fdt, node, "reg", 0x3f8);
	fdt_appendprop_u32(fdt, node, "reg", 8);
	fdt_setprop_u32(fdt, node, "clock-frequency", 1843200);

	hc = fdt_add_subnode(fdt, root, "hypercall");
	fdt_setprop_string(fdt, hc, "compatible", "unimon,hypercall");
	fdt_setprop_u32(fdt, hc, "#address-cells", 1);
	fdt_setprop_u32(fdt, hc, "#size-cells", 0);
	fdt_setprop_u32(fdt, hc, "unimon,port-base", 0x500);
	/* fdt_add_subnode() puts a new node first: this gives 0,1,2,3. */
	node = fdt_add_subnode(fdt, hc, "clock@3");
	fdt_setprop_u32(fdt, node, "reg", 3);
	node = fdt_add_subnode(fdt, hc, "console@2");
	fdt_setprop_u32(fdt, node, "reg", 2);
	node = fdt_add_subnode(fdt, hc, "exit@1");
	fdt_setprop_u32(fdt, node, "reg", 1);
	node = fdt_add_subnode(fdt, hc, "noop@0");
	fdt_setprop_u32(fdt, node, "reg", 0);

	/* A NOP inside a node, as fdt_nop_property() leaves them. */
	fdt_setprop_u32(fdt, chosen, "gone", 7);
	fdt_nop_property(fdt, chosen, "gone");
	CHECK(fdt_pack(fdt) == 0);
	CHECK(fdt_check_full(fdt, fdt_totalsize(fdt)) == 0);
}

/* Every node and property libfdt finds reads back the same. */
static void test_against_libfdt(const void *fdt)
{
	int node, depth = 0, mine_depth = 0, mine, prop, len, mlen, n = 0;
	const char *name;
	const void *val, *mval;

	mine = unimon_fdt_next_node(fdt, -1, &mine_depth);
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth), n++) {
		CHECK(mine == node);
		CHECK(mine_depth == depth);
		CHECK(!strcmp(unimon_fdt_get_name(fdt, node, &len),
			      fdt_get_name(fdt, node, NULL)));
		CHECK(unimon_fdt_parent_offset(fdt, node) ==
		      (node ? fdt_parent_offset(fdt, node) :
			      UNIMON_FDT_ENOTFOUND));

		fdt_for_each_property_offset(prop, fdt, node) {
			val = fdt_getprop_by_offset(fdt, prop, &name, &len);
			mval = unimon_fdt_getprop(fdt, node, name, &mlen);
			CHECK(mval == val && mlen == len);
		}
		mine = unimon_fdt_next_node(fdt, mine, &mine_depth);
	}
	CHECK(mine == UNIMON_FDT_ENOTFOUND);
	CHECK(n == 11);
}

static void test_paths(const void *fdt)
{
	int hc = fdt_path_offset(fdt, "/hypercall");

	CHECK(unimon_fdt_path_offset(fdt, "/") == 0);
	CHECK(unimon_fdt_path_offset(fdt, "/memory") ==
	      fdt_path_offset(fdt, "/memory@0"));
	CHECK(unimon_fdt_path_offset(fdt, "/memory@0") ==
	      fdt_path_offset(fdt, "/memory@0"));
	CHECK(unimon_fdt_path_offset(fdt, "/memory@1") ==
	      UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_path_offset(fdt, "/mem") == UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_path_offset(fdt, "/hypercall/console") ==
	      fdt_path_offset(fdt, "/hypercall/console@2"));
	CHECK(unimon_fdt_path_offset(fdt, "//hypercall//exit@1/") ==
	      fdt_path_offset(fdt, "/hypercall/exit@1"));
	CHECK(unimon_fdt_path_offset(fdt, "/hypercall/console/x") ==
	      UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_path_offset(fdt, "chosen") == UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_path_offset(fdt, "") == UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_path_offset(fdt, NULL) == UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_path_offset_n(fdt, "/ioport/serial@3f8:115200", 18) ==
	      fdt_path_offset(fdt, "/ioport/serial@3f8"));

	CHECK(unimon_fdt_subnode_offset(fdt, hc, "exit") ==
	      fdt_subnode_offset(fdt, hc, "exit@1"));
	CHECK(unimon_fdt_first_subnode(fdt, hc) ==
	      fdt_path_offset(fdt, "/hypercall/noop@0"));
	CHECK(unimon_fdt_next_subnode(fdt, unimon_fdt_first_subnode(fdt, hc)) ==
	      fdt_path_offset(fdt, "/hypercall/exit@1"));
	CHECK(unimon_fdt_next_subnode(
		      fdt, fdt_path_offset(fdt, "/hypercall/clock@3")) ==
	      UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_first_subnode(fdt, fdt_path_offset(fdt, "/chosen")) ==
	      UNIMON_FDT_ENOTFOUND);

	CHECK(unimon_fdt_name_matches("memory@0", "memory", 6));
	CHECK(unimon_fdt_name_matches("memory@0", "memory@0", 8));
	CHECK(!unimon_fdt_name_matches("memory@0", "memory@1", 8));
	CHECK(!unimon_fdt_name_matches("memory", "memory@0", 8));
	CHECK(!unimon_fdt_name_matches("memoryx", "memory", 6));

	/* Offsets that are not nodes. */
	CHECK(unimon_fdt_get_name(fdt, 1, &hc) == NULL);
	CHECK(hc == UNIMON_FDT_ETRUNCATED);
	CHECK(unimon_fdt_getprop(fdt, 8, "reg", NULL) == NULL);
	/* A failed lookup's error passes through the next one. */
	CHECK(unimon_fdt_first_subnode(fdt, -5) == -5);
	CHECK(unimon_fdt_next_subnode(fdt, UNIMON_FDT_ENOTFOUND) ==
	      UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_subnode_offset(fdt, -4, "chosen") == -4);
	CHECK(unimon_fdt_getprop(fdt, UNIMON_FDT_ENOTFOUND, "x", &hc) == NULL);
	CHECK(hc == UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_parent_offset(fdt, -6) == -6);
	CHECK(unimon_fdt_parent_offset(fdt, 4) == UNIMON_FDT_EBADOFFSET);
	CHECK(unimon_fdt_next_node(fdt, 1 << 20, NULL) ==
	      UNIMON_FDT_ETRUNCATED);
}

static void test_props(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	int serial = fdt_path_offset(fdt, "/ioport/serial@3f8");
	int ioport = fdt_path_offset(fdt, "/ioport");
	int len;
	uint32_t u32 = 0;
	uint64_t u64 = 0, addr, size;
	const char *s;

	CHECK(unimon_fdt_getprop_u32(fdt, chosen, "unimon,tsc-khz", &u32) ==
	      0);
	CHECK(u32 == 2893204);
	CHECK(unimon_fdt_getprop_u32(fdt, chosen, "unimon,heap", &u32) ==
	      UNIMON_FDT_EBADVALUE);
	CHECK(unimon_fdt_getprop_u32(fdt, chosen, "nope", &u32) ==
	      UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_getprop_u64(fdt, chosen, "unimon,heap", &u64) ==
	      UNIMON_FDT_EBADVALUE);
	CHECK(unimon_fdt_getprop_u64(fdt, fdt_path_offset(fdt, "/memory"),
				     "device_type", &u64) ==
	      UNIMON_FDT_EBADVALUE);
	CHECK(unimon_fdt_getprop(fdt, chosen, "empty", &len) != NULL);
	CHECK(len == 0);
	CHECK(unimon_fdt_getprop(fdt, chosen, "gone", &len) == NULL);
	CHECK(len == UNIMON_FDT_ENOTFOUND);
	/* Properties of the root, not of the nodes under it. */
	CHECK(unimon_fdt_getprop(fdt, 0, "reg", &len) == NULL);

	CHECK(unimon_fdt_stringlist_count(fdt, chosen, "unimon,args") == 4);
	s = unimon_fdt_stringlist_get(fdt, chosen, "unimon,args", 1, &len);
	CHECK(s && !strcmp(s, "a b") && len == 3);
	s = unimon_fdt_stringlist_get(fdt, chosen, "unimon,args", 2, &len);
	CHECK(s && !strcmp(s, "") && len == 0);
	s = unimon_fdt_stringlist_get(fdt, chosen, "unimon,args", 3, &len);
	CHECK(s && !strcmp(s, "last"));
	CHECK(!unimon_fdt_stringlist_get(fdt, chosen, "unimon,args", 4, &len));
	CHECK(len == UNIMON_FDT_ENOTFOUND);
	CHECK(!unimon_fdt_stringlist_get(fdt, chosen, "unimon,args", -1, NULL));
	/* Not NUL-terminated: a string list it is not. */
	CHECK(unimon_fdt_stringlist_count(fdt, chosen, "unimon,tsc-khz") ==
	      UNIMON_FDT_EBADVALUE);
	CHECK(unimon_fdt_stringlist_count(fdt, chosen, "empty") == 0);

	CHECK(unimon_fdt_is_compatible(fdt, serial, "ns16550a"));
	CHECK(unimon_fdt_is_compatible(fdt, serial, "vendor,other"));
	CHECK(!unimon_fdt_is_compatible(fdt, serial, "ns16550"));
	CHECK(unimon_fdt_find_compatible(fdt, -1, "ns16550a") == serial);
	CHECK(unimon_fdt_find_compatible(fdt, serial, "ns16550a") ==
	      UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_find_compatible(fdt, -1, "unimon,vm") == 0);
	CHECK(unimon_fdt_stringlist_contains("a\0bc", 5, "bc"));
	CHECK(!unimon_fdt_stringlist_contains("a\0bc", 4, "bc"));

	CHECK(unimon_fdt_get_reg(fdt, ioport, serial, 0, &addr, &size) == 0);
	CHECK(addr == 0x3f8 && size == 8);
	CHECK(unimon_fdt_get_reg(fdt, ioport, serial, 1, &addr, &size) ==
	      UNIMON_FDT_ENOTFOUND);
	CHECK(unimon_fdt_get_reg(fdt, 0, fdt_path_offset(fdt, "/memory"), 0,
				 &addr, &size) == 0);
	CHECK(addr == 0 && size == 64 << 20);
	CHECK(unimon_fdt_get_reg(fdt, fdt_path_offset(fdt, "/hypercall"),
				 fdt_path_offset(fdt, "/hypercall/exit"), 0,
				 &addr, &size) == 0);
	CHECK(addr == 1 && size == 0);
}

struct walk_count {
	int begins, props, ends, max_depth, stop_at;
};

static int count_items(const struct unimon_fdt_item *it, void *ctx)
{
	struct walk_count *c = ctx;

	switch (it->event) {
	case UNIMON_FDT_BEGIN_NODE:
		c->begins++;
		CHECK(it->name && it->value == NULL);
		break;
	case UNIMON_FDT_PROPERTY:
		c->props++;
		CHECK(it->len >= 0 && it->node >= 0);
		break;
	case UNIMON_FDT_END_NODE:
		c->ends++;
		CHECK(it->name == NULL);
		break;
	}
	if (it->depth > c->max_depth)
		c->max_depth = it->depth;
	return c->begins == c->stop_at ? 42 : 0;
}

static void test_walk(const void *fdt)
{
	struct walk_count c = { 0 };
	int node, prop, props = 0;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		fdt_for_each_property_offset(prop, fdt, node)
			props++;
	}

	CHECK(unimon_fdt_walk(fdt, count_items, &c) == 0);
	CHECK(c.begins == 11 && c.ends == 11 && c.max_depth == 3);
	CHECK(c.props == props);
	c = (struct walk_count){ .stop_at = 3 };
	CHECK(unimon_fdt_walk(fdt, count_items, &c) == 42);
	CHECK(unimon_fdt_walk(fdt, NULL, NULL) == 0);
}

static void set32(void *fdt, size_t off, uint32_t val)
{
	val = __builtin_bswap32(val);
	memcpy((char *)fdt + off, &val, 4);
}

/* Copies of a good blob with one thing broken, each to be refused. */
static void test_broken(const void *good)
{
	static char bad[BLOB_SIZE] __attribute__((aligned(8)));
	uint32_t size = fdt_totalsize(good), st = fdt_off_dt_struct(good);
	uint32_t sst = fdt_size_dt_struct(good);

#define BROKEN(what, err)                                                     \
	do {                                                                  \
		memcpy(bad, good, size);                                      \
		what;                                                         \
		CHECK(unimon_fdt_check(bad, size) == (err));                  \
	} while (0)

	BROKEN((void)0, 0);
	CHECK(unimon_fdt_check(good, size - 1) == UNIMON_FDT_ETRUNCATED);
	CHECK(unimon_fdt_check(good, 39) == UNIMON_FDT_ETRUNCATED);
	CHECK(unimon_fdt_check(NULL, size) == UNIMON_FDT_ETRUNCATED);
	BROKEN(set32(bad, 0, 0xd00dfeee), UNIMON_FDT_EBADMAGIC);
	BROKEN(set32(bad, 20, 16), UNIMON_FDT_EBADVERSION);
	BROKEN(set32(bad, 24, 18), UNIMON_FDT_EBADVERSION);
	BROKEN(set32(bad, 4, 20), UNIMON_FDT_ETRUNCATED);
	BROKEN(set32(bad, 8, size), UNIMON_FDT_ETRUNCATED);
	BROKEN(set32(bad, 8, 0xfffffff0), UNIMON_FDT_ETRUNCATED);
	BROKEN(set32(bad, 36, 0xfffffffc), UNIMON_FDT_ETRUNCATED);
	BROKEN(set32(bad, 32, size), UNIMON_FDT_ETRUNCATED);
	BROKEN(set32(bad, 16, size - 8), UNIMON_FDT_ETRUNCATED);
	BROKEN(set32(bad, 8, st + 2), UNIMON_FDT_EBADSTRUCT);
	/* The structure block cut before FDT_END. */
	BROKEN(set32(bad, 36, sst - 4), UNIMON_FDT_ETRUNCATED);
	/* The strings block not ending in NUL. */
	BROKEN(set32(bad, 32, fdt_size_dt_strings(good) - 1),
	       UNIMON_FDT_EBADSTRUCT);
	/* An unknown token, a second root, a property outside any node. */
	BROKEN(set32(bad, st, 7), UNIMON_FDT_EBADSTRUCT);
	BROKEN(set32(bad, st + sst - 4, FDT_BEGIN_NODE), UNIMON_FDT_ETRUNCATED);
	BROKEN(set32(bad, st + sst - 8, FDT_NOP), UNIMON_FDT_EBADSTRUCT);
	/* A property name outside the strings block. */
	BROKEN(set32(bad, st + 8 + 8, fdt_size_dt_strings(good)),
	       UNIMON_FDT_ETRUNCATED);
	/* A property length running off the block. */
	BROKEN(set32(bad, st + 8 + 4, sst), UNIMON_FDT_ETRUNCATED);
#undef BROKEN
}

/*
 * Random corruption: check() refuses the blob or every function stays
 * inside it, whatever it returns.
 */
static void test_fuzz(const void *good)
{
	uint32_t size = fdt_totalsize(good), seed = 12345, r;
	int i, j, node, len, depth, passed = 0;
	uint64_t a, b;
	char *copy;

	for (i = 0; i < 20000; i++) {
		copy = malloc(size);
		memcpy(copy, good, size);
		for (j = 0; j < 1 + i % 4; j++) {
			seed = seed * 1103515245 + 12345;
			r = seed >> 8;
			/* Mostly the header and cells, sometimes anywhere. */
			copy[r % (i % 3 ? 64 : size)] ^= 1 << (r >> 20) % 8;
		}
		/* The other functions trust totalsize once this passed. */
		if (unimon_fdt_check(copy, size)) {
			free(copy);
			continue;
		}
		passed++;
		CHECK(unimon_fdt_walk(copy, NULL, NULL) == 0);
		depth = 0;
		for (node = unimon_fdt_next_node(copy, -1, &depth); node >= 0;
		     node = unimon_fdt_next_node(copy, node, &depth)) {
			unimon_fdt_get_name(copy, node, &len);
			unimon_fdt_getprop(copy, node, "reg", &len);
			unimon_fdt_stringlist_count(copy, node, "compatible");
			unimon_fdt_parent_offset(copy, node);
			unimon_fdt_first_subnode(copy, node);
			unimon_fdt_get_reg(copy, 0, node, 0, &a, &b);
		}
		unimon_fdt_path_offset(copy, "/hypercall/console");
		unimon_fdt_find_compatible(copy, -1, "ns16550a");
		free(copy);
	}
	/* Reaching here without a sanitizer report is the real test. */
	CHECK(passed > 1000);
}

int main(void)
{
	build_tree(blob);
	CHECK(unimon_fdt_check(blob, BLOB_SIZE) == 0);
	test_against_libfdt(blob);
	test_paths(blob);
	test_props(blob);
	test_walk(blob);
	test_broken(blob);
	test_fuzz(blob);
	CHECK(!strcmp(unimon_fdt_strerror(UNIMON_FDT_EBADMAGIC),
		      "bad magic (not a device tree)"));
	CHECK(!strcmp(unimon_fdt_strerror(-99), "unknown error"));
	return unit_done("test_sdk_fdt");
}
