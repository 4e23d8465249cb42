obj-y += boot/loader.o
obj-$(CONFIG_IMAGE_ELF) += boot/elf.o
obj-$(CONFIG_IMAGE_FLAT) += boot/flat.o
obj-$(CONFIG_APPLIANCE) += boot/embedded.o
