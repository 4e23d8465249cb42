// SPDX-License-Identifier: MIT
/*
 * Entropy: the random hypercall fills a guest buffer from the host's
 * getrandom(), and RDRAND/RDSEED are shown in the guest's CPUID where the
 * host CPU has them (the device's cpu_features).
 */
#include <errno.h>
#include <stddef.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include "core/device.h"
#include "core/hypercall.h"
#include "core/stop.h"
#include "unimon/abi.h"

/* Shown to the guest where the host CPU has them (arch/x86/cpu.c). */
static const char *const rng_cpu_features[] = { "rdrand", "rdseed", NULL };

/*
 * Fill buf completely. getrandom() returns at most 32 MiB - 1 per call
 * and may be interrupted (EINTR: a signal): keep going, unless the signal
 * asked the monitor to stop. 0, or -1 on a failure or a stop.
 */
static int fill(uint8_t *buf, uint64_t len)
{
	while (len) {
		ssize_t n = getrandom(buf, len, 0);

		if (n < 0 && errno == EINTR && !stop__requested())
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

static void hc_random(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct unimon_hc_random a;
	uint8_t *buf;
	int64_t ret;

	if (hc__args(vm, UNIMON_HC_RANDOM, gpa, &a, sizeof(a)))
		return;
	/* The whole range is checked before a byte is written. */
	buf = gmem__ptr(&vm->mem, a.buf, a.len);
	if (!buf)
		ret = UNIMON_EFAULT;
	else
		ret = fill(buf, a.len) ? UNIMON_EIO : (int64_t)a.len;
	hc__ret(vm, gpa, offsetof(struct unimon_hc_random, ret), ret);
}

/* For the seccomp sandbox: filling guest buffers. */
static const int rng_syscalls[] = { SYS_getrandom, -1 };

static const struct hypercall rng_hc[] = {
	{ "random", UNIMON_HC_RANDOM, hc_random, NULL },
	{ 0 },
};

static const struct device rng = {
	.name = "rng",
	.summary = "random hypercall (host getrandom); RDRAND/RDSEED in CPUID",
	.hc = rng_hc,
	.cpu_features = rng_cpu_features,
	.syscalls = rng_syscalls,
};
DEVICE_REGISTER(rng);
