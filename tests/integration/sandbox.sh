# The seccomp sandbox: installed with no_new_privs in a running monitor,
# and a forbidden system call kills it. (Sanitizer builds skip the
# sandbox: ASan needs mmap and more at any time.)
if [ -z "$VARIANT" ]; then
	status_of_running_monitor() { # prints /proc/PID/status of a running monitor
		local p i
		rm -f "$W/sandbox.out" # not the last run's "looping"
		"$(mon "$1")" "$TG/loop.elf" > "$W/sandbox.out" 2>/dev/null &
		p=$!
		for i in $(seq 400); do
			grep -q looping "$W/sandbox.out" 2>/dev/null && break
			sleep 0.05
		done
		cat /proc/$p/status
		kill $p
		wait $p 2>/dev/null
		return 0
	}
	status_has() { # status_has CONFIG ERE
		status_of_running_monitor "$1" | grep -Eq "$2"
	}
	for c in default full minimal; do
		ok "sandbox $c: seccomp filter in /proc/PID/status" \
			status_has "$c" '^Seccomp:[[:space:]]+2$'
		ok "sandbox $c: no_new_privs" status_has "$c" '^NoNewPrivs:[[:space:]]+1$'
	done

	# A debug build whose hypercall 31 calls socket(2) (tests/prepare.sh).
	SB=$B/test-monitors/sandboxtest
	killed_by_sigsys() {
		"$SB/unimon" "$TG/forbidden.elf" > "$W/forbidden.out" 2>&1
		local rc=$?
		# 128 + SIGSYS (31); the line after the hypercall never came.
		[ "$rc" = 159 ] && grep -q '^asking for a forbidden' "$W/forbidden.out" &&
			! grep -q survived "$W/forbidden.out"
	}
	ok "sandbox: a forbidden system call kills the monitor (SIGSYS)" killed_by_sigsys
fi
