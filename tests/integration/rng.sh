# The entropy device (CONFIG_RNG, in the appliance configuration): the
# random hypercall with good and bad buffers, its absence from default,
# and RDRAND/RDSEED through the SDK at CPL3 and CPL0. Sourced by
# tests/run-all.sh.
RNG_M=$(mon appliance)

# Without the device: the port is unclaimed, ret stays ENOSYS.
t "rng: absent in default: ENOSYS through a guest" 2 '^64 bytes: ret -38 ' '^$' \
	"$(mon default)" "$TG/rngbad.elf"
ok "rng: default has no random node" \
	has_lacks '^node /hypercall/console@2$' 'random@' "$(mon default)" "$TG/fdtdump.elf"
ok "rng: default has no rng code" has_lacks ' T main$' 'hc_random' nm "$(mon default)"

# RDRAND and RDSEED do not need the device: the SDK uses them where the
# guest's CPUID shows them (on a PVM host CPUID shows the host's CPU at
# both CPLs). At CPL0 every guest instruction is emulated on PVM hosts:
# the instructions must still work (no exit 82).
# Where the guest's CPUID does not show an instruction (QEMU's emulated
# CPU has no RDSEED) the SDK must say ENOSYS without executing it (a #UD).
rng_insn() { # rng_insn NAME INSN MONITOR GUEST
	local f
	t "$1: the guest runs" 0 "^$2: " '^$' "$3" "$4"
	f=$(t_out "$1: the guest runs")
	if grep -q "^$2: not in CPUID" "$f"; then
		ok "$1: not in CPUID: the SDK says ENOSYS" \
			grep -qx "$2: not in CPUID: ENOSYS" "$f"
	else
		ok "$1: $2 gives values" grep -qx "$2: ok" "$f"
	fi
}
rng_insn "rng: rdrand at CPL3" rdrand "$(mon default)" "$TG/rdrand.elf"
rng_insn "rng: rdseed at CPL3" rdseed "$(mon default)" "$TG/rdrand.elf"
rng_insn "rng: rdrand at CPL0" rdrand "$(mon kernel)" "$TG/rdrand-kernel.elf"
rng_insn "rng: rdseed at CPL0" rdseed "$(mon kernel)" "$TG/rdrand-kernel.elf"

R=$SDK/examples/entropy.elf
t "rng: entropy example" 0 '^entropy ok \(hypercall' '^$' "$RNG_M" "$R"
t "rng: 4 KiB pass the monobit check" 0 \
	'^random hypercall: 4096 bytes, [0-9]+ of 32768 bits set$' '^$' "$RNG_M" "$R"
t "rng: bad buffers get EFAULT, the monitor keeps running" 0 '^rngbad: all ok$' '^$' \
	"$RNG_M" "$TG/rngbad.elf"
t "rng: 40 MiB in one call" 0 '^40 MiB: ret 41943040 ok$' '^$' "$RNG_M" "$TG/rngbad.elf"
t "rng: device tree node /hypercall/random@9" 0 '^node /hypercall/random@9$' '^$' \
	"$RNG_M" "$TG/fdtdump.elf"
t "rng: --version lists the device" 0 '^    rng ' '^$' "$RNG_M" --version
rng_insn "rng: CPL3 guest with the device" rdrand "$RNG_M" "$TG/rdrand.elf"
