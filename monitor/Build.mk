# monitor/: the program's flow (main, command line, layout, KVM, run loop,
# bus) and the sandbox it enters before the guest.
obj-y += monitor/main.o monitor/cli.o monitor/layout.o monitor/kvm.o \
	monitor/run.o monitor/bus.o
# The seccomp filter is written by monitor/sandbox.c itself: no libseccomp.
obj-$(CONFIG_SANDBOX) += monitor/sandbox.o
