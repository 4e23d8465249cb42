#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Network benchmark: ping a unimon guest (the net.elf example behind a
# tap) and, as the reference measured in the same run, a Linux network
# namespace behind a veth pair. Both are pinged from one client namespace:
#
#   client ns: tap0 10.55.0.1/24  <->  unimon net.elf 10.55.0.2
#              veth0 10.56.0.1/24 <->  server ns: veth1 10.56.0.2
#
# Figures: ping round trip (median of the per-ping times of `ping -i
# 0.01`, in rounds that alternate between the two) and the ping flood rate
# (`ping -f -c N`: replies per second of its elapsed time, median of the
# rounds). Run as root; needs iproute2 and iputils-ping.
#
#   tests/bench/net.sh [--smoke]
#
#   BENCH_NET_PINGS   pings per round-trip round (default 100)
#   BENCH_NET_FLOOD   pings per flood round (default 5000)
#   BENCH_NET_ROUNDS  rounds of each, alternating (default 3)
#   B, SDK            build root (build) and SDK output ($B/sdk)
#   MON               the monitor (default $B/appliance/unimon)
#
# --smoke: tiny counts, and only checks that every figure was measured
# and printed well-formed. The exit status is non-zero if something could
# not be measured (or, with --smoke, is malformed); timings never fail it.
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
SDK=${SDK:-$B/sdk}
MON=${MON:-$B/appliance/unimon}
NET_ELF=$SDK/examples/net.elf
OUT=$B/bench
SMOKE=0
[ "${1:-}" = --smoke ] && SMOKE=1
if [ "$SMOKE" = 1 ]; then
	PINGS=5 FLOOD=50 ROUNDS=1
else
	PINGS=${BENCH_NET_PINGS:-100}
	FLOOD=${BENCH_NET_FLOOD:-5000}
	ROUNDS=${BENCH_NET_ROUNDS:-3}
fi
CLI=unimon-bench-$$-c
SRV=unimon-bench-$$-s
MPID=
failed=0

for v in "$PINGS" "$FLOOD" "$ROUNDS"; do
	case $v in
	'' | *[!0-9]* | 0) echo "bench-net: counts must be positive integers" >&2
		exit 2 ;;
	esac
done
for f in "$MON" "$NET_ELF"; do
	[ -x "$f" ] || [ -f "$f" ] || { echo "bench-net: missing $f (build it first)" >&2; exit 1; }
done

fail() {
	echo "bench-net: $*" >&2
	failed=1
}

cleanup() {
	if [ -n "$MPID" ]; then
		kill "$MPID" 2>/dev/null
		wait "$MPID" 2>/dev/null
		MPID=
	fi
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

median() {
	sort -g | awk '{ a[NR] = $1 }
		END { if (NR == 0) exit 1
		      if (NR % 2) print a[(NR + 1) / 2]
		      else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }

# row FIGURE VALUE REFERENCE RATIO TARGET RESULT (as tests/bench/run.sh)
row() { printf '%-30s %12s  %-24s %7s  %-9s %s\n' "$@"; }

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

t_start=$(date +%s)
mkdir -p "$OUT"
if ! setup > "$OUT/net-setup.log" 2>&1; then
	echo "bench-net: cannot set up the namespaces (root? iproute2?):" >&2
	tail -n 5 "$OUT/net-setup.log" >&2
	exit 1
fi
ip netns exec "$CLI" "$MON" --net net0=tap0,mac=02:00:0a:37:00:02 "$NET_ELF" \
	-- 10.55.0.2 > "$OUT/net-guest.txt" 2>&1 &
MPID=$!
for _ in $(seq 100); do
	grep -q '^net: net0 mac' "$OUT/net-guest.txt" && break
	sleep 0.05
done
grep -q '^net: net0 mac' "$OUT/net-guest.txt" ||
	{ echo "bench-net: the guest did not start:" >&2; cat "$OUT/net-guest.txt" >&2; exit 1; }
# Warm up: ARP on both links, caches.
ip netns exec "$CLI" ping -n -c 3 -i 0.01 -W 1 -q 10.55.0.2 > /dev/null
ip netns exec "$CLI" ping -n -c 3 -i 0.01 -W 1 -q 10.56.0.2 > /dev/null

: > "$OUT/net-rtt-unimon.txt"
: > "$OUT/net-rtt-veth.txt"
: > "$OUT/net-flood-unimon.txt"
: > "$OUT/net-flood-veth.txt"
for _ in $(seq "$ROUNDS"); do
	rtt_round 10.55.0.2 "$OUT/net-rtt-unimon.txt"
	rtt_round 10.56.0.2 "$OUT/net-rtt-veth.txt"
	flood_round 10.55.0.2 "$OUT/net-flood-unimon.txt"
	flood_round 10.56.0.2 "$OUT/net-flood-veth.txt"
done
cleanup

report() {
	local n_u n_v u v
	echo "unimon network benchmark, $(date '+%Y-%m-%d %H:%M'), $(nproc) CPUs," \
		"kernel $(uname -r)"
	echo "counts: $ROUNDS rounds of $PINGS pings (-i 0.01) and of a flood of" \
		"$FLOOD (-f), alternating unimon (tap) / veth"
	echo
	row "figure" "median" "reference (median)" "ratio" "target" "result"
	row "------" "------" "------------------" "-----" "------" "------"
	n_u=$(wc -l < "$OUT/net-rtt-unimon.txt")
	n_v=$(wc -l < "$OUT/net-rtt-veth.txt")
	if [ "$n_u" -ge "$((PINGS * ROUNDS))" ] && [ "$n_v" -ge "$((PINGS * ROUNDS))" ]; then
		u=$(median < "$OUT/net-rtt-unimon.txt")
		v=$(median < "$OUT/net-rtt-veth.txt")
		row "ping round trip: unimon" "$(calc "$u" 1) us" \
			"veth $(calc "$v" 1) us" "$(calc "$u / $v")x" "(none)" "-"
	else
		fail "round trip: $n_u of $((PINGS * ROUNDS)) replies from unimon, $n_v from veth"
	fi
	if [ "$(wc -l < "$OUT/net-flood-unimon.txt")" = "$ROUNDS" ] &&
		[ "$(wc -l < "$OUT/net-flood-veth.txt")" = "$ROUNDS" ]; then
		u=$(median < "$OUT/net-flood-unimon.txt")
		v=$(median < "$OUT/net-flood-veth.txt")
		row "ping flood: unimon" "$(calc "$u / 1000" 2) kpkt/s" \
			"veth $(calc "$v / 1000" 2) kpkt/s" "$(calc "$u / $v")x" \
			"(none)" "-"
	else
		fail "flood: a round had no result"
	fi
	echo
	echo "raw data: $OUT/net-rtt-*.txt (us per ping), $OUT/net-flood-*.txt" \
		"(replies/s per round); $(($(date +%s) - t_start)) s in all"
	[ "$failed" = 0 ]
}

report | tee "$OUT/net-table.txt"
[ "${PIPESTATUS[0]}" = 0 ] || failed=1

if [ "$SMOKE" = 1 ]; then
	# Well-formed: both rows, each a number with its unit, a reference
	# with its unit, and a ratio.
	n=$(grep -Ec '^ping (round trip|flood): unimon +[0-9]+\.[0-9]+ (us|kpkt/s)  veth [0-9]+\.[0-9]+ (us|kpkt/s) +[0-9]+\.[0-9]+x  \(none\) +-$' \
		"$OUT/net-table.txt")
	if [ "$n" != 2 ]; then
		echo "bench-net smoke: $n of 2 rows well-formed" >&2
		failed=1
	fi
fi
[ "$failed" = 0 ]
