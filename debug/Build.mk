# debug/: the optional debugging tools, devices like hw/'s.
obj-$(CONFIG_DUMPCORE) += debug/dumpcore.o
obj-$(CONFIG_GDBSTUB) += debug/gdbstub.o debug/gdb-packet.o debug/gdb-bp.o \
	debug/gdb-mem.o
obj-$(CONFIG_DEBUG_SANDBOX_TEST) += debug/sandbox-test.o
