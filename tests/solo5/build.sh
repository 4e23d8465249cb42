#!/bin/sh
# tests/solo5/build.sh OUT: the Solo5 hvt test guests (s5test.c on the
# start of start.c), written from the interface's facts with no Solo5
# code: s5-hello.hvt (no devices), s5-block.hvt (a block device
# "storage"), s5-dev.hvt ("storage" and a network device "service"), and
# images the monitor must refuse: no ABI note, another target, another
# ABI version, no manifest, a bad manifest, a writable and executable
# segment; and s5-interp.hvt, the hello with a placeholder PT_INTERP.
set -e
OUT=${1:?usage: tests/solo5/build.sh OUT}
D=$(dirname "$0")
mkdir -p "$OUT"
CFLAGS="-std=gnu11 -O2 -Wall -Wextra -Werror -Wno-missing-field-initializers
	-ffreestanding -fno-pic -fno-pie -fno-stack-protector -mno-red-zone
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -nostdlib -static
	-no-pie -Wl,--build-id=none -Wl,-z,noexecstack"

# ld script: text R+X (or R+W+X: script 7) at 1 MiB, rodata R, data RW,
# and each note in a PT_NOTE of its own, as Solo5's own images; with
# "script 5 interp", a PT_INTERP as Solo5's own ld scripts put in, naming
# a placeholder interpreter that no loader is meant to run.
script() {
	interp=; isec=
	if [ "${2-}" = interp ]; then
		interp='interp PT_INTERP;'
		isec='.interp : { KEEP(*(.interp)) } :text :interp'
	fi
	cat <<LD
ENTRY(_start)
PHDRS {
	$interp
	text PT_LOAD FLAGS($1);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
	abi PT_NOTE FLAGS(4);
	mft PT_NOTE FLAGS(4);
}
SECTIONS {
	. = 0x100000;
	$isec
	.text : { *(.text .text.*) } :text
	. = ALIGN(4096);
	.note.solo5.abi : { KEEP(*(.note.solo5.abi)) } :rodata :abi
	.note.solo5.manifest : { KEEP(*(.note.solo5.manifest)) } :rodata :mft
	.rodata : { *(.rodata .rodata.*) } :rodata
	. = ALIGN(4096);
	.data : { *(.data .data.*) } :data
	.bss : { *(.bss .bss.* COMMON) } :data
	_end = .;
	/DISCARD/ : { *(.comment) *(.note.GNU-stack) *(.note.gnu.*)
		      *(.eh_frame*) }
}
LD
}
script 5 > "$OUT/s5.ld"
script 7 > "$OUT/s5-wx.ld"
script 5 interp > "$OUT/s5-interp.ld"

build() { # build NAME LDSCRIPT CFLAGS...
	n=$1 l=$2
	shift 2
	# shellcheck disable=SC2086
	gcc $CFLAGS "$@" -T "$OUT/$l" -o "$OUT/$n.hvt" "$D/start.c" "$D/s5test.c"
}
build s5-hello s5.ld
build s5-block s5.ld -DS5_BLOCK
build s5-dev s5.ld -DS5_NET
build s5-noabi s5.ld -DS5_NO_ABI_NOTE
build s5-spt s5.ld -DS5_ABI_TARGET=2
build s5-abi3 s5.ld -DS5_ABI_VERSION=3
build s5-nomft s5.ld -DS5_NO_MANIFEST
build s5-wx s5-wx.ld -Wl,--no-warn-rwx-segments
build s5-interp s5-interp.ld -DS5_INTERP
# A manifest of version 2: the version word patched in the file.
cp "$OUT/s5-hello.hvt" "$OUT/s5-badmft.hvt"
python3 - "$OUT/s5-badmft.hvt" <<'PY'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
i = b.index(b'Solo5\0\0\0' + b'\0' * 4 + struct.pack('<II', 1, 1))
b[i + 12:i + 16] = struct.pack('<I', 2)
open(p, 'wb').write(b)
PY
