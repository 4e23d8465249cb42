# The seccomp sandbox: installed with no_new_privs in a running monitor of
# every configuration, on every thread (the queue builds' I/O thread too),
# and a forbidden system call kills it, also a call kept for one use made
# with other arguments. Sanitizer builds do not install the filter (their
# runtimes call mmap, ptrace from a cloned tracer at exit, and more, that
# no device list names): docs/SECURITY.md says what only this normal pass
# covers.
if [ -z "$VARIANT" ]; then
	printf '\353\376' > "$W/rm-loop.bin" # jmp . (real mode)
	# sb_status CONFIG: /proc/PID/task/*/status of a running monitor,
	# each prefixed "task TID:", once its filter is in (or 5 s passed).
	sb_status() {
		local p i g=$TG/loop.elf
		[ "$1" = realmode ] && g=$W/rm-loop.bin
		[ "$1" = kernel ] && g=$TG/loop-kernel.elf
		"$(mon "$1")" "$g" > "$W/sandbox.out" 2>&1 &
		p=$!
		for i in $(seq 100); do
			grep -q '^Seccomp:[[:space:]]*2' /proc/$p/status 2>/dev/null && break
			sleep 0.05
		done
		sleep 0.2 # the I/O thread, if any, is there by then
		for i in /proc/$p/task/*; do
			sed "s|^|task ${i##*/}: |" "$i/status"
		done
		kill $p
		wait_for $p 10 > /dev/null
		return 0
	}
	# sb_every_thread CONFIG MIN_THREADS: every thread filtered, no_new_privs.
	sb_every_thread() {
		local s n f p
		s=$(sb_status "$1")
		n=$(printf '%s\n' "$s" | grep -c ': Name:')
		f=$(printf '%s\n' "$s" | grep -Ec ': Seccomp:[[:space:]]+2$')
		p=$(printf '%s\n' "$s" | grep -Ec ': NoNewPrivs:[[:space:]]+1$')
		echo "$1: $n threads, $f filtered, $p with no_new_privs"
		[ "$n" -ge "$2" ] && [ "$f" = "$n" ] && [ "$p" = "$n" ]
	}
	for c in default full minimal kernel realmode; do
		ok "sandbox $c: seccomp filter and no_new_privs" sb_every_thread "$c" 1
	done
	ok "sandbox appliance: the I/O thread is filtered too" sb_every_thread appliance 2

	# Debug builds whose hypercall 31 makes a forbidden call (prepare.sh):
	# full (hypercall console: the line before it is out at once) and
	# appliance (the queues' tgkill and madvise rules).
	killed_by_sigsys() { # killed_by_sigsys CONFIG WHICH [MONITOR ARGS]
		local m=$B/test-monitors/sandboxtest-$1 which=$2 rc
		shift 2
		"$m/unimon" "$@" "$TG/forbidden.elf" -- "$which" > "$W/forbidden.out" \
			2> "$W/forbidden.err"
		rc=$?
		cat "$W/forbidden.out" "$W/forbidden.err"
		# 128 + SIGSYS (31); the line after the hypercall never came.
		[ "$rc" = 159 ] && ! grep -q survived "$W/forbidden.out" &&
			! grep -q 'was allowed' "$W/forbidden.err" &&
			{ [ "$m" != "${m%appliance}" ] ||
				grep -q "^asking for forbidden system call $which" "$W/forbidden.out"; }
	}
	mkdir -p "$W/cores"
	ok "sandbox: a forbidden system call kills the monitor (SIGSYS)" \
		killed_by_sigsys full 0
	ok "sandbox: linkat() outside --dumpcore's DIR kills the monitor" \
		killed_by_sigsys full 3 --dumpcore "$W/cores"
	ok "sandbox: unlinkat() outside --dumpcore's DIR kills the monitor" \
		killed_by_sigsys full 4 --dumpcore "$W/cores"
	ok "sandbox: madvise() other than MADV_DONTNEED kills the monitor" \
		killed_by_sigsys appliance 1
	ok "sandbox: tgkill() with another signal kills the monitor" \
		killed_by_sigsys appliance 2
fi
