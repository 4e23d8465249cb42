#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The Linux personality's benchmarks ($B/linux/unimon, configs/
# linux_defconfig), with one static musl program (tests/bench/lxbench.c)
# that runs unchanged on the host and in unimon, each figure a ratio
# against a floor measured in the same run:
#   syscall     getppid() round trip against a raw exit (an out to an
#               unclaimed port) of the same program: target <= 1.3x
#   start-up    unimon lxbench hello, whole process, against the floor
#               (tests/bench/floor: KVM's own minimum) and against the
#               same executable run natively
#   cpu         SHA-256 of 64 MiB in the program, against the same
#               binary natively (the digests must agree): target >= 0.95x
#   write       64 MiB to a file in 4 KiB write(1) calls, against the
#               same binary natively
#
#   tests/bench/linux.sh           the figures
#   tests/bench/linux.sh --smoke   tiny counts: every row measured and
#                                  well-formed, the digests equal; no
#                                  timing asserted
#
#   BENCH_LX_RUNS   start-up runs of each command (default 100)
#   BENCH_LX_ITERS  calls per syscall block (default 2000), 20 blocks
#   BENCH_LX_MB     MiB for cpu and write (default 64)
# Prints rows in the format of tests/bench/run.sh; a miss prints MISS and
# never fails. Exits non-zero only if something could not be built or run.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
B=${B:-build}
OUT=$B/bench
MON=$B/linux/unimon
P=$OUT/lxbench

die() { echo "linux bench: $*" >&2; exit 1; }

if [ "${1:-}" = --smoke ]; then
	out=$(BENCH_LX_RUNS=2 BENCH_LX_ITERS=20 BENCH_LX_MB=1 "$0" 2>&1)
	rc=$?
	rows=$(printf '%s\n' "$out" | grep -cE '^linux: .* [0-9]+\.[0-9]+ (us|ms|MiB/s) .* [0-9]+\.[0-9]+x .* (PASS|MISS|-)$')
	printf '%s\n' "$out" | grep -q '^digests agree: '
	smoke_verdict linux $rc "$rows" 5 "$out" $?
fi

RUNS=${BENCH_LX_RUNS:-100}
ITERS=${BENCH_LX_ITERS:-2000}
MB=${BENCH_LX_MB:-64}
tests/bench/build.sh || die "the build failed; nothing measured"
[ -x "$MON" ] && [ -x "$P" ] || die "no $MON or $P"
t0=$(date +%s)

echo "Linux personality: $MON, the static musl program $P"
echo
row "figure" "median" "reference (median)" "ratio" "target" "result"
row "------" "------" "------------------" "-----" "------" "------"

# System-call round trip against the raw exit, 20 blocks.
"$MON" "$P" -- syscall 20 "$ITERS" raw > "$OUT/lx-syscall.txt" ||
	die "lxbench syscall failed"
sc=$(awk '$1 == "getppid" { print $3 }' "$OUT/lx-syscall.txt" | median) &&
	raw=$(awk '$1 == "raw" { print $3 }' "$OUT/lx-syscall.txt" | median) ||
	die "no syscall figures"
r=$(calc "$sc / $raw")
row "linux: getppid() round trip" "$(calc "$sc / 1000" 3) us" \
	"raw exit $(calc "$raw / 1000" 3) us" "${r}x" "<= 1.3x" \
	"$(awk "BEGIN { print ($r <= 1.3) ? \"PASS\" : \"MISS\" }")"

# Start-up: floor, unimon, native; interleaved.
"$OUT/timeit" -n "$RUNS" -w 2 "$OUT/floor" :: "$MON" "$P" -- hello :: \
	"$P" hello > "$OUT/lx-startup.txt" || die "timeit failed"
col() { awk -v c="$1" '$2 == c { print $4 }' "$OUT/lx-startup.txt" | median; }
fl=$(col 0) un=$(col 1) na=$(col 2)
row "linux: start-up, hello" "$(calc "$un / 1000" 3) ms" \
	"floor $(calc "$fl / 1000" 3) ms" "$(calc "$un / $fl")x" "(none)" "-"
row "linux: start-up vs native" "$(calc "$un / 1000" 3) ms" \
	"native $(calc "$na / 1000" 3) ms" "$(calc "$un / $na")x" "(none)" "-"

# CPU: the same binary, hash time; alternating, 5 each.
: > "$OUT/lx-cpu.txt"
for i in 1 2 3 4 5; do
	"$P" cpu "$MB" | sed 's/^/native /' >> "$OUT/lx-cpu.txt" &&
		"$MON" "$P" -- cpu "$MB" | sed 's/^/guest /' >> "$OUT/lx-cpu.txt" ||
		die "lxbench cpu failed"
done
[ "$(awk '{ print $5 }' "$OUT/lx-cpu.txt" | sort -u | wc -l)" = 1 ] ||
	die "the digests differ (see $OUT/lx-cpu.txt)"
g=$(awk '$1 == "guest" { print $3 }' "$OUT/lx-cpu.txt" | median)
h=$(awk '$1 == "native" { print $3 }' "$OUT/lx-cpu.txt" | median)
r=$(calc "$h / $g")
row "linux: SHA-256 of $MB MiB" "$(calc "$MB * 1e9 / $g" 1) MiB/s" \
	"native $(calc "$MB * 1e9 / $h" 1) MiB/s" "${r}x" ">= 0.95x" \
	"$(awk "BEGIN { print ($r >= 0.95) ? \"PASS\" : \"MISS\" }")"

# write(1) to a file: whole process, 5 each, alternating.
: > "$OUT/lx-write.txt"
for i in 1 2 3 4 5; do
	for who in native guest; do
		s=$EPOCHREALTIME
		if [ $who = native ]; then
			"$P" write "$MB" > "$OUT/lx-write.out" || die "write failed"
		else
			"$MON" "$P" -- write "$MB" > "$OUT/lx-write.out" || die "write failed"
		fi
		[ "$(stat -c %s "$OUT/lx-write.out")" = $((MB << 20)) ] ||
			die "$who wrote $(stat -c %s "$OUT/lx-write.out") bytes"
		echo "$who $(awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" \
			>> "$OUT/lx-write.txt"
	done
done
g=$(awk '$1 == "guest" { print $2 }' "$OUT/lx-write.txt" | median)
h=$(awk '$1 == "native" { print $2 }' "$OUT/lx-write.txt" | median)
row "linux: write(1) of $MB MiB, 4 KiB" "$(calc "$MB / $g" 1) MiB/s" \
	"native $(calc "$MB / $h" 1) MiB/s" "$(calc "$h / $g")x" "(none)" "-"
rm -f "$OUT/lx-write.out"
echo
echo "digests agree: $(awk '{ print $5; exit }' "$OUT/lx-cpu.txt")"
echo "raw data: $OUT/lx-syscall.txt, lx-startup.txt, lx-cpu.txt, lx-write.txt;" \
	"$(($(date +%s) - t0)) s in all"
