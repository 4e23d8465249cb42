# unimon: a small KVM monitor, configured with Kconfig at build time.
# Run `make help` for the targets. Output goes to $(O) (default build/).

O ?= build
override O := $(patsubst %/,%,$(O))
srctree := $(CURDIR)
SDK_O ?= build/sdk
CC := gcc
PYTHON := /usr/bin/python3
KCONFIG_FILES := Kconfig $(wildcard */Kconfig */*/Kconfig)
KCONF = cd $(O) && srctree=$(srctree) KCONFIG_CONFIG=.config
Q := @

CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wshadow -Wno-unused-parameter \
	-fno-strict-aliasing -fno-asynchronous-unwind-tables -fno-pie \
	-D_GNU_SOURCE -MMD -MP \
	-I$(O)/include/generated -include autoconf.h \
	-I. -Iinclude -Iguest-sdk/include $(EXTRA_CFLAGS)
# Size: no PIE (fewer relocations at start-up too), no page padding
# between text and the other segments.
LDFLAGS := -no-pie -Wl,--gc-sections -Wl,-z,noexecstack \
	-Wl,-z,noseparate-code $(EXTRA_LDFLAGS)
LDLIBS = -lfdt $(libs-y)

.DEFAULT_GOAL := all
.PHONY: all help clean distclean menuconfig nconfig olddefconfig \
	savedefconfig run check bench fuzz deps deps-test sdk examples unit-tests \
	print-unit-tests print-lib-srcs mutate FORCE

# Configuration -------------------------------------------------------

%_defconfig: FORCE
	$(Q)test -f configs/$@ || { echo "unimon: no such configuration: configs/$@" >&2; exit 1; }
	$(Q)mkdir -p $(O)/include/config $(O)/include/generated
	$(Q)$(KCONF) kconfig-conf --defconfig=$(srctree)/configs/$@ $(srctree)/Kconfig >/dev/null
	$(Q)echo "unimon: $(O)/.config written from configs/$@"

$(O)/.config:
	$(Q)echo "unimon: $(O) has no configuration; applying configs/default_defconfig" \
		"(choose another with 'make <name>_defconfig')"
	$(Q)$(MAKE) -s O=$(O) default_defconfig

menuconfig nconfig: $(O)/.config
	$(Q)$(KCONF) kconfig-$(if $(filter menuconfig,$@),mconf,nconf) $(srctree)/Kconfig

olddefconfig: $(O)/.config
	$(Q)$(KCONF) kconfig-conf --olddefconfig $(srctree)/Kconfig >/dev/null

savedefconfig: $(O)/.config
	$(Q)$(KCONF) kconfig-conf --savedefconfig=defconfig $(srctree)/Kconfig >/dev/null
	$(Q)echo "unimon: minimal configuration saved to $(O)/defconfig"

# auto.conf is the resolved .config that make includes; autoconf.h is
# rewritten only when its content changes, so an unchanged configuration
# rebuilds nothing.
$(O)/include/config/auto.conf: $(O)/.config $(KCONFIG_FILES)
	$(Q)mkdir -p $(O)/include/config $(O)/include/generated
	$(Q)$(KCONF) kconfig-conf --olddefconfig $(srctree)/Kconfig >/dev/null
	$(Q)scripts/gen-autoconf.sh $(O)/.config > $(O)/include/generated/autoconf.h.tmp
	$(Q)cmp -s $(O)/include/generated/autoconf.h.tmp $(O)/include/generated/autoconf.h \
		&& rm -f $(O)/include/generated/autoconf.h.tmp \
		|| mv $(O)/include/generated/autoconf.h.tmp $(O)/include/generated/autoconf.h
	$(Q)cp $(O)/.config $@

# Objects ------------------------------------------------------------

ifneq ($(filter-out %config help clean distclean deps deps-test,$(MAKECMDGOALS)),)
need_config := 1
endif
ifeq ($(MAKECMDGOALS),)
need_config := 1
endif
ifdef need_config
-include $(O)/include/config/auto.conf
endif

obj-y :=
libs-y :=
# The monitor's folders, bottom layer first (docs/DESIGN.md).
src-dirs := core arch boot hw debug personality monitor
include core/Build.mk arch/x86/Build.mk boot/Build.mk hw/Build.mk \
	debug/Build.mk personality/Build.mk monitor/Build.mk
objs := $(addprefix $(O)/,$(obj-y))

# Cold code that runs once per start, optimized for size (the minimal
# build's 40 KiB budget).
$(O)/arch/x86/cpuid-cache.o $(O)/core/stats.o $(O)/monitor/main.o \
	$(O)/monitor/kvm.o $(O)/monitor/sandbox.o $(O)/arch/x86/cpu.o: \
	CFLAGS += -Os

# Objects depend on autoconf.h, which changes only when the values do.
$(O)/include/generated/autoconf.h: $(O)/include/config/auto.conf ;

$(O)/%.o: %.c $(O)/include/generated/autoconf.h
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(O)/%.o: %.S $(O)/include/generated/autoconf.h
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  AS      $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# Appliance images (CONFIG_APPLIANCE): boot/embedded.o carries the file
# CONFIG_APPLIANCE_IMAGE (.incbin) and is rebuilt when the file changes.
# The path goes unquoted into make and the assembler, so it may only hold
# characters neither treats specially. A missing image under
# $(SDK_O)/examples is built with the SDK first (make check builds the
# configurations before the examples). Errors are raised when a rule
# runs, not when this file is read: a stale auto.conf must not block its
# own update.
ifeq ($(CONFIG_APPLIANCE),y)
appliance-raw := $(value CONFIG_APPLIANCE_IMAGE)
appliance-image := $(patsubst "%",%,$(appliance-raw))
appliance-chars := a b c d e f g h i j k l m n o p q r s t u v w x y z \
	A B C D E F G H I J K L M N O P Q R S T U V W X Y Z \
	0 1 2 3 4 5 6 7 8 9 . _ - + , @ /
# $(call appliance-without,STRING,CHARS): STRING without any of CHARS.
appliance-without = $(if $(2),$(call appliance-without,$(subst \
	$(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
appliance-bad := $(call appliance-without,$(appliance-image),$(appliance-chars))
appliance-sdk := $(filter $(abspath $(SDK_O))/examples/%,$(abspath $(appliance-image)))
ifeq ($(appliance-image),)
appliance-error := CONFIG_APPLIANCE_IMAGE is empty: set it to the guest image to embed
else ifneq ($(appliance-bad),)
appliance-error := CONFIG_APPLIANCE_IMAGE=$(appliance-raw): unsupported \
	character in the path (letters, digits and . _ - + , @ / only)
endif
ifdef appliance-error
$(O)/boot/embedded.o: appliance-bad-path
.PHONY: appliance-bad-path
appliance-bad-path:
	$(error unimon: $(appliance-error))
else
$(O)/boot/embedded.o: $(appliance-image)
appliance-build := $(if $(appliance-sdk),$(MAKE) -s -C guest-sdk O=$(abspath $(SDK_O)) $(appliance-sdk) ||)
appliance-missing := $(if $(appliance-sdk),the SDK could not build it,no such file)
$(appliance-image):
	$(Q)$(appliance-build) { echo "unimon: CONFIG_APPLIANCE_IMAGE=\"$@\": $(appliance-missing)" >&2; exit 1; }
endif
endif

# The freshly linked monitor checks its own compiled-in memory layout:
# an overlapping or out-of-RAM layout fails the build, naming the options.
# With an embedded image it also loads that into scratch guest memory: a
# bad image fails the build with the loader's message. No monitor is left.
$(O)/unimon: $(objs)
	$(Q)echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@.tmp $(objs) $(LDLIBS)
	$(Q)$@.tmp --check-layout || { rm -f $@.tmp $@; exit 1; }
	$(Q)mv $@.tmp $@

all: $(O)/unimon

# Unit tests link the monitor's objects (all but main) into one program
# per tests/unit/test_*.c; they test this configuration's code.
unit-srcs := $(filter-out tests/unit/test_sdk_%,$(wildcard tests/unit/test_*.c))
# A unit test of an optional part is built only where it is configured.
unit-needs-test_block := $(CONFIG_BLOCK)
unit-needs-test_bootinfo := $(CONFIG_PERSONALITY_UNIMON)
unit-srcs := $(foreach s,$(unit-srcs),$(if $(filter-out undefined,$(origin \
	unit-needs-$(basename $(notdir $s)))),$(if $(unit-needs-$(basename \
	$(notdir $s))),$s),$s))
unit-bins := $(patsubst tests/unit/%.c,$(O)/tests/%,$(unit-srcs))
lib-objs := $(filter-out $(O)/monitor/main.o,$(objs))

$(O)/tests/%: tests/unit/%.c tests/unit/unit.h $(lib-objs)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(lib-objs) $(LDLIBS)

unit-tests: $(unit-bins)

# The unit tests of this configuration (make check runs each).
print-unit-tests:
	@echo $(unit-bins)

# The C sources of this configuration but main.c (for the fuzz build).
print-lib-srcs:
	@echo $(patsubst $(O)/%.o,%.c,$(lib-objs))

-include $(objs:.o=.d)

# Guest SDK and examples (independent of the monitor configuration) ----

sdk:
	$(Q)$(MAKE) -s -C guest-sdk O=$(abspath $(SDK_O))

examples:
	$(Q)$(MAKE) -s -C guest-sdk O=$(abspath $(SDK_O)) examples

# Set-up, tests, benchmarks --------------------------------------------

deps:
	$(Q)scripts/install-deps.sh

# make check also boots the emulated machine (a smoke part): its packages.
deps-test:
	$(Q)scripts/install-deps.sh --vm

# Where /dev/kvm does not work, scripts/kvm-run boots an emulated machine
# (QEMU, nested KVM) for the guest; where it works, it just runs it.
run: deps
	$(Q)$(MAKE) -s O=$(O) all examples
	$(Q)echo "unimon: booting $(SDK_O)/examples/hello.elf"
	$(Q)scripts/kvm-run $(O)/unimon $(SDK_O)/examples/hello.elf

check: deps-test
	$(Q)tests/run-all.sh

bench: deps
	$(Q)tests/bench/run.sh

# Plant faults in a copy of the monitor, one at a time, and show that
# the tests catch each (tests/mutate.sh; docs/TESTING.md).
mutate: deps
	$(Q)tests/mutate.sh

# Longer fuzzing than make check's 10 s per target: FUZZ_SECONDS each
# (default 600).
fuzz: deps
	$(Q)$(MAKE) -s O=build/full full_defconfig >/dev/null
	$(Q)$(MAKE) -s O=build/full >/dev/null
	$(Q)$(MAKE) -s O=build/appliance appliance_defconfig >/dev/null
	$(Q)$(MAKE) -s O=build/appliance >/dev/null
	$(Q)$(MAKE) -s O=build/linux linux_defconfig >/dev/null
	$(Q)$(MAKE) -s O=build/linux >/dev/null
	$(Q)$(MAKE) -s O=build/solo5 solo5_defconfig >/dev/null
	$(Q)$(MAKE) -s O=build/solo5 >/dev/null
	$(Q)tests/fuzz/build.sh build/full build/fuzz
	$(Q)tests/fuzz/build.sh build/appliance build/fuzz-queue queue
	$(Q)tests/fuzz/build.sh build/linux build/fuzz-syscall syscall
	$(Q)tests/fuzz/build.sh build/solo5 build/fuzz-solo5 solo5
	$(Q)tests/fuzz/run.sh build/fuzz $(or $(FUZZ_SECONDS),600) && \
		tests/fuzz/run.sh build/fuzz-queue $(or $(FUZZ_SECONDS),600) queue && \
		tests/fuzz/run.sh build/fuzz-syscall $(or $(FUZZ_SECONDS),600) syscall && \
		tests/fuzz/run.sh build/fuzz-solo5 $(or $(FUZZ_SECONDS),600) solo5

clean:
	$(Q)rm -rf $(addprefix $(O)/,$(src-dirs)) $(O)/unimon $(O)/unimon.tmp

distclean:
	$(Q)rm -rf build

help:
	@echo "unimon build targets"
	@echo "  <name>_defconfig  configure $(O) from configs/<name>_defconfig:"
	@echo "                    $(patsubst configs/%,%,$(wildcard configs/*_defconfig))"
	@echo "  menuconfig        edit the configuration (ncurses); nconfig likewise"
	@echo "  olddefconfig      update $(O)/.config, new options at their defaults"
	@echo "  savedefconfig     write the minimal $(O)/defconfig"
	@echo "  all               build $(O)/unimon (the default target)"
	@echo "  sdk, examples     build the guest SDK and example guests in $(SDK_O)"
	@echo "  run               install dependencies, build, boot the hello example"
	@echo "  check             build every defconfig and run every test"
	@echo "  bench             run the benchmarks (see docs/BENCHMARKS.md)"
	@echo "  fuzz              run every fuzz target FUZZ_SECONDS (default 600)"
	@echo "  mutate            plant faults one at a time: the tests must catch each"
	@echo "  clean             remove $(O)'s objects and monitor; distclean: all of build/"
	@echo "Variables: O=dir (default build), EXTRA_CFLAGS, EXTRA_LDFLAGS"

FORCE:
