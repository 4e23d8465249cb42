# First: its exit hook must drain the queues before the devices close.
obj-$(CONFIG_QUEUES) += core/queue.o
obj-$(CONFIG_DEBUGCON) += hw/debugcon.o
obj-$(CONFIG_SERIAL_16550) += hw/ns16550.o
obj-$(CONFIG_HC_CONSOLE) += $(if $(CONFIG_CONSOLE_QUEUE),hw/console-queue.o,hw/console.o)
obj-$(CONFIG_HC_CLOCK) += hw/clock.o
obj-$(CONFIG_HC_EXIT) += hw/exit.o
obj-$(CONFIG_HC_NOOP) += hw/noop.o
obj-$(CONFIG_EXIT_PORT) += hw/exitport.o
obj-$(CONFIG_BLOCK) += hw/block.o $(if $(CONFIG_BLOCK_QUEUE),hw/block-queue.o,hw/block-hc.o)
obj-$(CONFIG_NET) += hw/net.o $(if $(CONFIG_NET_QUEUE),hw/net-queue.o,hw/net-hc.o)
obj-$(CONFIG_RNG) += hw/rng.o
# Last: its init watches the wait sources the devices above registered.
obj-$(CONFIG_WAIT) += hw/wait.o
obj-$(CONFIG_DEBUG_SANDBOX_TEST) += hw/sandboxtest.o
