# scripts/kvm-run where /dev/kvm works: the command runs directly, with its
# own output, streams and exit status (the emulated machine's side is in
# tests/vm/smoke.sh).
if [ -z "$VARIANT" ]; then
	M=$(mon default)
	t "kvm-run: --probe says /dev/kvm works" 0 '^$' '^$' \
		env -u UNIMON_VM scripts/kvm-run --probe
	t "kvm-run: runs the monitor directly: its output" 0 '^Hello, world!$' '^$' \
		env -u UNIMON_VM scripts/kvm-run "$M" "$SDK/examples/hello.elf"
	t "kvm-run: the guest's exit status passes through" 42 '^raw$' '^$' \
		env -u UNIMON_VM scripts/kvm-run "$M" "$TG/rawexit.bin"
	t "kvm-run: the monitor's own codes pass through" 80 '^crashing: ud2$' \
		'^unimon: guest exception #UD' \
		env -u UNIMON_VM scripts/kvm-run "$M" "$TG/crash.elf" -- ud2
	t "kvm-run: a missing command: 127" 127 '^$' '^kvm-run: no-such-cmd: No such file' \
		env -u UNIMON_VM scripts/kvm-run no-such-cmd
	t "kvm-run: no command: usage, 64" 64 'kvm-run CMD' '^$' scripts/kvm-run
fi
