// SPDX-License-Identifier: MIT
/*
 * floor: the least KVM work that runs guest code, as the reference for
 * unimon's start-up time. Open /dev/kvm, create a VM with one 64 KiB
 * memory slot and one vCPU, map its kvm_run, put the vCPU in real mode
 * at 0x1000 where nine instructions end in `out %al, $0x80`, KVM_RUN once,
 * check that the exit is that `out`, and exit 0. No KVM_SET_CPUID2, no
 * page tables, no device tree, no cleanup (the kernel closes the fds).
 *
 * Exit status: 0 on the expected exit, 1 if anything else happened (with
 * a message on stderr). Built like the monitor: dynamically linked libc,
 * -O2.
 *
 * For the start-up breakdown (tests/bench/breakdown.sh) two knobs add one
 * piece of unimon's work at a time; both are off in the floor itself:
 *   -DFLOOR_MEM_MB=N  an N MiB slot (MAP_NORESERVE, as unimon maps RAM)
 *   -DFLOOR_CPUID=1   KVM_GET_SUPPORTED_CPUID (one call, 256 entries)
 *                     and KVM_SET_CPUID2 with its result, as unimon does
 *   -DFLOOR_CPUID=2   the same, KVM_GET_SUPPORTED_CPUID in a second thread
 *                     started right after open("/dev/kvm") (link -pthread)
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#ifdef FLOOR_MEM_MB
#define MEM_SIZE ((size_t)FLOOR_MEM_MB << 20)
#else
#define MEM_SIZE 0x10000
#endif
#ifndef FLOOR_CPUID
#define FLOOR_CPUID 0
#endif
#define CODE_ADDR 0x1000
#define PORT 0x80

/* 16-bit code: a few register moves, then the `out` we wait for. */
/* clang-format off */
static const uint8_t code[] = {
	0x31, 0xc0,		/* xor %ax, %ax */
	0x40,			/* inc %ax */
	0x40,			/* inc %ax */
	0x89, 0xc3,		/* mov %ax, %bx */
	0x43,			/* inc %bx */
	0xb9, 0x34, 0x12,	/* mov $0x1234, %cx */
	0x01, 0xd9,		/* add %bx, %cx */
	0x88, 0xc8,		/* mov %cl, %al */
	0xe6, PORT,		/* out %al, $0x80 */
	0xf4,			/* hlt (never reached) */
};
/* clang-format on */

static int fail(const char *what)
{
	perror(what);
	return 1;
}

#if FLOOR_CPUID
static struct kvm_cpuid2 *cpuid;
static int kvm_fd;

static void *get_cpuid(void *unused)
{
	const unsigned int n = 256;
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));

	if (c) {
		c->nent = n;
		if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0)
			cpuid = c;
	}
	return unused;
}

#if FLOOR_CPUID == 2
static pthread_t cpuid_thread;

static void start_cpuid(void)
{
	if (pthread_create(&cpuid_thread, NULL, get_cpuid, NULL))
		get_cpuid(NULL);
}

static void end_cpuid(void)
{
	pthread_join(cpuid_thread, NULL);
}
#else
static void start_cpuid(void)
{
}

static void end_cpuid(void)
{
	get_cpuid(NULL);
}
#endif

static int set_cpuid(int vcpu)
{
	end_cpuid();
	return cpuid ? ioctl(vcpu, KVM_SET_CPUID2, cpuid) : -1;
}
#endif

int main(void)
{
	struct kvm_userspace_memory_region slot = { 0 };
	struct kvm_regs regs = { 0 };
	struct kvm_sregs sregs;
	struct kvm_run *run;
	int kvm, vm, vcpu, run_size;
	uint8_t *mem;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return fail("/dev/kvm");
#if FLOOR_CPUID
	kvm_fd = kvm;
	start_cpuid();
#endif
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return fail("KVM_CREATE_VM");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap");
	memcpy(mem + CODE_ADDR, code, sizeof(code));
	slot.memory_size = MEM_SIZE;
	slot.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (int)sizeof(*run))
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return fail("mmap kvm_run");

#if FLOOR_CPUID
	if (set_cpuid(vcpu) < 0)
		return fail("KVM_GET_SUPPORTED_CPUID / KVM_SET_CPUID2");
#endif
	/* Real mode: CS = 0 so that CS:IP = 0:0x1000. */
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return fail("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		return fail("KVM_SET_SREGS");
	regs.rip = CODE_ADDR;
	regs.rflags = 0x2;
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		return fail("KVM_SET_REGS");

	if (ioctl(vcpu, KVM_RUN, 0) < 0)
		return fail("KVM_RUN");
	if (run->exit_reason != KVM_EXIT_IO || run->io.port != PORT ||
	    run->io.direction != KVM_EXIT_IO_OUT ||
	    *((uint8_t *)run + run->io.data_offset) != 0x37) {
		fprintf(stderr, "floor: unexpected exit: reason %u port 0x%x\n",
			run->exit_reason, run->io.port);
		return 1;
	}
	return 0;
}
