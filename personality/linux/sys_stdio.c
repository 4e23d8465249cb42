// SPDX-License-Identifier: MIT
/*
 * The calls on descriptors (CONFIG_LINUX_SYS_STDIO): read and write in
 * their forms, seeking, closing and duplicating, the two terminal ioctls,
 * fstat, fcntl and poll, on the program's descriptors (fd.c): 0-2, and
 * the files of the files group. Every buffer and iovec is checked against
 * the program's memory (lx_ptr) before the host call; an iovec array is
 * copied once. A write to a closed pipe kills the program by SIGPIPE, as
 * on Linux, unless it ignores the signal (-EPIPE then).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "core/error.h"
#include "core/stop.h"
#include "core/vm.h"
#include "personality/linux/linux.h"

#define MAX_RW 0x7ffff000ull	/* Linux's MAX_RW_COUNT */
#define MAX_IOV 1024		/* UIO_MAXIOV */
#define MAX_POLL 1024
#define AT_EMPTY_PATH_ 0x1000

int64_t (*lx_stat_path)(struct vm *vm, int64_t dirfd, uint64_t path,
			uint64_t statbuf, int64_t flags);

static int64_t host_ret(ssize_t r)
{
	return r < 0 ? lx_err(errno) : r;
}

/* A write's EPIPE: SIGPIPE's default action ends the program. */
static int64_t write_ret(struct vm *vm, ssize_t r)
{
	if (r < 0 && errno == EPIPE && !lx_sig_ignored(SIGPIPE))
		vm__stop(vm, 128 + SIGPIPE, "program killed by SIGPIPE "
			 "(it wrote to a closed pipe)");
	return host_ret(r);
}

static struct lx_file *file(int64_t fd, unsigned int need)
{
	struct lx_file *f = lx_fd(fd);

	return f && (f->flags & need) == need ? f : NULL;
}

static int64_t sys_read(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = lx_fd((int64_t)a[0]);
	uint64_t n = a[2] > MAX_RW ? MAX_RW : a[2];
	void *p;

	if (f && (f->flags & LX_FD_DIR))
		return -EISDIR;
	if (!f || !(f->flags & LX_FD_READ))
		return -EBADF;
	p = lx_ptr(vm, a[1], n, LX_W);
	if (!p)
		return -EFAULT;
	return host_ret(read(f->host, p, n));
}
LX_SYSCALL(SYS_read, read, "dxd");

static int64_t sys_write(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = file((int64_t)a[0], LX_FD_WRITE);
	uint64_t n = a[2] > MAX_RW ? MAX_RW : a[2];
	const void *p;

	if (!f)
		return -EBADF;
	p = lx_ptr(vm, a[1], n, LX_R);
	if (!p)
		return -EFAULT;
	return write_ret(vm, write(f->host, p, n));
}
LX_SYSCALL(SYS_write, write, "dxd");

static int64_t sys_pread64(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = file((int64_t)a[0], LX_FD_READ);
	uint64_t n = a[2] > MAX_RW ? MAX_RW : a[2];
	void *p;

	if (!f)
		return -EBADF;
	if ((int64_t)a[3] < 0)
		return -EINVAL;
	p = lx_ptr(vm, a[1], n, LX_W);
	if (!p)
		return -EFAULT;
	return host_ret(pread(f->host, p, n, (off_t)a[3]));
}
LX_SYSCALL(SYS_pread64, pread64, "dxdd");

static int64_t sys_pwrite64(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = file((int64_t)a[0], LX_FD_WRITE);
	uint64_t n = a[2] > MAX_RW ? MAX_RW : a[2];
	const void *p;

	if (!f)
		return -EBADF;
	if ((int64_t)a[3] < 0)
		return -EINVAL;
	p = lx_ptr(vm, a[1], n, LX_R);
	if (!p)
		return -EFAULT;
	return write_ret(vm, pwrite(f->host, p, n, (off_t)a[3]));
}
LX_SYSCALL(SYS_pwrite64, pwrite64, "dxdd");

/*
 * The program's iovec array, copied once, then checked as Linux does: a
 * negative length anywhere is -EINVAL, then each buffer must be the
 * program's (-EFAULT), and the total is cut at MAX_RW_COUNT. The host
 * array in iov, or a negative errno.
 */
static int64_t iovecs(struct vm *vm, uint64_t addr, uint64_t cnt,
		      unsigned int prot, struct iovec *iov)
{
	uint64_t g[2 * MAX_IOV], total = 0, i;
	const void *src;

	if (cnt > MAX_IOV)
		return -EINVAL;
	if (!cnt)
		return 0;
	src = lx_ptr(vm, addr, cnt * 16, LX_R);
	if (!src)
		return -EFAULT;
	memcpy(g, src, cnt * 16);
	for (i = 0; i < cnt; i++)
		if ((int64_t)g[2 * i + 1] < 0)
			return -EINVAL;
	for (i = 0; i < cnt; i++) {
		uint64_t len = g[2 * i + 1];

		iov[i].iov_base = lx_ptr(vm, g[2 * i], len, prot);
		if (!iov[i].iov_base && len)
			return -EFAULT;
		if (len > MAX_RW - total)
			len = MAX_RW - total;
		iov[i].iov_len = len;
		total += len;
	}
	return (int64_t)cnt;
}

static int64_t sys_readv(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = file((int64_t)a[0], LX_FD_READ);
	struct iovec iov[MAX_IOV];
	int64_t n;

	if (!f)
		return -EBADF;
	n = iovecs(vm, a[1], a[2], LX_W, iov);
	return n < 0 ? n : host_ret(readv(f->host, iov, (int)n));
}
LX_SYSCALL(SYS_readv, readv, "dxd");

static int64_t sys_writev(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = file((int64_t)a[0], LX_FD_WRITE);
	struct iovec iov[MAX_IOV];
	int64_t n;

	if (!f)
		return -EBADF;
	n = iovecs(vm, a[1], a[2], LX_R, iov);
	return n < 0 ? n : write_ret(vm, writev(f->host, iov, (int)n));
}
LX_SYSCALL(SYS_writev, writev, "dxd");

static int64_t sys_lseek(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = lx_fd((int64_t)a[0]);

	return f ? host_ret(lseek(f->host, (off_t)a[1], (int)a[2])) : -EBADF;
}
LX_SYSCALL(SYS_lseek, lseek, "ddd");

static int64_t sys_close(struct vm *vm, const uint64_t *a)
{
	return lx_fd_close((int64_t)a[0]);
}
LX_SYSCALL(SYS_close, close, "d");

/* dup, F_DUPFD: the lowest free descriptor, on a host descriptor of its
 * own, so a close of one leaves the other open. */
static int64_t dup_lowest(int64_t old, int cloexec)
{
	struct lx_file *f = lx_fd(old);
	int64_t n;
	int h;

	if (!f)
		return -EBADF;
	h = fcntl(f->host, F_DUPFD_CLOEXEC, 3);
	if (h < 0)
		return lx_err(errno);
	n = lx_fd_new(h, f->flags);
	if (n < 0) {
		close(h);
		return n;
	}
	lx_fd(n)->cloexec = cloexec;
	return n;
}

static int64_t sys_dup(struct vm *vm, const uint64_t *a)
{
	return dup_lowest((int64_t)a[0], 0);
}
LX_SYSCALL(SYS_dup, dup, "d");

static int64_t sys_fcntl(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = lx_fd((int64_t)a[0]);
	int fl;

	if (!f)
		return -EBADF;
	switch (a[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dup_lowest((int64_t)a[0], a[1] == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return f->cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		f->cloexec = !!(a[2] & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return host_ret(fcntl(f->host, F_GETFL));
	case F_SETFL:
		/* O_APPEND, O_NONBLOCK: the host descriptor's own flags. */
		fl = (int)a[2] & (O_APPEND | O_NONBLOCK);
		return host_ret(fcntl(f->host, F_SETFL, fl));
	default:
		return -EINVAL;
	}
}
LX_SYSCALL(SYS_fcntl, fcntl, "ddx");

/* The two terminal requests; everything else is not a terminal's. */
static int64_t sys_ioctl(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = lx_fd((int64_t)a[0]);
	uint8_t buf[64];
	size_t n;
	void *p;

	if (!f)
		return -EBADF;
	if (a[1] == TIOCGWINSZ)
		n = sizeof(struct winsize);
	else if (a[1] == TCGETS)
		n = 36; /* the kernel's struct termios */
	else
		return -ENOTTY;
	if (ioctl(f->host, a[1], buf) < 0)
		return lx_err(errno);
	p = lx_ptr(vm, a[2], n, LX_W);
	if (!p)
		return -EFAULT;
	memcpy(p, buf, n);
	return 0;
}
LX_SYSCALL(SYS_ioctl, ioctl, "dxx");

static int64_t stat_out(struct vm *vm, int host, uint64_t addr)
{
	struct stat st;
	void *p;

	if (fstat(host, &st) < 0)
		return lx_err(errno);
	p = lx_ptr(vm, addr, sizeof(st), LX_W);
	if (!p)
		return -EFAULT;
	memcpy(p, &st, sizeof(st)); /* the x86-64 kernel's struct stat */
	return 0;
}

static int64_t sys_fstat(struct vm *vm, const uint64_t *a)
{
	struct lx_file *f = lx_fd((int64_t)a[0]);

	return f ? stat_out(vm, f->host, a[1]) : -EBADF;
}
LX_SYSCALL(SYS_fstat, fstat, "dx");

static int64_t sys_newfstatat(struct vm *vm, const uint64_t *a)
{
	char c;
	/* 0: the path is ""; -ENAMETOOLONG: it is not; -EFAULT. */
	int64_t r = lx_string(vm, a[1], &c, 1);
	struct lx_file *f = lx_fd((int64_t)a[0]);

	if (r == 0 && (a[3] & AT_EMPTY_PATH_))
		return f ? stat_out(vm, f->host, a[2]) : -EBADF;
	if (r == -EFAULT)
		return -EFAULT;
	if (r == 0)
		return -ENOENT;
	/* A path: the files group's, if built. */
	return lx_stat_path ? lx_stat_path(vm, (int64_t)a[0], a[1], a[2],
					   (int64_t)a[3]) : -ENOENT;
}
LX_SYSCALL(SYS_newfstatat, newfstatat, "dsxx");

/*
 * poll and ppoll: the program's descriptors mapped to the host's, and
 * the run loop's stop eventfd: a signal that stops the program ends the
 * wait (-EINTR). timeout_ms < 0: none.
 */
static int64_t do_poll(struct vm *vm, uint64_t addr, uint64_t n,
		       const struct timespec *t)
{
	struct pollfd h[MAX_POLL + 1];
	struct pollfd *g;
	uint64_t i;
	int r;

	if (n > MAX_POLL)
		return -EINVAL;
	g = lx_ptr(vm, addr, n * sizeof(*g), LX_W);
	if (!g && n)
		return -EFAULT;
	for (i = 0; i < n; i++) {
		struct pollfd p; /* copied: the guest's array may be misaligned */
		struct lx_file *f;

		memcpy(&p, &g[i], sizeof(p));
		f = lx_fd(p.fd);
		h[i] = (struct pollfd){ .fd = p.fd < 0 ? -1 : f ? f->host : -1,
					.events = p.events };
		if (p.fd >= 0 && !f)
			h[i].fd = INT_MAX; /* POLLNVAL, as Linux gives */
	}
	h[n] = (struct pollfd){ .fd = stop__fd(), .events = POLLIN };
	r = ppoll(h, n + 1, t, NULL);
	if (r < 0)
		return lx_err(errno);
	if (h[n].revents)
		return -EINTR;
	for (i = 0; i < n; i++)
		memcpy((uint8_t *)&g[i] + offsetof(struct pollfd, revents),
		       &h[i].revents, sizeof(h[i].revents));
	return r;
}

static int64_t sys_poll(struct vm *vm, const uint64_t *a)
{
	struct timespec t = { (int64_t)a[2] / 1000, (int64_t)a[2] % 1000 * 1000000 };

	return do_poll(vm, a[0], a[1], (int)a[2] < 0 ? NULL : &t);
}
LX_SYSCALL(SYS_poll, poll, "xdd");

static int64_t sys_ppoll(struct vm *vm, const uint64_t *a)
{
	struct timespec t;
	const struct timespec *g = NULL;

	if (a[2]) {
		g = lx_ptr(vm, a[2], sizeof(t), LX_R);
		if (!g)
			return -EFAULT;
		memcpy(&t, g, sizeof(t));
		if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000)
			return -EINVAL;
	}
	/* The signal mask (a[3]) is the program's business: not delivered. */
	return do_poll(vm, a[0], a[1], a[2] ? &t : NULL);
}
LX_SYSCALL(SYS_ppoll, ppoll, "xdxx");

/* The host calls these make on the program's descriptors. */
static const int stdio_syscalls[] = {
	SYS_read, SYS_write, SYS_pread64, SYS_pwrite64, SYS_readv, SYS_writev,
	SYS_lseek, SYS_fcntl, SYS_fstat, SYS_ppoll, SYS_close, -1
};
static const unsigned long stdio_ioctls[] = { TIOCGWINSZ, TCGETS, 0 };
/* glibc's fstat() is newfstatat(fd, "", AT_EMPTY_PATH): that form only. */
static const struct sys_rule stdio_rules[] = {
	{ .nr = SYS_newfstatat, .nconds = 1,
	  .cond = { { .arg = 3, .value = AT_EMPTY_PATH_ } } },
	{ .nr = -1 },
};

static const struct device stdio_dev = {
	.name = "linux-stdio",
	.summary = "Linux: read, write and the rest on descriptors",
	.syscalls = stdio_syscalls,
	.syscall_rules = stdio_rules,
	.ioctls = stdio_ioctls,
};
DEVICE_REGISTER(stdio_dev);
