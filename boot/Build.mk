obj-y += boot/loader.o boot/bootinfo.o
obj-$(CONFIG_IMAGE_ELF) += boot/elf.o
obj-$(CONFIG_IMAGE_FLAT) += boot/flat.o
obj-$(CONFIG_APPLIANCE) += boot/embedded.o
