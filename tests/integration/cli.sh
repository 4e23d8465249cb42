# The command line: help, version, and every kind of bad argument gets one
# line on stderr and exit code 64. Sourced by tests/run-all.sh.
M=$(mon default)
H=$SDK/examples/hello.elf

t "cli: --help" 0 '^usage: unimon \[options\] IMAGE \[-- guest args...\]$' '^$' "$M" --help
t "cli: --help lists exit codes" 0 '80 guest exception' '^$' "$M" --help
t "cli: --version" 0 '^unimon [0-9]+\.[0-9]+\.[0-9]+ \(guest ABI version 1\)$' '^$' "$M" --version
t "cli: --version lists devices" 0 '^    console ' '^$' "$M" --version
t "cli: realmode --version" 0 'entry mode: real' '^$' "$(mon realmode)" --version
ok "cli: minimal --help has no console/clock/noop" \
	has_lacks '^    debugcon ' '^    (console|clock|noop) ' "$(mon minimal)" --help
t "cli: no image" 64 '^$' '^unimon: no guest image given' "$M"
t "cli: unknown option" 64 '^$' '^unimon: unknown option --bogus' "$M" --bogus "$H"
t "cli: unknown short option" 64 '^$' '^unimon: unknown option -x' "$M" -x "$H"
t "cli: --timeout missing value" 64 '^$' 'missing value for --timeout|unknown option' "$M" --timeout
t "cli: --timeout not a number" 64 '^$' '--timeout wants a positive number of seconds, not: abc' \
	"$M" --timeout abc "$H"
t "cli: --timeout zero" 64 '^$' 'not: 0$|not: 0 ' "$M" --timeout 0 "$H"
t "cli: --timeout negative" 64 '^$' 'not: -1' "$M" --timeout -1 "$H"
t "cli: --timeout trailing junk" 64 '^$' 'not: 5s' "$M" --timeout 5s "$H"
t "cli: --timeout nan" 64 '^$' 'not: nan' "$M" --timeout nan "$H"
t "cli: guest args without --" 64 '^$' 'unexpected argument after the image \(guest arguments go after --\): extra' \
	"$M" "$H" extra
t "cli: option after image goes to guest only after --" 64 '^$' 'unexpected argument' \
	"$M" "$H" --stats
long=$(head -c 70000 /dev/zero | tr '\0' x)
t "cli: guest arguments too long for the boot information" 64 '^$' \
	'larger than CONFIG_BOOTINFO_SIZE' "$M" "$H" -- "$long"

# A guest may exit with any status, the monitor's codes too: a caller
# tells them apart by stderr (docs/ABI.md): the monitor's own codes come
# with a line starting "unimon:", a guest's status with nothing.
for s in 64 69 70 80 81 124 143 255; do
	t "exit status: a guest's $s passes through, stderr empty" "$s" '^$' '^$' \
		"$M" "$TG/status.elf" -- "$s"
done
t "exit status: the monitor's own 66 comes with its line" 66 '^$' '^unimon: ' \
	"$M" "$W/no-such-image.elf"
