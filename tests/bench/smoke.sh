#!/bin/bash
# SPDX-License-Identifier: MIT
#
# bench-smoke: run each benchmark program once with tiny counts and check
# that it printed well-formed numbers, so that the benchmark code does not
# rot between `make bench` runs. No timing is asserted: any figure passes.
# Ends with "bench-smoke: N passed, N failed"; exits non-zero on a failure.
# B and SDK as for run.sh (default build and $B/sdk).
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
SDK=${SDK:-$B/sdk}
export B SDK
OUT=$B/bench
LOG=$OUT/smoke
pass=0
failed=0

check() { # check NAME CMD...: CMD exits 0
	local name=$1
	shift
	if "$@" > "$LOG.last" 2>&1; then
		pass=$((pass + 1))
		echo "  ok   $name"
	else
		failed=$((failed + 1))
		echo "  FAIL $name"
		sed 's/^/       /' "$LOG.last" | tail -n 15
	fi
}

# all_match FILE ERE [MIN]: FILE has at least MIN lines (default 1), all
# matching ERE.
all_match() {
	local n
	n=$(wc -l < "$1")
	[ "$n" -ge "${3:-1}" ] || { echo "$1: $n lines, expected >= ${3:-1}"; cat "$1"; return 1; }
	if grep -Evq -- "$2" "$1"; then
		echo "$1: lines not matching /$2/:"
		grep -Ev -- "$2" "$1"
		return 1
	fi
}

if ! tests/bench/build.sh; then
	echo "bench-smoke: the build failed"
	echo "bench-smoke: 0 passed, 1 failed"
	exit 1
fi
mkdir -p "$OUT"

check "floor runs guest code to its out and exits 0" "$OUT/floor"

timeit_ok() {
	"$OUT/timeit" -n 2 -w 1 "$OUT/floor" :: "$B/default/unimon" \
		"$SDK/examples/hello.elf" > "$LOG.timeit" || return 1
	all_match "$LOG.timeit" '^run [01] [01] [0-9]+\.[0-9] [0-9]+$' 4
}
check "timeit: 2 interleaved runs of floor and unimon, well-formed" timeit_ok

timeit_fails() { # a command that fails must fail timeit (not be timed)
	! "$OUT/timeit" -n 1 -w 0 /bin/false > /dev/null 2>&1 &&
		! "$OUT/timeit" -n 1 -w 0 "$OUT/no-such-program" > /dev/null 2>&1
}
check "timeit: a failing or missing command fails timeit" timeit_fails

hcbench_ok() { # hcbench_ok PORT
	"$B/default/unimon" "$OUT/hcbench.elf" -- 3 5 "$1" > "$LOG.hc" || return 1
	if ! grep -Eq "^hcbench tsc_khz=[1-9][0-9]* blocks=3 iters=5 port=$1\$" "$LOG.hc" ||
		! grep -qx 'hcbench done' "$LOG.hc"; then
		cat "$LOG.hc"
		return 1
	fi
	grep -E '^(hc|raw) ' "$LOG.hc" > "$LOG.hc.rows"
	all_match "$LOG.hc.rows" '^(hc|raw) [0-2] [0-9]+\.[0-9]$' 6 &&
		[ "$(wc -l < "$LOG.hc.rows")" = 6 ]
}
check "hcbench: 3 blocks of 5, raw port 0x80, well-formed" hcbench_ok 0x80
check "hcbench: raw port 0x514 (unclaimed hypercall port)" hcbench_ok 0x514

hcbench_refuses() { # no no-op hypercall in the minimal build: exit 1, said why
	"$B/minimal/unimon" "$OUT/hcbench.elf" -- 1 1 > "$LOG.hcmin"
	[ $? = 1 ] && grep -q 'no no-op hypercall' "$LOG.hcmin"
}
check "hcbench: refuses a monitor without the no-op hypercall" hcbench_refuses

run_ok() { # the whole of run.sh with tiny counts
	BENCH_STARTUP_RUNS=2 BENCH_WARMUP=0 BENCH_PHASE_RUNS=1 \
		BENCH_HC_BLOCKS=2 BENCH_HC_ITERS=5 BENCH_DEVICES=0 tests/bench/run.sh > "$LOG.run" 2>&1 ||
		{ cat "$LOG.run"; return 1; }
	# The five result rows: a number with a unit, a ratio or "-", a verdict.
	grep -E '^(start-up:|hypercall round|size:|peak RSS:)' "$LOG.run" > "$LOG.run.rows"
	all_match "$LOG.run.rows" \
		' [0-9]+\.[0-9]+ (ms|us|KiB|MiB) .* ([0-9]+\.[0-9]+x|-) .* (PASS|MISS|-)$' 5 &&
		[ "$(wc -l < "$LOG.run.rows")" = 5 ] &&
		grep -Eq '^start-up phases of unimon, ms .*first-exit [0-9.]+; main\(\) to exit [0-9.]+$' "$LOG.run" &&
		grep -q '(dynamically linked): .*libfdt' "$LOG.run"
}
check "run.sh with tiny counts: every figure measured and well-formed" run_ok

check "block benchmark (--smoke): well-formed" tests/bench/block.sh --smoke
check "network benchmark (--smoke): well-formed" tests/bench/net.sh --smoke
check "console benchmark (--smoke): well-formed" tests/bench/console.sh --smoke
check "cpu benchmark (--smoke): guest SHA-256 digest = host's = sha256sum" \
	tests/bench/cpu.sh --smoke
check "Linux personality benchmark (--smoke): well-formed, digests agree" \
	tests/bench/linux.sh --smoke
check "Solo5 personality benchmark (--smoke): well-formed" \
	tests/bench/solo5.sh --smoke

rm -f "$LOG".*
echo "bench-smoke: $pass passed, $failed failed"
[ "$failed" = 0 ]
