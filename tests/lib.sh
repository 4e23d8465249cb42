# Test helpers, sourced by tests/run-all.sh, tests/integration/run.sh and
# the files they run. Every test asserts an exit code and, where given,
# output patterns; every step has a time limit.

: "${B:=build}"			# build root
: "${SDK:=$B/sdk}"		# guest SDK output (examples in $SDK/examples)
: "${TG:=$B/test-guests}"	# test guests
: "${VARIANT:=}"		# "" or "asan-": which monitor builds to use
: "${T_LIMIT:=30}"		# seconds for one t step
: "${OK_LIMIT:=120}"		# seconds for one ok step
LOGDIR=$B/test-logs
# Scratch files of this variant: test files of two variants may run at
# the same time (tests/integration/run.sh -j).
W=$B/test-work/${VARIANT:-plain}
mkdir -p "$LOGDIR" "$W"
PASS=${PASS:-0}
FAIL=${FAIL:-0}
SKIP=${SKIP:-0}

# The monitor of configuration $1 (default, realmode, minimal, full, kernel).
mon() { echo "$B/$VARIANT$1/unimon"; }

_log() { printf '%s\n' "$*" >> "$LOGDIR/all${LOGTAG:+-$LOGTAG}.log"; }
# The log file stem of test NAME (with the variant already in NAME).
logname() { echo "$LOGDIR/$(echo "$1" | tr -c 'A-Za-z0-9_.-' '_')"; }

# pass NAME, fail NAME [DETAIL...], skip NAME WHY (a test this machine
# cannot run: counted and shown): the variant goes before NAME.
pass() { _pass "$VARIANT$1"; }
fail() { local n=$VARIANT$1; shift; _fail "$n" "$@"; }
skip() { SKIP=$((SKIP + 1)); echo "  skip $VARIANT$1: $2"; _log "skip $VARIANT$1: $2"; }
_pass() { PASS=$((PASS + 1)); echo "  ok   $1"; _log "ok $1"; }
_fail() {
	FAIL=$((FAIL + 1)); echo "  FAIL $1"; _log "FAIL $1"
	shift; [ $# -gt 0 ] && printf '       %s\n' "$@"
}

# matches FILE ERE: the pattern '^$' means "FILE is empty" (not "has a
# blank line"); any other pattern must match a line.
matches() {
	if [ "$2" = '^$' ]; then
		[ ! -s "$1" ]
	else
		grep -Eq -- "$2" "$1"
	fi
}

# t NAME RC STDOUT_ERE STDERR_ERE CMD...
# Runs CMD ($T_LIMIT s limit; stdin from the file $T_IN, default none),
# asserts its exit status is RC and that stdout / stderr match the
# extended regexes (an empty pattern: not checked; '^$': empty).
t() {
	local name=$VARIANT$1 rc=$2 out=$3 err=$4 got f t0=$SECONDS
	shift 4
	f=$(logname "$name")
	timeout -k 5 "$T_LIMIT" "$@" < "${T_IN:-/dev/null}" > "$f.out" 2> "$f.err"
	got=$?
	# 124 is also the monitor's --timeout code: the harness's own limit
	# is told apart by the time it took.
	if [ "$got" = 124 ] && [ $((SECONDS - t0)) -ge "$T_LIMIT" ]; then
		_fail "$name" "stopped by the test's $T_LIMIT s limit: $*" \
			"stderr: $(head -c 600 "$f.err")"
		return
	fi
	if [ "$got" != "$rc" ]; then
		_fail "$name" "exit status $got, expected $rc: $*" \
			"stderr: $(head -c 600 "$f.err")"
		return
	fi
	if [ -n "$out" ] && ! matches "$f.out" "$out"; then
		_fail "$name" "stdout does not match /$out/: $*" \
			"stdout: $(head -c 600 "$f.out")"
		return
	fi
	if [ -n "$err" ] && ! matches "$f.err" "$err"; then
		_fail "$name" "stderr does not match /$err/: $*" \
			"stderr: $(head -c 600 "$f.err")"
		return
	fi
	# A sanitizer report fails any test, whatever the exit status.
	if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' \
		-e 'ERROR: LeakSanitizer' "$f.err"; then
		_fail "$name" "sanitizer report: $(grep -m1 -e ERROR -e 'runtime error' "$f.err")"
		return
	fi
	_pass "$name"
}

# The files of test NAME's t run (for checks on what it printed).
t_out() { echo "$(logname "$VARIANT$1").out"; }
t_err() { echo "$(logname "$VARIANT$1").err"; }

# kill_tree PID [SIGNAL]: PID and everything it started.
kill_tree() {
	local c
	for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		kill_tree "$c" "${2:-KILL}"
	done
	kill -"${2:-KILL}" "$1" 2>/dev/null
}

# wait_for PID SECONDS: the exit status of this shell's child PID, which
# gets SECONDS to end; then it and its children are killed (status 124,
# and a line saying so). Instead of a bare `wait`, which hangs forever
# when a monitor ignores its signal.
wait_for() {
	local i n=$(($2 * 20))
	for ((i = 0; i < n; i++)); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$1" 2>/dev/null; then
		echo "process $1 still running after $2 s: killed"
		kill_tree "$1"
		wait "$1" 2>/dev/null
		return 124
	fi
	wait "$1"
}

# cpu_run FILE CMD...: run CMD (its output in FILE.out and FILE.err);
# print its exit status and the CPU seconds (user + system) it used.
cpu_run() {
	local f=$1
	shift
	/usr/bin/time -o "$f.time" -f '%x %U %S' "$@" > "$f.out" 2> "$f.err"
	awk 'END { print $1, $2 + $3 }' "$f.time"
}

# ok NAME CMD...: passes when CMD (a command or a function, run in a
# subshell) exits 0 within $OK_LIMIT seconds; its output goes to the log.
ok() {
	local name=$VARIANT$1 f p rc
	shift
	f=$(logname "$name")
	("$@") > "$f.log" 2>&1 < /dev/null &
	p=$!
	wait_for "$p" "$OK_LIMIT" >> "$f.log"
	rc=$?
	if [ "$rc" = 0 ]; then
		_pass "$name"
	else
		_fail "$name" "$* (exit status $rc)" "$(tail -n 15 "$f.log")"
	fi
}

# setup NAME CMD...: a set-up step, not a test: nothing is counted when
# CMD succeeds; its failure is one (the tests after it would mean
# nothing). Its output goes to the log.
setup() {
	local name=$VARIANT$1 f
	shift
	f=$(logname "setup-$name")
	if "$@" > "$f.log" 2>&1; then
		_log "setup $name"
		return 0
	fi
	_fail "set-up: $name" "$*" "$(tail -n 15 "$f.log")"
	return 1
}

# has_lacks HAVE_ERE LACK_ERE CMD...: CMD exits 0, its output has a line
# matching HAVE_ERE (so it ran and printed what it prints) and none
# matching LACK_ERE. Instead of `! CMD | grep`, which passes when CMD
# prints nothing or does not exist.
has_lacks() {
	local have=$1 lack=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	[ "$rc" = 0 ] || { echo "$*: exit status $rc"; printf '%s\n' "$out" | head -20; return 1; }
	printf '%s\n' "$out" | grep -Eq -- "$have" ||
		{ echo "$*: no line /$have/"; printf '%s\n' "$out" | head -20; return 1; }
	if printf '%s\n' "$out" | grep -E -- "$lack"; then
		echo "$*: lines /$lack/ above"
		return 1
	fi
}

# The closing line: "N passed, N failed, N skipped"; with COUNTS set,
# the three numbers also go to that file (for a runner that adds up).
summary() {
	echo "$PASS passed, $FAIL failed, $SKIP skipped"
	[ -z "${COUNTS:-}" ] || echo "$PASS $FAIL $SKIP" > "$COUNTS"
	[ "$FAIL" -eq 0 ]
}

# counted NAME CMD...: CMD is a test runner (tests/run.sh, possibly in the
# emulated machine) that writes its three counts to $COUNTS; they are
# added to these. A runner that ends without them is one failure.
counted() {
	local name=$1
	shift
	COUNTS=$(logname "counts-$VARIANT$name") "$@"
	add_counts "$name" "$(logname "counts-$VARIANT$name")" $?
}

# add_counts NAME FILE RC: a runner's counts (one failure if none).
add_counts() {
	local np nf ns
	if [ -s "$2" ] && read -r np nf ns < "$2"; then
		PASS=$((PASS + np)); FAIL=$((FAIL + nf)); SKIP=$((SKIP + ns))
	else
		fail "$1: ended without its counts (exit status $3)"
	fi
	rm -f "$2"
}
