// SPDX-License-Identifier: MIT
/*
 * kvm-debug-probe: does this /dev/kvm honour KVM_SET_GUEST_DEBUG? Three
 * checks on a tiny real-mode guest (nop; int3; nop; hlt at 0x1000):
 *   sw-bp      KVM_GUESTDBG_USE_SW_BP: int3 must exit with KVM_EXIT_DEBUG
 *              (exception 3) at 0x1001
 *   hw-bp      KVM_GUESTDBG_USE_HW_BP, DR0 = 0x1002 (the second nop):
 *              KVM_EXIT_DEBUG (exception 1) at 0x1002
 *   singlestep KVM_GUESTDBG_SINGLESTEP: KVM_EXIT_DEBUG after one
 *              instruction, at 0x1001
 * Prints one line per check, "ok" or what happened instead; exits 1 if
 * any failed. docs/VM.md has what it printed on PVM and in the emulated
 * machine (QEMU TCG's nested SVM).
 *   gcc -O2 -o kvm-debug-probe tests/vm/kvm-debug-probe.c
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

static const unsigned char code[] = { 0x90, 0xcc, 0x90, 0xf4 };

static int check(int kvm, const char *name, unsigned int control,
		 unsigned long long dr0, unsigned long long want_rip, int want_exc)
{
	struct kvm_userspace_memory_region mr = { 0 };
	struct kvm_guest_debug dbg;
	struct kvm_sregs s;
	struct kvm_regs r;
	struct kvm_run *run;
	unsigned char *mem;
	int vm, cpu, ok;

	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	mem = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (vm < 0 || mem == MAP_FAILED)
		return perror("KVM_CREATE_VM/mmap"), 0;
	memcpy(mem + 0x1000, code, sizeof(code));
	mr.memory_size = 0x10000;
	mr.userspace_addr = (unsigned long)mem;
	cpu = ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mr) < 0 ? -1 :
	      ioctl(vm, KVM_CREATE_VCPU, 0);
	if (cpu < 0)
		return perror("KVM_CREATE_VCPU"), 0;
	run = mmap(NULL, ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0),
		   PROT_READ | PROT_WRITE, MAP_SHARED, cpu, 0);
	ioctl(cpu, KVM_GET_SREGS, &s);
	s.cs.base = 0;
	s.cs.selector = 0;
	ioctl(cpu, KVM_SET_SREGS, &s);
	memset(&r, 0, sizeof(r));
	r.rip = 0x1000;
	r.rflags = 2;
	ioctl(cpu, KVM_SET_REGS, &r);
	memset(&dbg, 0, sizeof(dbg));
	dbg.control = KVM_GUESTDBG_ENABLE | control;
	dbg.arch.debugreg[0] = dr0;
	dbg.arch.debugreg[7] = dr0 ? 1 : 0;
	if (ioctl(cpu, KVM_SET_GUEST_DEBUG, &dbg) < 0)
		return perror("KVM_SET_GUEST_DEBUG"), 0;
	alarm(2);
	if (ioctl(cpu, KVM_RUN, 0) < 0) {
		ioctl(cpu, KVM_GET_REGS, &r);
		printf("%-10s FAIL: no exit in 2 s (%s), rip 0x%llx\n", name,
		       strerror(errno), (unsigned long long)r.rip);
		return 0;
	}
	alarm(0);
	ioctl(cpu, KVM_GET_REGS, &r);
	ok = run->exit_reason == KVM_EXIT_DEBUG &&
	     run->debug.arch.exception == (unsigned int)want_exc &&
	     run->debug.arch.pc == want_rip;
	if (ok)
		printf("%-10s ok\n", name);
	else if (run->exit_reason == KVM_EXIT_DEBUG)
		printf("%-10s FAIL: debug exit, exception %u at 0x%llx\n", name,
		       run->debug.arch.exception,
		       (unsigned long long)run->debug.arch.pc);
	else
		printf("%-10s FAIL: no debug exit: exit reason %u, rip 0x%llx\n",
		       name, run->exit_reason, (unsigned long long)r.rip);
	close(cpu);
	close(vm);
	munmap(mem, 0x10000);
	return ok;
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int kvm = open("/dev/kvm", O_RDWR), n = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	sigaction(SIGALRM, &sa, NULL);

	if (kvm < 0)
		return perror("/dev/kvm"), 2;
	n += check(kvm, "sw-bp", KVM_GUESTDBG_USE_SW_BP, 0, 0x1001, 3);
	n += check(kvm, "hw-bp", KVM_GUESTDBG_USE_HW_BP, 0x1002, 0x1002, 1);
	n += check(kvm, "singlestep", KVM_GUESTDBG_SINGLESTEP, 0, 0x1001, 1);
	return n == 3 ? 0 : 1;
}
