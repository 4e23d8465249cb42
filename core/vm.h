/* SPDX-License-Identifier: MIT */
/* The state of one virtual machine, shared by core, arch, boot and hw. */
#ifndef UNIMON_VM_H
#define UNIMON_VM_H

#include <stddef.h>
#include <stdint.h>
#include "core/guestmem.h"
#include "core/stats.h"

struct kvm_run;
struct embedded_image;

struct options {
	const char *image;	/* path, or the embedded image's name */
	const struct embedded_image *embedded; /* boot this, not a file */
	int guest_argc;		/* guest_argv[0] is the image path */
	char **guest_argv;
	double timeout;		/* seconds, 0 = none */
	int stats;
	int check_layout;
};

/*
 * The guest's CPU state where it crashed, for post-mortem tools
 * (--dumpcore): filled by the arch code that reports the crash. For an
 * exception, the state the CPU saved at the fault, not the monitor's stub.
 */
struct crash_regs {
	int valid;
	int lost;		/* KVM reset the vCPU: the state is unknown */
	int vector;		/* exception vector, or -1 (no exception) */
	uint64_t error;		/* the exception's error code, or 0 */
	uint64_t gpr[16];	/* rax rcx rdx rbx rsp rbp rsi rdi r8..r15 */
	uint64_t rip, rflags, cr2;
	uint64_t cs, ss, ds, es, fs, gs;	/* selectors */
	uint64_t fs_base, gs_base;
};

struct vm {
	int kvm_fd;
	int vm_fd;
	int vcpu_fd;
	struct kvm_run *run;
	size_t run_size;
	struct gmem mem;
	const struct options *opts;
	uint64_t entry;		/* guest entry point */
	uint32_t tsc_khz;	/* 0 if unknown */
	int stopped;
	int stopped_by_signal;	/* a signal or --timeout ended the guest */
	int exit_code;
	struct stats stats;
	struct crash_regs crash;
};

/*
 * Stop the guest: the run loop returns and the monitor exits with code.
 * msg (printf format, may be NULL) is printed as one line on stderr.
 */
void vm__stop(struct vm *vm, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* 0; UNIMON_EXIT_NOKVM without a usable /dev/kvm; -1 on other errors. */
int vm__create(struct vm *vm);
void vm__destroy(struct vm *vm);

#endif
