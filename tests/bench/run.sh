#!/bin/bash
# SPDX-License-Identifier: MIT
#
# make bench: build what the benchmarks need, run them once, print medians.
# docs/BENCHMARKS.md explains every figure. The counts are settable:
#
#   BENCH_STARTUP_RUNS  runs of each start-up command (default 200)
#   BENCH_WARMUP        untimed warm-up runs of each (default 5)
#   BENCH_PHASE_RUNS    runs of `unimon --stats` for the phase medians (20)
#   BENCH_HC_BLOCKS     hypercall blocks (default 50, at most 1000)
#   BENCH_HC_ITERS      iterations per block (default 1000)
#   BENCH_HC_PORT       the unclaimed port of the raw exit (default 0x80)
#   B, SDK              build root (build) and SDK output ($B/sdk)
#
# Every result line shows the figure, its reference, the ratio, the target
# and PASS or MISS. A MISS never fails: timings on a shared machine are
# noisy, and benchmarks must not break the build. The exit status is
# non-zero only if something could not be built or measured.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
B=${B:-build}
SDK=${SDK:-$B/sdk}
export B SDK
N=${BENCH_STARTUP_RUNS:-200}
W=${BENCH_WARMUP:-5}
NPH=${BENCH_PHASE_RUNS:-20}
HCB=${BENCH_HC_BLOCKS:-50}
HCN=${BENCH_HC_ITERS:-1000}
HCPORT=${BENCH_HC_PORT:-0x80}
MON=$B/default/unimon
MIN=$B/minimal/unimon
HELLO=$SDK/examples/hello.elf
OUT=$B/bench
failed=0

for v in "$N" "$NPH" "$HCB" "$HCN"; do
	case $v in
	'' | *[!0-9]* | 0) echo "bench: counts must be positive integers" \
		"(BENCH_STARTUP_RUNS, BENCH_PHASE_RUNS, BENCH_HC_BLOCKS," \
		"BENCH_HC_ITERS)" >&2; exit 2 ;;
	esac
done

fail() {
	echo "bench: $*" >&2
	failed=1
}

# verdict VALUE TARGET: PASS if VALUE <= TARGET, else MISS.
verdict() { awk "BEGIN { print ($1 <= $2) ? \"PASS\" : \"MISS\" }"; }

t_start=$(date +%s)
echo "unimon benchmarks: building ..."
if ! tests/bench/build.sh; then
	echo "bench: the build failed; nothing measured" >&2
	exit 1
fi
# Without a working /dev/kvm: the same benchmarks in the emulated
# machine (everything is built by now; compiling there is very slow).
# The floors are measured there too, in the same run: only the ratios
# mean something.
if [ "${BENCH_NO_BUILD:-}" != 1 ] && ! scripts/kvm-run --probe 2>/dev/null; then
	exec scripts/kvm-run env BENCH_NO_BUILD=1 tests/bench/run.sh
fi

echo "unimon benchmarks, $(date '+%Y-%m-%d %H:%M'), $(nproc) CPUs," \
	"$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), kernel $(uname -r)"
echo "counts: start-up $N runs each (+$W warm-up), alternating floor/unimon;" \
	"hypercall $HCB blocks x $HCN iterations, alternating; raw port $HCPORT"
echo
row "figure" "median" "reference (median)" "ratio" "target" "result"
row "------" "------" "------------------" "-----" "------" "------"

# 1. Start-up: floor and unimon, alternating, same timer.
if "$OUT/timeit" -n "$N" -w "$W" "$OUT/floor" :: "$MON" "$HELLO" \
	> "$OUT/startup.txt"; then
	f_us=$(awk '$2 == 0 { print $4 }' "$OUT/startup.txt" | median)
	u_us=$(awk '$2 == 1 { print $4 }' "$OUT/startup.txt" | median)
	f_rss=$(awk '$2 == 0 { print $5 }' "$OUT/startup.txt" | median)
	u_rss=$(awk '$2 == 1 { print $5 }' "$OUT/startup.txt" | median)
	u_rss_max=$(awk '$2 == 1 { print $5 }' "$OUT/startup.txt" | sort -n | tail -1)
	r=$(calc "$u_us / $f_us")
	row "start-up: unimon hello.elf" "$(calc "$u_us / 1000" 3) ms" \
		"floor $(calc "$f_us / 1000" 3) ms" "${r}x" "<= 1.20x" \
		"$(verdict "$r" 1.20)"
else
	fail "start-up: timeit failed (see the message above)"
	u_rss=
fi

# 2. Hypercall round trip against a raw exit, from one guest run.
if "$MON" "$OUT/hcbench.elf" -- "$HCB" "$HCN" "$HCPORT" > "$OUT/hcbench.txt" &&
	grep -qx 'hcbench done' "$OUT/hcbench.txt"; then
	hc=$(awk '$1 == "hc" { print $3 }' "$OUT/hcbench.txt" | median)
	raw=$(awk '$1 == "raw" { print $3 }' "$OUT/hcbench.txt" | median)
	r=$(calc "$hc / $raw")
	row "hypercall round trip (noop)" "$(calc "$hc / 1000" 2) us" \
		"raw out $(calc "$raw / 1000" 2) us" "${r}x" "<= 1.10x" \
		"$(verdict "$r" 1.10)"
else
	fail "hypercall: hcbench did not complete: $(tail -n 3 "$OUT/hcbench.txt" 2>/dev/null)"
fi

# 3. Sizes of the stripped monitors and peak RSS.
size_of() { # stripped size in bytes
	strip -o "$OUT/stripped.tmp" "$1" && stat -c %s "$OUT/stripped.tmp" &&
		rm -f "$OUT/stripped.tmp"
}
if s_min=$(size_of "$MIN") && s_def=$(size_of "$MON"); then
	row "size: minimal, stripped" "$(calc "$s_min / 1024" 1) KiB" \
		"(none)" "-" "< 40 KiB" "$(verdict "$s_min" 40959)"
	row "size: default, stripped" "$(calc "$s_def / 1024" 1) KiB" \
		"minimal $(calc "$s_min / 1024" 1) KiB" \
		"$(calc "$s_def / $s_min")x" "(none)" "-"
else
	fail "size: strip or stat failed"
fi
if [ -n "$u_rss" ]; then
	row "peak RSS: unimon hello.elf" "$(calc "$u_rss / 1024" 2) MiB" \
		"floor $(calc "$f_rss / 1024" 2) MiB" "$(calc "$u_rss / $f_rss")x" \
		"< 2 MiB" "$(verdict "$u_rss" 2047)"
	echo "  (ru_maxrss of the child, kB: median $u_rss, max $u_rss_max over $N runs)"
fi

# Dynamic linking: what the loader maps before main().
echo
for m in "$MIN" "$MON"; do
	libs=$(readelf -d "$m" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ' | sed 's/ $//')
	if [ -n "$libs" ]; then
		echo "shared libraries of $m (dynamically linked): $libs"
	else
		echo "shared libraries of $m: none (statically linked)"
	fi
done
ldd "$MON" 2>/dev/null | sed 's/^[[:space:]]*/  ldd: /'

# Where start-up goes, by the monitor's own phases (informative).
# stderr goes to a file, not a pipe: a reader running on the other CPU
# during KVM_CREATE_VM makes that phase up to 4x slower on this host.
: > "$OUT/phases.txt"
for _ in $(seq "$NPH"); do
	"$MON" --stats "$HELLO" 2>> "$OUT/phases.txt" >/dev/null ||
		{ fail "unimon --stats failed"; break; }
done
if [ -s "$OUT/phases.txt" ]; then
	line="start-up phases of unimon, ms (median of $NPH --stats runs):"
	for p in $(grep -m1 'start-up' "$OUT/phases.txt" | sed 's/.*: //' |
		awk '{ for (i = 1; i <= NF; i += 2) print $i }'); do
		v=$(grep 'start-up' "$OUT/phases.txt" |
			awk -v p="$p" '{ for (i = 1; i < NF; i++) if ($i == p) print $(i + 1) }' | median)
		line="$line $p $v"
	done
	tot=$(grep 'total' "$OUT/phases.txt" | sed 's/.*total \([0-9.]*\),.*/\1/' | median)
	echo
	echo "$line; main() to exit $tot"
fi

# Devices (the appliance configuration): block throughput, ping.
# BENCH_DEVICES=0 leaves them out.
if [ "${BENCH_DEVICES:-1}" != 0 ]; then
	for dev in block net cpu console linux solo5; do
		echo
		tests/bench/$dev.sh || { fail "tests/bench/$dev.sh failed"; }
	done
fi

echo
echo "raw data: $OUT/startup.txt, $OUT/hcbench.txt, $OUT/phases.txt;" \
	"$(($(date +%s) - t_start)) s in all"
if [ "$failed" != 0 ]; then
	echo "bench: some figures could not be measured" >&2
	exit 1
fi
exit 0
