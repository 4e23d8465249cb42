# The Linux personality ($(mon linux), configs/linux_defconfig): ordinary
# programs (tests/linux/lxtest.c, built by tests/prepare.sh with musl and
# glibc, static and static-pie) run unmodified; what a program prints is
# compared with its native run where it is deterministic; faults end it as
# a killed process (128 + signal, one line); hostile arguments get their
# errors; files only under --dir, and no way out. Also a program nobody
# wrote for these tests: Debian's static busybox.
LM=$(mon linux)
LT=$B/linux-tests
LD=$(mktemp -d "${TMPDIR:-/tmp}/unimon-linux.XXXXXX")

lx() { # lx NAME RC STDOUT_ERE STDERR_ERE VARIANT ARGS...: lxtest-VARIANT -- ARGS
	local n=$1 rc=$2 o=$3 e=$4 v=$5
	shift 5
	t "linux $v: $n" "$rc" "$o" "$e" "$LM" "$LT/lxtest-$v" -- "$@"
}

# same_as_native NAME VARIANT ARGS...: stdout equal to the native run's.
same_as_native() {
	local v=$1
	shift
	"$LT/lxtest-native" "$@" > "$W/lx-native.out" 2>&1 || return 1
	"$LM" "$LT/lxtest-$v" -- "$@" > "$W/lx-guest.out" 2> "$W/lx-guest.err" || {
		cat "$W/lx-guest.err"; return 1; }
	diff "$W/lx-native.out" "$W/lx-guest.out" && [ -s "$W/lx-guest.out" ]
}

for v in musl glibc glibc-pie; do
	ok "linux $v: printf %f %e %g, math, qsort, setjmp, strtod as natively" \
		same_as_native "$v" libc
	lx "clock_gettime moves forward, nanosleep sleeps" 0 \
		'^nanosleep 50 ms: slept at least$' '^$' "$v" clock
	t "linux $v: the clocks' other lines" 0 '^monotonic moved forward$' '^$' \
		"$LM" "$LT/lxtest-$v" -- clock
	lx "getrandom: not zero, calls differ" 0 '^getrandom: not zero, two calls differ$' \
		'^$' "$v" random
	lx "malloc of 64 MiB, free, realloc growth" 0 \
		'^realloc growth to 8388608: content kept$' '^$' "$v" memory
	lx "argv: the image, then the arguments" 0 '^argv\[3\]=y z$' '^$' "$v" args x "y z"
	t "linux $v: envp is --env only" 0 '^env B=two$' '^$' \
		env SECRET_OF_THE_HOST=1 "$LM" --env A=1 --env B=two "$LT/lxtest-$v" -- args
	ok "linux $v: nothing of the monitor's environment" has_lacks '^env A=1$' \
		'SECRET_OF_THE_HOST' cat "$(t_out "linux $v: envp is --env only")"
	lx "auxv: AT_RANDOM not zero" 0 '^AT_RANDOM not zero$' '^$' "$v" args
	lx "auxv: AT_PAGESZ 4096" 0 '^AT_PAGESZ 4096$' '^$' "$v" args
	lx "auxv: AT_EXECFN, AT_PLATFORM, AT_UID" 0 '^uid matches$' '^$' "$v" args
	printf 'line one\nline two\n' > "$W/lx-in.txt"
	T_IN=$W/lx-in.txt lx "stdin copied to stdout (a cat)" 0 '^line two$' '^$' "$v" cat
	for s in 0 1 42 255; do
		lx "exit status $s" "$s" '^$' '^$' "$v" exit "$s"
	done
	lx "NULL dereference: 139, the fault and address" 139 '' \
		'^unimon: program killed by SIGSEGV: #PF page fault at address 0x0 \(rip 0x[0-9a-f]+\)$' \
		"$v" null
	lx "runaway recursion: 139 at the stack's guard" 139 '' \
		'^unimon: program killed by SIGSEGV: #PF page fault at address 0x1f7f' "$v" recurse
	lx "divide by zero: 136" 136 '' '^unimon: program killed by SIGFPE: #DE divide error' \
		"$v" div0
	lx "ud2: 132" 132 '' '^unimon: program killed by SIGILL: #UD invalid opcode' "$v" ud2
	lx "abort(): 134" 134 '' '^unimon: program killed by SIGABRT \(sent by itself\)$' \
		"$v" abort
	lx "an unknown call is -ENOSYS" 0 '^syscall 400: -1 errno 38 ENOSYS$' '^$' "$v" enosys
	lx "hostile arguments: every one refused as due" 0 '^hostile: done$' '^$' \
		"$v" hostile
	ok "linux $v: hostile arguments: no WRONG line" has_lacks ': ok$' 'WRONG' \
		cat "$(t_out "linux $v: hostile arguments: every one refused as due")"
	lx "munmap: the page is gone (139)" 139 '^touching 0x[0-9a-f]+ after munmap$' \
		'page fault at address 0x' "$v" unmapped
	lx "mprotect: a read-only page (139 on write)" 139 '^read back 1, ' \
		'page fault at address 0x' "$v" readonly
	lx "mremap moves and keeps the content" 0 '^mremap to 1 MiB: kept across mremap$' \
		'^$' "$v" mremap

	# Files: a read-write dir, a read-only one, escapes.
	rm -rf "$LD/box" "$LD/ro" && mkdir -p "$LD/box/sub2" "$LD/ro"
	echo "hello file" > "$LD/box/in.txt"
	cp "$LD/box/in.txt" "$LD/ro/in.txt"
	echo secret > "$LD/secret.txt"
	ln -s .. "$LD/box/link-out"
	ln -s "$LD/secret.txt" "$LD/box/abs-link"
	t "linux $v: files under --dir ...,rw: read, create, mkdir, rename, readdir, unlink" 0 \
		'^unlink: ok$' '^$' "$LM" --dir "/data=$LD/box,rw" "$LT/lxtest-$v" -- files /data rw
	lx_box_after() { # the writes landed in the host dir
		[ "$(cat "$LD/box/sub/moved.txt")" = "written by the guest" ] &&
			[ ! -e "$LD/box/gone.txt" ] && [ ! -e "$LD/box/out.txt" ]
	}
	ok "linux $v: the program's writes are in the host directory" lx_box_after
	t "linux $v: a read-only --dir: read works, create is EROFS" 0 \
		'^create: Read-only file system$' '^$' "$LM" --dir "/data=$LD/ro" \
		"$LT/lxtest-$v" -- files /data ro
	ok "linux $v: the read-only directory is unchanged" \
		test "$(ls "$LD/ro")" = in.txt
	t "linux $v: every way out of --dir fails" 0 '^unlink through a link: No such file' '^$' \
		"$LM" --dir "/data=$LD/box,rw" "$LT/lxtest-$v" -- escape /data
	lx_escape_none() { # nothing opened or created outside
		local f
		f=$(t_out "linux $v: every way out of --dir fails")
		! grep -E 'OPENED|CREATED|UNLINKED' "$f" &&
			[ "$(grep -c ': Permission denied$' "$f")" -ge 8 ] &&
			[ "$(cat "$LD/secret.txt")" = secret ] &&
			[ "$(ls "$LD")" = "$(printf 'box\nro\nsecret.txt')" ]
	}
	ok "linux $v: escapes touched nothing outside" lx_escape_none
done

t "linux: a dynamically linked executable is refused: link with -static" 65 '^$' \
	'^unimon: .*lxtest-dynamic: bad image: dynamically linked images are not supported \(link with -static\)$' \
	"$LM" "$LT/lxtest-dynamic"
t "linux: --trace-syscalls shows each call and its result" 42 '^$' \
	'^unimon: exit_group\(42\) = 0$' "$LM" --trace-syscalls "$LT/lxtest-musl" -- exit 42
t "linux: --trace-syscalls names an unknown call's error" 0 '' \
	'^unimon: syscall_400\(\) = -1 ENOSYS \(Function not implemented\) \(not served\)$|^unimon: syscall_400\(\) = -1 ENOSYS' \
	"$LM" --trace-syscalls "$LT/lxtest-musl" -- enosys
t "linux: --stats counts the calls by number" 0 '' '^    20  writev +[1-9]' \
	"$LM" --stats "$LT/lxtest-musl" -- args
t "linux: --env without =" 64 '^$' '^unimon: --env X: want NAME=VALUE$' \
	"$LM" --env X "$LT/lxtest-musl" -- exit 0
t "linux: --dir with a relative GUESTPATH" 64 '^$' '^unimon: --dir data=/tmp: not GUESTPATH=HOSTDIR' \
	"$LM" --dir data=/tmp "$LT/lxtest-musl" -- exit 0
t "linux: --dir with a missing HOSTDIR" 64 '^$' '^unimon: --dir /d: .*: No such file or directory$' \
	"$LM" --dir "/d=$LD/nosuch" "$LT/lxtest-musl" -- exit 0
t "linux: --dir refused where files are not built" 64 '^$' \
	'^unimon: --dir: this monitor was built without it' \
	"$(mon default)" --dir /d=/tmp "$SDK/examples/hello.elf"
mkdir -p "$LD/cores"
t "linux: --dumpcore of a crashed program" 139 '' "^unimon: core dumped to $LD/cores/core" \
	"$LM" --dumpcore "$LD/cores" "$LT/lxtest-musl" -- null
lx_core() { # gdb on the core: SIGSEGV at the faulting rip
	gdb -batch -nx -ex 'info registers rip' "$LT/lxtest-musl" "$LD"/cores/core.* \
		> "$LD/gdb.out" 2>&1
	cat "$LD/gdb.out"
	grep -q 'terminated with signal SIGSEGV' "$LD/gdb.out" &&
		grep -Eq '^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <main' "$LD/gdb.out"
}
ok "linux: gdb opens the core: SIGSEGV, rip in main" lx_core

# gdb on a Linux program (a linux + CONFIG_GDBSTUB monitor, prepare.sh):
# a breakpoint at main with its source line and arguments, then on to
# the exit status.
lx_gdb() {
	local m=$B/test-monitors/linux-gdb/unimon port p i rc
	port=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$m" --gdb "$port" "$LT/lxtest-musl" -- exit 5 > "$LD/gdb-mon.out" \
		2> "$LD/gdb-mon.err" &
	p=$!
	for i in $(seq 200); do
		grep -q 'waiting for gdb' "$LD/gdb-mon.err" && break
		sleep 0.05
	done
	timeout "$T_LIMIT" gdb -batch -nx -ex "target remote 127.0.0.1:$port" \
		-ex 'break main' -ex continue -ex bt -ex continue \
		"$LT/lxtest-musl" > "$LD/gdb.txt" 2>&1
	wait_for "$p" 20
	rc=$?
	cat "$LD/gdb.txt" "$LD/gdb-mon.err"
	[ "$rc" = 5 ] &&
		grep -Eq '^Breakpoint 1, main \(argc=3, argv=0x[0-9a-f]+\) at tests/linux/lxtest.c:[0-9]+' "$LD/gdb.txt" &&
		grep -q '^#0  main (argc=3' "$LD/gdb.txt" &&
		grep -q 'exited with code 05' "$LD/gdb.txt"
}
[ -z "$VARIANT" ] && ok "linux: gdb: a breakpoint at main, its arguments, the exit status" lx_gdb

# A program these tests did not write: Debian's busybox-static.
BB=/bin/busybox
t "linux: busybox echo" 0 '^hello from busybox$' '^$' "$LM" "$BB" -- echo hello from busybox
t "linux: busybox seq" 0 '^3$' '^$' "$LM" "$BB" -- seq 3
t "linux: busybox expr" 0 '^42$' '^$' "$LM" "$BB" -- expr 6 '*' 7
printf 'abc\n' > "$W/bb-in.txt"
T_IN=$W/bb-in.txt t "linux: busybox sha256sum of stdin = sha256sum's" 0 \
	"^$(sha256sum < "$W/bb-in.txt" | cut -d' ' -f1)  -\$" '^$' "$LM" "$BB" -- sha256sum
t "linux: busybox ls of a --dir" 0 '^sub2$' '^$' "$LM" --dir "/d=$LD/box" "$BB" -- ls -1 /d
bb_ls_same() { # the same names as the host's ls
	"$LM" --dir "/d=$LD/box" "$BB" -- ls -1 /d > "$LD/bb-ls.txt" &&
		ls -1 "$LD/box" | diff - "$LD/bb-ls.txt"
}
ok "linux: busybox ls -1 lists what the host's ls lists" bb_ls_same
rm -rf "$LD"
