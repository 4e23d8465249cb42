// SPDX-License-Identifier: MIT
#include <stdio.h>
#include "core/stats.h"

static const char *const exit_names[EXIT__COUNT] = {
	[EXIT_HYPERCALL] = "hypercall",	[EXIT_PIO] = "port-io",
	[EXIT_UNCLAIMED] = "unclaimed",	[EXIT_MMIO] = "mmio",
	[EXIT_HLT] = "hlt",		[EXIT_SHUTDOWN] = "shutdown",
	[EXIT_INTERNAL] = "internal-error", [EXIT_SIGNAL] = "signal",
	[EXIT_OTHER] = "other",
};

static const char *const phase_names[PHASE__COUNT] = {
	[PHASE_MEMORY] = "memory",	 [PHASE_IMAGE] = "load-image",
	[PHASE_KVM_OPEN] = "open-kvm",	 [PHASE_VM_CREATE] = "create-vm",
	[PHASE_DEVICES] = "devices",
	[PHASE_BOOTINFO] = "boot-info", [PHASE_VCPU] = "vcpu-setup",
	[PHASE_CPUID] = "cpuid",	 [PHASE_START] = "start",
	[PHASE_SANDBOX] = "sandbox",	 [PHASE_FIRST_EXIT] = "first-exit",
};

void stats__start(struct stats *s)
{
	s->start_ns = s->mark_ns = now_ns();
}

void stats__phase(struct stats *s, enum stat_phase p)
{
	uint64_t t = now_ns();

	s->phase_ns[p] += t - s->mark_ns;
	s->mark_ns = t;
}

static double ms(uint64_t ns)
{
	return ns / 1e6;
}

void stats__print(const struct stats *s)
{
	uint64_t total = now_ns() - s->start_ns, n = 0;
	int i;

	fprintf(stderr, "unimon stats:\n  start-up (ms):");
	for (i = 0; i < PHASE__COUNT; i++)
		fprintf(stderr, " %s %.3f", phase_names[i], ms(s->phase_ns[i]));
	fprintf(stderr, "\n  time (ms): total %.3f, in guest %.3f, in monitor %.3f"
		" (of which VM teardown %.3f, devices' exit %.3f)\n", ms(total),
		ms(s->guest_ns), ms(total - s->guest_ns), ms(s->teardown_ns),
		ms(s->dev_exit_ns));
	for (i = 0; i < EXIT__COUNT; i++)
		n += s->exits[i];
	fprintf(stderr, "  exits: %llu\n", (unsigned long long)n);
	for (i = 0; i < EXIT__COUNT; i++)
		if (s->exits[i])
			fprintf(stderr, "    %-15s %llu\n", exit_names[i],
				(unsigned long long)s->exits[i]);
	for (i = 0; i < UNIMON_HC_MAX; i++)
		if (s->hypercalls[i])
			fprintf(stderr, "    hypercall %-5d %llu\n", i,
				(unsigned long long)s->hypercalls[i]);
}
