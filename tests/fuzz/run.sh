#!/bin/bash
# Run the loader fuzzer for a while on a copy of the seed corpus.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS      e.g. build/fuzz 60
#
# BUILD_DIR holds fuzz_loader (tests/fuzz/build.sh). New corpus entries go
# to BUILD_DIR/corpus-loader (a fresh copy of tests/fuzz/corpus/loader each
# run), crash/timeout/OOM inputs to BUILD_DIR/artifacts/, the log to
# BUILD_DIR/fuzz_loader.log. Exits non-zero on any crash, sanitizer report,
# invariant failure, timeout (-timeout=5) or OOM (-rss_limit_mb=2048).
set -uo pipefail
cd "$(dirname "$0")/../.."

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR SECONDS" >&2
	exit 64
fi
dir=${1%/}
secs=$2
bin=$dir/fuzz_loader
if [ ! -x "$bin" ]; then
	echo "$0: $bin not found; run tests/fuzz/build.sh first" >&2
	exit 1
fi
work=$dir/corpus-loader
art=$dir/artifacts
log=$dir/fuzz_loader.log
rm -rf "$work" "$art"
mkdir -p "$work" "$art"
cp tests/fuzz/corpus/loader/* "$work"/

UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
	-max_len=8192 -dict=tests/fuzz/loader.dict -print_final_stats=1 \
	-artifact_prefix="$art/" "$work" > "$log" 2>&1
rc=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
found=$(ls "$art" 2>/dev/null | wc -l)
echo "fuzz_loader: ${execs:-?} executions in $secs s, $cov," \
	"corpus $(ls "$work" | wc -l) inputs, exit status $rc, $found artifacts"
if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
	grep -m1 -B2 -A40 -e '==ERROR' -e 'runtime error' -e 'invariant broken' \
		-e 'deadly signal' -e 'ALARM' -e 'out-of-memory' "$log" >&2 ||
		tail -n 40 "$log" >&2
	ls -l "$art" >&2
	exit 1
fi
