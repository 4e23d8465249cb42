/* SPDX-License-Identifier: MIT */
/* The state of one virtual machine, shared by every layer. */
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
	uint64_t ram_size;	/* bytes: CONFIG_RAM_SIZE_MB unless an option said */
	int stats;
	int check_layout;
};

/*
 * A crash of the guest as far as it is known, for the reports and the
 * post-mortem tools (--dumpcore): filled by the arch code that decodes
 * it. For an exception, the state the CPU saved at the fault, not the
 * monitor's stub. The full register file is the arch's own (arch.h).
 */
struct crash {
	int valid;
	int lost;		/* KVM reset the vCPU: the state is unknown */
	int vector;		/* exception vector, or -1 (no exception) */
	uint64_t error;		/* the exception's error code, or 0 */
	uint64_t pc;		/* the faulting instruction */
	uint64_t fault_addr;	/* a page fault's address (x86: CR2) */
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
	struct crash crash;
};

/*
 * Stop the guest: the run loop returns and the monitor exits with code.
 * msg (printf format, may be NULL) is printed as one line on stderr.
 */
void vm__stop(struct vm *vm, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
