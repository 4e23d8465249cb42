// SPDX-License-Identifier: MIT
/* Creating the VM through /dev/kvm: one memory slot, one vCPU. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "core/error.h"
#include "core/vm.h"
#include "monitor/kvm.h"
#include "unimon/abi.h"

#define NOKVM_HINT "; or run it through scripts/kvm-run (an emulated machine)"

/* Why /dev/kvm cannot be used, with what to do about it. */
static int no_kvm(int err)
{
	if (err == ENOENT || err == ENXIO || err == ENODEV)
		err__set("no /dev/kvm on this host: load kvm_intel or kvm_amd "
			 "(modprobe), or enable virtualization" NOKVM_HINT);
	else if (err == EACCES || err == EPERM)
		err__set("/dev/kvm: permission denied: join its group "
			 "(usually kvm) or run as root" NOKVM_HINT);
	else if (err == ENOTBLK)
		err__set("/dev/kvm is not a character device: remove it and "
			 "load kvm_intel or kvm_amd" NOKVM_HINT);
	else if (err == ENOTTY)
		err__set("/dev/kvm is not KVM (KVM_GET_API_VERSION: %s)"
			 NOKVM_HINT, strerror(err));
	else
		err__set("/dev/kvm: %s" NOKVM_HINT, strerror(err));
	return UNIMON_EXIT_NOKVM;
}

static int open_kvm(struct vm *vm)
{
	struct stat st;
	int version;

	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		return no_kvm(errno);
	/* ENOTBLK stands for "not a character device" here. */
	if (fstat(vm->kvm_fd, &st) || !S_ISCHR(st.st_mode))
		return no_kvm(ENOTBLK);
	version = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (version < 0)
		return no_kvm(errno);
	if (version != KVM_API_VERSION)
		return err__set("KVM API version %d, expected %d", version,
				KVM_API_VERSION);
	stats__phase(&vm->stats, PHASE_KVM_OPEN);
	return 0;
}

/* 0; UNIMON_EXIT_NOKVM without a usable /dev/kvm; -1 on other errors. */
int kvm__create(struct vm *vm)
{
	struct kvm_userspace_memory_region slot = {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = vm->mem.size,
		.userspace_addr = (uintptr_t)vm->mem.base,
	};
	int run_size, rc;

	vm->vm_fd = vm->vcpu_fd = -1;
	rc = open_kvm(vm);
	if (rc)
		return rc;
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		return err__set("KVM_CREATE_VM: %s", strerror(errno));
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		return err__set("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
	vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0)
		return err__set("KVM_CREATE_VCPU: %s", strerror(errno));
	run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (int)sizeof(struct kvm_run))
		return err__set("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
	vm->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED) {
		vm->run = NULL;
		return err__set("mmap of the vCPU: %s", strerror(errno));
	}
	vm->run_size = run_size;
	/* The TSC frequency goes to the guest; 0 means unknown. */
	run_size = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
	vm->tsc_khz = run_size > 0 ? run_size : 0;
	stats__phase(&vm->stats, PHASE_VM_CREATE);
	return 0;
}

void kvm__destroy(struct vm *vm)
{
	if (vm->run)
		munmap(vm->run, vm->run_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	gmem__exit(&vm->mem);
}
