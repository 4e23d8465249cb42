/* SPDX-License-Identifier: MIT */
/*
 * A small, read-only, bounds-checked flattened device tree (FDT) reader.
 *
 * Two ways in:
 *  - unimon_fdt_walk() visits every node and property in one pass. It is
 *    the cheap way to read many things (start-up uses it: at CPL0 every
 *    guest instruction is emulated).
 *  - Lookups by path and name, as in libfdt. Each walks part of the tree.
 *
 * Nodes are named by their offset in the structure block (>= 0); errors
 * are the negative UNIMON_FDT_E* codes. Every function re-validates the
 * header and checks each read against the blocks it names, so a malformed
 * blob gives an error, never a read outside it. Call unimon_fdt_check()
 * first on a blob of unknown origin: it also bounds the blob by the
 * buffer it sits in and checks the whole structure.
 *
 * Node names match with or without their unit address: "memory" finds
 * "memory@0", "exit@f4" finds only "exit@f4". Paths are absolute
 * ("/hypercall/console"); aliases are not supported.
 */
#ifndef UNIMON_FDT_H
#define UNIMON_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UNIMON_FDT_MAGIC 0xd00dfeed

#define UNIMON_FDT_ENOTFOUND (-1)   /* no such node or property */
#define UNIMON_FDT_EBADMAGIC (-2)   /* not a device tree */
#define UNIMON_FDT_EBADVERSION (-3) /* not version 17 compatible */
#define UNIMON_FDT_ETRUNCATED (-4)  /* a block or item runs past its end */
#define UNIMON_FDT_EBADSTRUCT (-5)  /* malformed structure block */
#define UNIMON_FDT_EBADOFFSET (-6)  /* offset does not name a node */
#define UNIMON_FDT_EBADVALUE (-7)   /* property has the wrong size/format */

/* Validate the header and the whole structure block; 0 if usable. */
int unimon_fdt_check(const void *fdt, size_t bufsize);
const char *unimon_fdt_strerror(int err);

/* What unimon_fdt_walk() reports, in document order. */
enum unimon_fdt_event {
	UNIMON_FDT_BEGIN_NODE, /* entering node; name is its name */
	UNIMON_FDT_PROPERTY,   /* a property of node: name, value, len */
	UNIMON_FDT_END_NODE,   /* leaving the node at depth */
};

struct unimon_fdt_item {
	enum unimon_fdt_event event;
	int depth;	   /* of the node: the root is 1 */
	int node;	   /* its offset (BEGIN_NODE and PROPERTY) */
	const char *name;  /* NULL for END_NODE */
	const void *value; /* PROPERTY only */
	int len;
};

/*
 * Call fn (may be NULL) for each item, validating the structure on the
 * way as unimon_fdt_check() does (which a walk does not replace: fn may
 * see items before an error further on). Returns 0 at the end of the
 * tree, a negative error, or the first non-zero value fn returns, which
 * stops the walk (return positive values to tell them from errors).
 */
typedef int unimon_fdt_visit_t(const struct unimon_fdt_item *item,
			       void *ctx);
int unimon_fdt_walk(const void *fdt, unimon_fdt_visit_t *fn, void *ctx);

/* Walk nodes in document order; *depth (may be NULL) tracks nesting. */
int unimon_fdt_next_node(const void *fdt, int node, int *depth);
int unimon_fdt_first_subnode(const void *fdt, int node);
int unimon_fdt_next_subnode(const void *fdt, int node);
int unimon_fdt_subnode_offset(const void *fdt, int parent, const char *name);
int unimon_fdt_path_offset(const void *fdt, const char *path);
/* The same for the first len bytes of path. */
int unimon_fdt_path_offset_n(const void *fdt, const char *path, size_t len);
int unimon_fdt_parent_offset(const void *fdt, int node);
const char *unimon_fdt_get_name(const void *fdt, int node, int *lenp);
/* Does node name match the first len bytes of want, by the rule above? */
bool unimon_fdt_name_matches(const char *name, const char *want, size_t len);

/* Properties. The value pointers point into the blob. */
const void *unimon_fdt_getprop(const void *fdt, int node, const char *name,
			       int *lenp);
int unimon_fdt_getprop_u32(const void *fdt, int node, const char *name,
			   uint32_t *val);
int unimon_fdt_getprop_u64(const void *fdt, int node, const char *name,
			   uint64_t *val);
int unimon_fdt_stringlist_count(const void *fdt, int node, const char *name);
const char *unimon_fdt_stringlist_get(const void *fdt, int node,
				      const char *name, int index, int *lenp);
/* Is str one of the strings of a string list value of len bytes? */
bool unimon_fdt_stringlist_contains(const char *list, int len,
				    const char *str);

/* Devices. */
bool unimon_fdt_is_compatible(const void *fdt, int node, const char *compat);
/* The first node after from (-1: from the root) compatible with compat. */
int unimon_fdt_find_compatible(const void *fdt, int from, const char *compat);
/*
 * Entry index of node's "reg", sized by the #address-cells and
 * #size-cells of its parent (unimon_fdt_parent_offset() finds it, at the
 * cost of a walk over the tree).
 */
int unimon_fdt_get_reg(const void *fdt, int parent, int node, int index,
		       uint64_t *addr, uint64_t *size);

/* A big-endian cell at any alignment (x86 is little-endian). */
static inline uint32_t unimon_fdt_be32(const void *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return __builtin_bswap32(v);
}

/* The value of cells (1 or 2) consecutive cells. */
static inline uint64_t unimon_fdt_cells(const void *p, int cells)
{
	const uint8_t *b = p;

	if (cells == 1)
		return unimon_fdt_be32(b);
	return (uint64_t)unimon_fdt_be32(b) << 32 | unimon_fdt_be32(b + 4);
}

#endif
