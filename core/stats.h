/* SPDX-License-Identifier: MIT */
/* --stats: exits by reason, time in the guest, start-up phases. */
#ifndef UNIMON_STATS_H
#define UNIMON_STATS_H

#include <stdint.h>
#include <time.h>
#include "unimon/abi.h"

enum stat_exit {
	EXIT_HYPERCALL,
	EXIT_PIO,		/* a device's port */
	EXIT_UNCLAIMED,		/* port or MMIO nobody owns */
	EXIT_MMIO,
	EXIT_HLT,
	EXIT_SHUTDOWN,
	EXIT_INTERNAL,
	EXIT_SIGNAL,		/* KVM_RUN interrupted (timeout, signal) */
	EXIT_OTHER,
	EXIT__COUNT
};

enum stat_phase {
	PHASE_MEMORY,
	PHASE_IMAGE,
	PHASE_KVM_OPEN,
	PHASE_VM_CREATE,
	PHASE_DEVICES,
	PHASE_BOOTINFO,
	PHASE_VCPU,		/* page tables, GDT/TSS/IDT, registers */
	PHASE_CPUID,		/* part of the vCPU set-up: CPUID, XCR0, FPU */
	PHASE_START,		/* the devices' start hooks */
	PHASE_SANDBOX,
	PHASE_FIRST_EXIT,	/* first KVM_RUN: entry to the first exit */
	PHASE__COUNT
};

struct stats {
	uint64_t exits[EXIT__COUNT];
	uint64_t hypercalls[UNIMON_HC_MAX];
	uint64_t phase_ns[PHASE__COUNT];
	uint64_t mark_ns;	/* end of the last phase */
	uint64_t start_ns;
	uint64_t guest_ns;	/* inside KVM_RUN */
	uint64_t dev_exit_ns;	/* the devices' exit hooks */
	uint64_t teardown_ns;	/* closing the VM and unmapping RAM */
};

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

void stats__start(struct stats *s);
/* The phase p ends now (a phase marked twice adds up both parts). */
void stats__phase(struct stats *s, enum stat_phase p);
void stats__print(const struct stats *s);

#endif
