# Test helpers, sourced by tests/run-all.sh and the files it runs.
# Every test asserts an exit code and, where given, output patterns.

: "${B:=build}"			# build root
: "${SDK:=$B/sdk}"		# guest SDK output (examples in $SDK/examples)
: "${TG:=$B/test-guests}"	# test guests
: "${VARIANT:=}"		# "" or "asan-": which monitor builds to use
LOGDIR=$B/test-logs
mkdir -p "$LOGDIR"
PASS=${PASS:-0}
FAIL=${FAIL:-0}

# The monitor of configuration $1 (default, realmode, minimal, full, kernel).
mon() { echo "$B/$VARIANT$1/unimon"; }

_log() { printf '%s\n' "$*" >> "$LOGDIR/all.log"; }

pass() { PASS=$((PASS + 1)); echo "  ok   $1"; _log "ok $1"; }
fail() {
	FAIL=$((FAIL + 1)); echo "  FAIL $1"; _log "FAIL $1"
	shift; [ $# -gt 0 ] && printf '       %s\n' "$@"
}

# t NAME RC STDOUT_ERE STDERR_ERE CMD...
# Runs CMD (30 s limit; stdin from the file $T_IN, default none), asserts its exit status is RC and that
# stdout / stderr match the extended regexes (an empty pattern: not checked;
# the pattern '^$' asserts the stream is empty).
t() {
	local name=$1 rc=$2 out=$3 err=$4 got f
	shift 4
	f=$LOGDIR/$(echo "$VARIANT$name" | tr -c 'A-Za-z0-9_.-' '_')
	timeout -k 5 30 "$@" < "${T_IN:-/dev/null}" > "$f.out" 2> "$f.err"
	got=$?
	if [ "$got" != "$rc" ]; then
		fail "$VARIANT$name" "exit status $got, expected $rc: $*" \
			"stderr: $(head -c 600 "$f.err")"
		return
	fi
	if [ -n "$out" ] && ! grep -Eq -- "$out" "$f.out" && \
	   ! { [ "$out" = '^$' ] && [ ! -s "$f.out" ]; }; then
		fail "$VARIANT$name" "stdout does not match /$out/: $*" \
			"stdout: $(head -c 600 "$f.out")"
		return
	fi
	if [ -n "$err" ] && ! grep -Eq -- "$err" "$f.err" && \
	   ! { [ "$err" = '^$' ] && [ ! -s "$f.err" ]; }; then
		fail "$VARIANT$name" "stderr does not match /$err/: $*" \
			"stderr: $(head -c 600 "$f.err")"
		return
	fi
	# A sanitizer report fails any test, whatever the exit status.
	if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' \
		-e 'ERROR: LeakSanitizer' "$f.err"; then
		fail "$VARIANT$name" "sanitizer report: $(grep -m1 -e ERROR -e 'runtime error' "$f.err")"
		return
	fi
	pass "$VARIANT$name"
}

# ok NAME CMD...: passes when CMD exits 0 (its output goes to the log).
ok() {
	local name=$1 f
	shift
	f=$LOGDIR/$(echo "$name" | tr -c 'A-Za-z0-9_.-' '_')
	if "$@" > "$f.log" 2>&1; then
		pass "$name"
	else
		fail "$name" "$*" "$(tail -n 15 "$f.log")"
	fi
}

# The sum line, last: "N passed, N failed".
summary() {
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
