#!/bin/bash
# make check: build every defconfig (also under ASan+UBSan), validate
# them, build the SDK, the examples, the test guests and the test
# monitors, run the unit tests, the tests that need no KVM, the
# integration tests (normal and ASan+UBSan builds) and a short fuzz run.
# The integration tests run where /dev/kvm works; without one, in the
# emulated machine (scripts/kvm-run; everything is built on the host
# first). A smoke part always runs in the emulated machine too, so that
# the fallback cannot rot where /dev/kvm works. Prints the time of each
# part; ends with "N passed, N failed, N skipped", non-zero if anything
# failed.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
export B
rm -rf "$B/test-logs" "$B/test-work"
. tests/lib.sh

CONFIGS=$(ls configs/*_defconfig | sed 's|configs/\(.*\)_defconfig|\1|')
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
TIMES=
PART=
PART_T0=

# part NAME: a new part begins (the last one's time is kept).
part() {
	part_end
	PART=$1
	PART_T0=$EPOCHREALTIME
	echo "== $1"
}
part_end() {
	local s
	[ -n "$PART" ] || return 0
	s=$(awk -v a="$PART_T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	echo "   ($PART: $s s)"
	TIMES="$TIMES$PART $s s; "
	PART=
}

build_config() { # build_config NAME PREFIX [EXTRA_CFLAGS]
	make -s O="$B/$2$1" "$1_defconfig" >/dev/null &&
		make -s O="$B/$2$1" EXTRA_CFLAGS="-Werror ${3:-}" \
			EXTRA_LDFLAGS="${3:-}" >/dev/null
}

T0=$EPOCHREALTIME
if scripts/kvm-run --probe 2> "$LOGDIR/kvm-probe.txt"; then
	WHERE=direct
	echo "unimon: /dev/kvm works: the integration tests run directly"
else
	WHERE=vm
	echo "unimon: $(sed 's/^kvm-run: //' "$LOGDIR/kvm-probe.txt"):" \
		"the integration tests run in the emulated machine (scripts/kvm-run)"
fi

part "configurations"
for f in configs/*_defconfig; do
	ok "defconfig is valid and minimal: $f" scripts/check-defconfig.py "$f"
done
for c in $CONFIGS; do
	ok "build $c" build_config "$c" ""
done

part "configurations under ASan+UBSan"
for c in $CONFIGS; do
	ok "build $c with ASan+UBSan" build_config "$c" asan- "$SAN"
done

part "guest SDK, examples, test guests, test monitors"
ok "build guest SDK and examples" make -s examples SDK_O="$SDK"
ok "build test guests" tests/guests/build.sh "$TG"
counted "test monitors" tests/run.sh tests/prepare.sh

part "unit tests"
for c in full default; do
	rm -rf "$B/$c/tests" # no stale binaries when a rebuild fails
	ok "build unit tests ($c)" make -s O="$B/$c" unit-tests
	for u in $(make -s O="$B/$c" print-unit-tests); do
		ok "unit ($c): $(basename "$u")" "$u"
	done
done
for u in tests/unit/test_sdk_*.sh; do
	ok "unit (sdk): $(basename "$u" .sh)" sh "$u" "$B/sdk-tests"
done

part "tests that need no KVM"
counted "host tests" tests/run.sh tests/host/*.sh

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
if [ "$WHERE" = direct ]; then
	part "integration tests (normal and ASan+UBSan builds)"
	counted "integration tests" tests/run.sh -j "${UNIMON_TEST_JOBS:-2}" \
		-v "plain asan" tests/integration/*.sh
else
	# Two machines at once, one per variant: each runs its emulated CPUs
	# in one host thread (docs/VM.md: multi-threaded TCG hung), so two
	# use both host cores. Their output is shown when each ends.
	part "integration tests in two emulated machines (normal and ASan+UBSan builds)"
	for v in plain asan; do
		COUNTS=$LOGDIR/counts-vm-$v T_LIMIT=${T_LIMIT_VM:-90} \
			OK_LIMIT=${OK_LIMIT_VM:-300} scripts/kvm-run tests/run.sh \
			-j "${UNIMON_TEST_JOBS:-2}" -v $v tests/integration/*.sh \
			> "$LOGDIR/vm-$v.txt" 2>&1 &
		eval "vm_$v=\$!"
	done
	for v in plain asan; do
		eval "wait \$vm_$v"
		rc=$?
		echo "-- the emulated machine of the $v builds:"
		cat "$LOGDIR/vm-$v.txt"
		add_counts "integration tests ($v) in the emulated machine" \
			"$LOGDIR/counts-vm-$v" $rc
	done
fi
unset ASAN_OPTIONS

part "fuzzing (short run; 'make fuzz' runs longer)"
ok "build fuzz targets" tests/fuzz/build.sh "$B/full" "$B/fuzz"
# full has the hypercall devices, no queue engine: fuzz_queue is built
# for appliance (the queue variants).
ok "build fuzz target queue (appliance)" \
	tests/fuzz/build.sh "$B/appliance" "$B/fuzz-queue" queue
ok "build fuzz target syscall (linux)" \
	tests/fuzz/build.sh "$B/linux" "$B/fuzz-syscall" syscall
ok "build fuzz target solo5 (solo5)" \
	tests/fuzz/build.sh "$B/solo5" "$B/fuzz-solo5" solo5
for f in tests/fuzz/fuzz_*.c; do
	ft=$(basename "$f" .c)
	fd=$B/fuzz
	[ "$ft" = fuzz_queue ] && fd=$B/fuzz-queue
	[ "$ft" = fuzz_syscall ] && fd=$B/fuzz-syscall
	[ "$ft" = fuzz_solo5 ] && fd=$B/fuzz-solo5
	ok "fuzz ${ft#fuzz_} (${FUZZ_SECONDS:-10} s)" \
		tests/fuzz/run.sh "$fd" "${FUZZ_SECONDS:-10}" "${ft#fuzz_}"
done

# Always, also after a run in the emulated machine: kvm-run's own
# promises (streams, stdin, exit status) and `make run` without /dev/kvm.
part "the emulated machine (a smoke part: scripts/kvm-run with UNIMON_VM=1)"
counted "emulated machine" tests/run.sh tests/vm/smoke.sh
part_end
echo "== times: ${TIMES}total $(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
summary
