# The gdb remote stub (CONFIG_GDBSTUB, off in every defconfig): refused by
# the default build; a default+GDBSTUB build (CPL3) and a kernel+GDBSTUB
# build (CPL0) driven by gdb itself (breakpoint, stepi, registers, memory,
# continue to the guest's exit, kill) and by a small protocol client
# (checksums, bad addresses, interrupt, memory write, detach, a dropped
# connection). Sourced by tests/run-all.sh; VARIANT=asan- builds the stub
# with ASan+UBSan.

t "gdb: --gdb refused by the default build, naming CONFIG_GDBSTUB" 64 '^$' \
	'^unimon: --gdb: this monitor was built without it \(enable CONFIG_GDBSTUB\)$' \
	"$(mon default)" --gdb 1234 "$SDK/examples/hello.elf"

GDB_B=$B/test-monitors/${VARIANT}gdb
GDB_K=$B/test-monitors/${VARIANT}gdb-kernel
GDB_KELF=$B/test-monitors/gdb-kernel.elf
GDB_RSP=tests/integration/rsp.py
GDB_PID=
gdb_port() { # a free loopback port
	python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# gdb_mon NAME MONITOR IMAGE [-- ARGS]: the monitor in the background,
# waiting for gdb on $GDB_PORT; its output in $GDB_LOG.out and .err.
gdb_mon() {
	local mon=$2 i
	GDB_LOG=$LOGDIR/$VARIANT$1
	shift 2
	GDB_PORT=$(gdb_port)
	rm -f "$GDB_LOG".*
	"$mon" --gdb "$GDB_PORT" "$@" > "$GDB_LOG.out" 2> "$GDB_LOG.err" &
	GDB_PID=$!
	for i in $(seq $((T_LIMIT * 10))); do
		grep -q 'waiting for gdb' "$GDB_LOG.err" 2>/dev/null && return 0
		kill -0 "$GDB_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# The monitor's exit status in GDB_RC (killed after 10 s: a failure).
gdb_end() {
	local i
	for i in $(seq $((T_LIMIT * 10))); do
		kill -0 "$GDB_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill "$GDB_PID" 2>/dev/null
	wait "$GDB_PID"
	GDB_RC=$?
	GDB_PID=
	if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' \
		-e 'ERROR: LeakSanitizer' "$GDB_LOG.err"; then
		GDB_RC=sanitizer
	fi
}

gdb_cleanup() {
	[ -n "$GDB_PID" ] && kill "$GDB_PID" 2>/dev/null && wait "$GDB_PID"
	GDB_PID=
}

gdb_batch() { # gdb_batch ELF COMMANDS...: gdb -batch on $GDB_PORT
	local elf=$1 a args=()
	shift
	for a in "$@"; do
		args+=(-ex "$a")
	done
	timeout -k 2 "$T_LIMIT" gdb -batch -nx -ex 'set confirm off' \
		-ex "target remote 127.0.0.1:$GDB_PORT" "${args[@]}" "$elf" \
		> "$GDB_LOG.gdb" 2>&1
}

gdb_sym() { # gdb_sym ELF NAME: the symbol's address, 0x...
	printf '0x%x\n' "$((16#$(nm "$1" | awk -v n="$2" '$3 == n { print $1 }')))"
}

# gdb_session TAG MONITOR ELF: break main, continue, stepi, a global,
# a second breakpoint, the caller in bt, continue to the guest's exit.
gdb_session() {
	local tag=$1 mon=$2 elf=$3 main rip2
	main=$(gdb_sym "$elf" main)
	if ! gdb_mon "gdb-$tag-session" "$mon" "$elf"; then
		fail "gdb $tag: monitor waits for gdb" "$(cat "$GDB_LOG.err")"
		gdb_cleanup
		return
	fi
	pass "gdb $tag: monitor waits for gdb"
	if [ "$tag" = cpl3 ] && [ -z "$VARIANT" ]; then
		ok "gdb: listens on 127.0.0.1:PORT only (ss -ltn)" test \
			"$(ss -ltnH "sport = :$GDB_PORT" | awk '{ printf "%s ", $4 }')" = \
			"127.0.0.1:$GDB_PORT "
	fi
	gdb_batch "$elf" 'break main' 'continue' 'info registers rip' 'stepi' \
		'info registers rip' 'print (int)gdb_answer' 'x/4xb &gdb_answer' \
		'break gdb_target' 'continue' 'bt' 'continue'
	gdb_end
	local g=$GDB_LOG.gdb
	ok "gdb $tag: breakpoint at main hit ($main)" \
		grep -Eq "^Breakpoint 1, 0x0*${main#0x} in main \(\)$" "$g"
	ok "gdb $tag: rip = main at the breakpoint" \
		grep -Eq "^rip +$main +$main <main>$" "$g"
	rip2=$(grep '^rip ' "$g" | sed -n 2p | awk '{ print $2 }')
	ok "gdb $tag: stepi moves rip ($main -> $rip2)" \
		test -n "$rip2" -a "$((rip2))" -gt "$((main))" -a "$((rip2))" -lt "$((main + 16))"
	ok "gdb $tag: print a global" grep -q '^\$1 = 44417246$' "$g"
	ok "gdb $tag: x/4xb a global" \
		grep -Eq '^0x[0-9a-f]+ <gdb_answer>:\s+0xde\s+0xc0\s+0xa5\s+0x02$' "$g"
	ok "gdb $tag: second breakpoint, caller in bt" \
		grep -Eq '^#1  0x[0-9a-f]+ in main \(\)$' "$g"
	ok "gdb $tag: guest runs to its exit, gdb sees the status" \
		grep -q '^\[Inferior 1 (Remote target) exited with code 07\]$' "$g"
	ok "gdb $tag: monitor exit status 7, guest output intact" \
		test "$GDB_RC" = 7 -a "$(cat "$GDB_LOG.out")" = "gdb guest: 43"
}

# gdb_protocol TAG MONITOR ELF: the client against the spinning guest.
gdb_protocol() {
	local tag=$1 mon=$2 elf=$3 pid=- l
	if ! gdb_mon "gdb-$tag-protocol" "$mon" "$elf" -- spin; then
		fail "gdb $tag: protocol: monitor waits for gdb" "$(cat "$GDB_LOG.err")"
		gdb_cleanup
		return
	fi
	[ -z "$VARIANT" ] && pid=$GDB_PID
	timeout "$T_LIMIT" python3 -u "$GDB_RSP" "$GDB_PORT" all "$pid" \
		"gdb_release=$(gdb_sym "$elf" gdb_release)" > "$GDB_LOG.rsp" 2>&1
	gdb_end
	l=$GDB_LOG.rsp
	ok "gdb $tag: qSupported: PacketSize, swbreak, target description" \
		grep -q '^supported PacketSize=1000;swbreak+;qXfer:features:read+$' "$l"
	ok "gdb $tag: bad checksum: -" grep -q '^bad checksum -$' "$l"
	ok "gdb $tag: unknown packet: empty reply" grep -q '^unknown \[\]$' "$l"
	ok "gdb $tag: null page, ring-0 region, past RAM, wrapping, bad writes: errors" \
		sh -c "grep -Eq '^null page E..$' '$l' &&
			grep -Eq '^ring-0 region E..$' '$l' &&
			grep -Eq '^past RAM E..$' '$l' &&
			grep -Eq '^wrapping E..$' '$l' &&
			grep -Eq '^bad write E.. E..$' '$l'"
	[ "$pid" != - ] && ok "gdb $tag: the guest runs under the seccomp filter" \
		grep -Eq '^Seccomp:\s+2$' "$l"
	ok "gdb $tag: interrupt (0x03) stops a running guest: SIGINT" \
		grep -q '^interrupt T02' "$l"
	ok "gdb $tag: memory write, read back" sh -c \
		"grep -q '^write OK$' '$l' && grep -q '^read 01000000$' '$l'"
	ok "gdb $tag: detach, the guest runs on to its exit" sh -c \
		"grep -q '^detach OK$' '$l' && test '$GDB_RC' = 9 &&
			grep -q '^released 1$' '$GDB_LOG.out'"
}

if [ -f "$TG/gdb.elf" ]; then
	GDB_OLD_TRAPS=$(trap -p EXIT INT TERM)
	trap gdb_cleanup EXIT
	trap 'gdb_cleanup; exit 130' INT TERM
	for p in 0 70000 abc; do
		t "gdb: bad port $p" 64 '^$' "^unimon: --gdb wants a TCP port 1-65535, not: $p" \
			"$GDB_B/unimon" --gdb "$p" "$TG/gdb.elf"
	done
	t "gdb: --help lists --gdb" 0 '^  --gdb PORT$' '^$' "$GDB_B/unimon" --help
	gdb_session cpl3 "$GDB_B/unimon" "$TG/gdb.elf"
	gdb_protocol cpl3 "$GDB_B/unimon" "$TG/gdb.elf"

	# kill from gdb: exit code 137, the guest never finishes.
	if gdb_mon gdb-kill "$GDB_B/unimon" "$TG/gdb.elf"; then
		gdb_batch "$TG/gdb.elf" 'break gdb_target' 'continue' 'kill'
		gdb_end
		ok "gdb: kill stops the monitor with exit code 137" sh -c \
			"test '$GDB_RC' = 137 &&
				grep -q 'guest killed by gdb' '$GDB_LOG.err' &&
				! grep -q 'gdb guest' '$GDB_LOG.out'"
	else
		fail "gdb: kill: monitor waits for gdb"
	fi
	# The connection drops with a breakpoint set: the guest runs on.
	if gdb_mon gdb-drop "$GDB_B/unimon" "$TG/gdb.elf"; then
		timeout "$T_LIMIT" python3 -u "$GDB_RSP" "$GDB_PORT" drop - \
			"gdb_target=$(gdb_sym "$TG/gdb.elf" gdb_target)" > "$GDB_LOG.rsp" 2>&1
		gdb_end
		ok "gdb: connection lost: breakpoints gone, the guest runs to its exit" \
			sh -c "test '$GDB_RC' = 7 &&
				grep -q '^gdb guest: 43$' '$GDB_LOG.out' &&
				grep -q 'gdb connection lost' '$GDB_LOG.err'"
	else
		fail "gdb: drop: monitor waits for gdb"
	fi
	# A signal while it waits for gdb stops it at once.
	if gdb_mon gdb-sigterm "$GDB_B/unimon" "$TG/gdb.elf"; then
		kill -TERM "$GDB_PID"
		gdb_end
		ok "gdb: SIGTERM while waiting for gdb: exit 143" test "$GDB_RC" = 143
	else
		fail "gdb: sigterm: monitor waits for gdb"
	fi

	# CPL0 (kernel configuration): breakpoints in the debug registers.
	gdb_session cpl0 "$GDB_K/unimon" "$GDB_KELF"
	gdb_protocol cpl0 "$GDB_K/unimon" "$GDB_KELF"
	gdb_cleanup
	trap - EXIT INT TERM
	eval "$GDB_OLD_TRAPS"
else
	fail "gdb: $TG/gdb.elf is missing (run tests/guests/build.sh)"
fi
