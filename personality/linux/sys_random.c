// SPDX-License-Identifier: MIT
/* getrandom (CONFIG_LINUX_SYS_RANDOM): the host's, into the program's buffer. */
#include <errno.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include "core/vm.h"
#include "personality/linux/linux.h"

#define MAX_RANDOM (32u << 20)

static int64_t sys_getrandom(struct vm *vm, const uint64_t *a)
{
	uint64_t n = a[1] > MAX_RANDOM ? MAX_RANDOM : a[1];
	ssize_t r;
	void *p;

	if (a[2] & ~(uint64_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	p = lx_ptr(vm, a[0], n, LX_W);
	if (!p)
		return -EFAULT;
	if (!n)
		return 0;
	r = getrandom(p, n, (unsigned int)a[2]);
	return r < 0 ? lx_err(errno) : r;
}
LX_SYSCALL(SYS_getrandom, getrandom, "xdx");

static const int random_syscalls[] = { SYS_getrandom, -1 };

static const struct device random_dev = {
	.name = "linux-random",
	.summary = "Linux: getrandom",
	.syscalls = random_syscalls,
};
DEVICE_REGISTER(random_dev);
