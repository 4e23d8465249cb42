# The benchmark programs, once each with tiny counts (tests/bench/smoke.sh):
# well-formed numbers, no timing asserted. Built by tests/prepare.sh.
if [ -z "$VARIANT" ]; then
	OK_LIMIT=900 ok "bench smoke: every benchmark runs and prints well-formed figures" \
		env BENCH_NO_BUILD=1 tests/bench/smoke.sh
fi
