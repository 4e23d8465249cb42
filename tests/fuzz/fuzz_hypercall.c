// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the port-I/O and hypercall dispatcher (monitor/bus.c and
 * every device of the configuration) over fake guest memory, with no KVM.
 * Each input is a sequence of 80-byte records:
 *   u16 port, u8 size (1/2/4), u8 write, u32 value (the hypercall's argument
 *   address), u8 count, 7 bytes pad, 64 bytes copied to the guest address
 *   the value names (when it lies in RAM), as the argument struct.
 * The monitor's regions are mapped PROT_NONE: any access to them by the
 * monitor crashes the run; ASan/UBSan catch the rest. Where the
 * configuration has them, a 1 MiB disk (handle 0) and a tap (handle 0,
 * in a network namespace of the fuzzer's own: needs root) are attached,
 * so block and net calls get past the handle check into the I/O paths.
 */
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/kvm.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "core/device.h"
#include "core/layout.h"
#include "core/stop.h"
#include "core/vm.h"
#include "monitor/bus.h"
#include "monitor/layout.h"
#include "unimon/abi.h"
#include "tests/fuzz/fuzz-option.h"

#define RECORD 80

static struct vm vm;
static struct options opts;
static uint8_t run_page[2 * 4096] __attribute__((aligned(4096)));

/* The device option NAME's parser, or NULL when it is not built in. */
/* A persistent tap "fz0" in a new network namespace (gone with us). */
static int make_tap(void)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd;

	if (unshare(CLONE_NEWNET))
		return -1;
	fd = open("/dev/net/tun", O_RDWR);
	strcpy(ifr.ifr_name, "fz0");
	if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) || ioctl(fd, TUNSETPERSIST, 1))
		return -1;
	close(fd);
	return 0;
}

static void attach_devices(void)
{
	int (*block)(struct options *, const char *) = option("block");
	int (*net)(struct options *, const char *) = option("net");
	char disk[] = "/tmp/unimon-fuzz-disk.XXXXXX", arg[64];
	int fd;

	if (block) {
		fd = mkstemp(disk);
		if (fd < 0 || ftruncate(fd, 1 << 20))
			abort();
		snprintf(arg, sizeof(arg), "d=%s", disk);
		if (block(&opts, arg))
			abort();
		close(fd);
	}
	if (net && make_tap())
		fprintf(stderr, "fuzz_hypercall: no tap (needs root): net calls "
				"stop at the handle check\n");
	else if (net && net(&opts, "n=fz0"))
		abort();
	/* The wait device watches the run loop's stop eventfd. */
	if (stop__init(&vm))
		abort();
	for_each_device(d)
		if ((*d)->init && (*d)->init(&vm))
			abort();
	if (block)
		unlink(disk); /* open: the device keeps it */
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct region r[LAYOUT_MAX_REGIONS];
	unsigned int n, i;
	int null = open("/dev/null", O_WRONLY);

	/* Console output of the devices goes nowhere. */
	dup2(null, STDOUT_FILENO);
	if (gmem__init(&vm.mem, RAM_SIZE_CONFIG) || bus__init())
		abort();
	if (monitor__layout(RAM_SIZE_CONFIG))
		abort();
	n = layout__regions(r);
	for (i = 0; i < n; i++) {
		if (!r[i].monitor_owned)
			continue;
		gmem__add_hole(&vm.mem, r[i].start, r[i].start + r[i].size);
		mprotect(vm.mem.base + r[i].start, r[i].size, PROT_NONE);
	}
	vm.run = (struct kvm_run *)run_page;
	vm.opts = &opts;
	vm.kvm_fd = vm.vm_fd = vm.vcpu_fd = -1;
	attach_devices();
	return 0;
}

static void one(const uint8_t *rec)
{
	struct kvm_run *run = vm.run;
	uint16_t port;
	uint32_t value;
	uint8_t size = rec[2] == 1 || rec[2] == 2 ? rec[2] : 4;
	uint8_t count = rec[8] % 4 + 1;
	void *arg;

	memcpy(&port, rec, 2);
	memcpy(&value, rec + 4, 4);
	arg = gmem__ptr(&vm.mem, value, 64);
	if (arg)
		memcpy(arg, rec + 16, 64);
	/* With a tap attached a wait may sleep forever: at most 1 ms here. */
	if (arg && port == UNIMON_HC_PORT_BASE + UNIMON_HC_WAIT) {
		uint64_t t;

		memcpy(&t, arg, sizeof(t)); /* timeout_ns, maybe unaligned */
		t %= 1000000;
		memcpy(arg, &t, sizeof(t));
	}
	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = rec[3] & 1 ? KVM_EXIT_IO_OUT : KVM_EXIT_IO_IN;
	run->io.size = size;
	run->io.port = port;
	run->io.count = count;
	run->io.data_offset = 4096;
	memset(run_page + 4096, 0, 64);
	memcpy(run_page + 4096, &value, 4);
	bus__pio(&vm);
	vm.stopped = 0; /* an exit or a bad argument struct: go on */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off;

	for (off = 0; off + RECORD <= size; off += RECORD)
		one(data + off);
	return 0;
}
