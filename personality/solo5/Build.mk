obj-$(CONFIG_PERSONALITY_SOLO5) += personality/solo5/solo5.o \
	personality/solo5/hypercalls.o personality/solo5/block.o \
	personality/solo5/net.o
