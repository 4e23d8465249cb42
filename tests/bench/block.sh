#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Block device benchmark: sequential read and write throughput of a guest
# through the block hypercalls (tests/bench/blockbench.c, timed with rdtsc)
# at 4 KiB, 64 KiB and 1 MiB requests over one file, against the host's own
# pread/pwrite of the same file with the same request sizes
# (tests/bench/hostio.c), measured in the same run: guest and host passes
# alternate (guest, host, guest, host ...), each pass in a new process,
# and each figure is the median pass. Both sides read and write the host's
# page cache: the ratio is what the monitor adds (one exit per request),
# not the disk.
#
#   tests/bench/block.sh            the table (about 30 s on a 64 MiB file)
#   tests/bench/block.sh --smoke    tiny sizes; checks the output is
#                                   well-formed, asserts no timing
#
#   BENCH_BLOCK_MB       file size in MiB (default 64)
#   BENCH_BLOCK_PASSES   passes of each figure, guest and host (default 20)
#   BENCH_BLOCK_DIR      where the file goes (default $B/bench)
#   BENCH_BLOCK_MON      a monitor with CONFIG_BLOCK (default: built, see below)
#   B, SDK               build root (build) and SDK output ($B/sdk)
#
# The monitor is $B/appliance/unimon from configs/appliance_defconfig, or
# while that does not exist, $B/bench/block-mon/unimon from
# default_defconfig plus CONFIG_BLOCK=y. Prints rows in the format of
# tests/bench/run.sh (figure, median, reference, ratio, target, result);
# exits non-zero only if something could not be built or measured.
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
SDK=${SDK:-$B/sdk}
OUT=$B/bench

# Smoke: the whole benchmark with a 1 MiB file and 2 passes; the six rows
# and the per-request line must be well-formed. No timing is asserted.
if [ "${1:-}" = --smoke ]; then
	out=$(BENCH_BLOCK_MB=1 BENCH_BLOCK_PASSES=2 "$0" 2>&1)
	rc=$?
	rows=$(printf '%s\n' "$out" | grep -cE '^block (read|write), (4 KiB|64 KiB|1 MiB) requests +[0-9]+\.[0-9] MiB/s +host p(read|write) [0-9]+\.[0-9] MiB/s +[0-9]+\.[0-9]{2}x +\(none\) +-$')
	if [ $rc = 0 ] && [ "$rows" = 6 ] && printf '%s\n' "$out" |
		grep -qE '^per request, us \(guest/host\):( (read|write)-(4|64|1024)k [0-9]+\.[0-9]/[0-9]+\.[0-9]{2}){6}$'; then
		echo "block bench smoke: ok (6 well-formed rows)"
		exit 0
	fi
	printf '%s\n' "$out"
	echo "block bench smoke: FAILED (exit status $rc, $rows well-formed rows of 6)"
	exit 1
fi
MB=${BENCH_BLOCK_MB:-64}
PASSES=${BENCH_BLOCK_PASSES:-20}
DIR=${BENCH_BLOCK_DIR:-$OUT}
SIZES="4096 65536 1048576"

for v in "$MB" "$PASSES"; do
	case $v in
	'' | *[!0-9]* | 0) echo "block bench: BENCH_BLOCK_MB and" \
		"BENCH_BLOCK_PASSES must be positive integers" >&2; exit 2 ;;
	esac
done

die() {
	echo "block bench: $*" >&2
	exit 1
}

build_monitor() {
	local o=$B/bench/block-mon
	if [ -n "${BENCH_BLOCK_MON:-}" ]; then
		MON=$BENCH_BLOCK_MON
		return
	fi
	if [ -f configs/appliance_defconfig ]; then
		o=$B/appliance
		make -s O="$o" appliance_defconfig >/dev/null || return 1
	elif ! grep -qx 'CONFIG_BLOCK=y' "$o/.config" 2>/dev/null; then
		make -s O="$o" default_defconfig >/dev/null &&
			echo 'CONFIG_BLOCK=y' >> "$o/.config" || return 1
	fi
	make -s O="$o" >/dev/null 2>&1 || make -s O="$o" || return 1
	MON=$o/unimon
}

build() {
	build_monitor || return 1
	mkdir -p "$OUT" "$DIR"
	make -s sdk SDK_O="$SDK" >/dev/null || return 1
	UNIMON_SDK_OUT=$(cd "$SDK" && pwd -P) guest-sdk/bin/unimon-cc \
		-o "$OUT/blockbench.elf" tests/bench/blockbench.c || return 1
	"${HOSTCC:-gcc}" -std=gnu11 -O2 -Wall -Wextra -Werror \
		-o "$OUT/hostio" tests/bench/hostio.c
}

median() {
	sort -g | awk '{ a[NR] = $1 }
		END { if (NR == 0) exit 1
		      if (NR % 2) print a[(NR + 1) / 2]
		      else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
size_name() { [ "$1" -ge 1048576 ] && echo "$(($1 / 1048576)) MiB" || echo "$(($1 / 1024)) KiB"; }
row() { printf '%-30s %12s  %-24s %7s  %-9s %s\n' "$@"; }

# one_pass KIND MODE SIZE: append one pass's "pass" line to the raw file.
one_pass() {
	local f=$OUT/block-$1-$2-$3.txt out
	if [ "$1" = guest ]; then
		out=$("$MON" --block "bench=$FILE" "$OUT/blockbench.elf" -- "$2" "$3" 1)
	else
		out=$("$OUT/hostio" "$2" "$FILE" "$3" 1)
	fi || { echo "$out" >&2; return 1; }
	printf '%s\n' "$out" | grep -qx 'blockbench done' || { echo "$out" >&2; return 1; }
	printf '%s\n' "$out" | awk '$1 == "pass" { print $3 }' >> "$f"
}

FILE=$DIR/block-bench.img
trap 'rm -f "$FILE"' EXIT
t_start=$(date +%s)
build || die "the build failed; nothing measured"
# A file of real blocks (not sparse), in the page cache before timing.
rm -f "$FILE" && truncate -s "${MB}M" "$FILE" &&
	"$OUT/hostio" write "$FILE" 1048576 1 >/dev/null || die "cannot write $FILE"

echo "block device: sequential passes over a $MB MiB file ($FILE), $PASSES" \
	"passes each, guest and host alternating; monitor $MON"
echo
row "figure" "median" "reference (median)" "ratio" "target" "result"
row "------" "------" "------------------" "-----" "------" "------"
per_req=
for size in $SIZES; do
	for mode in read write; do
		rm -f "$OUT/block-guest-$mode-$size.txt" "$OUT/block-host-$mode-$size.txt"
		for _ in $(seq "$PASSES"); do
			one_pass guest "$mode" "$size" && one_pass host "$mode" "$size" ||
				die "$mode at $size bytes: a pass failed"
		done
		g=$(median < "$OUT/block-guest-$mode-$size.txt")
		h=$(median < "$OUT/block-host-$mode-$size.txt")
		bytes=$((MB * 1048576))
		reqs=$(((bytes + size - 1) / size))
		row "block $mode, $(size_name "$size") requests" \
			"$(calc "$bytes / $g * 1e9 / 1048576" 1) MiB/s" \
			"host p$mode $(calc "$bytes / $h * 1e9 / 1048576" 1) MiB/s" \
			"$(calc "$h / $g")x" "(none)" "-"
		per_req="$per_req $mode-$((size / 1024))k $(calc "$g / $reqs / 1000" 1)/$(calc "$h / $reqs / 1000" 2)"
	done
done
echo
echo "per request, us (guest/host):$per_req"
echo "raw data: $OUT/block-{guest,host}-{read,write}-{$(echo $SIZES | tr ' ' ,)}.txt" \
	"(ns per pass); $(($(date +%s) - t_start)) s in all"

