/* SPDX-License-Identifier: MIT */
/*
 * A small, read-only, bounds-checked flattened device tree (FDT) reader.
 *
 * Nodes are named by their offset in the structure block (>= 0; the root
 * is 0); errors are the negative UNIMON_FDT_E* codes. Every function
 * re-validates the header and checks each read against the blocks it
 * names, so a malformed blob gives an error, never a read outside it.
 * Call unimon_fdt_check() once on a blob of unknown origin before use: it
 * also bounds the blob by the size of the buffer it sits in.
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
uint32_t unimon_fdt_totalsize(const void *fdt);
const char *unimon_fdt_strerror(int err);

/* Walk nodes in document order; *depth (may be NULL) tracks nesting. */
int unimon_fdt_next_node(const void *fdt, int node, int *depth);
int unimon_fdt_first_subnode(const void *fdt, int node);
int unimon_fdt_next_subnode(const void *fdt, int node);
int unimon_fdt_subnode_offset(const void *fdt, int parent, const char *name);
int unimon_fdt_path_offset(const void *fdt, const char *path);
int unimon_fdt_parent_offset(const void *fdt, int node);
const char *unimon_fdt_get_name(const void *fdt, int node, int *lenp);

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

/* Devices. */
bool unimon_fdt_is_compatible(const void *fdt, int node, const char *compat);
/* First node after @from (-1: search from the root) with @compat. */
int unimon_fdt_find_compatible(const void *fdt, int from, const char *compat);
/* Entry @index of "reg", sized by the parent's #address/#size-cells. */
int unimon_fdt_get_reg(const void *fdt, int node, int index, uint64_t *addr,
		       uint64_t *size);

/* Big-endian cells, read byte by byte (no alignment needed). */
static inline uint32_t unimon_fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* Value of @cells (1 or 2) consecutive cells. */
static inline uint64_t unimon_fdt_cells(const void *p, int cells)
{
	const uint8_t *b = p;

	if (cells == 1)
		return unimon_fdt_be32(b);
	return (uint64_t)unimon_fdt_be32(b) << 32 | unimon_fdt_be32(b + 4);
}

#endif
