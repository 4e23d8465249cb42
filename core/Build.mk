obj-y += core/main.o core/cli.o core/error.o core/guestmem.o core/layout.o \
	core/vm.o core/run.o core/bus.o core/hypercall.o core/output.o \
	core/stats.o core/waitsrc.o core/strutil.o
obj-$(CONFIG_SANDBOX) += core/sandbox.o
obj-$(CONFIG_DUMPCORE) += core/dumpcore.o
obj-$(CONFIG_GDBSTUB) += core/gdbstub.o
obj-$(CONFIG_CPUID_CACHE) += core/cache.o
# The seccomp filter is written by core/sandbox.c itself: no libseccomp.
