# The wait hypercall without devices (with network devices: net.sh).
# Timing: "not early" is exact (the guest's own clock); the upper bound is
# generous, since the machines are shared and noisy.
W=$TG/wait.elf
t "wait: poll returns at once with nothing ready" 0 '^poll: ret 0 ready 0$' '^$' "$(mon full)" "$W" -- 100
t "wait: 100 ms timeout, not early" 0 '^slept at least until the deadline$' '^$' "$(mon full)" "$W" -- 100
t "wait: 100 ms timeout, not 2 s late" 0 '^late by 1?[0-9]{1,3} ms$' '^$' "$(mon full)" "$W" -- 100
t "wait: forever with no device is refused" 0 '^forever with no device: ret -22$' '^$' "$(mon full)" "$W" -- 10
t "wait: absent in default (ENOSYS)" 0 '^poll: ret -38' '^$' "$(mon default)" "$W" -- 10
# An idle guest costs no host CPU: a 1 s wait uses well under 0.3 s of CPU.
idle_cpu() {
	local out
	out=$( { /usr/bin/time -f '%U %S' "$(mon full)" "$W" -- 1000 >/dev/null; } 2>&1 | tail -n 1)
	awk -v u="${out% *}" -v s="${out#* }" 'BEGIN { exit !(u + s < 0.3) }'
}
ok "wait: idle guest uses almost no host CPU" idle_cpu
