// SPDX-License-Identifier: MIT
/*
 * Console output through a shared-memory queue (CONFIG_CONSOLE_QUEUE):
 * each descriptor names guest bytes to write to stdout. The I/O thread
 * writes a whole batch with one writev(), in queue order; what is queued
 * when the guest ends is written before the monitor exits.
 */
#include <errno.h>
#include <libfdt.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "core/iov.h"
#include "core/queue.h"
#include "core/stop.h"
#include "shared/util.h"
#include "unimon/abi.h"

static struct queue *queue;
static int failed;

/*
 * Write all of iov[0..n), advancing it; 0, or -1 when stdout failed. A
 * signal interrupts a write blocked on a stalled stdout: it returns what
 * it wrote (or EINTR if nothing). While the monitor ends on a signal
 * (SIGTERM, --timeout, the drain's time limit) that ends the writing;
 * without the check after a partial write, the next writev would block
 * again with no signal left to come (a monitor hanging after SIGTERM).
 */
static int writev_all(struct iovec *iov, unsigned int n)
{
	while (n) {
		ssize_t w = writev(STDOUT_FILENO, iov, (int)n);

		if (w < 0 && errno == EINTR && !queue__stopping())
			continue;
		if (w > 0)
			iov__advance(&iov, &n, (size_t)w);
		if (w > 0 && (!n || !queue__stopping() || !stop__requested()))
			continue;
		pr_err("guest console output lost: stdout: %s",
		       w < 0 ? strerror(errno) : w ? "stalled" : "short write");
		return -1;
	}
	return 0;
}

static unsigned int process(struct queue *q, struct queue_req *r,
			    unsigned int n, void *ctx)
{
	struct iovec iov[64];
	unsigned int i, k = 0;
	uint64_t bytes = 0;

	(void)ctx;
	for (i = 0; i < n && k < ARRAY_SIZE(iov); i++)
		if (r[i].buf && r[i].d.len) {
			iov[k++] = (struct iovec){ r[i].buf, r[i].d.len };
			bytes += r[i].d.len;
		}
	if (!failed && k && writev_all(iov, k))
		failed = 1;
	for (i = 0; i < n; i++)
		if (r[i].buf)
			r[i].ret = failed ? UNIMON_EIO : (int64_t)r[i].d.len;
	if (!failed)
		queue__count_bytes(q, bytes);
	return n;
}

static const struct queue_ops ops = { .process = process };

static int console_init(struct vm *vm)
{
	(void)vm;
	queue = queue__create("console", CONFIG_QUEUE_ENTRIES, &ops, NULL, -1,
			      QUEUE_DRAIN);
	return queue ? 0 : UNIMON_EXIT_MONITOR;
}

static int console_fdt_nodes(void *fdt)
{
	int node = fdt_add_subnode(fdt, 0, "console");

	if (node < 0)
		return node;
	return fdt_setprop_string(fdt, node, "compatible",
				  "unimon,console-queue") ?:
	       queue__fdt_prop(fdt, node, "unimon,queue", queue);
}

static const int console_syscalls[] = { SYS_writev, -1 };

static const struct device console = {
	.name = "console",
	.summary = "console output through a shared-memory queue",
	.init = console_init,
	.fdt_nodes = console_fdt_nodes,
	.stdout_rank = 3,
	.stdout_node = "/console",
	.syscalls = console_syscalls,
};
DEVICE_REGISTER(console);
