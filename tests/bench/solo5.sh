#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The Solo5 hvt personality's benchmarks, with our own hvt guest
# (tests/solo5/s5test.c, built by tests/solo5/build.sh), each figure a
# ratio against a floor measured in the same run:
#   start-up    unimon s5-hello.hvt, whole process, against the floor
#               (tests/bench/floor: KVM's own minimum)
#   walltime    the WALLTIME hypercall's round trip against the no-op
#               hypercall 0 of a bench build (solo5 + CONFIG_HC_NOOP),
#               in the same guest run: target <= 1.3x
#   puts        an empty PUTS against the same floor: target <= 1.3x
#
#   tests/bench/solo5.sh           the figures
#   tests/bench/solo5.sh --smoke   tiny counts: every row measured and
#                                  well-formed; no timing asserted
#
#   BENCH_S5_RUNS    start-up runs of each command (default 100)
#   BENCH_S5_ITERS   calls per hypercall block (default 1000), 20 blocks
# Prints rows in the format of tests/bench/run.sh; a miss prints MISS and
# never fails. Exits non-zero only if something could not be built or run.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
B=${B:-build}
OUT=$B/bench
MON=$B/solo5/unimon
BMON=$B/solo5-bench/unimon
G=$B/solo5-tests/s5-hello.hvt

die() { echo "solo5 bench: $*" >&2; exit 1; }

if [ "${1:-}" = --smoke ]; then
	out=$(BENCH_S5_RUNS=2 BENCH_S5_ITERS=20 "$0" 2>&1)
	rc=$?
	rows=$(printf '%s\n' "$out" | grep -cE '^solo5: .* [0-9]+\.[0-9]+ (us|ms) .* [0-9]+\.[0-9]+x .* (PASS|MISS|-)$')
	smoke_verdict solo5 $rc "$rows" 3 "$out"
fi

RUNS=${BENCH_S5_RUNS:-100}
ITERS=${BENCH_S5_ITERS:-1000}
tests/bench/build.sh || die "the build failed; nothing measured"
[ -x "$MON" ] && [ -x "$BMON" ] && [ -f "$G" ] || die "no $MON, $BMON or $G"
t0=$(date +%s)

echo "Solo5 hvt personality: $MON, the guest $G"
echo
row "figure" "median" "reference (median)" "ratio" "target" "result"
row "------" "------" "------------------" "-----" "------" "------"

# Start-up: floor and unimon, interleaved.
"$OUT/timeit" -n "$RUNS" -w 2 "$OUT/floor" :: "$MON" "$G" > "$OUT/s5-startup.txt" ||
	die "timeit failed"
col() { awk -v c="$1" '$2 == c { print $4 }' "$OUT/s5-startup.txt" | median; }
fl=$(col 0) un=$(col 1)
row "solo5: start-up, hello" "$(calc "$un / 1000" 3) ms" \
	"floor $(calc "$fl / 1000" 3) ms" "$(calc "$un / $fl")x" "(none)" "-"

# Hypercalls against the no-op hypercall, 20 blocks in one run.
"$BMON" "$G" bench 20 "$ITERS" > "$OUT/s5-hc.txt" &&
	grep -qx 'bench done' "$OUT/s5-hc.txt" || die "the bench guest failed"
fig() { awk -v n="$1" '$1 == n { print $2 }' "$OUT/s5-hc.txt" | median; }
noop=$(fig noop) wt=$(fig walltime) pu=$(fig puts)
for f in "walltime $wt" "puts $pu"; do
	set -- $f
	r=$(calc "$2 / $noop")
	row "solo5: $1 round trip" "$(calc "$2 / 1000" 3) us" \
		"no-op $(calc "$noop / 1000" 3) us" "${r}x" "<= 1.3x" \
		"$(awk "BEGIN { print ($r <= 1.3) ? \"PASS\" : \"MISS\" }")"
done
echo
echo "raw data: $OUT/s5-startup.txt, s5-hc.txt; $(($(date +%s) - t0)) s in all"
