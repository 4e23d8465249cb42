obj-$(CONFIG_PERSONALITY_LINUX) += personality/linux/linux.o \
	personality/linux/stack.o personality/linux/mm.o \
	personality/linux/trace.o personality/linux/sys_process.o
obj-$(CONFIG_LINUX_SYS_STDIO) += personality/linux/fd.o \
	personality/linux/sys_stdio.o
obj-$(CONFIG_LINUX_SYS_MEMORY) += personality/linux/sys_memory.o
obj-$(CONFIG_LINUX_SYS_TIME) += personality/linux/sys_time.o
obj-$(CONFIG_LINUX_SYS_RANDOM) += personality/linux/sys_random.o
obj-$(CONFIG_LINUX_SYS_FILES) += personality/linux/sys_files.o
