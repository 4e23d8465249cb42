# Network interfaces (CONFIG_NET): command line, tap errors, the device
# tree, bad arguments, the wait hypercall with a tap, and ping through the
# example responder. Sourced by run-all.sh (as root). Every check runs
# against both transports: full (a hypercall per frame) and appliance
# (shared-memory queues, CONFIG_NET_QUEUE); the queue transport also gets
# hostile descriptors written straight into its rings (qnetbad).
#
# Everything with a tap happens in a network namespace of our own, with
# IPv6 off so that the kernel sends nothing by itself (no router
# solicitations, no MLD): a tap is quiet unless a test sends something.
# The namespace (and with it its taps) is deleted at the end, also when a
# test fails or the run is interrupted.
NET_NS=unimon-test-$$
NET_MAC=02:00:0a:37:00:02	# the guest at 10.55.0.2
NET_PID=
NINFO=$TG/netinfo.elf

nsx() { ip netns exec "$NET_NS" "$@"; }
# nt: t, with the command run in the namespace.
nt() { t "$1" "$2" "$3" "$4" ip netns exec "$NET_NS" "${@:5}"; }

# --- without a namespace: the command line --------------------------------

# bad_net NAME STDERR_ERE --net ARG...: refused before the VM exists.
bad_net() {
	local name=$1 err=$2
	shift 2
	t "$NT: $name: exit 64" 64 '^$' "$err" "$NM" "$@" "$NINFO"
}

net_cli_tests() {
	t "$NT: --net refused by a build without CONFIG_NET" 64 '^$' \
		'^unimon: --net: this monitor was built without it \(enable CONFIG_NET\)$' \
		"$(mon default)" --net net0=tap0 "$NINFO"
	bad_net "no '='" "^unimon: --net net0: want NAME=TAP" --net net0
	bad_net "empty name" "^unimon: --net =tap0: bad interface name ''" --net =tap0
	bad_net "empty tap" "^unimon: --net net0=: bad tap interface name ''" --net net0=
	bad_net "name with a space" "bad interface name 'a b'" --net 'a b=tap0'
	bad_net "name of 32 characters" "bad interface name" \
		--net abcdefghijklmnopqrstuvwxyz012345=tap0
	bad_net "tap name of 16 characters" "bad tap interface name" \
		--net net0=abcdefghijklmnop
	bad_net "tap name with '/'" "bad tap interface name 'a/b'" --net net0=a/b
	bad_net "bad mac" "bad MAC address 'zz:00:00:00:00:01'" \
		--net net0=tap0,mac=zz:00:00:00:00:01
	bad_net "short mac" "bad MAC address" --net net0=tap0,mac=02:00:00:00:01
	bad_net "multicast mac" "MAC address 01:00:5e:00:00:01 is multicast" \
		--net net0=tap0,mac=01:00:5e:00:00:01
	bad_net "all-zero mac" "MAC address is all zero" \
		--net net0=tap0,mac=00:00:00:00:00:00
	bad_net "mac twice" "mac given twice" \
		--net net0=tap0,mac=02:00:00:00:00:01,mac=02:00:00:00:00:02
	bad_net "unknown option" "unknown option 'speed=10'" --net net0=tap0,speed=10
	bad_net "duplicate name" "^unimon: --net net0=tap1: interface name net0 given twice" \
		--net net0=tap0 --net net0=tap1
	bad_net "same tap twice" "tap tap0 already attached as a" \
		--net a=tap0 --net b=tap0
	bad_net "too many" "at most [0-9]+ network interfaces \(CONFIG_NET_MAX_DEVICES\)" \
		--net a=t0 --net b=t1 --net c=t2 --net d=t3 --net e=t4 --net f=t5 \
		--net g=t6 --net h=t7 --net i=t8 --net j=t9 --net k=t10 --net l=t11 \
		--net m=t12 --net n=t13 --net o=t14 --net p=t15 --net q=t16
	t "$NT: --help shows --net" 0 '^  --net NAME=TAP\[,mac=' '^$' "$NM" --help
	t "$NT: no --net: no interfaces, an empty /net" 0 \
		'^/net: #address-cells 1 #size-cells 0$' '^$' "$NM" "$NINFO"
}

# --- the namespace ---------------------------------------------------------

net_cleanup() {
	if [ -n "$NET_PID" ]; then
		kill "$NET_PID" 2>/dev/null
		wait "$NET_PID" 2>/dev/null
		NET_PID=
	fi
	if ip netns list 2>/dev/null | grep -q "^$NET_NS\b"; then
		for dev in tap0 tap1 tun0 tapu tapdel; do
			ip -n "$NET_NS" link del "$dev" 2>/dev/null
		done
		ip netns del "$NET_NS"
	fi
}

# Quiet taps: tap0 10.55.0.1/24, tap1 10.55.1.1/24 with MTU 9000, a tun, a
# tap owned by nobody, and one to delete under a running guest.
net_setup() {
	local f
	ip netns add "$NET_NS" || return 1
	for f in default all; do
		f=/proc/sys/net/ipv6/conf/$f/disable_ipv6
		nsx sh -c "[ ! -w $f ] || echo 1 > $f" || return 1
	done
	ip -n "$NET_NS" link set lo up &&
	ip -n "$NET_NS" tuntap add dev tap0 mode tap &&
	ip -n "$NET_NS" addr add 10.55.0.1/24 dev tap0 &&
	ip -n "$NET_NS" link set tap0 up &&
	ip -n "$NET_NS" tuntap add dev tap1 mode tap &&
	ip -n "$NET_NS" link set tap1 mtu 9000 &&
	ip -n "$NET_NS" addr add 10.55.1.1/24 dev tap1 &&
	ip -n "$NET_NS" link set tap1 up &&
	ip -n "$NET_NS" tuntap add dev tun0 mode tun &&
	ip -n "$NET_NS" tuntap add dev tapu mode tap user 65534 &&
	ip -n "$NET_NS" tuntap add dev tapdel mode tap
}

# net_start FILE MONITOR-ARGS...: the monitor in the namespace, in the
# background (NET_PID), output in FILE.out and FILE.err.
net_start() {
	local f=$1
	shift
	rm -f "$f.out" "$f.err" # net_await must not see an earlier run's lines
	# Not through nsx: $! must be the monitor (ip execs it), not a subshell.
	ip netns exec "$NET_NS" "$NM" --timeout 25 "$@" > "$f.out" 2> "$f.err" &
	NET_PID=$!
}

# net_await FILE ERE: wait (at most 10 s) for a line in FILE.
net_await() {
	local i
	for i in $(seq 200); do
		grep -Eq -- "$2" "$1" && return 0
		sleep 0.05
	done
	echo "no line /$2/ in $1 after 10 s:"
	cat "$1"
	return 1
}

# net_stop [RC]: end the background monitor (kill it unless RC is given
# and it exits by itself) and check its exit status and sanitizer output.
net_stop() {
	local want=${1:-143} rc
	[ -n "${1:-}" ] || kill "$NET_PID" 2>/dev/null
	wait "$NET_PID"
	rc=$?
	NET_PID=
	sed 's/^/  monitor: /' "$NET_F.out" "$NET_F.err"
	if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' \
		-e 'ERROR: LeakSanitizer' "$NET_F.err"; then
		echo "sanitizer report"
		return 1
	fi
	[ "$rc" = "$want" ] || { echo "monitor exit status $rc, expected $want"; return 1; }
}

# The responder at 10.55.0.2 on tap0 (fixed MAC: the host's neighbour
# cache stays right from one run to the next).
net_responder() { # net_responder NAME [net.elf args]
	NET_F=$NET_LOG-$1
	shift
	ip -n "$NET_NS" neigh flush dev tap0
	net_start "$NET_F" --net "net0=tap0,mac=$NET_MAC" \
		"$SDK/examples/net.elf" -- 10.55.0.2 "$@" &&
		net_await "$NET_F.out" '^net: net0 mac '
}

# 1000 pings, 2 ms apart; the guest exits 0 after answering 1000.
net_ping_1000() {
	net_responder ping1000 count=1000 || return 1
	nsx ping -c 1000 -i 0.002 -W 1 -q 10.55.0.2 | tee "$NET_F.ping"
	net_stop 0 || return 1
	grep -q '1000 packets transmitted, 1000 received, 0% packet loss' \
		"$NET_F.ping" &&
		grep -Eq '^net: answered [0-9]+ ARP and 1000 echo requests' "$NET_F.out"
}

# Ping checks every reply's id, sequence and payload: a full-MTU payload
# with a pattern, in normal mode (a line per reply), then a flood.
net_ping_data() {
	net_responder pingdata || return 1
	nsx ping -c 50 -i 0.005 -W 1 -s 1472 -p a55a0ff0 10.55.0.2 > "$NET_F.ping"
	nsx ping -f -c 500 -W 1 -q 10.55.0.2 > "$NET_F.flood"
	net_stop || return 1
	cat "$NET_F.ping" "$NET_F.flood"
	[ "$(grep -c '^1480 bytes from 10.55.0.2: icmp_seq=' "$NET_F.ping")" = 50 ] &&
		grep -q '50 packets transmitted, 50 received, 0% packet loss' "$NET_F.ping" &&
		! grep -Eiq 'wrong data|DUP!|corrupt|truncated' "$NET_F.ping" &&
		grep -q '500 packets transmitted, 500 received, 0% packet loss' "$NET_F.flood"
}

# Not answered: pings to another address (sent to the guest's MAC), and
# fragmented ones (larger than the MTU).
net_ping_ignored() {
	net_responder ignored || return 1
	ip -n "$NET_NS" neigh replace 10.55.0.9 lladdr "$NET_MAC" dev tap0 nud permanent
	nsx ping -c 2 -i 0.2 -W 0.3 10.55.0.9 > "$NET_F.other"
	nsx ping -c 2 -i 0.2 -W 0.3 -s 2000 10.55.0.2 > "$NET_F.frag"
	nsx ping -c 2 -i 0.2 -W 1 10.55.0.2 > "$NET_F.ok"
	ip -n "$NET_NS" neigh del 10.55.0.9 dev tap0
	net_stop || return 1
	cat "$NET_F.other" "$NET_F.frag" "$NET_F.ok"
	grep -q '2 packets transmitted, 0 received' "$NET_F.other" &&
		grep -q '2 packets transmitted, 0 received' "$NET_F.frag" &&
		grep -q '2 packets transmitted, 2 received' "$NET_F.ok"
}

# Two interfaces; the responder on the second (handle 1, MTU 9000).
net_second_if() {
	NET_F=$NET_LOG-secondif
	net_start "$NET_F" --net "net0=tap0,mac=$NET_MAC" \
		--net lan=tap1,mac=02:00:0a:37:01:02 \
		"$SDK/examples/net.elf" -- 10.55.1.2 if=lan count=5 &&
		net_await "$NET_F.out" '^net: lan mac 02:00:0a:37:01:02 mtu 9000:' ||
		return 1
	nsx ping -c 5 -i 0.05 -W 1 -s 8000 10.55.1.2 | tee "$NET_F.ping"
	net_stop 0 && grep -q '5 packets transmitted, 5 received' "$NET_F.ping"
}

# A wait of 10 s ends when a frame comes (one ping, to a static neighbour
# entry: no ARP, nothing else follows); then 300 ms of quiet.
net_wait_early() {
	NET_F=$NET_LOG-waitearly
	ip -n "$NET_NS" neigh replace 10.55.0.3 lladdr 02:00:0a:37:00:03 dev tap0 nud permanent
	net_start "$NET_F" --net net0=tap0,mac=02:00:0a:37:00:03 \
		"$TG/netwait.elf" -- 10000 300 &&
		net_await "$NET_F.out" '^waiting up to 10000 ms, wait-bit 0$' ||
		return 1
	nsx ping -c 1 -W 0.5 10.55.0.3 > /dev/null
	net_stop 0 || return 1
	ip -n "$NET_NS" neigh del 10.55.0.3 dev tap0
	grep -Eq "^wait: ret 1 ready 0x1 \(the interface's bit\) before the deadline, after [0-9]+ ms$" "$NET_F.out" &&
		grep -q '^frame: 98 bytes, type 0x0800$' "$NET_F.out" &&
		grep -q '^quiet: ret 0 ready 0x0 (none) at the deadline' "$NET_F.out"
}

# The example guest idles in the wait hypercall: 1 s of it costs well
# under 0.5 s of host CPU more than 0.2 s of it (the floor, measured here:
# start-up and tear-down); a spinning guest would use the whole second.
# Both runs end by --timeout (124) after the responder said it is up.
net_idle_cpu() {
	local rc1 c1 rc2 c2 f=$NET_LOG-idle
	read -r rc1 c1 < <(cpu_run "$f-short" ip netns exec "$NET_NS" "$NM" \
		--timeout 0.2 --net "net0=tap0,mac=$NET_MAC" "$SDK/examples/net.elf" -- 10.55.0.2)
	read -r rc2 c2 < <(cpu_run "$f-long" ip netns exec "$NET_NS" "$NM" \
		--timeout 1.2 --net "net0=tap0,mac=$NET_MAC" "$SDK/examples/net.elf" -- 10.55.0.2)
	echo "CPU seconds: 0.2 s run $c1 (exit $rc1), 1.2 s run $c2 (exit $rc2)"
	[ "$rc1" = 124 ] && [ "$rc2" = 124 ] &&
		grep -q '^net: net0 mac ' "$f-long.out" &&
		grep -q -- '--timeout of 1.2 seconds expired' "$f-long.err" &&
		awk -v a="$c1" -v b="$c2" 'BEGIN { exit !(b - a < 0.5) }'
}

# A tap deleted under a waiting guest: it wakes, receives UNIMON_EIO.
net_tap_deleted() {
	NET_F=$NET_LOG-tapdel
	net_start "$NET_F" --net net0=tapdel "$SDK/examples/net.elf" -- 10.55.0.2 &&
		net_await "$NET_F.out" '^net: net0 mac ' || return 1
	ip -n "$NET_NS" link del tapdel
	net_stop 1 && grep -q '^net: receive failed: -5$' "$NET_F.out"
}

# A tap in use by another monitor.
net_busy() {
	NET_F=$NET_LOG-busy
	net_start "$NET_F" --net "net0=tap0,mac=$NET_MAC" "$SDK/examples/net.elf" \
		-- 10.55.0.2 && net_await "$NET_F.out" '^net: net0 mac ' || return 1
	nsx "$NM" --net net0=tap0 "$NINFO" > "$NET_F.2.out" 2> "$NET_F.2.err"
	echo "second monitor: exit $?: $(cat "$NET_F.2.err")" > "$NET_F.2.rc"
	net_stop || return 1
	cat "$NET_F.2.rc"
	grep -q '^second monitor: exit 94: unimon: --net net0: tap tap0 is in use by another process$' \
		"$NET_F.2.rc"
}

net_ns_tests() {
	NET_TRAP=$(trap -p EXIT INT TERM)
	trap 'net_cleanup' EXIT
	trap 'net_cleanup; exit 130' INT TERM
	net_cleanup
	if setup "$NT: a network namespace with taps (needs root, iproute2)" net_setup; then
		nt "$NT: missing tap interface: exit 94" 94 '^$' \
			'^unimon: --net net0: no network interface nosuch0$' \
			"$NM" --net net0=nosuch0 "$NINFO"
		nt "$NT: lo is not a tap: exit 94" 94 '^$' \
			'^unimon: --net net0: lo is not a tap interface' \
			"$NM" --net net0=lo "$NINFO"
		nt "$NT: a tun is not a tap: exit 94" 94 '^$' \
			'^unimon: --net net0: tun0 is not a tap interface' \
			"$NM" --net net0=tun0 "$NINFO"
		nt "$NT: tap of another user without CAP_NET_ADMIN: exit 94" 94 '^$' \
			'^unimon: --net net0: not permitted to attach tap tapu \(needs CAP_NET_ADMIN' \
			setpriv --bounding-set -net_admin --inh-caps -all \
			"$NM" --net net0=tapu "$NINFO"
		ok "$NT: tap in use by another monitor: exit 94" net_busy

		nt "$NT: device tree: given MAC, MTU 1500, wait bit 0" 0 \
			'^net 0: name net0 mac 02:11:22:33:44:55 mtu 1500 wait-bit 0 local unicast$' '^$' \
			"$NM" --net net0=tap0,mac=02:11:22:33:44:55 "$NINFO"
		nt "$NT: device tree: generated MAC is local unicast, MTU 9000, bit 1" 0 \
			'^net 1: name wan-1 mac [0-9a-f]{2}(:[0-9a-f]{2}){5} mtu 9000 wait-bit 1 local unicast$' '^$' \
			"$NM" --net net0=tap0 --net wan-1=tap1 "$NINFO"
		nt "$NT: device tree: upper-case MAC accepted" 0 \
			'^net 0: name n mac 0a:bc:de:f0:12:34 ' '^$' \
			"$NM" --net n=tap0,mac=0A:BC:DE:F0:12:34 "$NINFO"
		nt "$NT: device tree: count, bad handles" 0 '^info 2: -9$' '^$' \
			"$NM" --net net0=tap0 --net wan-1=tap1 "$NINFO"
		nt "$NT: find by name" 0 '^find wan-1: 1$' '^$' \
			"$NM" --net net0=tap0 --net wan-1=tap1 "$NINFO" -- wan-1 nope
		nt "$NT: find an unknown name: EBADF" 0 '^find nope: -9$' '^$' \
			"$NM" --net net0=tap0 --net wan-1=tap1 "$NINFO" -- wan-1 nope
		nt "$NT: bad handles, lengths, buffers; EMSGSIZE keeps the frame" \
			0 '^netbad: all ok$' '^$' \
			"$NM" --net net0=tap0 "$TG/netbad.elf" -- 10.55.0.2 10.55.0.1
		nt "$NT: wait with a quiet tap returns at the deadline, nothing ready" 0 \
			"^wait: ret 0 ready 0x0 \(none\) at the deadline" '^$' \
			"$NM" --net net0=tap0 "$TG/netwait.elf" -- 300
		ok "$NT: wait returns early with the interface's bit on a frame" net_wait_early
		ok "$NT: 1000 pings (-i 0.002): 1000 answered, 0% loss" net_ping_1000
		ok "$NT: full-MTU pings with a pattern: correct replies; flood of 500" net_ping_data
		ok "$NT: pings to another address and fragments are ignored" net_ping_ignored
		ok "$NT: responder on a second interface (handle 1, MTU 9000)" net_second_if
		ok "$NT: idle responder uses almost no host CPU" net_idle_cpu
		ok "$NT: tap deleted under the guest: receive says EIO" net_tap_deleted
		if grep -q '^CONFIG_NET_QUEUE=y' "$(dirname "$NM")/.config"; then
			net_hostile_queue_tests
		fi
	fi
	net_cleanup
	trap - EXIT INT TERM
	eval "$NET_TRAP"
	net_ns_gone() { ip netns list > /dev/null && ! ip netns list | grep -q "^$NET_NS\b"; }
	setup "$NT: the namespace deleted" net_ns_gone
}

# The queue transport with hostile descriptors (tests/guests/qnetbad.c):
# each bad one gets its own error; a req_prod far past a ring stops that
# queue only, with one line naming it, and the guest goes on (exit 7).
net_hostile_queue_tests() {
	local ring0 q
	ring0=$(sed -n 's/^CONFIG_RING0_ADDR=//p' "$(dirname "$NM")/.config")
	# The frame too long for its buffer is dropped and counted.
	nt "$NT: hostile descriptors in the queues: each gets its own error" \
		0 '^qnetbad: all ok$' \
		'^  net net0: [0-9]+ frames sent, [0-9]+ not sent, [0-9]+ received, 1 dropped ' \
		"$NM" --stats --net net0=tap0 "$TG/qnetbad.elf" -- "$ring0" \
		10.55.0.2 10.55.0.1
	for q in tx rx; do
		nt "$NT: req_prod far past the $q ring stops that queue only" \
			7 "^qnetbad broken-$q: all ok$" \
			"^unimon: net net0 $q: malformed queue: the guest published request [0-9]+ with [0-9]+ handled and [0-9]+ entries; device stopped$" \
			"$NM" --net net0=tap0 "$TG/qnetbad.elf" -- "$ring0" \
			10.55.0.2 10.55.0.1 "broken-$q"
	done
}

# net_variant CONFIG: every check against the monitor of configs/CONFIG.
# One failure, not forty, when it is missing or was built without the
# network device.
net_variant() {
	NM=$(mon "$1")
	NT="net ($1)"
	NET_LOG=$LOGDIR/${VARIANT}net-$1
	if ! "$NM" --version 2>/dev/null | grep -q '^    net '; then
		fail "$NT: $NM is missing or built without CONFIG_NET" \
			"(configs/$1_defconfig needs CONFIG_NET=y, CONFIG_WAIT=y)"
		return
	fi
	net_cli_tests
	net_ns_tests
}

net_variant full
net_variant appliance
