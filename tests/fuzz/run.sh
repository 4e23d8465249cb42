#!/bin/bash
# Run the fuzz targets for a while, each on a copy of its seed corpus.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]   e.g. build/fuzz 60 loader
#
# BUILD_DIR holds fuzz_<target> (tests/fuzz/build.sh); the default is every
# target built there, SECONDS each (fuzz_queue is built only for a
# configuration with queues, e.g. build/appliance into build/fuzz-queue). For each: new corpus entries go to
# BUILD_DIR/corpus-<target> (a fresh copy of tests/fuzz/corpus/<target>),
# crash/timeout/OOM inputs to BUILD_DIR/artifacts-<target>/, the log to
# BUILD_DIR/fuzz_<target>.log; tests/fuzz/<target>.dict is used if present.
# Exits non-zero on any crash, sanitizer report, invariant failure, timeout
# (-timeout=5) or OOM (-rss_limit_mb=2048).
set -uo pipefail
cd "$(dirname "$0")/../.."

if [ $# -lt 2 ]; then
	echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
	exit 64
fi
dir=${1%/}
secs=$2
shift 2
targets=${*:-$(ls "$dir" 2>/dev/null | sed -n 's/^fuzz_\([a-z]*\)$/\1/p')}
[ -n "$targets" ] || { echo "$0: no fuzz targets in $dir" >&2; exit 1; }

declare -A max_len=([loader]=8192 [cli]=512 [hypercall]=5120 [queue]=4096 [syscall]=4400 [solo5]=4800)
# The CLI target prints a line per bad input: close its stdout and stderr.
declare -A extra=([cli]=-close_fd_mask=3)
failed=0
for t in $targets; do
	bin=$dir/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "$0: $bin not found; run tests/fuzz/build.sh first" >&2
		exit 1
	fi
	work=$dir/corpus-$t
	art=$dir/artifacts-$t
	log=$dir/fuzz_$t.log
	dict=tests/fuzz/$t.dict
	rm -rf "$work" "$art"
	mkdir -p "$work" "$art"
	cp tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
	"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
		-max_len="${max_len[$t]:-4096}" ${extra[$t]:-} \
		$( [ -f "$dict" ] && echo "-dict=$dict" ) -print_final_stats=1 \
		-artifact_prefix="$art/" "$work" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	found=$(ls "$art" 2>/dev/null | wc -l)
	echo "fuzz_$t: ${execs:-?} executions in $secs s, $cov," \
		"corpus $(ls "$work" | wc -l) inputs, exit status $rc, $found artifacts"
	if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
		grep -m1 -B2 -A40 -e '==ERROR' -e 'runtime error' \
			-e 'invariant broken' -e 'deadly signal' -e 'ALARM' \
			-e 'out-of-memory' "$log" >&2 || tail -n 40 "$log" >&2
		ls -l "$art" >&2
		failed=1
	fi
done
exit $failed
