// SPDX-License-Identifier: MIT
/*
 * Files under host directories (CONFIG_LINUX_SYS_FILES): --dir
 * GUESTPATH=HOSTDIR[,rw] puts HOSTDIR's tree at GUESTPATH for the
 * program, read-only unless ",rw". Nothing else of the host is there.
 *
 * No path leaves HOSTDIR, and no string check decides that: the kernel
 * resolves every path beneath a descriptor of HOSTDIR opened before the
 * sandbox (openat2 with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS): "..",
 * an absolute symlink, a symlink pointing out or one swapped in during
 * the call all fail (EXDEV, given to the program as -EACCES). A call on a
 * name (mkdir, unlink, rename, readlink, lstat) resolves the parent
 * directory that way and acts on the last component relative to it,
 * without following it.
 *
 * The sandbox keeps openat2 only from the HOSTDIRs' descriptors, and the
 * *at calls only with a directory descriptor (never AT_FDCWD): opened by
 * openat2 beneath a HOSTDIR, there is no other.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "core/error.h"
#include "core/vm.h"
#include "personality/linux/linux.h"
#include "unimon/abi.h"

#define MAX_DIRS 8
#define RESOLVE (RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)
#define OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND |       \
		    O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |        \
		    O_LARGEFILE | O_NOCTTY | O_SYNC | O_DSYNC)
#define WRITE_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)
#define O_LARGEFILE_ 0100000	/* the kernel's value (glibc's is 0 here) */

static struct dir {
	char guest[PATH_MAX];	/* absolute, no trailing '/' ("/" itself) */
	size_t len;
	char host[PATH_MAX];
	int fd;			/* O_PATH of HOSTDIR */
	int rw;
} dirs[MAX_DIRS];
static unsigned int ndirs;

/* Where a program path is: the dir, and the path relative to it. */
struct where {
	const struct dir *d;
	char rel[PATH_MAX];	/* "." for the dir itself */
};

/* --dir GUESTPATH=HOSTDIR[,rw] ---------------------------------------- */

static int bad_dir(const char *arg, const char *why)
{
	pr_err("--dir %s: %s (want GUESTPATH=HOSTDIR[,rw], GUESTPATH "
	       "absolute)", arg, why);
	return UNIMON_EXIT_USAGE;
}

static int dir_parse(struct options *o, const char *arg)
{
	struct dir *d = &dirs[ndirs];
	const char *eq = strchr(arg, '='), *g;
	char *comma;
	size_t n;

	if (ndirs == MAX_DIRS)
		return bad_dir(arg, "too many (at most 8)");
	if (!eq || arg[0] != '/')
		return bad_dir(arg, "not GUESTPATH=HOSTDIR");
	n = (size_t)(eq - arg);
	while (n > 1 && arg[n - 1] == '/')
		n--;
	if (n >= sizeof(d->guest))
		return bad_dir(arg, "GUESTPATH too long");
	memcpy(d->guest, arg, n);
	d->guest[n] = 0;
	d->len = n;
	for (g = d->guest; *g; g++)
		if (g[0] == '/' && g[1] == '.' &&
		    (g[2] == '/' || !g[2] || (g[2] == '.' && (g[3] == '/' || !g[3]))))
			return bad_dir(arg, "'.' or '..' in GUESTPATH");
	if (strlen(eq + 1) >= sizeof(d->host))
		return bad_dir(arg, "HOSTDIR too long");
	strcpy(d->host, eq + 1);
	comma = strrchr(d->host, ',');
	d->rw = 0;
	if (comma && !strcmp(comma, ",rw")) {
		d->rw = 1;
		*comma = 0;
	} else if (comma && !strcmp(comma, ",ro")) {
		*comma = 0;
	}
	if (!*d->host)
		return bad_dir(arg, "empty HOSTDIR");
	d->fd = open(d->host, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (d->fd < 0) {
		pr_err("--dir %s: %s: %s", d->guest, d->host, strerror(errno));
		return UNIMON_EXIT_USAGE;
	}
	ndirs++;
	return 0;
}

/* Paths ---------------------------------------------------------------- */

/*
 * The dir of an absolute program path (the longest GUESTPATH that is a
 * prefix at a component boundary) and the rest of it: 0, or -errno.
 */
static int64_t locate(const char *path, struct where *w)
{
	const struct dir *best = NULL;
	const char *rest;
	unsigned int i;

	for (i = 0; i < ndirs; i++) {
		const struct dir *d = &dirs[i];
		int root = d->len == 1;

		if (strncmp(path, d->guest, d->len) ||
		    (!root && path[d->len] && path[d->len] != '/'))
			continue;
		if (!best || d->len > best->len)
			best = d;
	}
	if (!best)
		return -ENOENT;
	rest = path + (best->len == 1 ? 0 : best->len);
	while (*rest == '/')
		rest++;
	if (strlen(rest) + 2 > sizeof(w->rel))
		return -ENAMETOOLONG;
	strcpy(w->rel, *rest ? rest : ".");
	w->d = best;
	return 0;
}

/* The program's path at addr, relative to dirfd (AT_FDCWD: "/"; a
 * directory it opened: that one's guest path): located. */
static int64_t resolve(struct vm *vm, int64_t dirfd, uint64_t addr,
		       struct where *w)
{
	char p[PATH_MAX], full[PATH_MAX + PATH_MAX];
	int64_t n = lx_string(vm, addr, p, sizeof(p));
	struct lx_file *f;

	if (n < 0)
		return n;
	if (!n)
		return -ENOENT;
	if (p[0] == '/' || dirfd == AT_FDCWD) {
		snprintf(full, sizeof(full), "%s%s", p[0] == '/' ? "" : "/", p);
	} else {
		f = lx_fd(dirfd);
		if (!f)
			return -EBADF;
		if (!(f->flags & LX_FD_DIR) || !f->path)
			return -ENOTDIR;
		snprintf(full, sizeof(full), "%s/%s", f->path, p);
	}
	return locate(full, w);
}

/* openat2 beneath the dir: a host descriptor, or -errno (EXDEV, a path
 * that would leave it, is -EACCES for the program). */
static int64_t open_beneath(const struct where *w, uint64_t flags,
			    uint64_t mode)
{
	struct open_how how = { .flags = flags, .mode = flags & (O_CREAT | O_TMPFILE) ? mode & 07777 : 0,
				.resolve = RESOLVE };
	long fd = syscall(SYS_openat2, w->d->fd, w->rel, &how, sizeof(how));

	if (fd >= 0)
		return fd;
	return errno == EXDEV ? -EACCES : lx_err(errno);
}

/* The parent of w's last component (O_PATH) and that name: 0 or -errno. */
static int64_t parent(const struct where *w, char *name, int *pfd)
{
	struct where p = *w;
	char *slash = strrchr(p.rel, '/');
	int64_t fd;

	strcpy(name, slash ? slash + 1 : p.rel);
	if (slash)
		*slash = 0;
	else
		strcpy(p.rel, ".");
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	fd = open_beneath(&p, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	*pfd = (int)fd;
	return 0;
}

/* The calls ------------------------------------------------------------ */

/* A directory's path for the program (for the *at calls on it). */
static char *guest_path_of(const struct where *w)
{
	char *p = malloc(w->d->len + strlen(w->rel) + 2);

	if (p)
		sprintf(p, "%s/%s", w->d->len == 1 ? "" : w->d->guest, w->rel);
	return p;
}

static int64_t do_open(struct vm *vm, int64_t dirfd, uint64_t path,
		       uint64_t flags, uint64_t mode)
{
	struct where w;
	struct stat st;
	int64_t r = resolve(vm, dirfd, path, &w), fd, g;
	unsigned int fl;

	if (r)
		return r;
	if (flags & ~(uint64_t)(OPEN_FLAGS | O_LARGEFILE_))
		return -EINVAL;
	if ((flags & WRITE_FLAGS) && !w.d->rw)
		return -EROFS;
	fd = open_beneath(&w, flags | O_CLOEXEC, mode);
	if (fd < 0)
		return fd;
	fl = ((flags & O_ACCMODE) != O_WRONLY ? LX_FD_READ : 0) |
	     ((flags & O_ACCMODE) != O_RDONLY ? LX_FD_WRITE : 0);
	if (!fstat((int)fd, &st) && S_ISDIR(st.st_mode))
		fl = LX_FD_READ | LX_FD_DIR;
	g = lx_fd_new((int)fd, fl);
	if (g < 0) {
		close((int)fd);
		return g;
	}
	lx_fd(g)->cloexec = !!(flags & O_CLOEXEC);
	if (fl & LX_FD_DIR)
		lx_fd(g)->path = guest_path_of(&w);
	return g;
}

static int64_t sys_openat(struct vm *vm, const uint64_t *a)
{
	return do_open(vm, (int64_t)(int)a[0], a[1], a[2], a[3]);
}
LX_SYSCALL(SYS_openat, openat, "dsxx");

static int64_t sys_open(struct vm *vm, const uint64_t *a)
{
	return do_open(vm, AT_FDCWD, a[0], a[1], a[2]);
}
LX_SYSCALL(SYS_open, open, "sxx");

static int64_t sys_creat(struct vm *vm, const uint64_t *a)
{
	return do_open(vm, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]);
}
LX_SYSCALL(SYS_creat, creat, "sx");

/* stat (follow: the whole path beneath; nofollow: the name itself). */
static int64_t stat_at(struct vm *vm, int64_t dirfd, uint64_t path,
		       uint64_t buf, int follow)
{
	struct where w;
	struct stat st;
	int64_t r = resolve(vm, dirfd, path, &w), fd;
	void *p;

	if (r)
		return r;
	fd = open_beneath(&w, O_PATH | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW), 0);
	if (fd < 0)
		return fd;
	r = fstat((int)fd, &st) < 0 ? lx_err(errno) : 0;
	close((int)fd);
	if (r)
		return r;
	p = lx_ptr(vm, buf, sizeof(st), LX_W);
	if (!p)
		return -EFAULT;
	memcpy(p, &st, sizeof(st));
	return 0;
}

/* newfstatat with a path (the stdio group takes AT_EMPTY_PATH). */
static int64_t path_stat(struct vm *vm, int64_t dirfd, uint64_t path,
			 uint64_t buf, int64_t flags)
{
	if (flags & ~(int64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH |
			       AT_NO_AUTOMOUNT))
		return -EINVAL;
	return stat_at(vm, (int)dirfd, path, buf, !(flags & AT_SYMLINK_NOFOLLOW));
}

static int64_t sys_stat(struct vm *vm, const uint64_t *a)
{
	return stat_at(vm, AT_FDCWD, a[0], a[1], 1);
}
LX_SYSCALL(SYS_stat, stat, "sx");

static int64_t sys_lstat(struct vm *vm, const uint64_t *a)
{
	return stat_at(vm, AT_FDCWD, a[0], a[1], 0);
}
LX_SYSCALL(SYS_lstat, lstat, "sx");

static int64_t access_at(struct vm *vm, int64_t dirfd, uint64_t path,
			 uint64_t mode)
{
	struct where w;
	int64_t r = resolve(vm, dirfd, path, &w), fd;

	if (r)
		return r;
	if (mode & ~(uint64_t)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if ((mode & W_OK) && !w.d->rw)
		return -EROFS;
	fd = open_beneath(&w, O_PATH | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	r = syscall(SYS_faccessat2, (int)fd, "", (int)mode, AT_EMPTY_PATH) < 0 ?
		    lx_err(errno) : 0;
	close((int)fd);
	return r;
}

static int64_t sys_access(struct vm *vm, const uint64_t *a)
{
	return access_at(vm, AT_FDCWD, a[0], a[1]);
}
LX_SYSCALL(SYS_access, access, "sx");

static int64_t sys_faccessat(struct vm *vm, const uint64_t *a)
{
	return access_at(vm, (int)a[0], a[1], a[2]);
}
LX_SYSCALL(SYS_faccessat, faccessat, "dsx");

static int64_t sys_faccessat2(struct vm *vm, const uint64_t *a)
{
	if (a[3] & ~(uint64_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	return access_at(vm, (int)a[0], a[1], a[2]);
}
LX_SYSCALL(SYS_faccessat2, faccessat2, "dsxx");

static int64_t readlink_at(struct vm *vm, int64_t dirfd, uint64_t path,
			   uint64_t buf, uint64_t size)
{
	struct where w;
	char name[NAME_MAX + 1], out[PATH_MAX];
	int64_t r = resolve(vm, dirfd, path, &w);
	int pfd;
	ssize_t n;
	void *p;

	if (r || (r = parent(&w, name, &pfd)))
		return r;
	if ((int64_t)size <= 0)
		return -EINVAL;
	n = readlinkat(pfd, name, out, sizeof(out));
	r = n < 0 ? lx_err(errno) : 0;
	close(pfd);
	if (r)
		return r;
	if ((uint64_t)n > size)
		n = (ssize_t)size;
	p = lx_ptr(vm, buf, (uint64_t)n, LX_W);
	if (!p)
		return -EFAULT;
	memcpy(p, out, (size_t)n);
	return n;
}

static int64_t sys_readlink(struct vm *vm, const uint64_t *a)
{
	return readlink_at(vm, AT_FDCWD, a[0], a[1], a[2]);
}
LX_SYSCALL(SYS_readlink, readlink, "sxd");

static int64_t sys_readlinkat(struct vm *vm, const uint64_t *a)
{
	return readlink_at(vm, (int)a[0], a[1], a[2], a[3]);
}
LX_SYSCALL(SYS_readlinkat, readlinkat, "dsxd");

/* mkdir, unlink, rmdir: on the name, in a read-write dir only. */
static int64_t on_name(struct vm *vm, int64_t dirfd, uint64_t path,
		       int op, uint64_t arg)
{
	struct where w;
	char name[NAME_MAX + 1];
	int64_t r = resolve(vm, dirfd, path, &w);
	int pfd, e;

	if (r)
		return r;
	if (!strcmp(w.rel, "."))
		return -EBUSY; /* the GUESTPATH itself */
	if (!w.d->rw)
		return -EROFS;
	r = parent(&w, name, &pfd);
	if (r)
		return r;
	e = op == 'm' ? mkdirat(pfd, name, (mode_t)arg & 07777) :
	    unlinkat(pfd, name, (int)arg);
	r = e < 0 ? lx_err(errno) : 0;
	close(pfd);
	return r;
}

static int64_t sys_mkdir(struct vm *vm, const uint64_t *a)
{
	return on_name(vm, AT_FDCWD, a[0], 'm', a[1]);
}
LX_SYSCALL(SYS_mkdir, mkdir, "sx");

static int64_t sys_mkdirat(struct vm *vm, const uint64_t *a)
{
	return on_name(vm, (int)a[0], a[1], 'm', a[2]);
}
LX_SYSCALL(SYS_mkdirat, mkdirat, "dsx");

static int64_t sys_unlink(struct vm *vm, const uint64_t *a)
{
	return on_name(vm, AT_FDCWD, a[0], 'u', 0);
}
LX_SYSCALL(SYS_unlink, unlink, "s");

static int64_t sys_rmdir(struct vm *vm, const uint64_t *a)
{
	return on_name(vm, AT_FDCWD, a[0], 'u', AT_REMOVEDIR);
}
LX_SYSCALL(SYS_rmdir, rmdir, "s");

static int64_t sys_unlinkat(struct vm *vm, const uint64_t *a)
{
	if (a[2] & ~(uint64_t)AT_REMOVEDIR)
		return -EINVAL;
	return on_name(vm, (int)a[0], a[1], 'u', a[2]);
}
LX_SYSCALL(SYS_unlinkat, unlinkat, "dsx");

static int64_t rename_at(struct vm *vm, int64_t ofd, uint64_t opath,
			 int64_t nfd, uint64_t npath, uint64_t flags)
{
	struct where from, to;
	char on[NAME_MAX + 1], nn[NAME_MAX + 1];
	int64_t r;
	int op, np;

	if (flags & ~(uint64_t)(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	r = resolve(vm, ofd, opath, &from);
	if (!r)
		r = resolve(vm, nfd, npath, &to);
	if (r)
		return r;
	if (from.d != to.d)
		return -EXDEV;
	if (!from.d->rw)
		return -EROFS;
	r = parent(&from, on, &op);
	if (r)
		return r;
	r = parent(&to, nn, &np);
	if (r) {
		close(op);
		return r;
	}
	r = syscall(SYS_renameat2, op, on, np, nn, (unsigned int)flags) < 0 ?
		    lx_err(errno) : 0;
	close(op);
	close(np);
	return r;
}

static int64_t sys_rename(struct vm *vm, const uint64_t *a)
{
	return rename_at(vm, AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
}
LX_SYSCALL(SYS_rename, rename, "ss");

static int64_t sys_renameat(struct vm *vm, const uint64_t *a)
{
	return rename_at(vm, (int)a[0], a[1], (int)a[2], a[3], 0);
}
LX_SYSCALL(SYS_renameat, renameat, "dsds");

static int64_t sys_renameat2(struct vm *vm, const uint64_t *a)
{
	return rename_at(vm, (int)a[0], a[1], (int)a[2], a[3], a[4]);
}
LX_SYSCALL(SYS_renameat2, renameat2, "dsdsx");

static int64_t sys_getdents64(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = lx_fd((int64_t)a[0]);
	uint64_t n = a[2] > (1u << 20) ? (1u << 20) : a[2];
	void *p;

	if (!f)
		return -EBADF;
	if (!(f->flags & LX_FD_DIR))
		return -ENOTDIR;
	p = lx_ptr(vm, a[1], n, LX_W);
	if (!p)
		return -EFAULT;
	n = (uint64_t)syscall(SYS_getdents64, f->host, p, (size_t)n);
	return (int64_t)n < 0 ? lx_err(errno) : (int64_t)n;
}
LX_SYSCALL(SYS_getdents64, getdents64, "dxd");

static int64_t sys_ftruncate(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = lx_fd((int64_t)a[0]);

	if (!f || !(f->flags & LX_FD_WRITE))
		return f ? -EINVAL : -EBADF;
	if ((int64_t)a[1] < 0)
		return -EINVAL;
	return ftruncate(f->host, (off_t)a[1]) < 0 ? lx_err(errno) : 0;
}
LX_SYSCALL(SYS_ftruncate, ftruncate, "dd");

static int64_t sys_fsync(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = lx_fd((int64_t)a[0]);

	return !f ? -EBADF : fsync(f->host) < 0 ? lx_err(errno) : 0;
}
LX_SYSCALL(SYS_fsync, fsync, "d");

static int64_t sys_getcwd(struct vm *vm, const uint64_t *a)
{
	void *p;

	if (a[1] < 2)
		return -ERANGE;
	p = lx_ptr(vm, a[0], 2, LX_W);
	if (!p)
		return -EFAULT;
	memcpy(p, "/", 2); /* the program's directory is / */
	return 2;
}
LX_SYSCALL(SYS_getcwd, getcwd, "xd");

/* The sandbox: openat2 from a HOSTDIR only; the *at calls never from
 * AT_FDCWD. Filled in at init, when the descriptors are known. */
static const int files_syscalls[] = { SYS_getdents64, SYS_ftruncate,
				      SYS_fsync, SYS_close, -1 };
static struct sys_rule files_rules[MAX_DIRS + 8];

#define NOT_CWD(i) { .arg = (i), .ne = 1, .value = (uint64_t)(int64_t)AT_FDCWD }

static int files_init(struct vm *vm)
{
	unsigned int i, n = 0;

	for (i = 0; i < ndirs; i++)
		files_rules[n++] = (struct sys_rule){
			.nr = SYS_openat2, .nconds = 1,
			.cond = { { .arg = 0, .value = (uint64_t)dirs[i].fd } } };
	files_rules[n++] = (struct sys_rule){ .nr = SYS_faccessat2, .nconds = 1,
					      .cond = { NOT_CWD(0) } };
	files_rules[n++] = (struct sys_rule){ .nr = SYS_readlinkat, .nconds = 1,
					      .cond = { NOT_CWD(0) } };
	files_rules[n++] = (struct sys_rule){ .nr = SYS_mkdirat, .nconds = 1,
					      .cond = { NOT_CWD(0) } };
	files_rules[n++] = (struct sys_rule){ .nr = SYS_unlinkat, .nconds = 1,
					      .cond = { NOT_CWD(0) } };
	files_rules[n++] = (struct sys_rule){ .nr = SYS_renameat2, .nconds = 2,
					      .cond = { NOT_CWD(0), NOT_CWD(2) } };
	files_rules[n].nr = -1;
	lx_stat_path = path_stat;
	return 0;
}

static const struct dev_option files_opts[] = {
	{ "dir", "GUESTPATH=HOSTDIR[,rw]",
	  "the host directory HOSTDIR at GUESTPATH for the program, read-only "
	  "unless ,rw (repeatable; nothing outside it is reachable)",
	  dir_parse },
	{ 0 },
};

static const struct device files_dev = {
	.name = "linux-files",
	.summary = "Linux: files under host directories (--dir)",
	.opts = files_opts,
	.init = files_init,
	.syscalls = files_syscalls,
	.syscall_rules = files_rules,
};
DEVICE_REGISTER(files_dev);
