# core/: the base services every layer above uses.
obj-y += core/error.o core/guestmem.o core/layout.o core/vm.o core/stop.o \
	core/hypercall.o core/console-out.o core/stats.o core/wakeup.o \
	core/strutil.o
obj-$(CONFIG_QUEUES) += core/queue.o
obj-$(if $(CONFIG_NET)$(CONFIG_PERSONALITY_SOLO5),y) += core/tap.o
