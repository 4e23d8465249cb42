# Start-up: no work proportional to guest RAM, the cached CPUID table
# (arch/x86/cpuid-cache.c, arch/x86/cpu.c), --stats phases, huge-page RAM.
# Monitors from tests/prepare.sh: $B/test-monitors/ram3072 (default + 3
# GiB of RAM) and $B/test-monitors/hugepages (+ CONFIG_RAM_HUGEPAGES).
if [ -z "$VARIANT" ]; then
	SU=$B/test-monitors # built by tests/prepare.sh

	# --stats names every start-up phase and the tear-down.
	t "startup: --stats shows every phase" 0 '^Hello' \
		'start-up \(ms\): memory [0-9.]+ load-image [0-9.]+ open-kvm [0-9.]+ create-vm [0-9.]+ devices [0-9.]+ boot-info [0-9.]+ vcpu-setup [0-9.]+ cpuid [0-9.]+ start [0-9.]+ sandbox [0-9.]+ first-exit [0-9.]+$' \
		"$(mon default)" --stats "$SDK/examples/hello.elf"
	t "startup: --stats shows the tear-down" 0 '^Hello' \
		'VM teardown [0-9.]+, devices. exit [0-9.]+\)' \
		"$(mon default)" --stats "$SDK/examples/hello.elf"

	# Peak RSS (kB) of one run of the monitor: COMMAND...
	maxrss() {
		python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)' "$@"
	}
	# A 3 GiB guest must cost the monitor no more memory than a 64 MiB
	# one (within 2 MiB): start-up touches only what the guest uses.
	ram_flat() {
		local small big
		small=$(maxrss "$(mon default)" "$SDK/examples/hello.elf") &&
			big=$(maxrss "$SU/ram3072/unimon" "$SDK/examples/hello.elf") &&
			echo "max RSS: 64 MiB guest $small kB, 3 GiB guest $big kB" &&
			[ "$small" -gt 0 ] && [ "$big" -gt 0 ] &&
			[ "$big" -le $((small + 2048)) ]
	}
	ok "startup: 3 GiB of RAM costs no more monitor memory than 64 MiB" ram_flat
	t "startup: a 3 GiB guest touches 64 MiB" 0 '^memtouch ok 64 MiB$' '^$' \
		"$SU/ram3072/unimon" "$TG/memtouch.elf" -- 64

	# The CPUID cache, in a directory of its own.
	CD=$W/cpuid-cache
	CF=$CD/cpuid
	cache_run() { # cache_run GUEST: run the default monitor with the cache
		UNIMON_CACHE_DIR=$CD "$(mon default)" "$1"
	}
	rm -rf "$CD"
	cache_cold() { # fresh: the ioctl, and the answer is written, private
		rm -rf "$CD" && mkdir -m 700 "$CD" &&
			cache_run "$TG/cpuinfo.elf" > "$W/cpuinfo.cold" &&
			cache_run "$SDK/examples/simd.elf" > "$W/simd.cold" &&
			[ -f "$CF" ] && [ "$(stat -c %a "$CF")" = 600 ] &&
			cp "$CF" "$W/cpuid.good"
	}
	ok "cpuid cache: written on the first run, mode 600" cache_cold
	same_features() { # the guest sees what it saw without the cache
		cache_run "$TG/cpuinfo.elf" > "$W/cpuinfo.warm" &&
			cache_run "$SDK/examples/simd.elf" > "$W/simd.warm" &&
			UNIMON_CACHE_DIR= "$(mon default)" "$TG/cpuinfo.elf" > "$W/cpuinfo.off" &&
			grep -q '^cpuid 1: ' "$W/cpuinfo.warm" &&
			grep -q '^simd ok' "$W/simd.warm" &&
			cmp "$W/cpuinfo.cold" "$W/cpuinfo.warm" &&
			cmp "$W/cpuinfo.off" "$W/cpuinfo.warm" &&
			cmp "$W/simd.cold" "$W/simd.warm"
	}
	ok "cpuid cache: the guest sees the same CPU features (cpuinfo, simd)" same_features

	# edit_cache HOW: rewrite $CF (see arch/x86/cpuid-cache.c for the layout);
	# HOW: payload (flip a byte), key (flip a key byte), reject (a
	# table KVM_SET_CPUID2 refuses: 40 virtual-address bits in leaf
	# 0x80000008, with a valid checksum), accept (leaf 7 EBX bit 1,
	# TSC_ADJUST, flipped: a table KVM takes, with a valid checksum).
	edit_cache() {
		python3 - "$CF" "$1" <<'PY'
import struct, sys
path, how = sys.argv[1], sys.argv[2]
d = bytearray(open(path, 'rb').read())
def fnv(b):
    h = 0xcbf29ce484222325
    for x in b:
        h = ((h ^ x) * 0x100000001b3) & (2**64 - 1)
    return h
def entry(fn, idx):
    nent = struct.unpack_from('<I', d, 32)[0]
    for i in range(nent):
        o = 40 + 40 * i
        if struct.unpack_from('<II', d, o) == (fn, idx):
            return o
    sys.exit('no leaf %x' % fn)
if how == 'payload':
    d[100] ^= 0xff
elif how == 'key':
    d[17] ^= 0xff
else:
    if how == 'reject':
        o = entry(0x80000008, 0) + 12
        d[o:o + 4] = struct.pack('<I', (struct.unpack_from('<I', d, o)[0] & ~0xff00) | (40 << 8))
    else:
        o = entry(7, 0) + 16
        d[o:o + 4] = struct.pack("<I", struct.unpack_from("<I", d, o)[0] ^ (1 << 1))
    struct.pack_into('<Q', d, 24, fnv(d[32:]))
open(path, 'wb').write(d)
PY
	}
	# A bad entry is ignored (the guest boots) and replaced by KVM's.
	replaced() { # replaced HOW [chmod MODE]
		cp "$W/cpuid.good" "$CF" && chmod 600 "$CF" && edit_cache "$1" &&
			{ [ -z "${2:-}" ] || chmod "$2" "$CF"; } &&
			! cmp -s "$CF" "$W/cpuid.good" &&
			cache_run "$SDK/examples/hello.elf" | grep -q '^Hello' &&
			cmp "$CF" "$W/cpuid.good"
	}
	ok "cpuid cache: a corrupt entry is detected and replaced" replaced payload
	ok "cpuid cache: a stale key (other boot or /dev/kvm) is replaced" replaced key
	ok "cpuid cache: a table KVM refuses falls back to the ioctl" replaced reject
	ok "cpuid cache: a file others may write is not trusted" replaced accept g+w
	used() { # a valid entry is used as it is (not asked for again)
		cp "$W/cpuid.good" "$CF" && chmod 600 "$CF" && edit_cache accept &&
			cp "$CF" "$W/cpuid.accept" &&
			cache_run "$SDK/examples/hello.elf" | grep -q '^Hello' &&
			cmp "$CF" "$W/cpuid.accept"
	}
	ok "cpuid cache: a valid entry is used" used
	t "cpuid cache: UNIMON_CACHE_DIR= turns it off" 0 '^Hello' '^$' \
		env UNIMON_CACHE_DIR= "$(mon default)" "$SDK/examples/hello.elf"
	rm -rf "$CD"

	# Huge-page RAM: boots, fresh memory reads zero, 2 MiB pages in use.
	t "hugepages: hello" 0 '^Hello, world!$' '^$' \
		"$SU/hugepages/unimon" "$SDK/examples/hello.elf"
	t "hugepages: a guest touching 48 MiB" 0 '^memtouch ok 48 MiB$' '^$' \
		"$SU/hugepages/unimon" "$TG/memtouch.elf" -- 48
	t "hugepages: simd" 0 '^simd ok' '^$' \
		"$SU/hugepages/unimon" "$SDK/examples/simd.elf"
	anon_huge() { # AnonHugePages (kB) of a running monitor > 0
		local p i kb
		rm -f "$W/huge.out"
		"$SU/hugepages/unimon" "$TG/loop.elf" > "$W/huge.out" 2>/dev/null &
		p=$!
		for i in $(seq 400); do
			grep -q looping "$W/huge.out" 2>/dev/null && break
			sleep 0.05
		done
		kb=$(awk '/^AnonHugePages:/ { print $2 }' /proc/$p/smaps_rollup)
		kill $p
		wait $p 2>/dev/null
		echo "AnonHugePages: $kb kB"
		[ "${kb:-0}" -gt 0 ]
	}
	if grep -q '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
		skip "hugepages: guest RAM is backed by 2 MiB pages" \
			"transparent huge pages are disabled on this host"
	else
		ok "hugepages: guest RAM is backed by 2 MiB pages" anon_huge
	fi
fi
