obj-$(CONFIG_PERSONALITY_UNIMON) += personality/unimon.o boot/bootinfo.o
include personality/linux/Build.mk
include personality/solo5/Build.mk
