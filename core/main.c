// SPDX-License-Identifier: MIT
/*
 * unimon: the monitor's life, in the one direction data flows:
 * CLI -> config checks -> memory -> image -> KVM -> devices -> boot info
 * -> vCPU state -> run loop (bus -> devices) -> exit code.
 */
#include "arch/arch.h"
#include "boot/loader.h"
#include "core/bus.h"
#include "core/cli.h"
#include "core/device.h"
#include "core/error.h"
#include "core/layout.h"
#include "core/output.h"
#include "core/personality.h"
#include "core/run.h"
#include "core/sandbox.h"
#include "core/vm.h"
#include "unimon/abi.h"

static int devices_init(struct vm *vm)
{
	for_each_device(d) {
		int rc = (*d)->init ? (*d)->init(vm) : 0;

		if (rc)
			return rc;
	}
	return 0;
}

static int devices_start(struct vm *vm)
{
	for_each_device(d) {
		int rc = (*d)->start ? (*d)->start(vm) : 0;

		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Exception (the arch kept the registers), triple fault, emulation
 * failure, bad hypercall struct.
 */
static void devices_crash(struct vm *vm)
{
	if (!vm->crash.valid && (vm->exit_code < UNIMON_EXIT_EXCEPTION ||
				 vm->exit_code > UNIMON_EXIT_BAD_HYPERCALL))
		return;
	for_each_device(d)
		if ((*d)->crash)
			(*d)->crash(vm);
}

static void devices_exit(struct vm *vm)
{
	for_each_device(d)
		if ((*d)->exit)
			(*d)->exit(vm);
}

/* Everything before the first guest instruction; 0 or an exit code. */
static int setup(struct vm *vm, const struct options *o)
{
	struct load_info li;
	int rc;

	if (gmem__init(&vm->mem, RAM_SIZE)) {
		pr_err("cannot map %d MiB of guest RAM", CONFIG_RAM_SIZE_MB);
		return UNIMON_EXIT_MONITOR;
	}
	stats__phase(&vm->stats, PHASE_MEMORY);
	rc = o->embedded ? loader__load_embedded(o->embedded, &vm->mem, &li) :
			   loader__load_file(o->image, &vm->mem, &li);
	if (rc)
		return rc;
	stats__phase(&vm->stats, PHASE_IMAGE);
	rc = vm__create(vm);
	if (rc || run__signals(vm)) {
		pr_err("%s", err__msg());
		return rc > 0 ? rc : UNIMON_EXIT_MONITOR;
	}
	rc = devices_init(vm);
	if (rc)
		return rc;
	stats__phase(&vm->stats, PHASE_DEVICES);
	if (arch__setup_vcpu(vm, &li)) {
		pr_err("%s", err__msg());
		return UNIMON_EXIT_MONITOR;
	}
	stats__phase(&vm->stats, PHASE_VCPU);
	rc = personality__boot(vm, &li);
	stats__phase(&vm->stats, PHASE_BOOTINFO);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	struct vm vm = { .kvm_fd = -1, .vm_fd = -1, .vcpu_fd = -1, .opts = &o };
	int rc = cli__parse(argc, argv, &o);

	if (rc >= 0)
		return rc;
	if (layout__check() || bus__init()) {
		pr_err("bad build configuration: %s", err__msg());
		return UNIMON_EXIT_CONFIG;
	}
	if (o.check_layout)
		return loader__check_embedded();
	stats__start(&vm.stats);
	rc = setup(&vm, &o);
	if (!rc && layout__add_holes(&vm.mem)) {
		pr_err("bad build configuration: %s", err__msg());
		rc = UNIMON_EXIT_CONFIG;
	}
	if (!rc) {
		rc = devices_start(&vm);
		stats__phase(&vm.stats, PHASE_START);
	}
	if (!rc) {
		/*
		 * The sandbox, if built in: after set-up, before the guest,
		 * for every thread (a device's start hook may have made one).
		 */
		if (sandbox__enter && sandbox__enter()) {
			pr_err("%s", err__msg());
			rc = UNIMON_EXIT_MONITOR;
		}
		stats__phase(&vm.stats, PHASE_SANDBOX);
	}
	if (!rc) {
		run__loop(&vm);
		rc = vm.exit_code;
		devices_crash(&vm);
	}
	run__detach();
	vm.stats.dev_exit_ns = now_ns();
	devices_exit(&vm);
	out__flush();
	vm.stats.teardown_ns = now_ns();
	vm.stats.dev_exit_ns = vm.stats.teardown_ns - vm.stats.dev_exit_ns;
	vm__destroy(&vm);
	vm.stats.teardown_ns = now_ns() - vm.stats.teardown_ns;
	if (o.stats)
		stats__print(&vm.stats);
	return rc;
}
