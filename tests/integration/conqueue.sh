# The queue console (CONFIG_CONSOLE_QUEUE, in the appliance build): every
# byte arrives in order whatever the write sizes, also when the guest
# crashes or is stopped by --timeout right after writing; a closed or
# stalled stdout neither hangs nor kills the monitor; a hostile guest's
# bad descriptors get EFAULT and a malformed ring stops the console, not
# the monitor. Sourced by tests/run-all.sh.
CQ_M=$(mon appliance)
CQ_N=3000000

# cq_pattern FILE N: FILE is the first N bytes of tests/guests/conwrite.c's pattern.
cq_pattern() {
	python3 - "$1" "$2" <<'PY'
import sys
p = b'abcdefghijklmnopqrstuvwxyz0123456789\n'
n = int(sys.argv[2])
with open(sys.argv[1], 'rb') as f:
    got = f.read()
sys.exit(0 if got == (p * (n // len(p) + 1))[:n] else 1)
PY
}

# cq_run MODE RC: conwrite ends by MODE with status RC, all bytes out.
cq_run() {
	local rc
	rm -f "$W/cq.out"
	timeout -k 5 30 "$CQ_M" --timeout 2 "$TG/conwrite.elf" -- "$CQ_N" "$1" \
		> "$W/cq.out" 2> "$W/cq.err"
	rc=$?
	[ "$rc" = "$2" ] || { echo "exit status $rc, expected $2"; cat "$W/cq.err"; return 1; }
	# 124 is also timeout(1)'s: the monitor's own --timeout must have said so.
	[ "$2" != 124 ] || grep -q -- '--timeout of 2 seconds expired' "$W/cq.err" ||
		{ echo "no --timeout message"; cat "$W/cq.err"; return 1; }
	cq_pattern "$W/cq.out" "$CQ_N" || { echo "output differs"; return 1; }
}
ok "console queue: 3 MB in mixed write sizes, in order" cq_run exit 0
ok "console queue: everything queued is written after a crash" cq_run crash 80
ok "console queue: everything queued is written after --timeout" cq_run loop 124
t "console queue: the device tree names it stdout" 0 '^Hello, world!$' '^$' \
	"$CQ_M" "$SDK/examples/hello.elf"
t "console queue: --stats counts its requests and bytes" 0 '' \
	"^  queue console: [0-9]+ requests in [0-9]+ batches, [0-9]+ doorbells \([0-9]+ in the kernel\), 0 guest wake-ups, $CQ_N bytes$" \
	"$CQ_M" --stats "$TG/conwrite.elf" -- "$CQ_N"

# A closed stdout: one error line, no SIGPIPE death; the guest's writes
# fail from then on (conwrite exits 3) unless it had queued everything.
cq_epipe() {
	local rc
	"$CQ_M" "$TG/conwrite.elf" -- "$CQ_N" 2> "$W/cq-epipe.err" | head -c 100 > /dev/null
	rc=${PIPESTATUS[0]}
	{ [ "$rc" = 0 ] || [ "$rc" = 3 ]; } &&
		[ "$(grep -c 'guest console output lost: stdout: Broken pipe' "$W/cq-epipe.err")" = 1 ]
}
ok "console queue: closed stdout reported once, no crash" cq_epipe

# A stdout nobody reads: the I/O thread blocks in writev; SIGTERM must
# still end the monitor (143) instead of hanging in the join or the drain.
cq_stalled() {
	local p rc
	rm -f "$W/cq-stall.pid"
	( "$CQ_M" "$TG/conwrite.elf" -- "$CQ_N" loop 2> "$W/cq-stall.err" &
	  echo $! > "$W/cq-stall.pid"; wait $! ; echo $? > "$W/cq-stall.rc" ) | sleep 3 &
	for _ in $(seq 100); do [ -s "$W/cq-stall.pid" ] && break; sleep 0.02; done
	p=$(cat "$W/cq-stall.pid")
	rm -f "$W/cq-stall.rc"
	sleep 0.5
	kill -TERM "$p"
	for _ in $(seq 200); do [ -s "$W/cq-stall.rc" ] && break; sleep 0.05; done
	rc=$(cat "$W/cq-stall.rc" 2>/dev/null)
	[ -n "$rc" ] || kill_tree "$p"
	wait
	[ "$rc" = 143 ] || { echo "exit status $rc"; cat "$W/cq-stall.err"; return 1; }
}
ok "console queue: SIGTERM ends a monitor blocked on a stalled stdout" cq_stalled

# The same after the guest has exited: the monitor is joining an I/O
# thread stuck in writev; SIGTERM must still end it (the guest's status
# 0 stands: it had finished). The pipe is one page (F_SETPIPE_SZ, set
# before the monitor starts), so 20000 bytes stall it, and they fit in
# the guest's 32 KiB ring whatever the I/O thread holds in flight: with
# a 64 KiB pipe and 70000 bytes the guest could be left waiting for ring
# space when the stalled batch was large (a fresh-clone run in the
# emulated machine saw it, ASan build). The reader never reads; it
# holds the pipe until the monitor has ended.
cq_stalled_after_exit() {
	local p= rc
	rm -f "$W/cq-stall2.pid" "$W/cq-stall2.rc"
	python3 - "$CQ_M" "$TG/conwrite.elf" "$W/cq-stall2" <<'PY' &
import fcntl, os, subprocess, sys
mon, guest, base = sys.argv[1:]
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ
with open(base + '.err', 'wb') as err:
    p = subprocess.Popen([mon, guest, '--', '20000'], stdout=w, stderr=err)
os.close(w)
with open(base + '.tmp', 'w') as f:
    f.write(str(p.pid))
os.rename(base + '.tmp', base + '.pid')
rc = p.wait()
with open(base + '.tmp', 'w') as f:
    f.write(str(rc if rc >= 0 else 128 - rc))
os.rename(base + '.tmp', base + '.rc')
PY
	# Until the guest has finished and the monitor is stuck behind the
	# stalled stdout: its main thread in futex (202, joining the I/O
	# thread) or in writev (20, the last flush), not a fixed sleep
	# (under ASan in the emulated machine 0.5 s was too short).
	# Timed by SECONDS, with no fork but sleep's: in the emulated machine
	# under load a fork costs tens of milliseconds.
	local t0=$SECONDS sc=
	while [ $((SECONDS - t0)) -lt 60 ]; do
		if [ -s "$W/cq-stall2.pid" ]; then
			p=$(< "$W/cq-stall2.pid")
			read -r sc _ < "/proc/$p/syscall" 2> /dev/null
			[ "$sc" = 202 ] || [ "$sc" = 20 ] && break
		fi
		sleep 0.05
	done
	[ "$sc" = 202 ] || [ "$sc" = 20 ] || {
		echo "the guest did not finish in 60 s (pid ${p:-none}, syscall ${sc:-none})"
		[ -n "${p:-}" ] && kill_tree "$p"
		wait; return 1; }
	kill -TERM "$p"
	t0=$SECONDS
	while [ ! -s "$W/cq-stall2.rc" ] && [ $((SECONDS - t0)) -lt 10 ]; do
		sleep 0.02
	done
	rc=$(cat "$W/cq-stall2.rc" 2>/dev/null)
	if [ -z "$rc" ]; then # what each thread of the monitor is doing
		grep -H . /proc/"$p"/task/*/syscall /proc/"$p"/task/*/comm
		kill_tree "$p"
	fi
	wait
	[ "$rc" = 0 ] || { echo "exit status ${rc:-none: still running after SIGTERM}"; cat "$W/cq-stall2.err"; return 1; }
}
ok "console queue: SIGTERM ends a monitor whose guest exited, stdout stalled" cq_stalled_after_exit

# The same when the I/O thread has ended and the monitor's own last flush
# is blocked, after a partial write: the signal ends the flush, with one
# line (before the fix the next writev blocked again: SIGKILL only).
cq_drain_partial() {
	python3 tests/integration/cq-drain.py "$CQ_M" "$TG/conwrite.elf" \
		2> "$W/cq-drain.err" || { cat "$W/cq-drain.err"; return 1; }
	[ "$(grep -c '^unimon: guest console output lost: stdout: stalled$' \
		"$W/cq-drain.err")" = 1 ] || { cat "$W/cq-drain.err"; return 1; }
}
ok "console queue: SIGTERM ends a monitor whose last flush stalls after a partial write" \
	cq_drain_partial

t "console queue: hostile descriptors get EFAULT, a malformed ring stops the console only" \
	0 '^queue ok$' \
	'^unimon: console: malformed queue: the guest published request [0-9]+ with [0-9]+ handled and [0-9]+ entries; device stopped$' \
	"$CQ_M" "$TG/qconbad.elf"

# Doorbells: with --io-poll-us 0 the I/O thread sleeps after every batch,
# so each of the 300 writes, 3 ms apart (time enough in the emulated
# machine too), finds it idle and rings. The first 16
# rings reach the monitor (port exits), the rest go to KVM's ioeventfd.
cq_doorbells() {
	rm -f "$W/cq-db.out"
	"$CQ_M" --stats --io-poll-us 0 "$TG/conwrite.elf" -- 30000 slow 3000 \
		> "$W/cq-db.out" 2> "$W/cq-db.err" || return 1
	cq_pattern "$W/cq-db.out" 30000 || { echo "output differs"; return 1; }
	awk '/^  queue console: 300 requests/ {
		sub(/.*batches, /, ""); d = $1; sub(/.*\(/, ""); k = $1 }
	     END { if (d >= 100 && k >= 50 && d - k <= 16) exit 0
		   print "doorbells " d ", in the kernel " k; exit 1 }' "$W/cq-db.err"
}
ok "console queue: an idle I/O thread is woken by doorbells, then by ioeventfd" cq_doorbells
t "console queue: --io-poll-us takes microseconds" 64 '^$' \
	'^unimon: --io-poll-us 1x: want microseconds, 0 to 1000000$' \
	"$CQ_M" --io-poll-us 1x "$SDK/examples/hello.elf"
t "console queue: --io-poll-us over the limit" 64 '^$' \
	'^unimon: --io-poll-us 1000001: want microseconds, 0 to 1000000$' \
	"$CQ_M" --io-poll-us 1000001 "$SDK/examples/hello.elf"
# The I/O thread's epoll fails (made to, in that thread only): one line,
# the monitor stops with 70 (it used to end the thread silently, and the
# guest waited for its console forever).
t "console queue: the I/O thread's epoll fails: one line, exit 70" 70 '' \
	'^unimon: queues: the I/O thread stopped: epoll_wait: Bad file descriptor$' \
	env LD_PRELOAD="$B/test-monitors/failsys.so" UNIMON_FAIL=epoll_wait@unimon-io \
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
	"$CQ_M" "$TG/conwrite.elf" -- "$CQ_N"
t "--io-poll-us without queues is refused" 64 '^$' \
	'^unimon: --io-poll-us: this monitor was built without it' \
	"$(mon default)" --io-poll-us 5 "$SDK/examples/hello.elf"
