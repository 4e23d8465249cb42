# --dumpcore DIR: a crashed guest leaves an ELF core file that gdb opens
# with the image (registers at the fault, guest memory, backtrace, signal);
# a normal exit leaves nothing; a bad DIR is one line and exit 64; every
# failure while dumping is one line and keeps the crash's exit code.
# Runs with the sandbox on (normal builds): a system call missing from the
# device's list would kill the monitor. Sourced by tests/run-all.sh.
DCM=$(mon default)
DCG=$TG/dumpcore.elf
DCT=$(mktemp -d "${TMPDIR:-/tmp}/unimon-dumpcore.XXXXXX")
DC=$DCT/cores
mkdir "$DC"

# The one core in $DC (fails if there is not exactly one).
dc_core() {
	local f
	f=$(ls -A "$DC")
	[ "$(echo "$f" | wc -w)" = 1 ] && [ -f "$DC/$f" ] && echo "$DC/$f"
}
dc_empty() { [ -z "$(ls -A "$1")" ]; }
dc_clean() { rm -f "$DC"/* "$DC"/.[!.]*; }
# dc_gdb IMAGE|-c CORE [gdb -ex commands...]: gdb's output in $DCT/gdb.out
dc_gdb() {
	local img=$1 core=$2 a=() c
	shift 2
	for c in "$@"; do a+=(-ex "$c"); done
	if [ "$img" = -c ]; then
		gdb -batch -nx "${a[@]}" -c "$core" > "$DCT/gdb.out" 2>&1
	else
		gdb -batch -nx "${a[@]}" "$img" "$core" > "$DCT/gdb.out" 2>&1
	fi
}
dc_has() { grep -Eq -- "$1" "$DCT/gdb.out"; }
# dc_crash WHAT: run the dumpcore guest; its stderr in $DCT/mon.err
dc_crash() {
	dc_clean
	"$DCM" --dumpcore "$DC" "$DCG" -- "$1" > "$DCT/mon.out" 2> "$DCT/mon.err"
}
# The RIP the monitor printed ("at rip 0x...").
dc_mon_rip() { grep -Eo 'at rip 0x[0-9a-f]+' "$DCT/mon.err" | cut -c8-; }
# Address of the first ud2 in function $2 of image $1 (objdump).
dc_ud2_in() {
	objdump -d --no-show-raw-insn "$1" |
		awk -v fn="<$2>:" '$2 == fn { f = 1 } f && /\tud2/ { sub(":", "", $1); print "0x" $1; exit }'
}

# ud2 in crash_in(), called from main(): a core named after the monitor's
# pid, mode 0600, sparse (64 MiB of RAM, a few pages used).
t "dumpcore: ud2: exit 80 and one line naming the core" 80 '^dumpcore: ud2$' \
	"^unimon: core dumped to $DC/core\.unimon\.[0-9]+\$" \
	"$DCM" --dumpcore "$DC" "$DCG" -- ud2
dc_file() {
	local f
	f=$(dc_core) || return 1
	[ "$(stat -c %a "$f")" = 600 ] && [ "$(stat -c %s "$f")" -ge 1048576 ] &&
		[ "$(du -k "$f" | cut -f1)" -lt 1024 ] &&
		readelf -h "$f" | grep -q 'CORE (Core file)' &&
		readelf -h "$f" | grep -q 'X86-64' &&
		readelf -n "$f" | grep -q NT_PRSTATUS &&
		readelf -n "$f" | grep -q NT_PRPSINFO &&
		readelf -l "$f" | grep -q 'LOAD.*0x0000000000001000 0x0000000000001000'
}
ok "dumpcore: one ELF core file (ET_CORE, x86-64, notes, RAM from 0x1000), 0600, sparse" dc_file

dc_ud2() {
	local core rip
	dc_crash ud2
	[ $? = 80 ] || return 1
	core=$(dc_core) || return 1
	rip=$(dc_ud2_in "$DCG" crash_in)
	[ -n "$rip" ] && [ "$(dc_mon_rip)" = "$rip" ] || return 1
	dc_gdb "$DCG" "$core" 'info registers rip' 'x/i $pc' 'bt' \
		'print/x (unsigned long)dumpcore_global' \
		'print/x *(unsigned long *)(unsigned long)dumpcore_local_addr' || return 1
	cat "$DCT/gdb.out"
	dc_has 'Program terminated with signal SIGILL' &&
		dc_has "^rip +$rip +$rip <crash_in\+[0-9]+>" &&
		dc_has "^=> $rip <crash_in\+[0-9]+>:[[:space:]]+ud2" &&
		dc_has '^#0 .* in crash_in \(\)' && dc_has '^#1 .* in main \(\)' &&
		dc_has '^\$1 = 0x600dc0de12345678$' && dc_has '^\$2 = 0x57ac4c0ffee5$'
}
ok "dumpcore: gdb: rip at the ud2 (= objdump = the monitor's report), bt, a global and a stack variable" dc_ud2

# Every general-purpose register where user_regs_struct has it.
dc_regs() {
	local core r n=0
	dc_crash regs
	[ $? = 80 ] && core=$(dc_core) || return 1
	dc_gdb "$DCG" "$core" 'info registers' || return 1
	cat "$DCT/gdb.out"
	for r in rax rcx rdx rbx rsp rbp rsi rdi r8 r9 r10 r11 r12 r13 r14 r15; do
		if [ $r != rsp ]; then
			dc_has "^$r +0xdc0000000000000$(printf %x $n) " || return 1
		fi
		n=$((n + 1))
	done
	dc_has '^rsp +0x[0-9a-f]{5} ' && dc_has '^cs +0x23 ' && dc_has '^ss +0x1b ' &&
		dc_has '^eflags +0x'
}
ok "dumpcore: gdb: every register (rax..r15, rsp, cs, ss, eflags)" dc_regs

# A page fault: SIGSEGV, CR2 as the fault address, SEGV_MAPERR.
dc_null() {
	local core
	dc_crash null
	[ $? = 80 ] && core=$(dc_core) || return 1
	dc_gdb "$DCG" "$core" 'print $_siginfo._sifields._sigfault.si_addr' \
		'print $_siginfo.si_code' 'bt' || return 1
	cat "$DCT/gdb.out"
	grep -q 'cr2 0x8$' "$DCT/mon.err" &&
		dc_has 'Program terminated with signal SIGSEGV, Segmentation fault' &&
		dc_has '^\$1 = \(void \*\) 0x8$' && dc_has '^\$2 = 1$' &&
		dc_has '^#0 .* in crash_in \(\)'
}
ok "dumpcore: gdb: page fault is SIGSEGV with si_addr = cr2" dc_null

# The crash test guest of tests/guests/crash.c.
dc_crash_elf() {
	local core rip
	dc_clean
	"$DCM" --dumpcore "$DC" "$TG/crash.elf" -- ud2 > /dev/null 2> "$DCT/mon.err"
	[ $? = 80 ] && core=$(dc_core) || return 1
	rip=$(dc_ud2_in "$TG/crash.elf" main)
	[ -n "$rip" ] && [ "$(dc_mon_rip)" = "$rip" ] || return 1
	dc_gdb "$TG/crash.elf" "$core" 'info registers rip' 'x/i $pc' || return 1
	cat "$DCT/gdb.out"
	dc_has "^rip +$rip " && dc_has "^=> $rip <main\+[0-9]+>:[[:space:]]+ud2"
}
ok "dumpcore: crash.elf ud2: gdb shows the ud2 at the reported rip" dc_crash_elf

# Source-level: the guest built with -g.
dc_debuginfo() {
	local core
	dc_clean
	"$DCM" --dumpcore "$DC" "$B/test-monitors/dumpcore-g.elf" -- ud2 > /dev/null 2>&1
	[ $? = 80 ] && core=$(dc_core) || return 1
	dc_gdb "$B/test-monitors/dumpcore-g.elf" "$core" 'bt' 'frame 1' 'print/x local' \
		'print what' || return 1
	cat "$DCT/gdb.out"
	dc_has '^#0 +crash_in \(local=0x[0-9a-f]+, null=0\) at tests/guests/dumpcore.c:[0-9]+' &&
		dc_has '^#1 .* in main \(argc=2, argv=0x[0-9a-f]+\)' &&
		dc_has '^\$1 = 0x57ac4c0ffee5$' && dc_has '^\$2 = 0x[0-9a-f]+ "ud2"$'
}
ok "dumpcore: gdb with debug info: source backtrace and locals" dc_debuginfo

# No crash, no file: a normal exit, a timeout. Without --dumpcore a crash
# is just a crash.
dc_clean
t "dumpcore: a crash without --dumpcore" 80 '' '^unimon: guest exception' \
	"$DCM" "$DCG" -- ud2
# Each run here in one check with its outcome: "no core" alone would pass
# when the monitor never ran.
DCE=$(t_err "dumpcore: a crash without --dumpcore")
ok "dumpcore: a crash without --dumpcore writes no core" has_lacks \
	'^unimon: guest exception #UD' 'core' cat "$DCE"
dc_no_core() { # dc_no_core RC OUT_ERE ERR_ERE ARGS...: that outcome, DIR empty
	local rc=$1 out=$2 err=$3
	shift 3
	dc_clean
	"$DCM" --dumpcore "$DC" "$@" > "$DCT/mon.out" 2> "$DCT/mon.err"
	[ $? = "$rc" ] || { echo "exit status $?"; cat "$DCT/mon.err"; return 1; }
	matches "$DCT/mon.out" "$out" && matches "$DCT/mon.err" "$err" &&
		dc_empty "$DC"
}
ok "dumpcore: a normal exit (status 0, its output) leaves DIR empty" \
	dc_no_core 0 '^dumpcore: none$' '^$' "$DCG" -- none
ok "dumpcore: a timeout (124, its message) leaves DIR empty" \
	dc_no_core 124 '^looping$' '--timeout of 0.2 seconds expired' \
	--timeout 0.2 "$TG/loop.elf"

# Exit code 83 and the kernel (CPL0) configuration: triple fault,
# emulation failure, exception at CPL0.
t "dumpcore: bad hypercall struct (83) dumps" 83 '' "core dumped to $DC/core" \
	"$DCM" --dumpcore "$DC" "$TG/badargs.elf" -- outside
dc_clean
dc_triple() {
	local core rip
	dc_clean
	"$(mon kernel)" --dumpcore "$DC" "$TG/triple.bin" > /dev/null 2> "$DCT/mon.err"
	[ $? = 81 ] && core=$(dc_core) || return 1
	cat "$DCT/mon.err"
	if [ -d /sys/module/kvm_amd ] &&
		grep -q '^  registers lost: KVM reset the vCPU at the shutdown' "$DCT/mon.err"; then
		# AMD's KVM reset the vCPU: a core of the memory (the lidt at
		# the entry), no registers, and the report says so.
		dc_gdb -c "$core" 'x/2i 0x100000' 'info registers rip' || return 1
		cat "$DCT/gdb.out"
		grep -q "^unimon: core dumped to $DC/core.* (memory only: the registers were lost)\$" \
			"$DCT/mon.err" &&
			! readelf -n "$core" | grep -q NT_PRSTATUS &&
			readelf -n "$core" | grep -q NT_PRPSINFO &&
			dc_has '0x100000:[[:space:]]+lidt' &&
			! grep -q '^  rip ' "$DCT/mon.err"
		return
	fi
	dc_gdb -c "$core" 'info registers rip cs' 'x/i $pc' || return 1
	cat "$DCT/gdb.out"
	# The rip the monitor printed (KVM's): the ud2 after the 7-byte lidt.
	rip=$(awk '$1 == "rip" { sub("^0+", "", $2); print "0x" $2; exit }' "$DCT/mon.err")
	[ "$rip" = 0x100007 ] &&
		grep -q "^unimon: core dumped to $DC/core" "$DCT/mon.err" &&
		dc_has "^rip +$rip " && dc_has '^cs +0x8 ' &&
		dc_has "^=> $rip:[[:space:]]+ud2" &&
		dc_has 'terminated with signal SIGSEGV'
}
ok "dumpcore: kernel: a triple fault dumps (gdb: rip at the ud2; on AMD memory only)" dc_triple
t "dumpcore: kernel: page fault at CPL0 dumps" 80 '' "core dumped to $DC/core" \
	"$(mon kernel)" --dumpcore "$DC" "$TG/crash-kernel.elf" -- null
dc_clean

# Bad DIR: one line, exit 64, before the guest runs.
dc_bad() { # dc_bad NAME ERE DIR [MONITOR]
	t "dumpcore: bad DIR: $1" 64 '^$' "^unimon: --dumpcore $3: $2" \
		"${4:-$DCM}" --dumpcore "$3" "$DCG" -- ud2
	ok "dumpcore: bad DIR: $1: one line, that one" sh -c \
		'[ "$(wc -l < "$1")" = 1 ] && grep -q "^unimon: --dumpcore " "$1"' \
		sh "$(t_err "dumpcore: bad DIR: $1")"
}
touch "$DCT/file"
dc_bad "missing" 'No such file or directory$' "$DCT/missing"
dc_bad "a file" 'not a directory$' "$DCT/file"
dc_bad "under a file" 'not a directory$' "$DCT/file/sub"
if [ "$(id -u)" != 0 ]; then
	mkdir "$DCT/ro" && chmod 555 "$DCT/ro"
	dc_bad "not writable" 'not writable: Permission denied$' "$DCT/ro"
elif unshare -m true 2>/dev/null; then
	mkdir "$DCT/ro"
	t "dumpcore: bad DIR: read-only file system" 64 '^$' \
		"^unimon: --dumpcore $DCT/ro: not writable: Read-only file system\$" \
		unshare -m sh -c 'mount -t tmpfs -o ro none "$1" && shift && exec "$@"' \
		sh "$DCT/ro" "$DCM" --dumpcore "$DCT/ro" "$DCG"
else
	skip "dumpcore: bad DIR: read-only file system" "root without unshare -m"
fi
t "dumpcore: given twice" 64 '^$' '^unimon: --dumpcore given twice' \
	"$DCM" --dumpcore "$DC" --dumpcore "$DC" "$DCG"
t "dumpcore: empty DIR" 64 '^$' '^unimon: --dumpcore wants a directory' \
	"$DCM" --dumpcore "" "$DCG"
t "dumpcore: refused by a build without it (realmode)" 64 '^$' \
	'^unimon: --dumpcore: this monitor was built without it \(enable CONFIG_DUMPCORE\)$' \
	"$(mon realmode)" --dumpcore "$DC" "$TG/rm_exit.bin"
ok "dumpcore: --help lists --dumpcore" sh -c "'$DCM' --help | grep -q -- '--dumpcore DIR'"

# Failures while dumping: one line, the crash's exit code kept, no file.
dc_exists() { # core.unimon.PID already there: never replaced
	dc_clean
	sh -c 'echo keep > "$1/core.unimon.$$" && exec "$2" --dumpcore "$1" "$3" -- ud2' \
		sh "$DC" "$DCM" "$DCG" > /dev/null 2> "$DCT/mon.err"
	[ $? = 80 ] || return 1
	cat "$DCT/mon.err"
	grep -Eq "^unimon: --dumpcore: no core dumped: cannot create $DC/core\.unimon\.[0-9]+: File exists\$" \
		"$DCT/mon.err" && [ "$(cat "$DC"/core.unimon.*)" = keep ] &&
		[ "$(ls -A "$DC" | wc -l)" = 1 ]
}
ok "dumpcore: an existing core.unimon.PID is kept, exit 80" dc_exists
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	# A full file system: the RAM does not fit in 64 KiB.
	dc_full() {
		dc_clean
		unshare -m sh -c 'mount -t tmpfs -o size=64k none "$1" && shift &&
			"$@" > /dev/null; rc=$?; ls -A "$0"; exit $rc' "$DC" "$DC" \
			"$DCM" --dumpcore "$DC" "$DCG" -- regs > "$DCT/ls.out" 2> "$DCT/mon.err"
		[ $? = 80 ] || return 1
		cat "$DCT/mon.err" "$DCT/ls.out"
		[ "$(grep -c '^unimon: --dumpcore' "$DCT/mon.err")" = 1 ] &&
			grep -q '^unimon: --dumpcore: no core dumped: cannot write the core file: No space left on device$' \
				"$DCT/mon.err" && [ ! -s "$DCT/ls.out" ]
	}
	ok "dumpcore: a full file system: one line, exit 80, no file" dc_full
	# No /proc: the O_TMPFILE is named by descriptor (AT_EMPTY_PATH, root).
	# Normal builds only: the sanitizer runtimes cannot work without /proc.
	dc_noproc() {
		dc_clean
		unshare -m sh -c 'mount -t tmpfs none /proc && exec "$@"' sh \
			"$DCM" --dumpcore "$DC" "$DCG" -- ud2 > /dev/null 2> "$DCT/mon.err"
		[ $? = 80 ] && grep -q "^unimon: core dumped to $DC/core" "$DCT/mon.err" &&
			dc_core > /dev/null
	}
	if [ -z "$VARIANT" ]; then
		ok "dumpcore: without /proc (named by descriptor)" dc_noproc
	fi
else
	skip "dumpcore: a full file system, no /proc" "needs root and unshare -m"
fi

# A file system without O_TMPFILE (simulated): a visible
# DIR/.unimon-core.PID, renamed at a crash, removed at a normal exit
# (unlinkat is then in the sandbox's list).
dc_notmpfile() {
	dc_clean
	LD_PRELOAD=$B/test-monitors/notmpfile.so ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 \
		"$DCM" --dumpcore "$DC" "$DCG" -- none > /dev/null 2>&1 || return 1
	dc_empty "$DC" || return 1
	LD_PRELOAD=$B/test-monitors/notmpfile.so ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 \
		"$DCM" --dumpcore "$DC" "$DCG" -- ud2 > /dev/null 2> "$DCT/mon.err"
	[ $? = 80 ] || return 1
	cat "$DCT/mon.err"
	ls -lA "$DC"
	grep -q "^unimon: core dumped to $DC/core" "$DCT/mon.err" &&
		dc_core > /dev/null && dc_gdb "$DCG" "$(dc_core)" 'x/i $pc' &&
		dc_has 'ud2'
}
ok "dumpcore: without O_TMPFILE: a visible temporary, renamed or removed" dc_notmpfile

rm -rf "$DCT"
