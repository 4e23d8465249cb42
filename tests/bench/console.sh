#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Console benchmark: a guest writes 64 MiB to its console in 4 KiB writes
# (tests/bench/conbench.c built as a guest), against the same code on the
# host writing the same bytes with write(2), into the same sink; whole
# processes timed by tests/bench/timeit (start-up, run, exit), alternating
# host / queue console / hypercall console, median of the runs. Two sinks:
# a file on the host's file system (truncated before each run) and
# /dev/null (free: the ratio is then all monitor overhead). Then one run
# of each variant with --stats: exits per MiB moved (user-space exits plus
# the doorbells KVM handled in the kernel).
#
#   tests/bench/console.sh           the rows (about 20 s)
#   tests/bench/console.sh --smoke   1 MiB, 2 runs: well-formed rows only
#
#   BENCH_CON_MB     MiB written (default 64)
#   BENCH_CON_CHUNK  bytes per write (default 4096)
#   BENCH_CON_RUNS   runs of each (default 20)
#   B, SDK           build root (build) and SDK output ($B/sdk)
#
# Monitors: $B/appliance (CONFIG_CONSOLE_QUEUE) and $B/full (the console
# hypercall), built from their defconfigs.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
B=${B:-build}
SDK=${SDK:-$B/sdk}
OUT=$B/bench

if [ "${1:-}" = --smoke ]; then
	out=$(BENCH_CON_MB=1 BENCH_CON_RUNS=2 "$0" 2>&1)
	rc=$?
	rows=$(printf '%s\n' "$out" | grep -cE '^console [0-9]+ MiB, (queue|hypercall), (file|/dev/null) +[0-9]+\.[0-9]+ ms +host [0-9]+\.[0-9]+ ms +[0-9]+\.[0-9]{2}x ')
	ex=$(printf '%s\n' "$out" | grep -cE '^console exits per MiB, queue +[0-9]+\.[0-9]+ +hypercall [0-9]+\.[0-9]+ +[0-9]+\.[0-9]x ')
	if [ $rc = 0 ] && [ "$rows" = 4 ] && [ "$ex" = 1 ]; then
		echo "console bench smoke: ok (5 well-formed rows)"
		exit 0
	fi
	printf '%s\n' "$out"
	echo "console bench smoke: FAILED (status $rc, $rows + $ex rows of 4 + 1)"
	exit 1
fi

MB=${BENCH_CON_MB:-64}
CHUNK=${BENCH_CON_CHUNK:-4096}
RUNS=${BENCH_CON_RUNS:-20}
for v in "$MB" "$CHUNK" "$RUNS"; do
	case $v in
	'' | *[!0-9]* | 0) echo "console bench: counts must be positive" \
		"integers" >&2; exit 2 ;;
	esac
done
TOTAL=$((MB << 20))

die() { echo "console bench: $*" >&2; exit 1; }

mkdir -p "$OUT"
tests/bench/build.sh || die "the build failed; nothing measured"
Q=$B/appliance/unimon
H=$B/full/unimon
G=$OUT/conbench.elf

# One sink: host, queue, hypercall alternating; rows with ratios.
measure() { # measure SINK LABEL
	local raw=$OUT/console-${2//\//}.txt h q c
	"$OUT/timeit" -n "$RUNS" -w 2 -o "$1" "$OUT/conbench" "$TOTAL" "$CHUNK" \
		:: "$Q" "$G" -- "$TOTAL" "$CHUNK" \
		:: "$H" "$G" -- "$TOTAL" "$CHUNK" > "$raw" || die "a run failed"
	h=$(awk '$2 == 0 { print $4 }' "$raw" | median)
	q=$(awk '$2 == 1 { print $4 }' "$raw" | median)
	c=$(awk '$2 == 2 { print $4 }' "$raw" | median)
	# Speed relative to the host: host time / monitor time.
	row "console $MB MiB, queue, $2" "$(calc "$q / 1000" 1) ms" \
		"host $(calc "$h / 1000" 1) ms" "$(calc "$h / $q")x" ">= 0.50x" \
		"$(awk "BEGIN { print ($h / $q >= 0.5) ? \"PASS\" : \"MISS\" }")"
	row "console $MB MiB, hypercall, $2" "$(calc "$c / 1000" 1) ms" \
		"host $(calc "$h / 1000" 1) ms" "$(calc "$h / $c")x" "(none)" "-"
}

# Exits of one --stats run: user-space exits + doorbells handled in KVM.
exits_of() {
	"$1" --stats "$G" -- "$TOTAL" "$CHUNK" 2> "$OUT/console-stats.txt" \
		> /dev/null || die "$1 failed"
	awk '/^  exits: / { n += $2 }
	     /^  queue .* in the kernel\)/ { sub(/.*\(/, ""); n += $1 }
	     END { print n + 0 }' "$OUT/console-stats.txt"
}

echo "console: $MB MiB in $CHUNK-byte writes, $RUNS runs each, alternating"
row "figure" "median" "reference (median)" "ratio" "target" "result"
measure "$OUT/console.sink" file
measure /dev/null /dev/null
qe=$(exits_of "$Q")
he=$(exits_of "$H")
qm=$(calc "$qe / $MB" 1)
hm=$(calc "$he / $MB" 1)
# With no exit at all the ratio is unbounded: count one.
r=$(calc "$he / ($qe > 0 ? $qe : 1)" 1)
row "console exits per MiB, queue" "$qm" "hypercall $hm" "${r}x" ">= 20x fewer" \
	"$(awk "BEGIN { print ($r >= 20) ? \"PASS\" : \"MISS\" }")"
echo "raw data: $OUT/console-file.txt, $OUT/console-devnull.txt"
rm -f "$OUT/console.sink"
