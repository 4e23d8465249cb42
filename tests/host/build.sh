# The build system: configuration errors fail the build naming the
# options, unchanged configs rebuild nothing, devices not configured are
# absent from the binary. Runs on the host (needs no KVM).
BT=$B/build-tests
rm -rf "$BT"

# make with no configuration applies default_defconfig and says so.
t "build: no configuration" 0 'has no configuration; applying configs/default_defconfig' '' \
	make -s O="$BT/noconf"
t "build: unchanged config rebuilds nothing" 0 '^$' '^$' make -s O="$BT/noconf"
touch Kconfig hw/Kconfig
t "build: touched Kconfig rebuilds nothing" 0 '^$' '^$' make -s O="$BT/noconf"

# An overlapping layout fails the build, naming both options.
layout() { # layout NAME ERE ASSIGNMENT...
	local n=$1 re=$2 d=$BT/$1
	shift 2
	make -s O="$d" default_defconfig >/dev/null
	printf '%s\n' "$@" >> "$d/.config"
	t "build: bad layout $n fails the build" 2 '' "$re" make -s O="$d"
	ok "build: bad layout $n leaves no monitor" test ! -e "$d/unimon"
}
layout bootinfo-pt 'CONFIG_BOOTINFO_ADDR/CONFIG_BOOTINFO_SIZE \(0x10000-0x20000\) overlaps CONFIG_PAGETABLE_ADDR' \
	CONFIG_BOOTINFO_ADDR=0x10000
layout stack-ram 'CONFIG_STACK_TOP/CONFIG_STACK_SIZE .* lies outside guest RAM \(CONFIG_RAM_SIZE_MB=1' \
	CONFIG_RAM_SIZE_MB=1 CONFIG_STACK_TOP=0x200000
layout ring0-stack 'overlaps CONFIG_RING0_ADDR|CONFIG_RING0_ADDR .* overlaps' CONFIG_RING0_ADDR=0x80000
layout pt-small 'CONFIG_PAGETABLE_SIZE \(0x4000\) is too small' CONFIG_PAGETABLE_SIZE=0x4000 CONFIG_RAM_SIZE_MB=65
layout port-clash 'both claim port 0x3f8' CONFIG_SERIAL_16550=y CONFIG_DEBUGCON_PORT=0x3f8

# Devices not configured leave no symbols in the binary.
ok "build: minimal has no console/clock/noop/serial code" \
	has_lacks ' T main$' 'hc_console_write|hc_clock|hc_noop|uart_io' nm "$(mon minimal)"
ok "build: default has the console code" \
	sh -c "nm $(mon default) | grep -q hc_console_write"
ok "build: default has no serial code" has_lacks 'hc_console_write' 'uart_io' nm "$(mon default)"
ok "build: full has the serial code" sh -c "nm $(mon full) | grep -q uart_io"
ok "build: realmode has no long-mode code" \
	has_lacks ' T main$' 'pt__build|elf_load' nm "$(mon realmode)"
ok "build: savedefconfig round-trips default" \
	sh -c "make -s O=$BT/noconf savedefconfig >/dev/null && cmp $BT/noconf/defconfig configs/default_defconfig"
t "build: unknown defconfig" 2 '' 'no such configuration: configs/nosuch_defconfig' \
	make -s O="$BT/x" nosuch_defconfig
