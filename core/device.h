/* SPDX-License-Identifier: MIT */
/*
 * The one registration mechanism: a device (a file in hw/) declares what it owns
 * (I/O ports, hypercall numbers, boot-info nodes, set-up and tear-down) in a
 * struct device and registers it with DEVICE_REGISTER. The linker gathers
 * the registrations into one section; core code walks it. A device that is
 * not configured is not compiled (obj-$(CONFIG_X)), so it is simply absent.
 */
#ifndef UNIMON_DEVICE_H
#define UNIMON_DEVICE_H

#include <stdint.h>

struct vm;
struct options;

/*
 * A system call the sandbox allows only with these argument values (each
 * condition: argument arg equals value, or with ne set differs from it;
 * all must hold). A number may have several rules (any one allows it);
 * a list ends with nr -1; a number with rules is not in a plain list.
 */
struct sys_rule {
	int nr;
	unsigned int nconds;
	struct {
		unsigned int arg;	/* 0..5 */
		int ne;
		uint64_t value;
	} cond[3];
};

/*
 * The lists a device declares (ports, hypercalls, options) end with an
 * entry whose handler is NULL: { 0 }. Handlers get the entry's ctx.
 */

/* Port I/O: data holds size bytes (1, 2 or 4), little-endian. */
struct pio_region {
	const char *node;	/* device-tree node under /ioport, e.g. "debugcon" */
	const char *compatible;
	uint16_t base;
	uint16_t len;
	void (*io)(struct vm *vm, void *ctx, uint16_t port, int is_write,
		   uint8_t *data, unsigned int size);
	void *ctx;
};

/* A hypercall: arg is the 32-bit value the guest wrote (an address). */
struct hypercall {
	const char *node;	/* device-tree node under /hypercall */
	unsigned int nr;
	void (*call)(struct vm *vm, void *ctx, uint32_t arg);
	void *ctx;
};

/*
 * A command-line option a device owns, e.g. --block NAME=PATH. parse runs
 * once per occurrence, before the VM exists, and may set what the monitor
 * takes from the options (o: e.g. the RAM size): 0, or an exit code after
 * one line on stderr (pr_err).
 */
struct dev_option {
	const char *name;	/* without the leading "--" */
	const char *arg;	/* argument synopsis for --help; NULL: none */
	const char *help;
	int (*parse)(struct options *o, const char *arg);
};

/*
 * When a device's hooks run relative to the others': init and start in
 * increasing order, crash and exit in decreasing order (what starts last
 * stops first); equal orders keep link order.
 */
enum device_order {
	DEVICE_ORDER_DEVICE = 0,	/* a device (the default) */
	/*
	 * Engines over what the devices registered in init: the wait
	 * hypercall (their wakeup sources), the queues' I/O thread (their
	 * queues; its exit drains them before the devices close).
	 */
	DEVICE_ORDER_ENGINE = 10,
	/* Debuggers: attach to the guest as it will run, leave first. */
	DEVICE_ORDER_DEBUG = 20,
};

struct device {
	const char *name;
	const char *summary;	/* one line for --help and --version */
	enum device_order order;
	const struct pio_region *pio;	/* NULL, or a list ending { 0 } */
	const struct hypercall *hc;	/* NULL, or a list ending { 0 } */
	/* Console rank: the highest-ranked console is /chosen/stdout-path. */
	int stdout_rank;
	/* Its console node, when not a port or hypercall node (fdt_nodes). */
	const char *stdout_node;
	int (*init)(struct vm *vm);
	const struct dev_option *opts;	/* NULL, or a list ending { 0 } */
	/* Extra properties for the device's node (offset of the node). */
	int (*fdt_props)(void *fdt, int node);
	/* Nodes of its own (e.g. one per attached disk): 0 or -FDT_ERR_*. */
	int (*fdt_nodes)(void *fdt);
	void (*exit)(struct vm *vm);
	/*
	 * Called after the vCPU is set up, before the sandbox and the first
	 * guest instruction (e.g. to wait for a debugger): 0 or an exit code.
	 */
	int (*start)(struct vm *vm);
	/* Called when the guest crashed (exit codes 80-83), before tear-down. */
	void (*crash)(struct vm *vm);
	/* Handles KVM_EXIT_DEBUG; the first device that has it gets them. */
	void (*debug_exit)(struct vm *vm);
	/*
	 * A #BP or #DB the guest took through its IDT (vector 3 or 1), or
	 * an int3 the host could not run (vector 3), with the guest's
	 * registers as the CPU left them: 1 if the device took it (a
	 * debugger with a connection), 0 to let it crash the guest.
	 */
	int (*trap)(struct vm *vm, int vector);
	/*
	 * CPU features the guest should see where the host CPU has them,
	 * even if KVM does not list them (the arch's names, e.g. "rdrand";
	 * ending with NULL): the arch's vCPU set-up adds them.
	 */
	const char *const *cpu_features;
	/*
	 * System calls it makes while the guest runs (SYS_* numbers from
	 * <sys/syscall.h>, ending with -1), kept by the seccomp sandbox
	 * (monitor/sandbox.c).
	 */
	const int *syscalls;
	/* System calls it makes only with known arguments (ending nr -1). */
	const struct sys_rule *syscall_rules;
	/*
	 * KVM ioctl requests it makes while the guest runs (ending with 0):
	 * the sandbox keeps ioctl() for exactly these requests.
	 */
	const unsigned long *ioctls;
};

/* Walk the linker-made table of registrations. */
#define REGISTRY_ENTRY(set, type, var)                                        \
	static const type *const __reg_##set##_##var                           \
		__attribute__((used, section("unimon_" #set),                  \
			       aligned(sizeof(void *)))) = &var
#define REGISTRY_DECLARE(set, type)                                           \
	extern const type *const __start_unimon_##set[]                        \
		__attribute__((weak));                                         \
	extern const type *const __stop_unimon_##set[] __attribute__((weak))
#define for_each_registered(set, type, it)                                    \
	for (const type *const *it = __start_unimon_##set;                     \
	     it && it < __stop_unimon_##set; it++)

/* Walk one device's lists (each ends with a NULL handler). */
#define for_each_pio(dev, p)                                                  \
	for (const struct pio_region *p = (dev)->pio; p && p->io; p++)
#define for_each_hc(dev, h)                                                   \
	for (const struct hypercall *h = (dev)->hc; h && h->call; h++)
#define for_each_opt(dev, o)                                                  \
	for (const struct dev_option *o = (dev)->opts; o && o->parse; o++)

#define DEVICE_REGISTER(dev) REGISTRY_ENTRY(devices, struct device, dev)
REGISTRY_DECLARE(devices, struct device);
#define for_each_device(it) for_each_registered(devices, struct device, it)

#endif
