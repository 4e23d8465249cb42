# A signal stops a guest that wrote without flushing: the monitor flushes
# every read-write disk for it (fdatasync, seen with strace) and the data
# is in the file. Both transports: $(mon full) (hypercalls), $(mon
# appliance) (queues: the queue engine drains the rings first, then the
# block device flushes). strace is one of the project's dependencies
# (scripts/install-deps.sh). Under ASan without LeakSanitizer, whose
# end-of-run check stops the threads with ptrace (strace holds that).
# shellcheck disable=SC2030,SC2031
[ -n "$VARIANT" ] && export ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0
if ! command -v strace > /dev/null; then
	fail "blockflush: strace is missing (scripts/install-deps.sh installs it)"
else
	flush_on() { # flush_on CONFIG SIGNAL CODE [write|submit]
		local d p i rc
		d=$(mktemp -d "${TMPDIR:-/tmp}/unimon-flush.XXXXXX")
		truncate -s 64k "$d/disk.img"
		strace -f -qq -e trace=fdatasync -o "$d/strace.txt" \
			"$(mon "$1")" --block data="$d/disk.img" "$TG/blockio.elf" \
			-- "${4:-write}" data 0 8 5 loop > "$d/out" 2> "$d/err" &
		p=$!
		for i in $(seq 400); do
			grep -q '^looping$' "$d/out" 2>/dev/null && break
			sleep 0.05
		done
		# Signal the monitor (strace's child), not strace.
		pkill -"$2" -P "$p" -x unimon || kill -"$2" "$(pgrep -P "$p")"
		wait_for "$p" 10
		rc=$?
		grep -q 'fdatasync(.*) *= 0' "$d/strace.txt" &&
			grep -q "guest stopped by signal" "$d/err" &&
			[ "$(od -An -tu1 -j 1 -N 1 "$d/disk.img" | tr -d ' ')" = 72 ] &&
			[ "$rc" = "$3" ]
		rc=$?
		rm -rf "$d"
		return $rc
	}
	no_flush_on_exit() { # no_flush_on_exit CONFIG
		local d rc
		d=$(mktemp -d "${TMPDIR:-/tmp}/unimon-flush.XXXXXX")
		truncate -s 64k "$d/disk.img"
		strace -f -qq -e trace=fdatasync -o "$d/strace.txt" \
			"$(mon "$1")" --block data="$d/disk.img" "$TG/blockio.elf" \
			-- write data 0 8 5 > /dev/null 2>&1
		rc=$?
		[ "$rc" = 0 ] && ! grep -q fdatasync "$d/strace.txt"
		rc=$?
		rm -rf "$d"
		return $rc
	}
	for c in full appliance; do
		ok "block ($c): SIGTERM flushes the disks the guest wrote" \
			flush_on "$c" TERM 143
		ok "block ($c): SIGINT flushes the disks the guest wrote" \
			flush_on "$c" INT 130
		ok "block ($c): SIGTERM flushes a write submitted, never collected" \
			flush_on "$c" TERM 143 submit
		ok "block ($c): a guest's own exit is not flushed for it" \
			no_flush_on_exit "$c"
	done
fi
