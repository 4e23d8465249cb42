// SPDX-License-Identifier: MIT
/* Creating the VM through /dev/kvm: one memory slot, one vCPU. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "core/error.h"
#include "core/vm.h"

void vm__stop(struct vm *vm, int code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (vm->stopped)
		return;
	vm->stopped = 1;
	vm->exit_code = code;
	if (!fmt)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("%s", msg);
}

static int open_kvm(struct vm *vm)
{
	int version;

	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		return err__set("cannot open /dev/kvm: %s", strerror(errno));
	version = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION)
		return err__set("KVM API version %d, expected %d", version,
				KVM_API_VERSION);
	stats__phase(&vm->stats, PHASE_KVM_OPEN);
	return 0;
}

int vm__create(struct vm *vm)
{
	struct kvm_userspace_memory_region slot = {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = vm->mem.size,
		.userspace_addr = (uintptr_t)vm->mem.base,
	};
	int run_size;

	vm->vm_fd = vm->vcpu_fd = -1;
	if (open_kvm(vm))
		return -1;
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

void vm__destroy(struct vm *vm)
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
