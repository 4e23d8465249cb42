/* SPDX-License-Identifier: MIT */
/*
 * The Linux personality: a static x86-64 Linux executable runs at CPL3;
 * its syscall instruction reaches the monitor (arch__syscall_*), which
 * serves the system calls registered here by the groups Kconfig chose
 * (personality/linux/sys_*.c); any other number is -ENOSYS. Every pointer
 * and length a program passes goes through lx_ptr(): guest RAM that the
 * program has mapped with the access needed, overflow-safe.
 */
#ifndef UNIMON_LINUX_H
#define UNIMON_LINUX_H

#include <stddef.h>
#include <stdint.h>
#include "core/device.h"

struct vm;
struct load_info;

#define LX_NR_MAX 512		/* x86-64 system-call numbers served below this */
#define LX_PAGE 4096ull

/* One system call: the handler gets the six arguments, returns the
 * result (negative: -errno). fmt: one letter per argument for
 * --trace-syscalls: d decimal, x hex, s a path (string), - unused. */
typedef int64_t lx_sys_fn(struct vm *vm, const uint64_t *a);
struct lx_syscall {
	unsigned int nr;
	const char *name;
	const char *fmt;
	lx_sys_fn *fn;
};

#define LX_SYSCALL(n, f, format)                                              \
	static const struct lx_syscall lx_sys_##f = { .nr = n, .name = #f,   \
						      .fmt = format,         \
						      .fn = sys_##f };       \
	REGISTRY_ENTRY(lx_syscalls, struct lx_syscall, lx_sys_##f)
REGISTRY_DECLARE(lx_syscalls, struct lx_syscall);
#define for_each_lx_syscall(it) for_each_registered(lx_syscalls, struct lx_syscall, it)

/* Page protections the program asked for (PROT_* values). */
#define LX_R 1u
#define LX_W 2u
#define LX_X 4u

/* mm.c: the program's memory --------------------------------------- */

/* The image's segments, the stack: mapped; brk set after the image. */
int lx_mm_init(struct vm *vm, const struct load_info *li, uint64_t stack_lo,
	       uint64_t stack_hi);

/* Host pointer for [addr, addr + len) if the program mapped all of it
 * with prot (len 0: any addr in RAM); else NULL. */
void *lx_ptr(struct vm *vm, uint64_t addr, uint64_t len, unsigned int prot);

/* A NUL-terminated string of the program into buf (size bytes): its
 * length, -EFAULT, or -ENAMETOOLONG. */
int64_t lx_string(struct vm *vm, uint64_t addr, char *buf, size_t size);

/*
 * Map [start, start + len) (4 KiB aligned) with prot (0: PROT_NONE;
 * LX_UNMAP: unmapped), the page tables too: 0, -EINVAL, or -ENOMEM (no
 * page-table room).
 */
#define LX_UNMAP (~0u)
int lx_mm_set(struct vm *vm, uint64_t start, uint64_t len, unsigned int prot);

/* The current and first break, the mmap floor (for sys_memory.c). */
extern uint64_t lx_brk, lx_brk_start, lx_mmap_lo, lx_mmap_hi;

/* Is [start, start + len) all unmapped / all mapped? */
int lx_mm_free(uint64_t start, uint64_t len);
int lx_mm_mapped(uint64_t start, uint64_t len);
/* The PROT_* bits of the page at addr. */
unsigned int lx_mm_prot(uint64_t addr);
/* The highest free range of len bytes for mmap, or 0. */
uint64_t lx_mm_find(uint64_t len);

/* fd.c: the program's file descriptors ------------------------------ */

#define LX_FD_READ 1u
#define LX_FD_WRITE 2u
#define LX_FD_DIR 4u
#define LX_FD_APPEND 8u

struct lx_file {
	int host;		/* host descriptor, -1: free */
	unsigned int flags;
	int cloexec;
	char *path;		/* a directory's path for the program, or NULL */
};

/* The open file behind fd, or NULL (-EBADF). */
struct lx_file *lx_fd(int64_t fd);
/* A new descriptor (lowest free >= 3) for host: it, or -EMFILE. */
int64_t lx_fd_new(int host, unsigned int flags);
/* Close fd: 0 or -EBADF (0-2 are the monitor's own: only forgotten). */
int64_t lx_fd_close(int64_t fd);

/* How many descriptors a program may have (RLIMIT_NOFILE). */
extern unsigned int lx_max_fds;

/* sys_process.c: has the program set SIG_IGN for sig? */
int lx_sig_ignored(int sig);

/* A path-based stat (newfstatat, stat, lstat) where files are served
 * (sys_files.c sets it), or NULL: -ENOENT. */
extern int64_t (*lx_stat_path)(struct vm *vm, int64_t dirfd, uint64_t path,
			       uint64_t statbuf, int64_t flags);

/* linux.c ------------------------------------------------------------ */

/* Stop the program with its exit status (low 8 bits). */
void lx_exit(struct vm *vm, int status);

/* The table of calls from the registrations: 0, or -1 with err__set(). */
int lx_table_init(void);
/* Serve call nr with arguments a (counted, traced): its result. */
int64_t lx_dispatch(struct vm *vm, uint64_t nr, const uint64_t *a);

/* The name of system call nr, or "?" (for --stats). */
const char *lx_syscall_name(unsigned int nr);

/* The host's errno as the program's result (-errno). */
static inline int64_t lx_err(int e)
{
	return -(int64_t)e;
}

#endif
