// SPDX-License-Identifier: MIT
/*
 * unimon: the monitor's life, in the one direction data flows:
 * CLI -> layout (RAM size, regions) and its checks -> memory -> image
 * -> KVM -> devices -> vCPU state -> the personality's boot -> run loop
 * (bus -> devices) -> exit code.
 */
#include "arch/arch.h"
#include "boot/loader.h"
#include "core/console-out.h"
#include "core/device.h"
#include "core/error.h"
#include "core/layout.h"
#include "core/stop.h"
#include "core/vm.h"
#include "monitor/bus.h"
#include "monitor/cli.h"
#include "monitor/kvm.h"
#include "monitor/layout.h"
#include "monitor/run.h"
#include "monitor/sandbox.h"
#include "personality/personality.h"
#include "unimon/abi.h"

#define MAX_DEVICES 64

/* The devices sorted by .order (struct device), stable. */
static const struct device *devices[MAX_DEVICES];
static unsigned int ndevices;

static int sort_devices(void)
{
	unsigned int i;

	ndevices = 0;
	for_each_device(d) {
		if (ndevices == MAX_DEVICES)
			return err__set("more than %d devices", MAX_DEVICES);
		/* Insertion sort, stable: equal orders keep link order. */
		for (i = ndevices++; i > 0 && devices[i - 1]->order > (*d)->order;
		     i--)
			devices[i] = devices[i - 1];
		devices[i] = *d;
	}
	return 0;
}

/* Each device's init (start: its start) hook, in order: 0 or an exit code. */
static int devices_up(struct vm *vm, int start)
{
	unsigned int i;

	for (i = 0; i < ndevices; i++) {
		int (*hook)(struct vm *) = start ? devices[i]->start :
						   devices[i]->init;
		int rc = hook ? hook(vm) : 0;

		if (rc)
			return rc;
	}
	return 0;
}

/* Each device's exit (crash: its crash) hook, in reverse order. */
static void devices_down(struct vm *vm, int crash)
{
	unsigned int i;

	for (i = ndevices; i-- > 0;) {
		void (*hook)(struct vm *) = crash ? devices[i]->crash :
						    devices[i]->exit;

		if (hook)
			hook(vm);
	}
}

/*
 * Exception (the arch kept the registers), triple fault, emulation
 * failure, bad hypercall struct: the crash hooks (a core file).
 */
static int crashed(const struct vm *vm)
{
	return vm->crash.valid || (vm->exit_code >= UNIMON_EXIT_EXCEPTION &&
				   vm->exit_code <= UNIMON_EXIT_BAD_HYPERCALL);
}

/* Everything before the first guest instruction; 0 or an exit code. */
static int setup(struct vm *vm, const struct options *o)
{
	struct load_info li;
	int rc;

	if (gmem__init(&vm->mem, o->ram_size)) {
		pr_err("cannot map %llu MiB of guest RAM",
		       (unsigned long long)(o->ram_size >> 20));
		return UNIMON_EXIT_MONITOR;
	}
	stats__phase(&vm->stats, PHASE_MEMORY);
	rc = o->embedded ? loader__load_embedded(o->embedded, &vm->mem, &li) :
			   loader__load_file(o->image, &vm->mem, &li);
	if (!rc)
		rc = personality__image(&li, o->image);
	if (rc)
		return rc;
	stats__phase(&vm->stats, PHASE_IMAGE);
	rc = kvm__create(vm);
	if (rc || stop__init(vm)) {
		pr_err("%s", err__msg());
		return rc > 0 ? rc : UNIMON_EXIT_MONITOR;
	}
	rc = devices_up(vm, 0);
	if (rc)
		return rc;
	stats__phase(&vm->stats, PHASE_DEVICES);
	if (arch__setup_vcpu(vm, &li, personality__ram_unmapped)) {
		pr_err("%s", err__msg());
		return UNIMON_EXIT_MONITOR;
	}
	stats__phase(&vm->stats, PHASE_VCPU);
	rc = personality__boot(vm, &li);
	stats__phase(&vm->stats, PHASE_BOOTINFO);
	return rc;
}

static int run(int argc, char **argv)
{
	struct options o;
	struct vm vm = { .kvm_fd = -1, .vm_fd = -1, .vcpu_fd = -1, .opts = &o };
	int rc;

	if (cli__parse(argc, argv, &o, &rc) == CLI_EXIT)
		return rc;
	if (monitor__layout(o.ram_size) || bus__init() || sort_devices()) {
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
		rc = devices_up(&vm, 1);
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
		if (crashed(&vm))
			devices_down(&vm, 1);
	}
	stop__detach();
	vm.stats.dev_exit_ns = now_ns();
	devices_down(&vm, 0);
	conout__flush();
	vm.stats.teardown_ns = now_ns();
	vm.stats.dev_exit_ns = vm.stats.teardown_ns - vm.stats.dev_exit_ns;
	kvm__destroy(&vm);
	vm.stats.teardown_ns = now_ns() - vm.stats.teardown_ns;
	if (o.stats)
		stats__print(&vm.stats);
	return rc;
}

int main(int argc, char **argv)
{
	return personality__exit_status(run(argc, argv));
}
