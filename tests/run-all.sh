#!/bin/bash
# make check: build every defconfig, validate them, build the SDK, the
# examples and the test guests, run the unit tests, the integration tests
# (again under ASan+UBSan), and a short fuzz run. Ends with one line
# "N passed, N failed"; exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
rm -rf "$B/test-logs"
. tests/lib.sh

CONFIGS=$(ls configs/*_defconfig | sed 's|configs/\(.*\)_defconfig|\1|')
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

build_config() { # build_config NAME PREFIX [EXTRA_CFLAGS]
	make -s O="$B/$2$1" "$1_defconfig" >/dev/null &&
		make -s O="$B/$2$1" EXTRA_CFLAGS="-Werror ${3:-}" \
			EXTRA_LDFLAGS="${3:-}" >/dev/null
}

echo "== configurations"
for f in configs/*_defconfig; do
	ok "defconfig is valid and minimal: $f" scripts/check-defconfig.py "$f"
done
for c in $CONFIGS; do
	ok "build $c" build_config "$c" ""
done

echo "== guest SDK, examples, test guests"
ok "build guest SDK and examples" make -s examples SDK_O="$SDK"
ok "build test guests" tests/guests/build.sh "$TG"

echo "== unit tests"
for c in full default; do
	ok "build unit tests ($c)" make -s O="$B/$c" unit-tests
	for u in "$B/$c"/tests/test_*; do
		[ -x "$u" ] && ok "unit ($c): $(basename "$u")" "$u"
	done
done
for u in tests/unit/test_sdk_*.sh; do
	[ -f "$u" ] && ok "unit (sdk): $(basename "$u" .sh)" sh "$u" "$B/sdk-tests"
done

run_integration() {
	for f in tests/integration/*.sh; do
		echo "-- ${VARIANT}$(basename "$f" .sh)"
		. "$f"
	done
}

echo "== integration tests"
run_integration

echo "== integration tests under ASan+UBSan"
for c in $CONFIGS; do
	ok "build $c with ASan+UBSan" build_config "$c" asan- "$SAN"
done
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
VARIANT=asan-
run_integration
VARIANT=

echo "== benchmark programs (smoke run: well-formed numbers, no timing asserted)"
ok "bench smoke" tests/bench/smoke.sh

echo "== fuzzing (short run; 'make fuzz' runs longer)"
ok "build fuzz targets" tests/fuzz/build.sh "$B/full" "$B/fuzz"
# full has the hypercall devices, no queue engine: fuzz_queue is built
# for appliance (the queue variants).
ok "build fuzz target queue (appliance)" \
	tests/fuzz/build.sh "$B/appliance" "$B/fuzz-queue" queue
for f in tests/fuzz/fuzz_*.c; do
	ft=$(basename "$f" .c)
	fd=$B/fuzz
	[ "$ft" = fuzz_queue ] && fd=$B/fuzz-queue
	ok "fuzz ${ft#fuzz_} (${FUZZ_SECONDS:-10} s)" \
		tests/fuzz/run.sh "$fd" "${FUZZ_SECONDS:-10}" "${ft#fuzz_}"
done

summary
