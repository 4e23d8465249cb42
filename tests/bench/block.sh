#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Block device benchmark: sequential read and write throughput of a guest
# (tests/bench/blockbench.c, timed with rdtsc) at 4 KiB, 64 KiB and 1 MiB
# requests over one file, against the host's own pread/pwrite of the same
# file with the same request sizes (tests/bench/hostio.c), measured in the
# same run: guest and host passes alternate (guest, host, guest, host ...),
# each pass in a new process, and each figure is the median pass. Both
# sides read and write the host's page cache: the ratio is what the
# monitor adds, not the disk.
#
# Two transports (CONFIG_BLOCK_QUEUE or not), each in its own monitor:
#   queue      $B/appliance/unimon (shared-memory queues): the size rows
#              with one synchronous call at a time, and the 64 KiB rows
#              with DEPTH requests in flight through the asynchronous API
#              (what a guest streaming a file does; target >= 0.7x host)
#   hypercall  $B/full/unimon: one exit per request, 64 KiB rows
# and exits per MiB moved at 64 KiB for each (one more run with --stats:
# its "exits" plus, for the queue, every doorbell of the disk's queue,
# also those KVM handled in the kernel; target: >= 20x fewer with queues).
#
#   tests/bench/block.sh            the table (about a minute on 64 MiB)
#   tests/bench/block.sh --smoke    tiny sizes; checks the output is
#                                   well-formed, asserts no timing
#
#   BENCH_BLOCK_MB       file size in MiB (default 64)
#   BENCH_BLOCK_PASSES   passes of each figure, guest and host (default 20)
#   BENCH_BLOCK_DEPTH    requests in flight for the async rows (default 8)
#   BENCH_BLOCK_DIR      where the file goes (default $B/bench)
#   BENCH_BLOCK_MON      the queue monitor (default: built, see above)
#   BENCH_BLOCK_HC_MON   the hypercall monitor (default: built)
#   B, SDK               build root (build) and SDK output ($B/sdk)
#
# Prints rows in the format of tests/bench/run.sh (figure, median,
# reference, ratio, target, result); exits non-zero only if something
# could not be built or measured.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
B=${B:-build}
SDK=${SDK:-$B/sdk}
OUT=$B/bench

# Smoke: the whole benchmark with a 1 MiB file and 2 passes; the twelve
# rows and the per-request line must be well-formed. No timing asserted.
if [ "${1:-}" = --smoke ]; then
	out=$(BENCH_BLOCK_MB=1 BENCH_BLOCK_PASSES=2 "$0" 2>&1)
	rc=$?
	rows=$(printf '%s\n' "$out" | grep -cE '^block (read|write), (4 KiB|64 KiB|1 MiB)(, queue|, queue [0-9]+ in flight|, hypercalls) +[0-9]+\.[0-9] MiB/s +host p(read|write) [0-9]+\.[0-9] MiB/s +[0-9]+\.[0-9]{2}x +(\(none\) +-|>= 0\.70x +(ok|below))$')
	rows=$((rows + $(printf '%s\n' "$out" | grep -cE '^exits/MiB (read|write), 64 KiB +[0-9]+\.[0-9]{2} +hypercalls [0-9]+\.[0-9]{2} +[0-9]+\.[0-9]x +>= 20x +(ok|below)$')))
	if [ $rc = 0 ] && [ "$rows" = 12 ] && printf '%s\n' "$out" |
		grep -qE '^per request, us \(guest/host\):( (read|write)-(4|64|1024)k [0-9]+\.[0-9]/[0-9]+\.[0-9]{2}){6}$'; then
		echo "block bench smoke: ok (12 well-formed rows)"
		exit 0
	fi
	printf '%s\n' "$out"
	echo "block bench smoke: FAILED (exit status $rc, $rows well-formed rows of 12)"
	exit 1
fi
MB=${BENCH_BLOCK_MB:-64}
PASSES=${BENCH_BLOCK_PASSES:-20}
DEPTH=${BENCH_BLOCK_DEPTH:-8}
DIR=${BENCH_BLOCK_DIR:-$OUT}
SIZES="4096 65536 1048576"

for v in "$MB" "$PASSES" "$DEPTH"; do
	case $v in
	'' | *[!0-9]* | 0) echo "block bench: BENCH_BLOCK_MB, BENCH_BLOCK_PASSES" \
		"and BENCH_BLOCK_DEPTH must be positive integers" >&2; exit 2 ;;
	esac
done

die() {
	echo "block bench: $*" >&2
	exit 1
}

build() {
	MON=${BENCH_BLOCK_MON:-$B/appliance/unimon}
	HC_MON=${BENCH_BLOCK_HC_MON:-$B/full/unimon}
	mkdir -p "$OUT" "$DIR"
	tests/bench/build.sh
}

size_name() { [ "$1" -ge 1048576 ] && echo "$(($1 / 1048576)) MiB" || echo "$(($1 / 1024)) KiB"; }

# one_pass KIND MODE SIZE: append one pass's "pass" line to the raw file.
# KIND: guest (queue, synchronous), async (queue, DEPTH in flight), hc
# (hypercalls), host.
one_pass() {
	local f=$OUT/block-$1-$2-$3.txt out
	case $1 in
	guest) out=$("$MON" --block "bench=$FILE" "$OUT/blockbench.elf" -- "$2" "$3" 1) ;;
	async) out=$("$MON" --block "bench=$FILE" "$OUT/blockbench.elf" -- "$2" "$3" 1 "$DEPTH") ;;
	hc) out=$("$HC_MON" --block "bench=$FILE" "$OUT/blockbench.elf" -- "$2" "$3" 1) ;;
	host) out=$("$OUT/hostio" "$2" "$FILE" "$3" 1) ;;
	esac || { echo "$out" >&2; return 1; }
	printf '%s\n' "$out" | grep -qx 'blockbench done' || { echo "$out" >&2; return 1; }
	printf '%s\n' "$out" | awk '$1 == "pass" { print $3 }' >> "$f"
}

# exits_per_mib MON MODE [DEPTH]: exits (and doorbells) per MiB moved at
# 64 KiB, from --stats of a run of 2 passes over the file.
exits_per_mib() {
	local err
	err=$("$1" --stats --block "bench=$FILE" "$OUT/blockbench.elf" -- \
		"$2" 65536 2 "${3:-1}" 2>&1 >/dev/null) || { echo "$err" >&2; return 1; }
	printf '%s\n' "$err" >> "$OUT/block-stats.txt"
	printf '%s\n' "$err" | awk -v mib=$((2 * MB)) '
		$1 == "exits:" { e = $2 }
		$1 == "queue" && $2 == "block" { for (i = 1; i < NF; i++)
			if ($(i + 1) == "doorbells") e += $i }
		END { printf "%.2f", e / mib }'
}

# rate_row FIGURE RAW_GUEST MODE SIZE TARGET: one throughput row against
# the host's median of MODE at SIZE; TARGET "" means none.
rate_row() {
	local g h bytes=$((MB * 1048576)) r res=- target="(none)"
	g=$(median < "$2")
	h=$(median < "$OUT/block-host-$3-$4.txt")
	r=$(calc "$h / $g")
	if [ -n "$5" ]; then
		res=$(awk "BEGIN { print ($r >= $5) ? \"ok\" : \"below\" }")
		target=">= $(calc "$5")x"
	fi
	row "$1" "$(calc "$bytes / $g * 1e9 / 1048576" 1) MiB/s" \
		"host p$3 $(calc "$bytes / $h * 1e9 / 1048576" 1) MiB/s" \
		"${r}x" "$target" "$res"
}

FILE=$DIR/block-bench.img
trap 'rm -f "$FILE"' EXIT
t_start=$(date +%s)
build || die "the build failed; nothing measured"
# A file of real blocks (not sparse), in the page cache before timing.
rm -f "$FILE" && truncate -s "${MB}M" "$FILE" &&
	"$OUT/hostio" write "$FILE" 1048576 1 >/dev/null || die "cannot write $FILE"

echo "block device: sequential passes over a $MB MiB file ($FILE), $PASSES" \
	"passes each, guest and host alternating; queue monitor $MON," \
	"hypercall monitor $HC_MON"
echo
row "figure" "median" "reference (median)" "ratio" "target" "result"
row "------" "------" "------------------" "-----" "------" "------"
per_req=
rm -f "$OUT/block-stats.txt"
for size in $SIZES; do
	for mode in read write; do
		kinds="guest host"
		[ "$size" = 65536 ] && kinds="guest async hc host"
		for k in $kinds; do
			rm -f "$OUT/block-$k-$mode-$size.txt"
		done
		for _ in $(seq "$PASSES"); do
			for k in $kinds; do
				one_pass "$k" "$mode" "$size" ||
					die "$mode at $size bytes ($k): a pass failed"
			done
		done
		g=$(median < "$OUT/block-guest-$mode-$size.txt")
		h=$(median < "$OUT/block-host-$mode-$size.txt")
		reqs=$((((MB * 1048576) + size - 1) / size))
		rate_row "block $mode, $(size_name "$size"), queue" \
			"$OUT/block-guest-$mode-$size.txt" "$mode" "$size" ""
		per_req="$per_req $mode-$((size / 1024))k $(calc "$g / $reqs / 1000" 1)/$(calc "$h / $reqs / 1000" 2)"
		[ "$size" = 65536 ] || continue
		rate_row "block $mode, 64 KiB, queue $DEPTH in flight" \
			"$OUT/block-async-$mode-$size.txt" "$mode" "$size" 0.7
		rate_row "block $mode, 64 KiB, hypercalls" \
			"$OUT/block-hc-$mode-$size.txt" "$mode" "$size" ""
	done
done
exits_sync=
for mode in read write; do
	q=$(exits_per_mib "$MON" "$mode" "$DEPTH") || die "--stats run failed"
	qs=$(exits_per_mib "$MON" "$mode" 1) || die "--stats run failed"
	hc=$(exits_per_mib "$HC_MON" "$mode" 1) || die "--stats run failed"
	r=$(awk "BEGIN { printf \"%.1f\", $hc / ($q > 0 ? $q : 0.01) }")
	row "exits/MiB $mode, 64 KiB" "$q" "hypercalls $hc" "${r}x" ">= 20x" \
		"$(awk "BEGIN { print ($r >= 20) ? \"ok\" : \"below\" }")"
	exits_sync="$exits_sync $mode $qs"
done
echo
echo "per request, us (guest/host):$per_req"
echo "exits/MiB with queues, synchronous calls (one in flight):$exits_sync"
echo "raw data: $OUT/block-{guest,async,hc,host}-{read,write}-{$(echo $SIZES | tr ' ' ,)}.txt" \
	"(ns per pass), $OUT/block-stats.txt (--stats); $(($(date +%s) - t_start)) s in all"
