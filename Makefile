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
	-I. -Iguest-sdk/include $(EXTRA_CFLAGS)
# Size: no PIE (fewer relocations at start-up too), no page padding
# between text and the other segments.
LDFLAGS := -no-pie -Wl,--gc-sections -Wl,-z,noexecstack \
	-Wl,-z,noseparate-code $(EXTRA_LDFLAGS)
LDLIBS := -lfdt

.DEFAULT_GOAL := all
.PHONY: all help clean distclean menuconfig nconfig olddefconfig \
	savedefconfig run check bench fuzz deps sdk examples unit-tests FORCE

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

ifneq ($(filter-out %config help clean distclean deps,$(MAKECMDGOALS)),)
need_config := 1
endif
ifeq ($(MAKECMDGOALS),)
need_config := 1
endif
ifdef need_config
-include $(O)/include/config/auto.conf
endif

obj-y :=
include core/Build.mk arch/x86/Build.mk boot/Build.mk hw/Build.mk
objs := $(addprefix $(O)/,$(obj-y))

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

# The freshly linked monitor checks its own compiled-in memory layout:
# an overlapping or out-of-RAM layout fails the build, naming the options.
$(O)/unimon: $(objs)
	$(Q)echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@.tmp $(objs) $(LDLIBS)
	$(Q)$@.tmp --check-layout || { rm -f $@.tmp; exit 1; }
	$(Q)mv $@.tmp $@

all: $(O)/unimon

# Unit tests link the monitor's objects (all but main) into one program
# per tests/unit/test_*.c; they test this configuration's code.
unit-srcs := $(filter-out tests/unit/test_sdk_%,$(wildcard tests/unit/test_*.c))
unit-bins := $(patsubst tests/unit/%.c,$(O)/tests/%,$(unit-srcs))
lib-objs := $(filter-out $(O)/core/main.o,$(objs))

$(O)/tests/%: tests/unit/%.c tests/unit/unit.h $(lib-objs)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(lib-objs) $(LDLIBS)

unit-tests: $(unit-bins)

-include $(objs:.o=.d)

# Guest SDK and examples (independent of the monitor configuration) ----

sdk:
	$(Q)$(MAKE) -s -C guest-sdk O=$(abspath $(SDK_O))

examples:
	$(Q)$(MAKE) -s -C guest-sdk O=$(abspath $(SDK_O)) examples

# Set-up, tests, benchmarks --------------------------------------------

deps:
	$(Q)scripts/install-deps.sh

run: deps
	$(Q)$(MAKE) -s O=$(O) all examples
	$(Q)echo "unimon: booting $(SDK_O)/examples/hello.elf"
	$(Q)$(O)/unimon $(SDK_O)/examples/hello.elf

check: deps
	$(Q)tests/run-all.sh

bench: deps
	$(Q)tests/bench/run.sh

# Longer fuzzing than make check's 20 s: FUZZ_SECONDS (default 600).
fuzz: deps
	$(Q)$(MAKE) -s O=build/full full_defconfig >/dev/null
	$(Q)$(MAKE) -s O=build/full >/dev/null
	$(Q)tests/fuzz/build.sh build/full build/fuzz
	$(Q)tests/fuzz/run.sh build/fuzz $(or $(FUZZ_SECONDS),600)

clean:
	$(Q)rm -rf $(O)/core $(O)/arch $(O)/boot $(O)/hw $(O)/unimon $(O)/unimon.tmp

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
	@echo "  fuzz              fuzz the image loader for FUZZ_SECONDS (default 600)"
	@echo "  clean             remove $(O)'s objects and monitor; distclean: all of build/"
	@echo "Variables: O=dir (default build), EXTRA_CFLAGS, EXTRA_LDFLAGS"

FORCE:
