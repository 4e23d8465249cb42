#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Network benchmark: ping a unimon guest (the net.elf example behind a
# tap) with each transport of the network device, and, as the reference
# measured in the same run, a Linux network namespace behind a veth pair.
# All are pinged from one client namespace:
#
#   client ns: tap0 10.55.0.1/24  <->  unimon net.elf 10.55.0.2
#              veth0 10.56.0.1/24 <->  server ns: veth1 10.56.0.2
#
# The transports: "queues" (CONFIG_NET_QUEUE: shared-memory rings served
# by the monitor's I/O thread; the appliance configuration) and
# "hypercalls" (a hypercall per frame; the full configuration).
#
# Figures, per transport: ping round trip (median of the per-ping times of
# `ping -i 0.01`, in rounds that alternate with veth), the ping flood rate
# (`ping -f -c N`: replies per second of its elapsed time, median of the
# rounds), and exits per MiB of frames moved: a flood of full-size pings
# (-s 1472: 1514-byte frames each way) to a guest that exits after
# answering them, with --stats; exits = the monitor's exit count plus the
# doorbells KVM handled in the kernel (the "queue ...: N doorbells (K in
# the kernel)" lines). Run as root; needs iproute2 and iputils-ping.
#
#   tests/bench/net.sh [--smoke]
#
#   BENCH_NET_PINGS   pings per round-trip round (default 100)
#   BENCH_NET_FLOOD   pings per flood round (default 5000)
#   BENCH_NET_ROUNDS  rounds of each, alternating (default 3)
#   BENCH_NET_BULK    full-size pings for exits per MiB (default 3000), sent
#                     one at a time (ping -f) and 16 in flight (-f -l 16)
#   B, SDK            build root (build) and SDK output ($B/sdk)
#   MON_Q, MON_H      the monitors with queues (default $B/appliance/unimon)
#                     and with hypercalls (default $B/full/unimon)
#
# --smoke: tiny counts, and only checks that every figure was measured
# and printed well-formed. The exit status is non-zero if something could
# not be measured (or, with --smoke, is malformed); timings never fail it.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
B=${B:-build}
SDK=${SDK:-$B/sdk}
MON_Q=${MON_Q:-$B/appliance/unimon}
MON_H=${MON_H:-$B/full/unimon}
NET_ELF=$SDK/examples/net.elf
OUT=$B/bench
SMOKE=0
[ "${1:-}" = --smoke ] && SMOKE=1
if [ "$SMOKE" = 1 ]; then
	PINGS=5 FLOOD=50 ROUNDS=1 BULK=50
else
	PINGS=${BENCH_NET_PINGS:-100}
	FLOOD=${BENCH_NET_FLOOD:-5000}
	ROUNDS=${BENCH_NET_ROUNDS:-3}
	BULK=${BENCH_NET_BULK:-3000}
fi
FRAME=1514	# bytes of a full-size ping's frame: 1472 + 8 + 20 + 14
CLI=unimon-bench-$$-c
SRV=unimon-bench-$$-s
MPID=
failed=0

for v in "$PINGS" "$FLOOD" "$ROUNDS" "$BULK"; do
	case $v in
	'' | *[!0-9]* | 0) echo "bench-net: counts must be positive integers" >&2
		exit 2 ;;
	esac
done
for f in "$MON_Q" "$MON_H" "$NET_ELF"; do
	[ -x "$f" ] || [ -f "$f" ] || { echo "bench-net: missing $f (build it first)" >&2; exit 1; }
done
# Each monitor must have the transport it stands for.
"$MON_Q" --version 2>/dev/null | grep -q '^    net .*queues' ||
	{ echo "bench-net: $MON_Q has no network queues (CONFIG_NET_QUEUE)" >&2; exit 1; }
"$MON_H" --version 2>/dev/null | grep '^    net ' | grep -vq 'queues' ||
	{ echo "bench-net: $MON_H has no network hypercalls" >&2; exit 1; }

fail() {
	echo "bench-net: $*" >&2
	failed=1
}

stop_guest() {
	if [ -n "$MPID" ]; then
		kill "$MPID" 2>/dev/null
		wait "$MPID" 2>/dev/null
		MPID=
	fi
}

cleanup() {
	stop_guest
	ip netns del "$CLI" 2>/dev/null
	ip netns del "$SRV" 2>/dev/null
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# Both namespaces quiet (no IPv6), the tap and the veth pair up.
setup() {
	local ns f
	for ns in "$CLI" "$SRV"; do
		ip netns add "$ns" || return 1
		for f in default all; do
			f=/proc/sys/net/ipv6/conf/$f/disable_ipv6
			ip netns exec "$ns" sh -c "[ ! -w $f ] || echo 1 > $f"
		done
		ip -n "$ns" link set lo up || return 1
	done
	ip -n "$CLI" tuntap add dev tap0 mode tap &&
	ip -n "$CLI" addr add 10.55.0.1/24 dev tap0 &&
	ip -n "$CLI" link set tap0 up &&
	ip -n "$CLI" link add veth0 type veth peer name veth1 netns "$SRV" &&
	ip -n "$CLI" addr add 10.56.0.1/24 dev veth0 &&
	ip -n "$SRV" addr add 10.56.0.2/24 dev veth1 &&
	ip -n "$CLI" link set veth0 up &&
	ip -n "$SRV" link set veth1 up
}

# row FIGURE VALUE REFERENCE RATIO TARGET RESULT (as tests/bench/run.sh)
row() { printf '%-30s %14s  %-26s %8s  %-12s %s\n' "$@"; }

# rtt_round ADDR FILE: append one round's per-ping times (us) to FILE.
rtt_round() {
	ip netns exec "$CLI" ping -n -c "$PINGS" -i 0.01 -W 1 "$1" |
		sed -n 's/.* time=\([0-9.]*\) ms$/\1/p' |
		awk '{ printf "%.1f\n", $1 * 1000 }' >> "$2"
}

# flood_round ADDR FILE: append one flood's replies per second to FILE.
flood_round() {
	ip netns exec "$CLI" ping -n -f -c "$FLOOD" -W 1 -q "$1" |
		sed -n 's/.*transmitted, \([0-9]*\) received.*time \([0-9]*\)ms$/\1 \2/p' |
		awk '$2 > 0 { printf "%.1f\n", $1 * 1000 / $2 } $2 == 0 { print $1 * 1000 }' >> "$2"
}

# start_guest MONITOR FILE [ARGS...]: the responder in the background.
start_guest() {
	local mon=$1 f=$2
	shift 2
	ip netns exec "$CLI" "$mon" "$@" --net net0=tap0,mac=02:00:0a:37:00:02 \
		"$NET_ELF" -- 10.55.0.2 ${BULK_COUNT:+count=$BULK_COUNT} > "$f" 2>&1 &
	MPID=$!
	for _ in $(seq 100); do
		grep -q '^net: net0 mac' "$f" && return 0
		sleep 0.05
	done
	echo "bench-net: the guest did not start:" >&2
	cat "$f" >&2
	return 1
}

# latency VARIANT MONITOR: round trip and flood rounds, alternating with veth.
latency() {
	local v=$1
	start_guest "$2" "$OUT/net-guest-$v.txt" || return 1
	# Warm up: ARP on both links, caches.
	ip netns exec "$CLI" ping -n -c 3 -i 0.01 -W 1 -q 10.55.0.2 > /dev/null
	ip netns exec "$CLI" ping -n -c 3 -i 0.01 -W 1 -q 10.56.0.2 > /dev/null
	for _ in $(seq "$ROUNDS"); do
		rtt_round 10.55.0.2 "$OUT/net-rtt-$v.txt"
		rtt_round 10.56.0.2 "$OUT/net-rtt-veth.txt"
		flood_round 10.55.0.2 "$OUT/net-flood-$v.txt"
		flood_round 10.56.0.2 "$OUT/net-flood-veth.txt"
	done
	stop_guest
}

# bulk VARIANT MONITOR PRELOAD: BULK full-size pings, PRELOAD of them in
# flight (ping -l), to a guest that answers as many and exits; "exits
# bytes" into $OUT/net-exits-VARIANT-PRELOAD.txt.
bulk() {
	local v=$1-$3 f rc
	f=$OUT/net-bulk-$v
	BULK_COUNT=$BULK start_guest "$2" "$f.err" --stats --timeout 120 ||
		return 1
	ip netns exec "$CLI" ping -n -f -l "$3" -c "$BULK" -W 1 -s 1472 -q \
		10.55.0.2 > "$f.ping"
	wait "$MPID"
	rc=$?
	MPID=
	[ "$rc" = 0 ] || { fail "$v: the bulk guest exited $rc"; cat "$f.err" >&2; return 1; }
	awk -v frame=$FRAME '
		/^  exits: / { exits += $2 }
		/^  queue .* doorbells/ { sub(/.*doorbells \(/, ""); exits += $1 }
		END { print exits }' "$f.err" > "$f.exits"
	sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' "$f.ping" |
		awk -v frame=$FRAME '{ print ($1 + $2) * frame }' > "$f.bytes"
	echo "$(cat "$f.exits") $(cat "$f.bytes")" > "$OUT/net-exits-$v.txt"
}

t_start=$(date +%s)
mkdir -p "$OUT"
if ! setup > "$OUT/net-setup.log" 2>&1; then
	echo "bench-net: cannot set up the namespaces (root? iproute2?):" >&2
	tail -n 5 "$OUT/net-setup.log" >&2
	exit 1
fi
for f in rtt-queues rtt-hypercalls rtt-veth flood-queues flood-hypercalls \
	flood-veth exits-queues-1 exits-hypercalls-1 exits-queues-16 \
	exits-hypercalls-16; do
	: > "$OUT/net-$f.txt"
done
latency queues "$MON_Q" || fail "queues: no latency figures"
latency hypercalls "$MON_H" || fail "hypercalls: no latency figures"
for l in 1 16; do
	bulk queues "$MON_Q" $l
	bulk hypercalls "$MON_H" $l
done
cleanup

# Medians of FILE, or "" when it has fewer than N lines.
median_of() { [ "$(wc -l < "$1")" -ge "$2" ] && median < "$1"; }

report() {
	local v u r q h eq bq eh bh l raw
	echo "unimon network benchmark, $(date '+%Y-%m-%d %H:%M'), $(nproc) CPUs," \
		"kernel $(uname -r)"
	echo "counts: $ROUNDS rounds of $PINGS pings (-i 0.01) and of a flood of" \
		"$FLOOD (-f) per transport, alternating with veth; $BULK full-size" \
		"pings for exits per MiB"
	echo
	row "figure" "median" "reference (median)" "ratio" "target" "result"
	row "------" "------" "------------------" "-----" "------" "------"
	r=$(median_of "$OUT/net-rtt-veth.txt" $((PINGS * ROUNDS * 2)))
	for v in queues hypercalls; do
		u=$(median_of "$OUT/net-rtt-$v.txt" $((PINGS * ROUNDS)))
		if [ -n "$u" ] && [ -n "$r" ]; then
			row "ping round trip: $v" "$(calc "$u" 1) us" \
				"veth $(calc "$r" 1) us" "$(calc "$u / $r")x" "(none)" "-"
		else
			fail "round trip ($v): too few replies"
		fi
	done
	r=$(median_of "$OUT/net-flood-veth.txt" $((ROUNDS * 2)))
	for v in queues hypercalls; do
		u=$(median_of "$OUT/net-flood-$v.txt" "$ROUNDS")
		if [ -n "$u" ] && [ -n "$r" ]; then
			q=$(calc "$u / $r")
			row "ping flood: $v" "$(calc "$u / 1000" 2) kpkt/s" \
				"veth $(calc "$r / 1000" 2) kpkt/s" "${q}x" \
				"$([ $v = queues ] && echo '>= 0.30x' || echo '(none)')" \
				"$([ $v = queues ] && awk -v q="$q" 'BEGIN { print (q >= 0.3 ? "ok" : "MISSED") }' || echo -)"
		else
			fail "flood ($v): a round had no result"
		fi
	done
	for l in 1 16; do
		read -r eq bq < "$OUT/net-exits-queues-$l.txt"
		read -r eh bh < "$OUT/net-exits-hypercalls-$l.txt"
		if [ -n "${bq:-}" ] && [ -n "${bh:-}" ] && [ "$bq" -gt 0 ] &&
			[ "$bh" -gt 0 ] && [ "${eq:-0}" -gt 0 ]; then
			q=$(calc "$eq * 1048576 / $bq" 1)
			h=$(calc "$eh * 1048576 / $bh" 1)
			r=$(calc "$h / $q" 1)
			row "exits per MiB: queues, -l $l" "$q /MiB" \
				"hypercalls $h /MiB" "${r}x" ">= 20x fewer" \
				"$(awk -v r="$r" 'BEGIN { print (r >= 20 ? "ok" : "MISSED") }')"
			raw="${raw:-}
exits per MiB, ping -f -l $l -s 1472: queues $eq exits for $bq bytes, hypercalls $eh exits for $bh bytes"
		else
			fail "exits per MiB (-l $l): no figures (queues '${eq:-} ${bq:-}', hypercalls '${eh:-} ${bh:-}')"
		fi
	done
	echo "${raw:-}"
	echo "(exits: the monitor's exit count plus the doorbells handled in the kernel)"
	echo
	echo "raw data: $OUT/net-rtt-*.txt (us per ping), $OUT/net-flood-*.txt" \
		"(replies/s per round), $OUT/net-bulk-*.err (--stats);" \
		"$(($(date +%s) - t_start)) s in all"
	[ "$failed" = 0 ]
}

report | tee "$OUT/net-table.txt"
[ "${PIPESTATUS[0]}" = 0 ] || failed=1

if [ "$SMOKE" = 1 ]; then
	# Well-formed: six rows, each a number with its unit, a reference
	# with its unit, and a ratio.
	n=$(grep -Ec '^(ping round trip|ping flood|exits per MiB): (queues|hypercalls)(, -l [0-9]+)? +[0-9]+\.[0-9]+ (us|kpkt/s|/MiB)  (veth|hypercalls) [0-9]+\.[0-9]+ (us|kpkt/s|/MiB) +[0-9]+\.[0-9]+x  ' \
		"$OUT/net-table.txt")
	if [ "$n" != 6 ]; then
		echo "bench-net smoke: $n of 6 rows well-formed" >&2
		failed=1
	fi
fi
[ "$failed" = 0 ]
