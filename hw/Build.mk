# hw/: one file per device (a transport of its own where it has two);
# the order hooks run in is each device's .order, not this list's.
obj-$(CONFIG_DEBUGCON) += hw/debugcon.o
obj-$(CONFIG_SERIAL_16550) += hw/ns16550.o
obj-$(CONFIG_HC_CONSOLE) += $(if $(CONFIG_CONSOLE_QUEUE),hw/console-queue.o,hw/console.o)
obj-$(CONFIG_HC_CLOCK) += hw/clock.o
obj-$(CONFIG_HC_EXIT) += hw/exit-hc.o
obj-$(CONFIG_HC_NOOP) += hw/noop-hc.o
obj-$(CONFIG_EXIT_PORT) += hw/exit-port.o
obj-$(CONFIG_BLOCK) += hw/block.o $(if $(CONFIG_BLOCK_QUEUE),hw/block-queue.o,hw/block-hc.o)
obj-$(CONFIG_NET) += hw/net.o $(if $(CONFIG_NET_QUEUE),hw/net-queue.o,hw/net-hc.o)
obj-$(CONFIG_RNG) += hw/rng.o
obj-$(CONFIG_WAIT) += hw/wait-hc.o
