# The Solo5 hvt personality ($(mon solo5), configs/solo5_defconfig): our
# own hvt guests (tests/solo5/, from the interface's facts, no Solo5
# code) boot, print, read the clock, poll, use a disk and a tap, halt
# with a status and with a trap frame; bad notes, missing devices, bad
# ports, hypercalls and pointers end the monitor with exit status 1 and
# solo5-hvt's one line. Network tests run in namespaces of our own.
SM=$(mon solo5)
ST=$B/solo5-tests
S5_NS=unimon-s5-$$
S5_NS2=unimon-s5b-$$
S5_DISK=$W/s5-disk.img

s5() { # s5 NAME RC STDOUT_ERE STDERR_ERE ARGS...: the monitor on ARGS
	local n=$1 rc=$2 o=$3 e=$4
	shift 4
	t "solo5: $n" "$rc" "$o" "$e" "$SM" "$@"
}

# Start, console, arguments, exit statuses.
s5 "hello through puts" 0 '^Hello from a Solo5 hvt guest$' '^$' "$ST/s5-hello.hvt"
s5 "a placeholder PT_INTERP, as Solo5's own images have: loaded as static" 0 \
	'^Hello from a Solo5 hvt guest$' '^$' "$ST/s5-interp.hvt"
s5 "the command line after the image is the guest's, words kept" 0 \
	"^arg 'two'$" '^$' "$ST/s5-hello.hvt" args one two three
s5 "solo5-hvt's form: -- before the image" 0 "^argc 3$" '^$' \
	-- "$ST/s5-hello.hvt" args x y
s5 "a guest command line of 8191 characters is too long" 1 '^$' \
	'^unimon: Guest command line too long \(max=8191 characters\)$' \
	"$ST/s5-hello.hvt" args "$(head -c 8200 /dev/zero | tr '\0' x)"
for s in 0 1 42 255; do
	s5 "halt with status $s: exit status $s" "$s" '^$' '^$' \
		"$ST/s5-hello.hvt" halt "$s"
done
s5 "return from main: its status through halt" 7 '^$' '^$' "$ST/s5-hello.hvt" exit 7
s5 "halt with a cookie: the trap frame in one line, status 255" 255 '^$' \
	'^unimon: solo5: trap: cr2 0xdead000 ec 0x2 rip 0x100abc cs 0x8 rflags 0x10046 rsp 0x1fff000 ss 0x10$' \
	"$ST/s5-hello.hvt" trap
s5 "walltime: the real time, not going back" 0 '^walltime: does not go back$' \
	'^$' "$ST/s5-hello.hvt" walltime
ok "solo5: walltime is after 2020" has_lacks '^walltime: after 2020$' '^xx$' \
	cat "$(t_out "solo5: walltime: the real time, not going back")"

# The machine: boot information, CPU state, memory.
s5 "boot info: RSP at the top - 8, RDI 0x10000, manifest then command line" 0 \
	'^manifest after the boot information, then the command line$' '^$' \
	"$ST/s5-hello.hvt" boot
boot_out=$(t_out "solo5: boot info: RSP at the top - 8, RDI 0x10000, manifest then command line")
for l in '^mem MiB: 512$' '^rsp: top of memory - 8$' \
	'^rdi: the boot information at 0x10000$' '^kernel_end: past the image$' \
	'^cpu_cycle_freq: set$' '^host_features: 0$'; do
	ok "solo5: boot info: /$l/" has_lacks "$l" '^xx$' cat "$boot_out"
done
s5 "CPU: CR0 0x80010021, CR3 0x2000, CR4 0x620, EFER 0x500" 0 '^efer 0x500$' \
	'^$' "$ST/s5-hello.hvt" cpu
cpu_out=$(t_out "solo5: CPU: CR0 0x80010021, CR3 0x2000, CR4 0x620, EFER 0x500")
# CR0.ET (bit 4) is hardwired to 1 on AMD CPUs (the emulated machine's
# SVM too): the guest may read 0x80010031 where the monitor set 0x80010021.
ok "solo5: CPU: CR0, CR3 and CR4 of the interface" sh -c \
	"grep -Eqx 'cr0 0x800100[23]1' '$cpu_out' && grep -qx 'cr3 0x2000' '$cpu_out' &&
	 grep -qx 'cr4 0x620' '$cpu_out'"
s5 "--mem=64: 64 MiB, RSP at its top" 0 '^mem MiB: 64$' '^$' \
	--mem=64 "$ST/s5-hello.hvt" boot
s5 "--mem 3: adjusted to 2 MiB, said on stderr" 0 '^mem MiB: 2$' \
	'^unimon: adjusting memory to 2 MiB' --mem 3 "$ST/s5-hello.hvt" boot
s5 "--mem=4096: the largest" 0 '^mem MiB: 4096$' '^$' \
	--mem=4096 "$ST/s5-hello.hvt" boot
for m in 0 1 4097 -2 x 12x ''; do
	s5 "--mem=$m: Malformed, exit 1" 1 '^$' '^unimon: Malformed argument to --mem' \
		"--mem=$m" "$ST/s5-hello.hvt"
done
s5 "the boot information is read-only: a write faults (no IDT: exit 1)" 1 '^$' \
	'^unimon: guest crashed' "$ST/s5-hello.hvt" wrbootinfo
s5 "an int3 with no IDT: the guest crashes, exit 1" 1 '^$' \
	'^unimon: guest crashed' "$ST/s5-hello.hvt" int3
# The code is read-only on the host, as solo5-hvt maps it (on PVM the
# write comes out as MMIO inside RAM, elsewhere as KVM_RUN's EFAULT).
s5 "a write to its own code: host/guest translation fault, exit 1" 1 '^$' \
	'^unimon: KVM: host/guest translation fault$' "$ST/s5-hello.hvt" wrcode
s5 "its own code read by PUTS: allowed" 0 '^putscode: read$' '^$' \
	"$ST/s5-hello.hvt" putscode
s5 "WALLTIME's result into its code: Invalid guest access, exit 1" 1 '^$' \
	'^unimon: Invalid guest access: gpa=0x10[0-9a-f]{4}, sz=8$' \
	"$ST/s5-hello.hvt" walltimecode

# Polling without devices: the timeout, nothing ready.
s5 "poll 200 ms: nothing ready, ret 0, slept that long" 0 \
	'^slept at least ms: 200$' '^$' "$ST/s5-hello.hvt" poll 200
ok "solo5: poll with nothing attached: ready set 0" has_lacks '^ready 0x0$' \
	'^ret [1-9]' cat "$(t_out "solo5: poll 200 ms: nothing ready, ret 0, slept that long")"
s5 "poll 0: returns at once" 0 '^ret 0$' '^$' "$ST/s5-hello.hvt" poll 0
s5 "--timeout ends a long poll: 124" 124 '^$' '--timeout of 1 seconds expired' \
	--timeout 1 "$ST/s5-hello.hvt" poll 60000

# Images the monitor refuses, with solo5-hvt's lines.
s5 "no ABI note: exit 1" 1 '^$' \
	"^unimon: $ST/s5-noabi.hvt: No Solo5 ABI information found in executable$" \
	"$ST/s5-noabi.hvt"
s5 "an image for another target (spt)" 1 '^$' \
	"^unimon: $ST/s5-spt.hvt: Executable is not for the solo5-hvt target$" \
	"$ST/s5-spt.hvt"
s5 "ABI version 3" 1 '^$' \
	"^unimon: $ST/s5-abi3.hvt: Executable requests unsupported ABI version 3$" \
	"$ST/s5-abi3.hvt"
s5 "no manifest" 1 '^$' \
	"^unimon: $ST/s5-nomft.hvt: No Solo5 manifest found in executable$" \
	"$ST/s5-nomft.hvt"
s5 "a manifest of version 2" 1 '^$' \
	"^unimon: $ST/s5-badmft.hvt: Solo5 manifest is invalid$" "$ST/s5-badmft.hvt"
s5 "a writable and executable segment" 1 '^$' 'segment 0 is writable and executable$' \
	"$ST/s5-wx.hvt"
s5 "a unimon SDK image is not a Solo5 one" 1 '^$' \
	'No Solo5 ABI information found in executable$' "$SDK/examples/hello.elf"
s5 "a missing image: exit 1" 1 '^$' 'cannot open image' "$W/nonexistent.hvt"
s5 "no image: exit 1" 1 '^$' 'no guest image given' --mem=2

# The guest's bad ports, hypercalls and pointers.
s5 "outb to port 0x80: Invalid guest port access" 1 '^$' \
	'^unimon: Invalid guest port access: port=0x80$' "$ST/s5-hello.hvt" badport
s5 "inl from a hypercall port" 1 '^$' \
	'^unimon: Invalid guest port access: port=0x501$' "$ST/s5-hello.hvt" inport
s5 "hypercall 0" 1 '^$' '^unimon: Invalid guest hypercall: num=0$' \
	"$ST/s5-hello.hvt" badhc
s5 "port 0x509, past the last hypercall" 1 '^$' \
	'^unimon: Invalid guest port access: port=0x509$' "$ST/s5-hello.hvt" hc9
s5 "puts of a buffer past the end of memory" 1 '^$' \
	'^unimon: Invalid guest access: gpa=0x20000000, sz=16$' "$ST/s5-hello.hvt" badptr
s5 "an argument struct across the end of memory" 1 '^$' \
	'^unimon: Invalid guest access: gpa=0x1ffffff8, sz=16$' "$ST/s5-hello.hvt" badarg
s5 "puts from the page tables (below 0x10000)" 1 '^$' \
	'^unimon: Invalid guest access: gpa=0x1000, sz=16$' "$ST/s5-hello.hvt" lowptr

# The sandbox (not in sanitizer builds): installed on the running monitor,
# and a system call no device of this configuration makes kills it.
if [ -z "$VARIANT" ]; then
	s5_seccomp() {
		local p i
		"$SM" "$ST/s5-hello.hvt" poll 3000 > /dev/null 2>&1 &
		p=$!
		for i in $(seq 100); do
			grep -q '^Seccomp:[[:space:]]*2' /proc/$p/status 2>/dev/null && break
			sleep 0.05
		done
		grep -E '^(Seccomp|NoNewPrivs):' /proc/$p/status
		kill $p
		wait $p
		[ $? = 1 ] || return 1
	}
	ok "solo5: sandbox: filter and no_new_privs on the running monitor" \
		has_lacks '^NoNewPrivs:[[:space:]]+1$' '^Seccomp:[[:space:]]+[01]$' s5_seccomp
	t "solo5: sandbox: a forbidden system call kills the monitor (SIGSYS)" 159 \
		'^$' '' "$B/test-monitors/sandboxtest-solo5/unimon" "$ST/s5-hello.hvt" forbidden
fi

# The monitor's own options on a Solo5 guest: --stats, --dumpcore, --gdb.
s5 "--stats: the exits and phases on stderr" 0 '^Hello from a Solo5 hvt guest$' \
	'hypercall' --stats "$ST/s5-hello.hvt"
s5_core() { # a crash leaves a core file for gdb: an ELF core, the RAM
	local d=$W/s5-core
	rm -rf "$d" && mkdir -p "$d" || return 1
	"$SM" --dumpcore "$d" "$ST/s5-hello.hvt" wrbootinfo 2> "$d.err"
	[ $? = 1 ] || { cat "$d.err"; return 1; }
	cat "$d.err"
	readelf -h "$d"/core.unimon.* | grep -q 'CORE (Core file)' &&
		readelf -lW "$d"/core.unimon.* | grep -Eq 'LOAD +0x[0-9a-f]+ 0x0+1000 '
}
ok "solo5: --dumpcore: a crashed guest's core file" s5_core
s5_abort_core() { # halt STATUS with --dumpcore: a core for 255 alone
	local d=$W/s5-abort rc
	rm -rf "$d" && mkdir -p "$d" || return 1
	"$SM" --dumpcore "$d" "$ST/s5-hello.hvt" halt "$1" 2> "$d.err"
	rc=$?
	cat "$d.err"
	echo "exit $rc"
	[ "$rc" = "$1" ] || return 1
	if [ "$1" = 255 ]; then
		grep -q '^unimon: core dumped to ' "$d.err" &&
			readelf -h "$d"/core.unimon.* | grep -q 'CORE (Core file)'
	else
		[ ! -s "$d.err" ] && [ -z "$(ls -A "$d")" ]
	fi
}
ok "solo5: --dumpcore: solo5_abort() (halt 255) leaves a core, as solo5-hvt" \
	s5_abort_core 255
ok "solo5: --dumpcore: halt 3 leaves none" s5_abort_core 3
if [ -z "$VARIANT" ]; then
	# Break at s5_main and at say (which it calls): a continue from one
	# breakpoint to the next, a step, then the run to its end.
	s5_gdb() {
		local port p l=$W/s5-gdb
		port=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		"$B/test-monitors/solo5-gdb/unimon" --gdb "$port" \
			"$ST/s5-hello.hvt" > "$l.out" 2> "$l.err" &
		p=$!
		local end=$((SECONDS + 30)) # by the clock: forks are slow in the VM
		while [ $SECONDS -lt $end ]; do
			grep -q 'waiting for gdb' "$l.err" && break
			sleep 0.05
		done
		timeout -k 2 60 gdb -batch -nx -ex 'set confirm off' \
			-ex "target remote 127.0.0.1:$port" -ex 'break s5_main' \
			-ex 'break say' -ex continue -ex continue \
			-ex 'info registers rip' -ex stepi -ex delete -ex continue \
			"$ST/s5-hello.hvt" > "$l.gdb" 2>&1
		wait $p
		echo "monitor: exit $?"
		cat "$l.gdb" "$l.out"
		grep -Eq '^Breakpoint 1, 0x[0-9a-f]+ in s5_main \(\)$' "$l.gdb" &&
			grep -Eq '^Breakpoint 2, 0x[0-9a-f]+ in say \(\)$' "$l.gdb" &&
			grep -Eq '^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <say>$' "$l.gdb" &&
			grep -Eq '^0x[0-9a-f]+ in say \(\)$' "$l.gdb" &&
			grep -q 'exited normally' "$l.gdb" &&
			grep -qx 'Hello from a Solo5 hvt guest' "$l.out"
	}
	# Where the host's KVM does not intercept int3 (QEMU's nested SVM:
	# docs/VM.md) the monitor finds the breakpoint by single steps.
	ok "solo5: --gdb: breakpoints at s5_main and say, a step, the run to its end" \
		s5_gdb
fi

# Command line.
s5 "--help lists the Solo5 options" 0 '^  --block:NAME=PATH$' '^$' --help
ok "solo5: --help lists --net:, --net-mac:, --block-sector-size:, --mem" \
	has_lacks '^  --net-mac:NAME=MAC$' '^  --net:NAME=TAP [^ ]' \
	cat "$(t_out "solo5: --help lists the Solo5 options")"
s5 "an unknown option: exit 1" 1 '^$' "unknown option --bogus" --bogus "$ST/s5-hello.hvt"
s5 "--block: for a device the image does not declare" 1 '^$' \
	'^unimon: --block:nope: the image declares no block device nope$' \
	--block:nope=/dev/null "$ST/s5-hello.hvt"
s5 "--net: for a device the image does not declare" 1 '^$' \
	'^unimon: --net:nope: the image declares no network device nope$' \
	--net:nope=tap0 "$ST/s5-hello.hvt"
s5 "--block:NAME without =PATH" 1 '^$' '^unimon: --block:storage: want --block:NAME=VALUE' \
	--block:storage "$ST/s5-block.hvt"
s5 "a declared block device not attached" 1 '^$' \
	"^unimon: Device 'storage' of type BLOCK_BASIC declared but not attached.$" \
	"$ST/s5-block.hvt"
ok "solo5: ... and the line that says all must be attached" has_lacks \
	'^unimon: All declared devices must be attached. See --help for syntax.$' '^xx$' \
	cat "$(t_err "solo5: a declared block device not attached")"
s5 "both devices missing: each named" 1 '^$' \
	"^unimon: Device 'service' of type NET_BASIC declared but not attached.$" \
	"$ST/s5-dev.hvt"

# Block devices.
setup "solo5: a 1 MiB disk file" sh -c "rm -f '$S5_DISK' && truncate -s 1M '$S5_DISK'"
s5 "block: the first and last block written and read back" 0 \
	'^block rw ok: first and last block$' '^$' \
	--block:storage="$S5_DISK" "$ST/s5-block.hvt" block
blk_out=$(t_out "solo5: block: the first and last block written and read back")
for l in 'offset at the end: 2' 'past the end: 2' 'offset overflow: 2' \
	'len overflow: 2' 'reserved handle 0: 2' 'handle 99: 2' \
	'zero bytes at the end: 0' 'capacity 1048576' 'block size 512'; do
	ok "solo5: block: $l" has_lacks "^$l\$" '^xx$' cat "$blk_out"
done
ok "solo5: block: the guest's bytes are in the file, first and last block" \
	python3 -c "
import sys
d = open('$S5_DISK', 'rb').read()
w = lambda seed: bytes((seed + i * 7) & 255 for i in range(512))
sys.exit(not (d[:512] == w(1) and d[-512:] == w(2) and d[512:-512] == bytes(len(d) - 1024)))"
s5 "block: --block-sector-size:storage=4096 in the manifest" 0 \
	'^  block size 4096$' '^$' --block:storage="$S5_DISK" \
	--block-sector-size:storage=4096 "$ST/s5-block.hvt" manifest
s5 "block: the guest's manifest copy: attached, no host descriptor" 0 \
	'^  host descriptor 0$' '^$' --block:storage="$S5_DISK" "$ST/s5-block.hvt" manifest
s5 "block: a read into a buffer past memory: exit 1" 1 '^$' \
	'^unimon: Invalid guest access: gpa=0x1fffff9c, sz=512$' \
	--block:storage="$S5_DISK" "$ST/s5-block.hvt" blockbadbuf
s5 "block: a read into its code: Invalid guest access, exit 1" 1 '^$' \
	'^unimon: Invalid guest access: gpa=0x100000, sz=512$' \
	--block:storage="$S5_DISK" "$ST/s5-block.hvt" readcode
for bs in 1000 256 0 x; do
	s5 "block: sector size $bs refused" 1 '^$' 'is not a power of two from 512' \
		--block:storage="$S5_DISK" --block-sector-size:storage=$bs "$ST/s5-block.hvt"
done
setup "solo5: a file of 1000 bytes" truncate -s 1000 "$W/s5-odd.img"
s5 "block: a file that is not whole blocks" 1 '^$' \
	'its size \(1000 bytes\) is not a multiple of the block size 512$' \
	--block:storage="$W/s5-odd.img" "$ST/s5-block.hvt"
s5 "block: a missing file" 1 '^$' '^unimon: --block:storage: Could not open' \
	--block:storage="$W/nonexistent.img" "$ST/s5-block.hvt"
s5 "block: a directory" 1 '^$' 'Could not open .*: Is a directory|is not a regular file' \
	--block:storage="$W" "$ST/s5-block.hvt"
s5 "block: given twice" 1 '^$' '^unimon: --block:storage: given twice$' \
	--block:storage="$S5_DISK" --block:storage="$S5_DISK" "$ST/s5-block.hvt"
# Another process holds the disk's lock: a second user is refused.
t "solo5: block: a disk in use by another process" 1 '^$' \
	'is in use by another process$' flock -x "$S5_DISK" \
	"$SM" --block:storage="$S5_DISK" "$ST/s5-block.hvt" block

# Network devices, in a namespace: the guest answers ARP and ICMP echo at
# 10.66.0.2 on tap0; the pings come from a second namespace through a
# veth pair bridged to the tap.
s5_net_setup() {
	local n f
	ip netns add "$S5_NS" && ip netns add "$S5_NS2" || return 1
	for n in "$S5_NS" "$S5_NS2"; do
		for f in default all; do
			f=/proc/sys/net/ipv6/conf/$f/disable_ipv6
			ip netns exec "$n" sh -c "[ ! -w $f ] || echo 1 > $f" || return 1
		done
		ip -n "$n" link set lo up || return 1
	done
	ip -n "$S5_NS" tuntap add dev tap0 mode tap &&
	ip -n "$S5_NS" link add br0 type bridge &&
	ip -n "$S5_NS" link add veth0 type veth peer name veth1 netns "$S5_NS2" &&
	ip -n "$S5_NS" link set tap0 master br0 &&
	ip -n "$S5_NS" link set veth0 master br0 &&
	ip -n "$S5_NS" link set tap0 up &&
	ip -n "$S5_NS" link set veth0 up &&
	ip -n "$S5_NS" link set br0 up &&
	ip -n "$S5_NS2" addr add 10.66.0.1/24 dev veth1 &&
	ip -n "$S5_NS2" link set veth1 up &&
	ip -n "$S5_NS" tuntap add dev tun0 mode tun
}
s5_net_cleanup() {
	ip netns del "$S5_NS" 2>/dev/null
	ip netns del "$S5_NS2" 2>/dev/null
	return 0
}
s5_ping() { # the guest answers 3 pings from the other namespace
	local f=$W/s5-ping p rc
	ip netns exec "$S5_NS" "$SM" --timeout 60 --block:storage="$S5_DISK" \
		--net:service=tap0 --net-mac:service=02:00:0a:42:00:02 \
		"$ST/s5-dev.hvt" ping 10.66.0.2 3 > "$f.out" 2> "$f.err" &
	p=$!
	ip netns exec "$S5_NS2" ping -c 3 -i 0.3 -W 5 10.66.0.2 > "$f.ping"
	rc=$?
	wait "$p"
	echo "monitor: exit $? $(cat "$f.out" "$f.err")"
	cat "$f.ping"
	[ "$rc" = 0 ] && grep -q '^answered pings: 3$' "$f.out" &&
		grep -q ' 0% packet loss' "$f.ping" && [ ! -s "$f.err" ]
}
s5_pollnet() { # a frame on the tap wakes a poll: the device's bit
	local f=$W/s5-pollnet p
	ip netns exec "$S5_NS" "$SM" --timeout 60 --block:storage="$S5_DISK" \
		--net:service=tap0 "$ST/s5-dev.hvt" pollnet > "$f.out" 2> "$f.err" &
	p=$!
	sleep 0.5
	ip netns exec "$S5_NS2" ping -c 2 -W 1 10.66.0.2 > /dev/null
	wait "$p"
	cat "$f.out" "$f.err"
	grep -q '^the network device is ready, ret 1$' "$f.out" &&
		grep -q '^ready 0x4$' "$f.out"
}
s5_net_tests() {
	trap 's5_net_cleanup' EXIT
	trap 's5_net_cleanup; exit 130' INT TERM
	s5_net_cleanup
	setup "solo5: two network namespaces, a tap bridged to a veth (root, iproute2)" \
		s5_net_setup || { s5_net_cleanup; return; }
	t "solo5: net: the manifest: MTU 1500, the given MAC" 0 \
		'^  mac 0x2000a420002$' '^$' ip netns exec "$S5_NS" "$SM" --block:storage="$S5_DISK" \
		--net:service=tap0 --net-mac:service=02:00:0a:42:00:02 \
		"$ST/s5-dev.hvt" manifest
	ok "solo5: net: MTU 1500 in the manifest" has_lacks '^  mtu 1500$' '^xx$' \
		cat "$(t_out "solo5: net: the manifest: MTU 1500, the given MAC")"
	t "solo5: net: bad handles, nothing to read: EINVAL, EINVAL, AGAIN" 0 \
		'^read with nothing there: 1$' '^$' ip netns exec "$S5_NS" "$SM" --block:storage="$S5_DISK" \
		--net:service=tap0 "$ST/s5-dev.hvt" netbad
	ok "solo5: net: write on handle 0 and a read on a block handle: EINVAL" has_lacks \
		'^read on the block handle: 2$' '^write on handle 0: [^2]' \
		cat "$(t_out "solo5: net: bad handles, nothing to read: EINVAL, EINVAL, AGAIN")"
	ok "solo5: net: ping from another namespace, 3 answered, 0% loss" s5_ping
	ok "solo5: net: a frame wakes a poll with the device's bit" s5_pollnet
	t "solo5: net: a tun is not a tap" 1 '^$' \
		'^unimon: --net:service: tun0 is not a tap interface' \
		ip netns exec "$S5_NS" "$SM" --block:storage="$S5_DISK" --net:service=tun0 "$ST/s5-dev.hvt"
	t "solo5: net: no such interface" 1 '^$' \
		'^unimon: --net:service: no network interface nosuch0$' \
		ip netns exec "$S5_NS" "$SM" --block:storage="$S5_DISK" --net:service=nosuch0 "$ST/s5-dev.hvt"
	t "solo5: net: a bad MAC" 1 '^$' "^unimon: --net-mac:service: bad MAC address '01:00:00:00:00:01'" \
		ip netns exec "$S5_NS" "$SM" --net-mac:service=01:00:00:00:00:01 "$ST/s5-dev.hvt"
	t "solo5: net: --net-mac: without --net:" 1 '^$' \
		'^unimon: --net-mac:service: no --net:service=TAP$' \
		ip netns exec "$S5_NS" "$SM" --block:storage="$S5_DISK" --net-mac:service=02:00:00:00:00:09 \
		"$ST/s5-dev.hvt"
	t "solo5: net: @FD that is not open" 1 '^$' \
		'^unimon: --net:service: @77 is not an open file descriptor$' \
		ip netns exec "$S5_NS" "$SM" --block:storage="$S5_DISK" --net:service=@77 "$ST/s5-dev.hvt"
	s5_net_cleanup
	trap - EXIT INT TERM
}
s5_net_tests
