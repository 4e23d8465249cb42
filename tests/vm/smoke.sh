# The emulated machine (scripts/kvm-run with UNIMON_VM=1), while /dev/kvm
# works: every make check boots it, so the fallback for machines without
# /dev/kvm cannot rot. Each boot takes 5-15 s. What kvm-run promises (its
# streams apart, stdin with its end, the exit status, the shared tree),
# a few guests inside (tests/vm/inside.sh: hello, real mode, a crash, a
# triple fault's registers, a disk, a gdb breakpoint), and `make run`
# where /dev/kvm is missing. Runs on the host.
VM_LIMIT=${VM_LIMIT:-240}
printf 'line one\nline two\n' > "$W/vm-stdin.txt"
vm_io() {
	local rc
	UNIMON_VM=1 scripts/kvm-run sh -c 'tr a-z A-Z; echo to-stderr >&2;
		echo "$(pwd) $UNIMON_VM"; echo written > "$0/vm-file"; exit 7' "$W" \
		< "$W/vm-stdin.txt" > "$W/vm-io.out" 2> "$W/vm-io.err"
	rc=$?
	cat "$W/vm-io.out" "$W/vm-io.err"
	[ "$rc" = 7 ] &&
		[ "$(sed -n 1,2p "$W/vm-io.out")" = "$(printf 'LINE ONE\nLINE TWO')" ] &&
		[ "$(sed -n 3p "$W/vm-io.out")" = "$(pwd) 0" ] &&
		[ "$(wc -l < "$W/vm-io.out")" = 3 ] &&
		grep -qx to-stderr "$W/vm-io.err" &&
		grep -qx 'kvm-run: UNIMON_VM=1: running it in an emulated machine (QEMU TCG, nested KVM; slower)' \
			"$W/vm-io.err" &&
		[ "$(wc -l < "$W/vm-io.err")" = 2 ] &&
		[ "$(cat "$W/vm-file")" = written ]
}
OK_LIMIT=$VM_LIMIT ok "vm: stdin to its end, stdout and stderr apart, exit status 7, the tree shared read-write" vm_io

# The guests, each test counted here.
counted "vm: guests in the emulated machine" env UNIMON_VM=1 T_LIMIT=90 \
	timeout -k 10 "$VM_LIMIT" scripts/kvm-run tests/run.sh tests/vm/inside.sh

# A machine without /dev/kvm: make run boots the hello example through it
# (UNIMON_VM unset: kvm-run decides by itself, as for a new user).
T_LIMIT=$VM_LIMIT t "vm: make run where /dev/kvm is missing prints the hello" 0 \
	'^Hello, world!$' 'kvm-run: there is no /dev/kvm: running it in an emulated machine' \
	env -u UNIMON_VM tests/no-kvm.sh missing make -s run
