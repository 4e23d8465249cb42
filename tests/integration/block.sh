# Block devices (--block): every start-up error with its exit code and
# one-line message, the example on temporary disks (read-write, read-only,
# 4 KiB sectors), bad hypercall arguments, data on the host after exit and
# after a crash, locking between two monitors, a read-only file system and
# a full one (tmpfs mounts: needs root), the asynchronous API. Sourced by
# tests/run-all.sh; every check runs against both transports: $(mon full)
# (block hypercalls) and $(mon appliance) (CONFIG_BLOCK_QUEUE: shared-
# memory queues); $(mon default) has no block device. The queue's own
# hostile-ring tests are in blockq.sh. Temporary files and mounts are
# removed even on failure.
#
# "Unreadable" as root: permission bits do not stop root, so the cases are
# a missing file, a directory, a path through a regular file (ENOTDIR), a
# FIFO and a character device (not regular files), and a file on a tmpfs
# remounted read-only (for the read-write case, exit code 92).

BLK_EX=$SDK/examples/block.elf

t "block: --block refused without CONFIG_BLOCK" 64 '^$' \
	'^unimon: --block: this monitor was built without it \(enable CONFIG_BLOCK\)$' \
	"$(mon default)" --block d=/nonexistent "$SDK/examples/hello.elf"
t "block: example in a build without it: no disk" 1 '^block: no disk at all$' '^$' \
	"$(mon default)" "$BLK_EX"

# blk_pattern FILE OFFSET LEN SEED: bytes [OFFSET, OFFSET + LEN) of FILE
# hold the pattern of tests/guests/blockio.c (seed 0: also the example's).
blk_pattern() {
	python3 - "$@" <<'EOF'
import sys
path, off, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with open(path, 'rb') as f:
    f.seek(off)
    got = f.read(n)
want = bytes((o * 7 + (o >> 9) + seed * 13) & 255 for o in range(off, off + n))
sys.exit(0 if got == want else 1)
EOF
}

# blk_zero FILE OFFSET LEN: those bytes of FILE are all zero.
blk_zero() { cmp -s -n "$3" -i "$2:0" "$1" /dev/zero; }

blk_cleanup() {
	local m
	if [ -n "${BLK_HOLD:-}" ]; then
		kill "$BLK_HOLD" 2>/dev/null
		wait "$BLK_HOLD" 2>/dev/null
		BLK_HOLD=
	fi
	[ -n "${BLK_D:-}" ] || return 0
	for m in "$BLK_D/rofs" "$BLK_D/full"; do
		mountpoint -q "$m" 2>/dev/null && { umount "$m" || umount -l "$m"; }
	done
	rm -rf "$BLK_D"
	BLK_D=
}

# blk_hold ARGS: a monitor running loop.elf with ARGS in the background,
# once it has started (its disks are locked by then).
blk_hold() {
	local i
	rm -f "$BLK_D/hold.out" # not the last holder's "looping"
	"$BLK_M" --timeout 20 "$@" "$TG/loop.elf" > "$BLK_D/hold.out" 2>&1 &
	BLK_HOLD=$!
	for i in $(seq 200); do
		grep -q '^looping$' "$BLK_D/hold.out" && return 0
		kill -0 "$BLK_HOLD" 2>/dev/null || break
		sleep 0.05
	done
	cat "$BLK_D/hold.out"
	return 1
}

# blk_release NAME: end the holder, a test of its own: SIGTERM is exit
# status 128 + 15 (in this shell: the holder is its child).
blk_release() {
	local rc
	kill "$BLK_HOLD"
	wait_for "$BLK_HOLD" 10 > "$BLK_D/release.log"
	rc=$?
	BLK_HOLD=
	if [ "$rc" = 143 ]; then
		pass "$1"
	else
		fail "$1" "exit status $rc, expected 143" "$(cat "$BLK_D/release.log")"
	fi
}

blk_startup_errors() {
	local d=$BLK_D h=$SDK/examples/hello.elf n i a
	truncate -s 1M "$d/disk.img"
	printf 'x' > "$d/plain"
	mkfifo "$d/fifo"
	: > "$d/empty.img"
	truncate -s 1000 "$d/odd.img"
	truncate -s 6144 "$d/6k.img"

	t "$BLK_N: missing file" 90 '^$' \
		"^unimon: --block d: $d/missing.img: cannot open: No such file or directory$" \
		"$BLK_M" --block "d=$d/missing.img" "$h"
	t "$BLK_N: a directory" 90 '^$' \
		"^unimon: --block d: $d: cannot open: Is a directory$" \
		"$BLK_M" --block "d=$d" "$h"
	t "$BLK_N: a directory, read-only" 90 '^$' \
		"^unimon: --block d: $d: not a regular file$" \
		"$BLK_M" --block "d=$d,ro" "$h"
	t "$BLK_N: a path through a regular file (ENOTDIR)" 90 '^$' \
		"^unimon: --block d: $d/plain/x: cannot open: Not a directory$" \
		"$BLK_M" --block "d=$d/plain/x" "$h"
	t "$BLK_N: a FIFO (does not hang)" 90 '^$' \
		"^unimon: --block d: $d/fifo: not a regular file$" \
		"$BLK_M" --block "d=$d/fifo" "$h"
	t "$BLK_N: a FIFO read-only (does not hang)" 90 '^$' \
		"^unimon: --block d: $d/fifo: not a regular file$" \
		"$BLK_M" --block "d=$d/fifo,ro" "$h"
	t "$BLK_N: a character device" 90 '^$' \
		'^unimon: --block d: /dev/null: not a regular file$' \
		"$BLK_M" --block d=/dev/null "$h"
	t "$BLK_N: an empty file" 91 '^$' \
		"^unimon: --block d: $d/empty.img: the file is empty; a disk needs at least one sector" \
		"$BLK_M" --block "d=$d/empty.img" "$h"
	t "$BLK_N: size not a multiple of 512" 91 '^$' \
		"^unimon: --block d: $d/odd.img: size 1000 bytes is not a multiple of the sector size 512$" \
		"$BLK_M" --block "d=$d/odd.img" "$h"
	t "$BLK_N: size not a multiple of 4096" 91 '^$' \
		'size 6144 bytes is not a multiple of the sector size 4096$' \
		"$BLK_M" --block "d=$d/6k.img,sector=4096" "$h"
	t "$BLK_N: the second disk's error stops start-up" 90 '^$' \
		"^unimon: --block e: $d/missing.img: cannot open" \
		"$BLK_M" --block "d=$d/disk.img" --block "e=$d/missing.img" "$h"

	# Malformed arguments: 64, one line naming the argument.
	for a in "nameonly" "=$d/disk.img" "a b=$d/disk.img" "a.b=$d/disk.img" \
		"$(printf '%032d' 0)=$d/disk.img" "d=" "d=,ro" "d=$d/disk.img," \
		"d=$d/disk.img,rw" "d=$d/disk.img,sector=0" \
		"d=$d/disk.img,sector=513" "d=$d/disk.img,sector=8192" \
		"d=$d/disk.img,sector=512x" "d=$d/disk.img,sector="; do
		t "$BLK_N: malformed --block '$a'" 64 '^$' \
			"^unimon: --block $a: .*\(want NAME=PATH\[,ro\]\[,sector=N\]\)$" \
			"$BLK_M" --block "$a" "$h"
	done
	t "$BLK_N: duplicate name" 64 '^$' \
		'^unimon: --block d=.*: a disk of that name is already attached' \
		"$BLK_M" --block "d=$d/disk.img,ro" --block "d=$d/disk.img,ro" "$h"
	n=$(sed -n 's/^CONFIG_BLOCK_MAX_DEVICES=//p' "$(dirname "$BLK_M")/.config")
	set -- "$BLK_M"
	for i in $(seq 0 "$n"); do
		set -- "$@" --block "d$i=$d/disk.img,ro"
	done
	t "$BLK_N: more than CONFIG_BLOCK_MAX_DEVICES ($n) disks" 64 '^$' \
		"^unimon: --block d$n=.*: more than $n disks \(CONFIG_BLOCK_MAX_DEVICES\)" \
		"$@" "$h"
	set -- "$BLK_M"
	for i in $(seq 1 "$n"); do
		set -- "$@" --block "d$i=$d/disk.img,ro"
	done
	t "$BLK_N: exactly CONFIG_BLOCK_MAX_DEVICES ($n) disks" 0 "^disks: $n$" '^$' \
		"$@" "$TG/blocklist.elf"
	ok "$BLK_N: each start-up error is one line on stderr" blk_one_line
}

# Every error above: its own exit code and exactly one line on stderr,
# the --block message (not some other error that is one line too).
blk_one_line() {
	local d=$BLK_D h=$SDK/examples/hello.elf a rc want err
	for a in "90 d=$d/missing.img" "90 d=$d" "90 d=$d/fifo,ro" \
		"91 d=$d/odd.img" "64 d=$d/disk.img,bad" "64 nameonly"; do
		want=${a%% *}
		a=${a#* }
		err=$("$BLK_M" --block "$a" "$h" 2>&1 >/dev/null)
		rc=$?
		[ "$rc" = "$want" ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] &&
			printf '%s\n' "$err" | grep -q "^unimon: --block " ||
			{ echo "$a: exit $rc, stderr: $err"; return 1; }
	done
}

blk_io() {
	local d=$BLK_D
	rm -f "$d/disk.img" && truncate -s 1M "$d/disk.img"
	truncate -s 1M "$d/4k.img" "$d/other.img"

	t "$BLK_N: example, read-write" 0 '^block ok: data 128 sectors verified$' '^$' \
		"$BLK_M" --block "data=$d/disk.img" "$BLK_EX"
	ok "$BLK_N: the example's sectors are on disk after exit" \
		blk_pattern "$d/disk.img" 0 65536 0
	# The pattern where the guest wrote it, zeros after: a guest that
	# never ran passes neither half.
	blk_written_rest_zero() {
		blk_pattern "$d/disk.img" 0 65536 0 &&
			blk_zero "$d/disk.img" 65536 $((1048576 - 65536))
	}
	ok "$BLK_N: the rest of the disk is untouched" blk_written_rest_zero
	t "$BLK_N: example, read-only disk" 0 \
		'^block ok \(read-only\): data 128 sectors read \(pattern found\), write refused$' '^$' \
		"$BLK_M" --block "data=$d/disk.img,ro" "$BLK_EX"
	t "$BLK_N: example on the disk named, 4096-byte sectors" 0 \
		'^block ok: big 16 sectors verified$' '^$' \
		"$BLK_M" --block "small=$d/other.img" --block "big=$d/4k.img,sector=4096" \
		"$BLK_EX" -- big
	ok "$BLK_N: 4096-byte sectors: the pattern is on disk" \
		blk_pattern "$d/4k.img" 0 65536 0
	blk_other_zero() { # the named disk written, the other not
		blk_pattern "$d/4k.img" 0 65536 0 && blk_zero "$d/other.img" 0 1048576
	}
	ok "$BLK_N: the other disk is untouched" blk_other_zero
	t "$BLK_N: example, no disk of that name" 1 '^block: no disk nope$' '^$' \
		"$BLK_M" --block "data=$d/disk.img" "$BLK_EX" -- nope
	t "$BLK_N: the SDK lists the disks" 0 \
		'^disk 0 a 2048 512 rw disk 1 b-2 256 4096 ro disk 2 C_3 512 2048 ro find b-2: 1 find x: -9 $' '^$' \
		sh -c "'$BLK_M' --block a=$d/disk.img --block b-2=$d/4k.img,ro,sector=4096 \
			--block C_3=$d/other.img,ro,sector=2048 '$TG/blocklist.elf' -- b-2 x | \
			grep -v disks: | tr '\n' ' '; echo"
	t "$BLK_N: device tree nodes" 0 '^node /block/a@0 node /block/b@1 $' '^$' \
		sh -c "'$BLK_M' --block a=$d/disk.img --block b=$d/4k.img,ro \
			'$TG/fdtdump.elf' | grep /block/ | tr '\n' ' '; echo"
	t "$BLK_N: no --block: no disks" 0 '^disks: 0$' '^$' "$BLK_M" "$TG/blocklist.elf"

	truncate -s 64k "$d/bad.img" "$d/bad2.img"
	t "$BLK_N: requests with bad handles, ranges, buffers" 0 '^blockbad: all ok$' '^$' \
		"$BLK_M" --block "rw=$d/bad.img" --block "ro=$d/bad2.img,ro" "$TG/blockbad.elf"

	# Durability: written data is on the host after a crash, flushed or not.
	truncate -s 1M "$d/crash.img"
	t "$BLK_N: write, flush, crash (ud2)" 80 '^crash$' '^unimon: guest exception #UD' \
		"$BLK_M" --block "d=$d/crash.img" "$TG/blockio.elf" -- \
		write d 8 24 3 flush d crash
	ok "$BLK_N: flushed data is on disk after the crash" \
		blk_pattern "$d/crash.img" 4096 12288 3
	t "$BLK_N: write without flush, crash" 80 '^crash$' '^unimon: guest exception #UD' \
		"$BLK_M" --block "d=$d/crash.img" "$TG/blockio.elf" -- write d 100 5 4 crash
	ok "$BLK_N: unflushed data is on the host after the crash (page cache)" \
		blk_pattern "$d/crash.img" 51200 2560 4
	t "$BLK_N: both writes read back in a new monitor" 0 '^blockio: done$' '^$' \
		"$BLK_M" --block "d=$d/crash.img" "$TG/blockio.elf" -- \
		verify d 8 24 3 verify d 100 5 4
}

# The asynchronous API: many requests in flight, collected out of order;
# a write submitted and never collected still lands when the guest exits
# or crashes (the queue is drained; the hypercall transport did it at
# submit).
blk_async() {
	local d=$BLK_D
	rm -f "$d/aio.img" && truncate -s 1M "$d/aio.img"
	t "$BLK_N: async: 16 in flight, 7-sector requests" 0 '^blockio: done$' '^$' \
		"$BLK_M" --block "d=$d/aio.img" "$TG/blockio.elf" -- \
		aio d 3 1000 5 16 7 verify d 3 1000 5
	ok "$BLK_N: async: the writes are on the host" \
		blk_pattern "$d/aio.img" 1536 512000 5
	t "$BLK_N: async: the whole disk, 64 one-sector requests in flight" 0 \
		'^blockio: done$' '^$' \
		"$BLK_M" --block "d=$d/aio.img" "$TG/blockio.elf" -- aio d 0 2048 6 64 1
	ok "$BLK_N: async: the whole disk is on the host" \
		blk_pattern "$d/aio.img" 0 1048576 6
	t "$BLK_N: async: a write never collected, then exit" 0 '^blockio: done$' '^$' \
		"$BLK_M" --block "d=$d/aio.img" "$TG/blockio.elf" -- submit d 100 64 7
	ok "$BLK_N: async: the uncollected write landed" \
		blk_pattern "$d/aio.img" 51200 32768 7
	t "$BLK_N: async: a write never collected, then a crash" 80 '^crash$' \
		'^unimon: guest exception #UD' \
		"$BLK_M" --block "d=$d/aio.img" "$TG/blockio.elf" -- submit d 300 64 8 crash
	ok "$BLK_N: async: the uncollected write landed before the crash report" \
		blk_pattern "$d/aio.img" 153600 32768 8
}

blk_locks() {
	local d=$BLK_D h=$SDK/examples/hello.elf
	truncate -s 1M "$d/lock.img"
	t "$BLK_N: one file attached twice read-write" 93 '^$' \
		"^unimon: --block b: $d/lock.img: in use by another unimon, or attached twice \(locked\)$" \
		"$BLK_M" --block "a=$d/lock.img" --block "b=$d/lock.img" "$h"
	t "$BLK_N: one file attached twice read-only" 0 '^block ok \(read-only\)' '^$' \
		"$BLK_M" --block "a=$d/lock.img,ro" --block "b=$d/lock.img,ro" "$BLK_EX" -- b

	if setup "$BLK_N: a monitor holds a disk read-write" \
		blk_hold --block "x=$d/lock.img"; then
		t "$BLK_N: locked read-write: second monitor read-write" 93 '^$' \
			"^unimon: --block d: $d/lock.img: in use by another unimon" \
			"$BLK_M" --block "d=$d/lock.img" "$h"
		t "$BLK_N: locked read-write: second monitor read-only" 93 '^$' \
			"^unimon: --block d: $d/lock.img: in use by another unimon" \
			"$BLK_M" --block "d=$d/lock.img,ro" "$h"
		blk_release "$BLK_N: the first monitor ends (read-write holder)"
	fi
	if setup "$BLK_N: a monitor holds a disk read-only" \
		blk_hold --block "x=$d/lock.img,ro"; then
		t "$BLK_N: locked read-only: second monitor read-only" 0 \
			'^block ok \(read-only\)' '^$' \
			"$BLK_M" --block "d=$d/lock.img,ro" "$BLK_EX"
		t "$BLK_N: locked read-only: second monitor read-write" 93 '^$' \
			"^unimon: --block d: $d/lock.img: in use by another unimon" \
			"$BLK_M" --block "d=$d/lock.img" "$h"
		blk_release "$BLK_N: the first monitor ends (read-only holder)"
	fi
	t "$BLK_N: the lock goes with the monitor" 0 '^block ok: d ' '^$' \
		"$BLK_M" --block "d=$d/lock.img" "$BLK_EX"
}

# A file on a tmpfs remounted read-only: 92 read-write, fine with ,ro.
blk_rofs() {
	local m=$BLK_D/rofs
	mkdir "$m"
	setup "$BLK_N: mount a tmpfs (needs root)" \
		mount -t tmpfs -o size=1m unimon-block-ro "$m" || return
	truncate -s 256k "$m/disk.img"
	t "$BLK_N: example on the tmpfs" 0 '^block ok: d 128 sectors verified$' '^$' \
		"$BLK_M" --block "d=$m/disk.img" "$BLK_EX"
	setup "$BLK_N: remount the tmpfs read-only" mount -o remount,ro "$m" || return
	t "$BLK_N: read-only file attached read-write" 92 '^$' \
		"^unimon: --block d: $m/disk.img: cannot open read-write: Read-only file system \(add \",ro\" to attach it read-only\)$" \
		"$BLK_M" --block "d=$m/disk.img" "$SDK/examples/hello.elf"
	t "$BLK_N: read-only file attached read-only" 0 \
		'^block ok \(read-only\): d 128 sectors read \(pattern found\), write refused$' '^$' \
		"$BLK_M" --block "d=$m/disk.img,ro" "$BLK_EX"
	setup "$BLK_N: unmount the read-only tmpfs" umount "$m"
}

# blk_fill_check LOG FILE: the sectors the fill reported are on disk.
blk_fill_check() {
	local n
	n=$(sed -n 's/^fill: \([0-9]*\) sectors written, then ret -28$/\1/p' "$1")
	[ -n "$n" ] && [ "$n" -gt 0 ] && blk_pattern "$2" 0 $((n * 512)) 0
}

# A 1 MiB sparse disk on a 64 KiB tmpfs: writes fail with ENOSPC, the
# guest carries on, what was written before is intact.
blk_full() {
	local m=$BLK_D/full chunk name log
	mkdir "$m"
	setup "$BLK_N: mount a 64 KiB tmpfs (needs root)" \
		mount -t tmpfs -o size=64k unimon-block-full "$m" || return
	for chunk in 8 3; do
		rm -f "$m/disk.img" && truncate -s 1M "$m/disk.img"
		name="$BLK_N: full file system, $chunk-sector writes: ENOSPC"
		t "$name" 0 '^fill: [1-9][0-9]* sectors written, then ret -28$' '^$' \
			"$BLK_M" --block "d=$m/disk.img" "$TG/blockio.elf" -- fill d "$chunk" flush d
		log=$(t_out "$name")
		ok "$BLK_N: full file system, $chunk-sector writes: guest read it back, carried on" \
			grep -qx 'blockio: done' "$log"
		ok "$BLK_N: full file system, $chunk-sector writes: the data is on the host" \
			blk_fill_check "$log" "$m/disk.img"
	done
	setup "$BLK_N: unmount the full tmpfs" umount "$m"
}

for BLK_CFG in full appliance; do
	BLK_M=$(mon "$BLK_CFG")
	BLK_N="block ($BLK_CFG)"
	if [ ! -x "$BLK_M" ]; then
		fail "$BLK_N: $BLK_M was not built"
		continue
	fi
	BLK_OLD_TRAPS=$(trap -p EXIT INT TERM)
	trap blk_cleanup EXIT
	trap 'blk_cleanup; exit 130' INT TERM
	BLK_D=$(mktemp -d "${TMPDIR:-/tmp}/unimon-block.XXXXXX")
	blk_startup_errors
	blk_io
	blk_async
	blk_locks
	blk_rofs
	blk_full
	blk_cleanup
	trap - EXIT INT TERM
	eval "$BLK_OLD_TRAPS"
done
