#!/bin/bash
# SPDX-License-Identifier: MIT
#
# CPU-bound benchmark: SHA-256 over a buffer filled deterministically
# (64 MiB by default), computed by a unimon guest (tests/bench/cpuguest.c)
# against the same C code built and run on the host (tests/bench/cpuhost.c;
# the kernel is tests/bench/cpukernel.h, shared, compiled with the same
# code-generation flags). Guest and host runs alternate (host, guest,
# host, guest ...), each in a new process; each side times the hash only
# (host: CLOCK_MONOTONIC; guest: the SDK's monotonic clock, rdtsc, no
# exit), and this script also times each whole process. The figure is
# the median hash time: ratio = guest speed / host speed, target >= 0.95.
# Every run's digest must equal the host's, and the host's must equal
# sha256sum(1) of the same buffer: a wrong digest fails the benchmark.
#
#   tests/bench/cpu.sh            the figure (about 20 s at 64 MiB)
#   tests/bench/cpu.sh --smoke    1 MiB, 2 runs: the digests must agree,
#                                 the kernel be the same instructions on
#                                 both sides, the rows be well-formed;
#                                 no timing is asserted
#
#   BENCH_CPU_RUNS     runs of each side (default 20)
#   BENCH_CPU_WARMUP   untimed runs of each side first (default 1)
#   BENCH_CPU_MB       buffer size in MiB (default 64)
#   BENCH_CPU_MON      the monitor (default $B/cpu/unimon: default_defconfig
#                      with CONFIG_RAM_SIZE_MB=256, built by build.sh)
#   B, SDK             build root (build) and SDK output ($B/sdk)
#
# Raw data: $B/bench/cpu.txt, one line per run:
#   <host|guest> <round> <hash-ns> <fill-ns> <process-wall-us> <digest>
# Prints rows in the format of tests/bench/run.sh; a miss prints MISS and
# never fails. Exits non-zero only if something could not be built or
# run, or a digest was wrong.
set -u
export LC_ALL=C # $EPOCHREALTIME and awk: a "." decimal point
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
B=${B:-build}
SDK=${SDK:-$B/sdk}
export B SDK
OUT=$B/bench

if [ "${1:-}" = --smoke ]; then
	out=$(BENCH_CPU_MB=1 BENCH_CPU_RUNS=2 BENCH_CPU_WARMUP=0 "$0" 2>&1)
	rc=$?
	hd=$(awk '$1 == "host" { print $6 }' "$OUT/cpu.txt" 2>/dev/null | sort -u)
	gd=$(awk '$1 == "guest" { print $6 }' "$OUT/cpu.txt" 2>/dev/null | sort -u)
	ref=$("$OUT/cpuhost" --dump 1 | sha256sum | cut -d' ' -f1)
	rows=$(printf '%s\n' "$out" | grep -cE '^cpu: (SHA-256 of 1 MiB +[0-9]+\.[0-9]{2} ms +host [0-9]+\.[0-9]{2} ms +[0-9]+\.[0-9]{2}x +>= 0\.95x +(PASS|MISS)|whole process +[0-9]+\.[0-9]{2} ms +host [0-9]+\.[0-9]{2} ms +[0-9]+\.[0-9]{2}x +\(none\) +-)$')
	if [ $rc = 0 ] && [ "$rows" = 2 ] && [ -n "$ref" ] &&
		printf '%s\n' "$out" | grep -q 'the same instructions in both' &&
		[ "$hd" = "$ref" ] && [ "$gd" = "$ref" ] &&
		[ "$(grep -c . "$OUT/cpu.txt")" = 4 ]; then
		echo "cpu bench smoke: ok (guest digest = host digest = sha256sum $ref)"
		exit 0
	fi
	printf '%s\n' "$out"
	echo "cpu bench smoke: FAILED (exit status $rc, $rows well-formed rows" \
		"of 2; digests: sha256sum $ref, host ${hd:-none}, guest ${gd:-none})"
	exit 1
fi

RUNS=${BENCH_CPU_RUNS:-20}
WARM=${BENCH_CPU_WARMUP:-1}
MB=${BENCH_CPU_MB:-64}
MON=${BENCH_CPU_MON:-$B/cpu/unimon}
RAW=$OUT/cpu.txt

for v in "$RUNS" "$MB" "${WARM}1"; do
	case $v in
	'' | *[!0-9]* | 0) echo "cpu bench: BENCH_CPU_RUNS and BENCH_CPU_MB" \
		"must be positive integers, BENCH_CPU_WARMUP >= 0" >&2; exit 2 ;;
	esac
done

die() {
	echo "cpu bench: $*" >&2
	exit 1
}

# kernel_asm BINARY: cpukernel_sha256_blocks() disassembled, with the
# addresses (of instructions, jump targets, RIP-relative and absolute data)
# and the trailing padding taken out.
kernel_asm() {
	objdump -d --no-show-raw-insn "$1" |
		awk '/<cpukernel_sha256_blocks(\.[a-z0-9.]*)?>:$/ { p = 1; next }
		     p && /^$/ { exit } p' |
		sed 's/^ *[0-9a-f]*:[[:space:]]*//; s/-\{0,1\}0x[0-9a-f]*(%rip)/(%rip)/g
		     s/[0-9a-f]\{1,\} </</; s/0x[0-9a-f]\{5,\}(/ADDR(/g
		     s/[[:space:]]*#.*//; s/[[:space:]]*$//' |
		grep -Ev '^(nop|xchg +%ax,%ax|(cs |data16 )*nop[wl]? .*)$'
}

# one_run SIDE ROUND: run one side once; append its line to $RAW.
one_run() {
	local t0 t1 out rc
	t0=$EPOCHREALTIME
	if [ "$1" = guest ]; then
		out=$("$MON" "$OUT/cpuguest.elf" -- "$MB" 1 2>&1)
	else
		out=$("$OUT/cpuhost" "$MB" 1 2>&1)
	fi
	rc=$?
	t1=$EPOCHREALTIME
	if [ $rc != 0 ] || ! printf '%s\n' "$out" | grep -qx 'cpu done'; then
		printf '%s\n' "$out" >&2
		return 1
	fi
	[ -z "$2" ] && return 0 # warm-up
	printf '%s\n' "$out" | awk -v side="$1" -v r="$2" -v t0="$t0" -v t1="$t1" '
		/^cpu (host|guest) / { for (i = 3; i <= NF; i++)
				       if ($i ~ /^fill_ns=/) fill = substr($i, 9) }
		$1 == "pass" && $2 == 1 { ns = $3; dig = $4 }
		END { if (ns == "" || fill == "" || length(dig) != 64 || dig ~ /[^0-9a-f]/) exit 1
		      printf "%s %d %d %d %.0f %s\n", side, r, ns, fill,
			     (t1 - t0) * 1e6, dig }' >> "$RAW"
}

t_start=$(date +%s)
tests/bench/build.sh || die "the build failed; nothing measured"
[ -x "$MON" ] || die "no monitor $MON"

# The reference digest, from sha256sum(1) over the same bytes.
ref=$("$OUT/cpuhost" --dump "$MB" | sha256sum | cut -d' ' -f1)
[ ${#ref} = 64 ] || die "cpuhost --dump $MB | sha256sum failed"
if [ "$(kernel_asm "$OUT/cpuhost")" = "$(kernel_asm "$OUT/cpuguest.elf")" ] &&
	[ -n "$(kernel_asm "$OUT/cpuhost")" ]; then
	same="the same instructions in both ($(kernel_asm "$OUT/cpuhost" | wc -l))"
else
	same="DIFFERENT instructions: check CPU_CFLAGS in tests/bench/build.sh"
fi

ram=$(sed -n 's/^CONFIG_RAM_SIZE_MB=//p' "$(dirname "$MON")/.config" 2>/dev/null)
echo "cpu-bound: SHA-256 of $MB MiB, $RUNS runs each (+$WARM warm-up)," \
	"host and guest alternating; monitor $MON${ram:+ ($ram MiB RAM)}"
echo "kernel cpukernel_sha256_blocks(): $same"
echo
row "figure" "median" "reference (median)" "ratio" "target" "result"
row "------" "------" "------------------" "-----" "------" "------"

: > "$RAW"
for _ in $(seq "$WARM"); do
	one_run host "" && one_run guest "" || die "a warm-up run failed"
done
for r in $(seq "$RUNS"); do
	one_run host "$r" && one_run guest "$r" || die "run $r failed"
done

bad=$(awk -v ref="$ref" '$6 != ref { n++ } END { print n + 0 }' "$RAW")
[ "$bad" = 0 ] || die "$bad runs computed a wrong digest (expected $ref; see $RAW)"

col() { awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$RAW" | median; }
g=$(col guest 3) h=$(col host 3)
gf=$(col guest 4) hf=$(col host 4)
gw=$(col guest 5) hw=$(col host 5)
r=$(calc "$h / $g")
row "cpu: SHA-256 of $MB MiB" "$(calc "$g / 1e6") ms" \
	"host $(calc "$h / 1e6") ms" "${r}x" ">= 0.95x" \
	"$(awk "BEGIN { print ($r >= 0.95) ? \"PASS\" : \"MISS\" }")"
row "cpu: whole process" "$(calc "$gw / 1e3") ms" \
	"host $(calc "$hw / 1e3") ms" "$(calc "$hw / $gw")x" "(none)" "-"
echo
echo "speed (guest/host): SHA-256 $(calc "$MB * 1e9 / $g" 1)/$(calc "$MB * 1e9 / $h" 1) MiB/s;" \
	"fill (first touch, not timed in the figure) $(calc "$gf / 1e6")/$(calc "$hf / 1e6") ms;" \
	"hash ms min-max guest $(awk '$1 == "guest" { print $3 }' "$RAW" | sort -n |
		awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%.1f-%.1f", a / 1e6, b / 1e6 }')," \
	"host $(awk '$1 == "host" { print $3 }' "$RAW" | sort -n |
		awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%.1f-%.1f", a / 1e6, b / 1e6 }')"
echo "digest $ref (= sha256sum) in all $((RUNS * 2)) runs"
echo "raw data: $RAW; $(($(date +%s) - t_start)) s in all"
