# Without a usable /dev/kvm (tests/no-kvm.sh makes each case in a mount
# namespace; needs root): the monitor says which case and what to do, in
# one line, with its own exit code 69; what comes before KVM (the
# command line, the image) keeps its own codes; scripts/kvm-run with
# UNIMON_VM=0 refuses the emulated machine with the same code. Runs on
# the host (needs no KVM).
M=$(mon default)
H=$SDK/examples/hello.elf
NK=tests/no-kvm.sh
HINT='; or run it through scripts/kvm-run \(an emulated machine\)$'

t "no kvm: /dev/kvm missing: exit 69, what to load" 69 '^$' \
	"^unimon: no /dev/kvm on this host: load kvm_intel or kvm_amd \(modprobe\), or enable virtualization$HINT" \
	"$NK" missing "$M" "$H"
t "no kvm: /dev/kvm a regular file: exit 69" 69 '^$' \
	"^unimon: /dev/kvm is not a character device: remove it and load kvm_intel or kvm_amd$HINT" \
	"$NK" file "$M" "$H"
t "no kvm: /dev/kvm another device: exit 69" 69 '^$' \
	"^unimon: /dev/kvm is not KVM \(KVM_GET_API_VERSION: Inappropriate ioctl for device\)$HINT" \
	"$NK" notkvm "$M" "$H"
t "no kvm: /dev/kvm not permitted: exit 69, the group" 69 '^$' \
	"^unimon: /dev/kvm: permission denied: join its group \(usually kvm\) or run as root$HINT" \
	"$NK" denied "$M" "$H"
# Each of the four is one line (the patterns above are anchored at ^ on
# some line; here nothing else may be there).
one_line() {
	local how
	for how in missing file notkvm denied; do
		[ "$("$NK" "$how" "$M" "$H" 2>&1 >/dev/null | wc -l)" = 1 ] ||
			{ echo "$how: not one line"; return 1; }
	done
}
ok "no kvm: each case is exactly one line on stderr" one_line
t "no kvm: a bad image is still 65 (checked before KVM)" 65 '^$' \
	'not a static executable' "$NK" missing "$M" /bin/true
t "no kvm: a missing image is still 66" 66 '^$' 'cannot open image' \
	"$NK" missing "$M" "$W/nonexistent.elf"
t "no kvm: a bad option is still 64" 64 '^$' 'unknown option --bogus' \
	"$NK" missing "$M" --bogus "$H"
t "no kvm: kvm-run with UNIMON_VM=0 refuses the emulated machine: 69" 69 '^$' \
	'^kvm-run: there is no /dev/kvm and UNIMON_VM=0 forbids the emulated machine$' \
	env UNIMON_VM=0 "$NK" missing scripts/kvm-run "$M" "$H"
t "no kvm: kvm-run --probe says why: 69" 69 '^$' '^kvm-run: /dev/kvm is not KVM$' \
	env -u UNIMON_VM "$NK" notkvm scripts/kvm-run --probe
t "no kvm: kvm-run --probe, not permitted" 69 '^$' '^kvm-run: /dev/kvm is not accessible' \
	env -u UNIMON_VM "$NK" denied scripts/kvm-run --probe
