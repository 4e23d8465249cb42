obj-y += arch/x86/cpu.o arch/x86/regs.o
obj-$(CONFIG_CPUID_CACHE) += arch/x86/cpuid-cache.o
obj-$(CONFIG_ENTRY_LONG) += arch/x86/longmode.o arch/x86/pagetable.o \
	arch/x86/exception.o arch/x86/breakpoint.o
obj-$(CONFIG_ENTRY_SOLO5) += arch/x86/solo5.o arch/x86/breakpoint.o
obj-$(CONFIG_ENTRY_REAL) += arch/x86/realmode.o
obj-$(CONFIG_PERSONALITY_LINUX) += arch/x86/syscall.o
obj-$(if $(CONFIG_DUMPCORE)$(CONFIG_PERSONALITY_LINUX),y) += arch/x86/crash.o
obj-$(CONFIG_GDBSTUB) += arch/x86/gdb.o
obj-$(if $(CONFIG_GDBSTUB),$(CONFIG_ENTRY_SOLO5)) += arch/x86/int3-probe.o
