// SPDX-License-Identifier: MIT
/*
 * Memory (CONFIG_LINUX_SYS_MEMORY): brk, and anonymous private memory
 * through mmap, munmap, mremap, mprotect and madvise, inside guest RAM,
 * with the page tables updated (mm.c). Memory the program no longer has
 * is given back to the host (madvise MADV_DONTNEED on guest RAM), so
 * what it maps next is zero, as Linux's is. Running out is -ENOMEM.
 * File mappings are not served (-ENODEV).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "core/vm.h"
#include "personality/linux/linux.h"
#include "shared/util.h"

#define MMAP_FLOOR 0x10000ull	/* vm.mmap_min_addr */
#define MREMAP_MAYMOVE_ 1
#define MREMAP_FIXED_ 2

/* Zero [start, start + len): the host takes the pages back. */
static void zero(struct vm *vm, uint64_t start, uint64_t len)
{
	if (len)
		madvise(vm->mem.base + start, len, MADV_DONTNEED);
}

/* Can the program have [start, start + len) at all? (RAM, no monitor
 * region, above the floor.) */
static int placeable(struct vm *vm, uint64_t start, uint64_t len)
{
	return start >= MMAP_FLOOR && gmem__ptr(&vm->mem, start, len);
}

static int64_t sys_brk(struct vm *vm, const uint64_t *a)
{
	uint64_t want = a[0], old_end = PAGE_UP(lx_brk), end;

	if (want < lx_brk_start || want > lx_mmap_lo)
		return (int64_t)lx_brk;
	end = PAGE_UP(want);
	if (end > old_end) {
		if (!lx_mm_free(old_end, end - old_end) ||
		    lx_mm_set(vm, old_end, end - old_end, LX_R | LX_W))
			return (int64_t)lx_brk;
	} else if (end < old_end) {
		lx_mm_set(vm, end, old_end - end, LX_UNMAP);
		zero(vm, end, old_end - end);
	}
	lx_brk = want;
	return (int64_t)lx_brk;
}
LX_SYSCALL(SYS_brk, brk, "x");

static int64_t sys_mmap(struct vm *vm, const uint64_t *a)
{
	uint64_t addr = a[0], len = a[1], prot = a[2], flags = a[3];
	int fixed = (flags & MAP_FIXED) || (flags & MAP_FIXED_NOREPLACE);

	if (!len || len > vm->mem.size)
		return len ? -ENOMEM : -EINVAL;
	len = PAGE_UP(len);
	if (prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if ((flags & 3) != MAP_PRIVATE && (flags & 3) != MAP_SHARED)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV; /* file mappings are not served */
	if (a[5] & (LX_PAGE - 1))
		return -EINVAL;
	if (fixed) {
		if (addr & (LX_PAGE - 1))
			return -EINVAL;
		if (!placeable(vm, addr, len))
			return (flags & MAP_FIXED_NOREPLACE) ? -EINVAL : -ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE) && !lx_mm_free(addr, len))
			return -EEXIST;
		zero(vm, addr, len);
	} else if (!(addr & (LX_PAGE - 1)) && addr >= lx_mmap_lo &&
		   addr < lx_mmap_hi && len <= lx_mmap_hi - addr &&
		   lx_mm_free(addr, len)) {
		/* The hint is free: take it. */
	} else {
		addr = lx_mm_find(len);
		if (!addr)
			return -ENOMEM;
	}
	if (lx_mm_set(vm, addr, len, (unsigned int)prot))
		return -ENOMEM;
	return (int64_t)addr;
}
LX_SYSCALL(SYS_mmap, mmap, "xdxxdx");

static int64_t sys_munmap(struct vm *vm, const uint64_t *a)
{
	uint64_t addr = a[0], len = PAGE_UP(a[1]);

	if ((addr & (LX_PAGE - 1)) || !a[1] || a[1] > vm->mem.size ||
	    !placeable(vm, addr, len))
		return -EINVAL;
	if (lx_mm_set(vm, addr, len, LX_UNMAP))
		return -ENOMEM;
	zero(vm, addr, len);
	return 0;
}
LX_SYSCALL(SYS_munmap, munmap, "xd");

static int64_t sys_mprotect(struct vm *vm, const uint64_t *a)
{
	uint64_t addr = a[0], len = PAGE_UP(a[1]);

	if ((addr & (LX_PAGE - 1)) || a[1] > vm->mem.size ||
	    (a[2] & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (!len)
		return 0;
	if (!lx_mm_mapped(addr, len) || !placeable(vm, addr, len))
		return -ENOMEM;
	return lx_mm_set(vm, addr, len, (unsigned int)a[2]) ? -ENOMEM : 0;
}
LX_SYSCALL(SYS_mprotect, mprotect, "xdx");

static int64_t sys_mremap(struct vm *vm, const uint64_t *a)
{
	uint64_t old = a[0], old_len = PAGE_UP(a[1]), new_len = PAGE_UP(a[2]);
	uint64_t flags = a[3], to = a[4];
	unsigned int prot;

	if ((old & (LX_PAGE - 1)) || !a[2] || a[1] > vm->mem.size ||
	    a[2] > vm->mem.size || (flags & ~(uint64_t)3) ||
	    ((flags & MREMAP_FIXED_) && !(flags & MREMAP_MAYMOVE_)))
		return -EINVAL;
	if (!old_len || !lx_mm_mapped(old, old_len) ||
	    !placeable(vm, old, old_len))
		return -EFAULT;
	prot = lx_mm_prot(old);
	if (!(flags & MREMAP_FIXED_)) {
		if (new_len <= old_len) { /* shrink in place */
			lx_mm_set(vm, old + new_len, old_len - new_len, LX_UNMAP);
			zero(vm, old + new_len, old_len - new_len);
			return (int64_t)old;
		}
		if (placeable(vm, old + old_len, new_len - old_len) &&
		    old + new_len <= lx_mmap_hi &&
		    lx_mm_free(old + old_len, new_len - old_len)) {
			if (lx_mm_set(vm, old + old_len, new_len - old_len, prot))
				return -ENOMEM;
			return (int64_t)old;
		}
		if (!(flags & MREMAP_MAYMOVE_))
			return -ENOMEM;
		to = lx_mm_find(new_len);
		if (!to)
			return -ENOMEM;
	} else if ((to & (LX_PAGE - 1)) || !placeable(vm, to, new_len) ||
		   (to < old + old_len && old < to + new_len)) {
		return -EINVAL;
	} else {
		lx_mm_set(vm, to, new_len, LX_UNMAP);
		zero(vm, to, new_len);
	}
	if (lx_mm_set(vm, to, new_len, prot | LX_R | LX_W))
		return -ENOMEM;
	memcpy(vm->mem.base + to, vm->mem.base + old,
	       old_len < new_len ? old_len : new_len);
	lx_mm_set(vm, to, new_len, prot);
	lx_mm_set(vm, old, old_len, LX_UNMAP);
	zero(vm, old, old_len);
	return (int64_t)to;
}
LX_SYSCALL(SYS_mremap, mremap, "xddxx");

static int64_t sys_madvise(struct vm *vm, const uint64_t *a)
{
	uint64_t addr = a[0], len = PAGE_UP(a[1]);

	if ((addr & (LX_PAGE - 1)) || a[1] > vm->mem.size)
		return -EINVAL;
	switch (a[2]) {
	case MADV_DONTNEED:
	case MADV_FREE:
		if (!lx_mm_mapped(addr, len) || !placeable(vm, addr, len))
			return -ENOMEM;
		zero(vm, addr, len);
		return 0;
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
		return 0;
	default:
		return -EINVAL;
	}
}
LX_SYSCALL(SYS_madvise, madvise, "xdd");

/*
 * Giving pages back to the host: madvise, that advice only. Access taken
 * away: mprotect of guest RAM to read-only and back (gmem__invalidate),
 * never to anything executable.
 */
static const struct sys_rule memory_rules[] = {
	{ .nr = SYS_madvise, .nconds = 1,
	  .cond = { { .arg = 2, .value = MADV_DONTNEED } } },
	{ .nr = SYS_mprotect, .nconds = 1,
	  .cond = { { .arg = 2, .value = PROT_READ } } },
	{ .nr = SYS_mprotect, .nconds = 1,
	  .cond = { { .arg = 2, .value = PROT_READ | PROT_WRITE } } },
	{ .nr = -1 },
};

static const struct device memory_dev = {
	.name = "linux-memory",
	.summary = "Linux: brk, mmap, munmap, mremap, mprotect, madvise",
	.syscall_rules = memory_rules,
};
DEVICE_REGISTER(memory_dev);
