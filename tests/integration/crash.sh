# Guest crashes: one clear message with vector, error code, RIP, CR2 and
# registers; the documented exit code (80 exception, 81 triple fault,
# 82 emulation failure, 124 timeout). Sourced by tests/run-all.sh.
C=$TG/crash.elf
M=$(mon default)

crash() { # crash WHAT STDERR_ERE
	t "crash: $1" 80 "^crashing: $1\$" "$2" "$M" "$C" -- "$1"
}
crash ud2 '^unimon: guest exception #UD invalid opcode \(vector 6\), error code 0x0, at rip 0x10[0-9a-f]{4} \(cpl 3\)'
crash null '#PF page fault \(vector 14\), error code 0x4, .*cr2 0x0$'
crash write-ring0 '#PF page fault \(vector 14\), error code 0x7, .*cr2 0x1000$'
crash write-pt '#PF page fault \(vector 14\), error code 0x7, .*cr2 0x10000$'
crash exec-data '#PF page fault \(vector 14\), error code 0x15, '
crash hlt '#GP general protection \(vector 13\)'
crash div0 '#DE divide error \(vector 0\)'
crash int3 '#BP breakpoint \(vector 3\), error code 0x0, .*\(cpl 3\)'
for p in lgdt wrmsr movcr3 invd; do # privileged instructions at CPL3
	crash "$p" '#GP general protection \(vector 13\), error code 0x0, .*\(cpl 3\)'
done
t "crash: register dump" 80 '' '^  rax [0-9a-f]{16} rbx' "$M" "$C" -- ud2
t "crash: no crash is no crash" 3 '^no crash$' '^$' "$M" "$C" -- none

K=$(mon kernel)
t "kernel: hlt ends the guest with 0" 0 '^crashing: hlt$' '^$' \
	"$K" "$TG/crash-kernel.elf" -- hlt
t "kernel: page fault at CPL0" 80 '' '#PF page fault \(vector 14\), error code 0x0, .*\(cpl 0\), cr2 0x0$' \
	"$K" "$TG/crash-kernel.elf" -- null
# The registers where it happened (the ud2 after the 7-byte lidt), or,
# where KVM resets the vCPU at a shutdown (AMD), one line saying they
# were lost, never the reset state shown as the guest's.
if [ -d /sys/module/kvm_amd ]; then
	t "kernel: triple fault (AMD): registers lost, said so" 81 '^$' \
		'^  registers lost: KVM reset the vCPU at the shutdown' "$K" "$TG/triple.bin"
	ok "kernel: triple fault (AMD): no reset state shown as the guest's" \
		sh -c "! grep -q '^  rip ' '$(t_err "kernel: triple fault (AMD): registers lost, said so")'"
else
	t "kernel: triple fault: exit 81, rip at the fault" 81 '^$' \
		'^  rip 0+100007 ' "$K" "$TG/triple.bin"
fi
if [ -d /sys/module/kvm_pvm ]; then
	t "kernel: SSE at CPL0 on PVM is an emulation failure" 82 '^$' \
		'could not emulate' "$K" "$TG/sse0.bin"
else
	t "kernel: SSE at CPL0 on hardware KVM works" 0 '^$' '^$' "$K" "$TG/sse0.bin"
fi

t "timeout ends a looping guest" 124 '^looping$' '--timeout of 0.3 seconds expired' \
	"$M" --timeout 0.3 "$TG/loop.elf"
t "timeout not reached" 0 '^Hello, world!$' '^$' \
	"$M" --timeout 20 "$SDK/examples/hello.elf"

# Signals stop the guest: exit code 128 + N and one line naming the signal.
stop_with() { # stop_with SIGNAL CODE
	local p rc i
	rm -f "$W/signal.out" # not the last run's "looping"
	"$M" "$TG/loop.elf" > "$W/signal.out" 2> "$W/signal.err" &
	p=$!
	# Signal only once the guest runs (its handlers are installed by then).
	for i in $(seq 400); do
		grep -q looping "$W/signal.out" 2>/dev/null && break
		sleep 0.05
	done
	kill -"$1" "$p"
	wait_for "$p" 10
	rc=$?
	[ "$rc" = "$2" ] && grep -q "guest stopped by signal" "$W/signal.err"
}
ok "SIGTERM stops the guest with 143" stop_with TERM 143
ok "SIGINT stops the guest with 130" stop_with INT 130

# A closed stdout (EPIPE) is reported, not a silent death by SIGPIPE; the
# guest goes on and its exit status passes through.
# 3 MB cannot fit in a pipe, so EPIPE comes whenever `true` exits (hello's
# one line could land in the pipe before that: a race). conwrite exits 3
# when a write fails: its own status, passed through.
epipe() {
	local rc
	"$M" "$TG/conwrite.elf" -- 3000000 2> "$W/epipe.err" | true
	rc=${PIPESTATUS[0]}
	[ "$rc" = 3 ] &&
		[ "$(grep -c "guest console output lost: stdout: Broken pipe" "$W/epipe.err")" = 1 ]
}
ok "closed stdout is reported, exit status kept" epipe
