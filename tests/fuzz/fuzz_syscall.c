// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the Linux personality's system-call layer (every
 * handler of the linux configuration, personality/linux/) over fake
 * guest memory, with no KVM. The page tables are built as the monitor
 * builds them; the program has an image (RX and RW pages), a stack and a
 * --dir (a temporary host directory, read-write). Each input is a
 * sequence of 88-byte records:
 *   u16 nr (mod 512), u8 pointer mask, u8 pad, u32 where, 6 x u64 args,
 *   32 bytes copied into the program's memory at `where` (inside its
 *   data pages) before the call
 * bit i of the mask makes argument i a pointer into the program's memory
 * (the value modulo its mapped area), so structures, paths and iovecs
 * come from the data. Calls that sleep (nanosleep, clock_nanosleep,
 * futex waits, ppoll, poll with a timeout) are left out or made not to
 * wait. After each call: the break stays between its start and the mmap
 * floor, and the monitor's own regions are untouched (PROT_NONE here:
 * any access crashes the run); ASan and UBSan catch the rest.
 */
#include <fcntl.h>
#include <ftw.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "arch/x86/pagetable.h"
#include "boot/loader.h"
#include "core/device.h"
#include "core/layout.h"
#include "core/stop.h"
#include "core/vm.h"
#include "monitor/layout.h"
#include "personality/linux/linux.h"
#include "tests/fuzz/fuzz-option.h"

#define RECORD 88
#define IMAGE 0x400000ull	/* the fake image: 64 KiB RX, 64 KiB RW */

static struct vm vm;
static struct options opts;
static uint8_t run_page[2 * 4096] __attribute__((aligned(4096)));
static char dirarg[128];
static uint64_t stack_lo;

static char tmp[] = "/tmp/unimon-fuzz-dir.XXXXXX";

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *f)
{
	return remove(p);
}

/* The --dir's temporary directory goes with the fuzzer. */
static void rm_tmp(void)
{
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct load_info li = { .entry = IMAGE, .end = IMAGE + 0x20000,
				.nseg = 2 };
	struct region r[LAYOUT_MAX_REGIONS];
	struct pt_range pr[2];
	int (*dir)(struct options *, const char *) = option("dir");
	int null = open("/dev/null", O_RDWR);
	unsigned int n, i;

	/* The program's stdin reads end of file, its stdout goes nowhere;
	 * its stderr is closed for it below (the fuzzer reports there). */
	dup2(null, 0);
	dup2(null, 1);
	if (gmem__init(&vm.mem, RAM_SIZE_CONFIG) || !mkdtemp(tmp))
		abort();
	atexit(rm_tmp);
	snprintf(dirarg, sizeof(dirarg), "/data=%s,rw", tmp);
	if (dir && dir(&opts, dirarg))
		abort();
	vm.run = (struct kvm_run *)run_page;
	vm.opts = &opts;
	vm.kvm_fd = vm.vm_fd = vm.vcpu_fd = -1;
	if (stop__init(&vm))
		abort();
	for_each_device(d)
		if ((*d)->init && (*d)->init(&vm))
			abort();
	li.seg[0] = (struct load_seg){ IMAGE, 0x10000, LOAD_R | LOAD_X };
	li.seg[1] = (struct load_seg){ IMAGE + 0x10000, 0x10000, LOAD_R | LOAD_W };
	pr[0] = (struct pt_range){ IMAGE, IMAGE + 0x10000, PT_EXEC };
	pr[1] = (struct pt_range){ IMAGE + 0x10000, IMAGE + 0x20000, PT_WRITE };
	stack_lo = CONFIG_STACK_TOP - CONFIG_STACK_SIZE;
	if (pt__build(vm.mem.base, vm.mem.size, CONFIG_PAGETABLE_ADDR,
		      CONFIG_PAGETABLE_SIZE, pr, 2, PT_ABSENT) ||
	    lx_table_init() || lx_mm_init(&vm, &li, stack_lo, CONFIG_STACK_TOP))
		abort();
	lx_fd_close(2);
	if (monitor__layout(RAM_SIZE_CONFIG))
		abort();
	n = layout__regions(r);
	if (layout__add_holes(&vm.mem))
		abort();
	for (i = 0; i < n; i++)
		if (r[i].monitor_owned && r[i].start >= 0x1000 &&
		    r[i].start != CONFIG_PAGETABLE_ADDR)
			mprotect(vm.mem.base + r[i].start, r[i].size, PROT_NONE);
	return 0;
}

/* Calls that would sleep: left out. */
static int sleeps(uint64_t nr)
{
	return nr == SYS_nanosleep || nr == SYS_clock_nanosleep ||
	       nr == SYS_futex || nr == SYS_ppoll || nr == SYS_pause;
}

static void one(const uint8_t *rec)
{
	/* Pointers land in the image's data pages or on the stack. */
	const uint64_t areas[2][2] = {
		{ IMAGE + 0x10000, 0x10000 },
		{ CONFIG_STACK_TOP - 0x10000, 0x10000 },
	};
	uint64_t a[6], nr;
	uint32_t where;
	uint16_t n16;
	uint8_t mask = rec[2], *dst;
	int i;

	memcpy(&n16, rec, 2);
	memcpy(&where, rec + 4, 4);
	memcpy(a, rec + 8, sizeof(a));
	nr = n16 % LX_NR_MAX;
	if (sleeps(nr))
		return;
	for (i = 0; i < 6; i++)
		if (mask >> i & 1) {
			const uint64_t *ar = areas[(mask >> 7) & 1];

			a[i] = ar[0] + a[i] % ar[1];
		}
	if (nr == SYS_poll)
		a[2] = 0; /* no waiting */
	dst = lx_ptr(&vm, areas[0][0] + where % (areas[0][1] - 32), 32, LX_W);
	if (dst)
		memcpy(dst, rec + 56, 32);
	lx_dispatch(&vm, nr, a);
	vm.stopped = 0; /* exit, a signal: go on */
	if (lx_brk < lx_brk_start || lx_brk > lx_mmap_lo)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off;

	for (off = 0; off + RECORD <= size; off += RECORD)
		one(data + off);
	return 0;
}
