#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Where unimon's start-up goes beyond the floor (docs/BENCHMARKS.md).
# Not part of `make bench`; run by hand:  tests/bench/breakdown.sh
#
# 1. Variants that add one piece of unimon's work to the floor, or take
#    one away from unimon, timed by timeit in one interleaved run
#    (BENCH_STARTUP_RUNS each, default 60): the differences of their
#    medians are what each piece costs as a whole process.
# 2. If strace is installed: per-syscall kernel time (strace -T), median
#    over BENCH_STRACE_RUNS runs (default 15) of the floor and of unimon.
# 3. If perf is installed: perf stat of both (task-clock, page faults,
#    context switches).
# The variants are built under $B/bench/exp (the monitor's sources are
# not changed; only its configuration and link flags).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
B=${B:-build}
SDK=${SDK:-$B/sdk}
export B SDK
N=${BENCH_STARTUP_RUNS:-60}
NS=${BENCH_STRACE_RUNS:-15}
X=$B/bench/exp
HELLO=$SDK/examples/hello.elf
CC=${HOSTCC:-gcc}
CFL=(-std=gnu11 -O2 -Wall -Wextra -Werror)

set -e
tests/bench/build.sh
mkdir -p "$X"
$CC "${CFL[@]}" -o "$X/floor-static" -static tests/bench/floor.c
$CC "${CFL[@]}" -o "$X/floor-64m" -DFLOOR_MEM_MB=64 tests/bench/floor.c
$CC "${CFL[@]}" -o "$X/floor-cpuid" -DFLOOR_CPUID=1 tests/bench/floor.c
$CC "${CFL[@]}" -o "$X/floor-cpuidthr" -pthread -DFLOOR_CPUID=2 tests/bench/floor.c
# unimon linked statically (libc and libfdt from their .a).
make -s O="$X/static" default_defconfig >/dev/null
make -s O="$X/static" EXTRA_LDFLAGS=-static >/dev/null
# unimon with only libfdt linked statically (libc stays shared).
make -s O="$X/fdta" default_defconfig >/dev/null
make -s O="$X/fdta" LDLIBS=-l:libfdt.a >/dev/null
# unimon with 4 MiB of guest RAM instead of 64.
make -s O="$X/ram4" default_defconfig >/dev/null
sed -i 's/^CONFIG_RAM_SIZE_MB=.*/CONFIG_RAM_SIZE_MB=4/' "$X/ram4/.config"
grep -q '^CONFIG_RAM_SIZE_MB=4$' "$X/ram4/.config" ||
	echo 'CONFIG_RAM_SIZE_MB=4' >> "$X/ram4/.config"
make -s O="$X/ram4" olddefconfig >/dev/null
make -s O="$X/ram4" >/dev/null
set +e

names=(floor floor-static floor-64m floor-cpuid floor-cpuidthr
       unimon unimon-static unimon-fdta unimon-ram4 unimon-minimal)
cmds=("$B/bench/floor" :: "$X/floor-static" :: "$X/floor-64m" ::
      "$X/floor-cpuid" :: "$X/floor-cpuidthr" ::
      "$B/default/unimon" "$HELLO" :: "$X/static/unimon" "$HELLO" ::
      "$X/fdta/unimon" "$HELLO" :: "$X/ram4/unimon" "$HELLO" ::
      "$B/minimal/unimon" "$HELLO")
what=("the floor: VM, 64 KiB slot, vCPU, real mode, one KVM_RUN"
      "the floor linked statically"
      "the floor with a 64 MiB slot (unimon's default RAM)"
      "the floor + KVM_GET_SUPPORTED_CPUID + KVM_SET_CPUID2, as unimon"
      "the same, GET_SUPPORTED_CPUID in a thread from open(/dev/kvm) on"
      "unimon (default config) hello.elf"
      "unimon linked statically (-static: libc.a, libfdt.a)"
      "unimon with libfdt.a, libc shared (LDLIBS=-l:libfdt.a)"
      "unimon with CONFIG_RAM_SIZE_MB=4"
      "unimon, minimal config (4 MiB, debugcon, no noop/clock/console hc)")

echo "== 1. whole-process wall time, $N interleaved runs each (timeit)"
if ! "$B/bench/timeit" -n "$N" -w 3 "${cmds[@]}" > "$X/variants.txt"; then
	echo "breakdown: timeit failed" >&2
	exit 1
fi
f=$(awk '$2 == 0 { print $4 }' "$X/variants.txt" | median)
u=$(awk '$2 == 5 { print $4 }' "$X/variants.txt" | median)
printf '%-14s %9s %11s %11s  %s\n' variant "median us" "vs floor" "vs unimon" what
for i in "${!names[@]}"; do
	m=$(awk -v i="$i" '$2 == i { print $4 }' "$X/variants.txt" | median)
	printf '%-14s %9.0f %+11.0f %+11.0f  %s\n' "${names[$i]}" "$m" \
		"$(awk "BEGIN { print $m - $f }")" "$(awk "BEGIN { print $m - $u }")" \
		"${what[$i]}"
done

if command -v strace >/dev/null; then
	echo
	echo "== 2. kernel time per syscall (strace -T), us per run, median of $NS runs"
	for p in floor unimon; do
		: > "$X/strace-$p.txt"
		for r in $(seq "$NS"); do
			if [ "$p" = floor ]; then
				strace -T -o "$X/strace.tmp" "$B/bench/floor"
			else
				strace -T -o "$X/strace.tmp" "$B/default/unimon" "$HELLO" >/dev/null
			fi
			# "name[:ioctl request] seconds" per call
			sed -n 's/^\([a-z0-9_]*\)(\([^,]*, \)\{0,1\}\(KVM_[A-Z0-9_]*\)\{0,1\}.*<\([0-9.]*\)>$/\1:\3 \4/p' \
				"$X/strace.tmp" | sed 's/^\([a-z0-9_]*\): /\1 /' |
				awk -v r="$r" '{ print r, $1, $2 }' >> "$X/strace-$p.txt"
		done
	done
	rm -f "$X/strace.tmp"
	printf '%-34s %7s %9s %7s %9s\n' syscall "floor n" "floor us" "unimon n" "unimon us"
	awk '{ print $2 }' "$X/strace-floor.txt" "$X/strace-unimon.txt" | sort -u |
	while read -r s; do
		row=$(printf '%-34s' "$s")
		for p in floor unimon; do
			n=$(awk -v s="$s" '$2 == s' "$X/strace-$p.txt" | wc -l)
			n=$((n / NS))
			t=$(awk -v s="$s" '$2 == s { t[$1] += $3 * 1e6 }
				END { for (r in t) print t[r] }' "$X/strace-$p.txt" | median)
			row="$row $(printf '%7s %9s' "$n" "${t:-0}")"
		done
		echo "$row"
	done | sort -k5 -g -r
	echo "(us per run: the median over runs of the call's summed kernel time;" \
		"n: calls per run)"
fi

if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
	echo
	echo "== 3. perf stat, 50 runs each"
	for c in "$B/bench/floor" "$B/default/unimon $HELLO"; do
		echo "-- $c"
		# shellcheck disable=SC2086
		perf stat -r 50 -e task-clock,page-faults,context-switches,cpu-migrations \
			$c 2>&1 >/dev/null | grep -E 'task-clock|faults|switches|migrations|elapsed|user|sys'
	done
fi

echo
echo "== 4. unimon --stats start-up phases, ms, median of $NS runs each"
phases() { # phases MONITOR: one line of "phase median" pairs
	local f=$X/phases.tmp p line=
	: > "$f"
	for _ in $(seq "$NS"); do
		"$1" --stats "$HELLO" 2>> "$f" >/dev/null # a file: see run.sh
	done
	for p in $(grep -m1 'start-up' "$f" | sed 's/.*: //' |
		awk '{ for (i = 1; i <= NF; i += 2) print $i }'); do
		line="$line $p $(grep 'start-up' "$f" | awk -v p="$p" \
			'{ for (i = 1; i < NF; i++) if ($i == p) print $(i + 1) }' | median)"
	done
	echo "$line; main() to exit $(grep total "$f" |
		sed 's/.*total \([0-9.]*\),.*/\1/' | median)"
	rm -f "$f"
}
for m in "$B/default/unimon" "$X/static/unimon" "$X/fdta/unimon"; do
	echo "$m:$(phases "$m")"
done
