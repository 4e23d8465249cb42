# Hypercalls with broken arguments, unclaimed ports, absent devices,
# what the device tree describes, the serial port. Sourced by run-all.sh.
M=$(mon default)

t "hypercalls with bad pointers and lengths" 0 '^badhc: all ok$' '^$' "$M" "$TG/badhc.elf"
for w in outside ring0 straddle; do
	t "hypercall argument struct $w" 83 '^hypercall with argument' \
		'^unimon: hypercall 2: argument struct at 0x[0-9a-f]+ \(24 bytes\) is outside guest RAM' \
		"$M" "$TG/badargs.elf" -- "$w"
done
t "console and clock present in default" 0 '^console ret 14$' '^$' "$M" "$TG/hcabsent.elf"
t "console absent in minimal: unclaimed port, ENOSYS" 0 '^console ret -38$' '^$' \
	"$(mon minimal)" "$TG/hcabsent.elf"
t "clock absent in minimal: ENOSYS" 0 '^clock ret -38$' '^$' \
	"$(mon minimal)" "$TG/hcabsent.elf"
t "kernel mode hypercalls" 0 '^clock ret 0$' '^$' "$(mon kernel)" "$TG/hcabsent-kernel.elf"

# The device tree names exactly the compiled-in devices.
t "fdt default: console node" 0 '^node /hypercall/console@2$' '^$' "$M" "$TG/fdtdump.elf"
t "fdt default: stdout is the console hypercall" 0 '^stdout-path /hypercall/console@2$' '^$' \
	"$M" "$TG/fdtdump.elf"
t "fdt full: serial node" 0 '^node /ioport/serial@3f8$' '^$' "$(mon full)" "$TG/fdtdump.elf"
t "fdt full: exit port node" 0 '^node /ioport/exit@f4$' '^$' "$(mon full)" "$TG/fdtdump.elf"
t "fdt minimal: stdout is the debug console" 0 '^stdout-path /ioport/debugcon@e9$' '^$' \
	"$(mon minimal)" "$TG/fdtdump.elf"
ok "fdt minimal: no console, clock, noop, serial node" \
	has_lacks '^node /ioport/debugcon@e9$' 'console@|clock@|noop@|serial@' \
	"$(mon minimal)" "$TG/fdtdump.elf"

# 16550: stdin through the receive register, stdout through transmit.
printf 'hello serial.' > "$W/serial-in.txt"
T_IN=$W/serial-in.txt t "full: serial echo (long mode)" 0 '^serial: HELLO SERIAL$' '^$' \
	"$(mon full)" "$TG/serial.elf"
T_IN=$W/serial-in.txt t "realmode: serial echo (C, real mode)" 0 '^serial: HELLO SERIAL$' '^$' \
	"$(mon realmode)" "$TG/serial16.bin"
t "full: serial with closed stdin" 0 '^serial: $' '^$' "$(mon full)" "$TG/serial.elf"
