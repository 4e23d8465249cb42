# The wait hypercall without devices (with network devices: net.sh).
# Timing: "not early" is exact (the guest's own clock); the upper bound is
# generous, since the machines are shared and noisy.
WG=$TG/wait.elf
t "wait: poll returns at once with nothing ready" 0 '^poll: ret 0 ready 0$' '^$' "$(mon full)" "$WG" -- 100
t "wait: 100 ms timeout, not early" 0 '^slept at least until the deadline$' '^$' "$(mon full)" "$WG" -- 100
t "wait: 100 ms timeout, not 2 s late" 0 '^late by 1?[0-9]{1,3} ms$' '^$' "$(mon full)" "$WG" -- 100
t "wait: forever with no device is refused" 0 '^forever with no device: ret -22$' '^$' "$(mon full)" "$WG" -- 10
t "wait: absent in default (ENOSYS)" 0 '^poll: ret -38' '^$' "$(mon default)" "$WG" -- 10
# A timer the host will not set: the wait returns EIO at once with one
# line on stderr (it used to sleep with nothing to end it: a hang).
t "wait: a timer that cannot be set: EIO, one line, no sleep" 0 \
	'^wait 100 ms: ret -5 ' '^unimon: wait: cannot set the timer: Invalid argument$' \
	env LD_PRELOAD="$B/test-monitors/failsys.so" UNIMON_FAIL=timerfd_settime \
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$(mon full)" "$WG" -- 100
# An idle guest costs no host CPU: a 1 s wait uses under 0.5 s of
# CPU more than a 10 ms one (the floor: start-up and tear-down, measured
# here, in the same run; ASan and the emulated machine make it large).
idle_cpu() {
	local rc1 c1 rc2 c2
	read -r rc1 c1 < <(cpu_run "$W/idle-10" "$(mon full)" "$WG" -- 10)
	read -r rc2 c2 < <(cpu_run "$W/idle-1000" "$(mon full)" "$WG" -- 1000)
	echo "CPU seconds: 10 ms wait $c1 (exit $rc1), 1000 ms wait $c2 (exit $rc2)"
	[ "$rc1" = 0 ] && [ "$rc2" = 0 ] &&
		grep -q '^slept at least until the deadline$' "$W/idle-1000.out" &&
		awk -v a="$c1" -v b="$c2" 'BEGIN { exit !(b - a < 0.5) }'
}
ok "wait: idle guest uses almost no host CPU" idle_cpu
