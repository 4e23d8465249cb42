obj-$(CONFIG_PERSONALITY_UNIMON) += personality/unimon.o boot/bootinfo.o
obj-$(if $(CONFIG_PERSONALITY_UNIMON)$(CONFIG_PERSONALITY_LINUX),y) += \
	personality/defaults.o
include personality/linux/Build.mk
include personality/solo5/Build.mk
