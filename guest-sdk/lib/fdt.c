// SPDX-License-Identifier: MIT
/*
 * Flattened device tree reader (API in include/unimon/fdt.h).
 *
 * Blob layout (Devicetree Specification, chapter 5): a header of ten
 * big-endian u32s, a memory reservation block, a structure block of
 * 4-byte aligned tokens, and a strings block holding property names.
 * Offsets are kept below INT_MAX so that a node offset fits in an int.
 */
#include <string.h>
#include <unimon/fdt.h>
#include "shared/util.h"

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

#define FDT_HEADER_SIZE 40
#define FDT_VERSION 17
#define FDT_RSVMAP_ENTRY 16
#define FDT_MAX_OFFSET 0x7ffffff0u

/* Header fields, as u32 indexes. */
enum {
	HDR_MAGIC,
	HDR_TOTALSIZE,
	HDR_OFF_STRUCT,
	HDR_OFF_STRINGS,
	HDR_OFF_RSVMAP,
	HDR_VERSION,
	HDR_LAST_COMP_VERSION,
	HDR_BOOT_CPUID,
	HDR_SIZE_STRINGS,
	HDR_SIZE_STRUCT,
};

/* The two blocks every lookup reads, taken from a validated header. */
struct fdt_view {
	const uint8_t *structs;
	const char *strings;
	uint32_t struct_size;
	uint32_t strings_size;
};

static uint32_t fdt_header(const void *fdt, int field)
{
	return unimon_fdt_be32((const uint8_t *)fdt + 4 * field);
}

/* Does [off, off + size) lie inside a block of total bytes? */
static bool in_block(uint32_t off, uint32_t size, uint32_t total)
{
	return off <= total && size <= total - off;
}

static int view_init(struct fdt_view *v, const void *fdt)
{
	uint32_t total, off_struct, off_strings, off_rsvmap;

	if (!fdt)
		return UNIMON_FDT_EBADMAGIC;
	if (fdt_header(fdt, HDR_MAGIC) != UNIMON_FDT_MAGIC)
		return UNIMON_FDT_EBADMAGIC;
	if (fdt_header(fdt, HDR_VERSION) < FDT_VERSION ||
	    fdt_header(fdt, HDR_LAST_COMP_VERSION) > FDT_VERSION)
		return UNIMON_FDT_EBADVERSION;

	total = fdt_header(fdt, HDR_TOTALSIZE);
	off_struct = fdt_header(fdt, HDR_OFF_STRUCT);
	off_strings = fdt_header(fdt, HDR_OFF_STRINGS);
	off_rsvmap = fdt_header(fdt, HDR_OFF_RSVMAP);
	v->struct_size = fdt_header(fdt, HDR_SIZE_STRUCT);
	v->strings_size = fdt_header(fdt, HDR_SIZE_STRINGS);

	if (total < FDT_HEADER_SIZE || total > FDT_MAX_OFFSET)
		return UNIMON_FDT_ETRUNCATED;
	if (off_struct < FDT_HEADER_SIZE || off_strings < FDT_HEADER_SIZE ||
	    off_rsvmap < FDT_HEADER_SIZE)
		return UNIMON_FDT_ETRUNCATED;
	if (!in_block(off_struct, v->struct_size, total) ||
	    !in_block(off_strings, v->strings_size, total) ||
	    !in_block(off_rsvmap, FDT_RSVMAP_ENTRY, total))
		return UNIMON_FDT_ETRUNCATED;
	if (off_struct % 4)
		return UNIMON_FDT_EBADSTRUCT;

	v->structs = (const uint8_t *)fdt + off_struct;
	v->strings = (const char *)fdt + off_strings;
	/* Then every name that starts inside the strings block ends in it. */
	if (v->strings_size && v->strings[v->strings_size - 1] != '\0')
		return UNIMON_FDT_EBADSTRUCT;
	return 0;
}

/*
 * Decode the token at off and store the offset of the token after it in
 * *next. Returns the token, or a negative error if it or its payload
 * (node name, property header and value) does not fit the block.
 *
 * Always inlined: at CPL0 every instruction is emulated, memory accesses
 * dearest, and a call per token made walks twice as slow.
 */
static inline __attribute__((__always_inline__)) int
next_tag(const struct fdt_view *v, int off, int *next)
{
	uint32_t pos = off, tag, len;

	if (off < 0 || pos % 4 || !in_block(pos, 4, v->struct_size))
		return UNIMON_FDT_ETRUNCATED;
	tag = unimon_fdt_be32(v->structs + pos);
	pos += 4;

	switch (tag) {
	case FDT_BEGIN_NODE:
		len = strnlen((const char *)v->structs + pos,
			      v->struct_size - pos);
		if (len == v->struct_size - pos)
			return UNIMON_FDT_ETRUNCATED;
		pos += len + 1;
		break;
	case FDT_PROP:
		if (!in_block(pos, 8, v->struct_size))
			return UNIMON_FDT_ETRUNCATED;
		len = unimon_fdt_be32(v->structs + pos);
		pos += 8;
		if (!in_block(pos, len, v->struct_size))
			return UNIMON_FDT_ETRUNCATED;
		pos += len;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return UNIMON_FDT_EBADSTRUCT;
	}
	/* pos <= struct_size < 2^31, so rounding up cannot overflow. */
	*next = (int)((pos + 3) & ~3u);
	return tag;
}

/* Name of the FDT_PROP at off (already decoded), or NULL if bad. */
static const char *prop_name(const struct fdt_view *v, int off)
{
	uint32_t nameoff = unimon_fdt_be32(v->structs + off + 8);

	return nameoff < v->strings_size ? v->strings + nameoff : NULL;
}

/* Name of a node whose FDT_BEGIN_NODE token next_tag() has decoded. */
static const char *node_name(const struct fdt_view *v, int node)
{
	return (const char *)v->structs + node + 4;
}

/*
 * Offset of the first token inside node, checking node is a node. A
 * negative node is passed through, so that the error of a failed lookup
 * reaches the caller of the next one.
 */
static int node_body(const struct fdt_view *v, int node)
{
	int next, tag;

	if (node < 0)
		return node;
	tag = next_tag(v, node, &next);

	if (tag == FDT_BEGIN_NODE)
		return next;
	return tag < 0 ? tag : UNIMON_FDT_EBADOFFSET;
}

int unimon_fdt_walk(const void *fdt, unimon_fdt_visit_t *fn, void *ctx)
{
	struct unimon_fdt_item it;
	struct fdt_view v;
	int off = 0, next, tag, depth = 0, node = -1, roots = 0, ret;

	ret = view_init(&v, fdt);
	if (ret)
		return ret;

	/* Each step advances by at least 4 bytes: this terminates. */
	for (;; off = next) {
		tag = next_tag(&v, off, &next);
		if (tag < 0)
			return tag;
		it = (struct unimon_fdt_item){ .depth = depth, .node = node };
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && roots++)
				return UNIMON_FDT_EBADSTRUCT;
			it.event = UNIMON_FDT_BEGIN_NODE;
			it.depth = ++depth;
			it.node = node = off;
			it.name = node_name(&v, off);
			break;
		case FDT_PROP:
			/* Properties come before the node's subnodes. */
			if (node < 0)
				return UNIMON_FDT_EBADSTRUCT;
			it.event = UNIMON_FDT_PROPERTY;
			it.name = prop_name(&v, off);
			if (!it.name)
				return UNIMON_FDT_ETRUNCATED;
			it.value = v.structs + off + 12;
			it.len = (int)unimon_fdt_be32(v.structs + off + 4);
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return UNIMON_FDT_EBADSTRUCT;
			it.event = UNIMON_FDT_END_NODE;
			it.node = node = -1;
			depth--;
			break;
		case FDT_END:
			return depth == 0 && roots == 1 ? 0 :
							  UNIMON_FDT_EBADSTRUCT;
		default: /* FDT_NOP */
			continue;
		}
		if (fn) {
			ret = fn(&it, ctx);
			if (ret)
				return ret;
		}
	}
}

int unimon_fdt_check(const void *fdt, size_t bufsize)
{
	if (!fdt || bufsize < FDT_HEADER_SIZE)
		return UNIMON_FDT_ETRUNCATED;
	if (fdt_header(fdt, HDR_MAGIC) == UNIMON_FDT_MAGIC &&
	    fdt_header(fdt, HDR_TOTALSIZE) > bufsize)
		return UNIMON_FDT_ETRUNCATED;
	return unimon_fdt_walk(fdt, NULL, NULL);
}

const char *unimon_fdt_strerror(int err)
{
	static const char *const msg[] = {
		[0] = "no error",
		[-UNIMON_FDT_ENOTFOUND] = "not found",
		[-UNIMON_FDT_EBADMAGIC] = "bad magic (not a device tree)",
		[-UNIMON_FDT_EBADVERSION] = "unsupported version",
		[-UNIMON_FDT_ETRUNCATED] = "truncated or out of bounds",
		[-UNIMON_FDT_EBADSTRUCT] = "malformed structure block",
		[-UNIMON_FDT_EBADOFFSET] = "bad node offset",
		[-UNIMON_FDT_EBADVALUE] = "bad property value",
	};

	if (err > 0 || -err >= (int)ARRAY_SIZE(msg))
		return "unknown error";
	return msg[-err];
}

/*
 * The next node after node (-1: the root) in document order. *depth goes
 * up by one for each node entered and down for each left; leaving the
 * level *depth started at ends the walk with UNIMON_FDT_ENOTFOUND.
 */
static int next_node(const struct fdt_view *v, int node, int *depth)
{
	int off = 0, next, tag;

	if (node >= 0) {
		off = node_body(v, node);
		if (off < 0)
			return off;
	}
	for (;; off = next) {
		tag = next_tag(v, off, &next);
		if (tag < 0)
			return tag;
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth)
				++*depth;
			return off;
		case FDT_END_NODE:
			if (depth && --*depth < 0)
				return UNIMON_FDT_ENOTFOUND;
			break;
		case FDT_END:
			return UNIMON_FDT_ENOTFOUND;
		}
	}
}

static int first_subnode(const struct fdt_view *v, int node)
{
	int depth = 0;

	if (node < 0)
		return node;
	node = next_node(v, node, &depth);
	if (node >= 0 && depth != 1)
		return UNIMON_FDT_ENOTFOUND;
	return node;
}

static int next_subnode(const struct fdt_view *v, int node)
{
	int depth = 1;

	if (node < 0)
		return node;
	/* Skip node's own children; stop at its next sibling. */
	do {
		node = next_node(v, node, &depth);
	} while (node >= 0 && depth > 1);
	return node;
}

/* "memory" matches "memory@0" too, when want has no unit address. */
bool unimon_fdt_name_matches(const char *name, const char *want, size_t len)
{
	if (strncmp(name, want, len))
		return false;
	if (name[len] == '\0')
		return true;
	return name[len] == '@' && !memchr(want, '@', len);
}

static int subnode_n(const struct fdt_view *v, int parent, const char *name,
		     size_t len)
{
	int node;

	for (node = first_subnode(v, parent); node >= 0;
	     node = next_subnode(v, node)) {
		if (unimon_fdt_name_matches(node_name(v, node), name, len))
			break;
	}
	return node;
}

static const void *getprop(const struct fdt_view *v, int node,
			   const char *name, int *lenp)
{
	const char *pname;
	int off, next, tag;

	off = node_body(v, node);
	if (off < 0) {
		*lenp = off;
		return NULL;
	}
	/* Properties precede subnodes; NOPs may sit anywhere. */
	for (;; off = next) {
		tag = next_tag(v, off, &next);
		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP)
			break;
		pname = prop_name(v, off);
		if (!pname) {
			*lenp = UNIMON_FDT_ETRUNCATED;
			return NULL;
		}
		if (!strcmp(pname, name)) {
			*lenp = (int)unimon_fdt_be32(v->structs + off + 4);
			return v->structs + off + 12;
		}
	}
	*lenp = tag < 0 ? tag : UNIMON_FDT_ENOTFOUND;
	return NULL;
}

/*
 * Entry index of a string list of len bytes at p (index < 0: none).
 * Returns it or NULL; *count is the number of entries before it, or an
 * error if a string is not terminated inside the list.
 */
static const char *stringlist_at(const char *p, int len, int index,
				 int *count)
{
	size_t slen;
	int n;

	for (n = 0; len > 0; n++) {
		slen = strnlen(p, len);
		if (slen == (size_t)len) {
			*count = UNIMON_FDT_EBADVALUE;
			return NULL;
		}
		if (n == index) {
			*count = n;
			return p;
		}
		p += slen + 1;
		len -= slen + 1;
	}
	*count = index < 0 ? n : UNIMON_FDT_ENOTFOUND;
	return NULL;
}

bool unimon_fdt_stringlist_contains(const char *list, int len,
				    const char *str)
{
	size_t slen;

	for (; len > 0; list += slen + 1, len -= slen + 1) {
		slen = strnlen(list, len);
		if (slen < (size_t)len && !strcmp(list, str))
			return true;
	}
	return false;
}

static bool is_compatible(const struct fdt_view *v, int node,
			  const char *compat)
{
	int len;
	const char *list = getprop(v, node, "compatible", &len);

	return list && unimon_fdt_stringlist_contains(list, len, compat);
}

int unimon_fdt_next_node(const void *fdt, int node, int *depth)
{
	struct fdt_view v;
	int err = view_init(&v, fdt);

	return err ? err : next_node(&v, node, depth);
}

int unimon_fdt_first_subnode(const void *fdt, int node)
{
	struct fdt_view v;
	int err = view_init(&v, fdt);

	return err ? err : first_subnode(&v, node);
}

int unimon_fdt_next_subnode(const void *fdt, int node)
{
	struct fdt_view v;
	int err = view_init(&v, fdt);

	return err ? err : next_subnode(&v, node);
}

int unimon_fdt_subnode_offset(const void *fdt, int parent, const char *name)
{
	struct fdt_view v;
	int err = view_init(&v, fdt);

	return err ? err : subnode_n(&v, parent, name, strlen(name));
}

static int path_offset(const struct fdt_view *v, const char *path,
		       size_t len)
{
	const char *end, *next;
	int node;

	if (!len || path[0] != '/')
		return UNIMON_FDT_ENOTFOUND;
	end = path + len;
	node = next_node(v, -1, NULL);
	while (node >= 0) {
		while (path < end && *path == '/')
			path++;
		if (path == end)
			break;
		for (next = path; next < end && *next != '/'; next++)
			;
		node = subnode_n(v, node, path, next - path);
		path = next;
	}
	return node;
}

int unimon_fdt_path_offset_n(const void *fdt, const char *path, size_t len)
{
	struct fdt_view v;
	int err = view_init(&v, fdt);

	return err ? err : path_offset(&v, path, len);
}

int unimon_fdt_path_offset(const void *fdt, const char *path)
{
	struct fdt_view v;
	int err = view_init(&v, fdt);

	return err ? err : path_offset(&v, path, path ? strlen(path) : 0);
}

static int parent_offset(const struct fdt_view *v, int node)
{
	int off, depth = 0, parent = UNIMON_FDT_ENOTFOUND, want;

	if (node < 0)
		return node;
	/* First pass: how deep is node? */
	off = next_node(v, -1, &depth);
	while (off >= 0 && off != node)
		off = next_node(v, off, &depth);
	if (off < 0)
		return off == UNIMON_FDT_ENOTFOUND ? UNIMON_FDT_EBADOFFSET : off;

	/* Second pass: the last node one level up before it. */
	want = depth - 1;
	depth = 0;
	off = next_node(v, -1, &depth);
	while (off >= 0 && off != node) {
		if (depth == want)
			parent = off;
		off = next_node(v, off, &depth);
	}
	return parent;
}

int unimon_fdt_parent_offset(const void *fdt, int node)
{
	struct fdt_view v;
	int err = view_init(&v, fdt);

	return err ? err : parent_offset(&v, node);
}

static int find_compatible(const struct fdt_view *v, int node,
			   const char *compat)
{
	do {
		node = next_node(v, node, NULL);
	} while (node >= 0 && !is_compatible(v, node, compat));
	return node;
}

int unimon_fdt_find_compatible(const void *fdt, int from, const char *compat)
{
	struct fdt_view v;
	int err = view_init(&v, fdt);

	return err ? err : find_compatible(&v, from, compat);
}

bool unimon_fdt_is_compatible(const void *fdt, int node, const char *compat)
{
	struct fdt_view v;

	return !view_init(&v, fdt) && is_compatible(&v, node, compat);
}

const char *unimon_fdt_get_name(const void *fdt, int node, int *lenp)
{
	struct fdt_view v;
	const char *name;
	int err;

	err = view_init(&v, fdt);
	if (!err)
		err = node_body(&v, node);
	if (err < 0) {
		if (lenp)
			*lenp = err;
		return NULL;
	}
	name = node_name(&v, node);
	if (lenp)
		*lenp = (int)strlen(name);
	return name;
}

const void *unimon_fdt_getprop(const void *fdt, int node, const char *name,
			       int *lenp)
{
	struct fdt_view v;
	const void *p = NULL;
	int len;

	len = view_init(&v, fdt);
	if (!len)
		p = getprop(&v, node, name, &len);
	if (lenp)
		*lenp = len;
	return p;
}

/* Fetch a property that must be exactly size bytes long. */
static const void *getprop_sized(const void *fdt, int node, const char *name,
				 int size, int *err)
{
	const void *p = unimon_fdt_getprop(fdt, node, name, err);

	if (!p)
		return NULL;
	if (*err != size) {
		*err = UNIMON_FDT_EBADVALUE;
		return NULL;
	}
	*err = 0;
	return p;
}

int unimon_fdt_getprop_u32(const void *fdt, int node, const char *name,
			   uint32_t *val)
{
	int err;
	const void *p = getprop_sized(fdt, node, name, 4, &err);

	if (p)
		*val = unimon_fdt_be32(p);
	return err;
}

int unimon_fdt_getprop_u64(const void *fdt, int node, const char *name,
			   uint64_t *val)
{
	int err;
	const void *p = getprop_sized(fdt, node, name, 8, &err);

	if (p)
		*val = unimon_fdt_cells(p, 2);
	return err;
}

int unimon_fdt_stringlist_count(const void *fdt, int node, const char *name)
{
	int len;
	const char *p = unimon_fdt_getprop(fdt, node, name, &len);

	if (p)
		stringlist_at(p, len, -1, &len);
	return len;
}

const char *unimon_fdt_stringlist_get(const void *fdt, int node,
				      const char *name, int index, int *lenp)
{
	const char *p, *s = NULL;
	int len;

	p = unimon_fdt_getprop(fdt, node, name, &len);
	if (p && index < 0)
		len = UNIMON_FDT_ENOTFOUND;
	else if (p)
		s = stringlist_at(p, len, index, &len);
	if (lenp)
		*lenp = s ? (int)strlen(s) : len;
	return s;
}

/* #address-cells or #size-cells of node, with the spec's default. */
static int cells(const void *fdt, int node, const char *name, uint32_t dflt,
		 uint32_t min)
{
	uint32_t val = dflt;
	int err = unimon_fdt_getprop_u32(fdt, node, name, &val);

	if (err && err != UNIMON_FDT_ENOTFOUND)
		return err;
	if (val < min || val > 2)
		return UNIMON_FDT_EBADVALUE;
	return (int)val;
}

int unimon_fdt_get_reg(const void *fdt, int parent, int node, int index,
		       uint64_t *addr, uint64_t *size)
{
	const uint8_t *reg;
	int ac, sc, len;
	uint32_t entry;

	if (parent < 0)
		return parent;
	ac = cells(fdt, parent, "#address-cells", 2, 1);
	if (ac < 0)
		return ac;
	sc = cells(fdt, parent, "#size-cells", 1, 0);
	if (sc < 0)
		return sc;

	reg = unimon_fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len;
	entry = 4 * (uint32_t)(ac + sc);
	if (index < 0 || (uint32_t)index >= (uint32_t)len / entry)
		return UNIMON_FDT_ENOTFOUND;
	reg += index * entry;
	*addr = unimon_fdt_cells(reg, ac);
	*size = sc ? unimon_fdt_cells(reg + 4 * ac, sc) : 0;
	return 0;
}
