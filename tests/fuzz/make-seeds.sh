#!/bin/sh
# Write the seed corpus of the loader fuzzer: small valid and invalid ELF
# images and a flat image, each under 4 KiB. The seeds are committed in
# tests/fuzz/corpus/loader; rerun this after changing it.
#
#   tests/fuzz/make-seeds.sh [DIR]     (default tests/fuzz/corpus/loader)
#
# Addresses follow the default long-mode layout (text at 0x100000, the
# flat load address; RAM >= 4 MiB). Valid seeds carry the unimon ABI note.
set -eu
cd "$(dirname "$0")/../.."
exec /usr/bin/python3 - "${1:-tests/fuzz/corpus/loader}" <<'EOF'
import os
import struct
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE = 1, 2, 3, 4
PT_GNU_STACK = 0x6474e551
R, W, X = 4, 2, 1
TEXT, DATA = 0x100000, 0x110000
NOTE_TYPE_ABI, ABI_VERSION = 0x554d0001, 1
# hlt; jmp back to the hlt (padding to 16 bytes)
CODE = bytes([0xf4, 0xeb, 0xfd]) + bytes(13)


def note(name, ntype, desc):
    n = name.encode() + b'\0'
    pad = lambda b: b + bytes(-len(b) % 4)
    return struct.pack('<III', len(n), len(desc), ntype) + pad(n) + pad(desc)


ABI_NOTE = note('UNIMON', NOTE_TYPE_ABI, struct.pack('<I', ABI_VERSION))


def elf(phdrs, entry=TEXT, cls=2, data=1, etype=2, machine=62,
        phoff=None, phentsize=56):
    """phdrs: (type, flags, vaddr, bytes, memsz) tuples; bytes placed
    after the headers. Returns the image."""
    phoff_real = 64
    body = bytearray()
    table = []
    base = 64 + 56 * len(phdrs)
    for ptype, flags, vaddr, blob, memsz in phdrs:
        off = base + len(body)
        body += blob + bytes(-len(blob) % 8)
        table.append(struct.pack('<IIQQQQQQ', ptype, flags, off, vaddr,
                                 vaddr, len(blob), memsz, 0x1000))
    ident = b'\x7fELF' + bytes([cls, data, 1, 0]) + bytes(8)
    eh = ident + struct.pack('<HHIQQQIHHHHHH', etype, machine, 1, entry,
                             phoff_real if phoff is None else phoff, 0, 0,
                             64, phentsize, len(phdrs), 0, 0, 0)
    img = eh + b''.join(table) + bytes(body)
    assert len(img) < 4096
    return img


def put(name, img):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(img)


text = (PT_LOAD, R | X, TEXT, CODE, 0x2000)
note_seg = (PT_NOTE, R, 0, ABI_NOTE, len(ABI_NOTE))

# Accepted images.
put('ok-minimal.elf', elf([text]))
put('ok-sdk-like.elf', elf([
    note_seg, text,
    (PT_LOAD, R, TEXT + 0x2000, b'rodata\0', 8),
    (PT_LOAD, R | W, DATA, b'\1\2\3\4\5\6\7\x08', 0x3000),
    (PT_GNU_STACK, R | W, 0, b'', 0)]))
put('ok-16-segments.elf', elf([text] + [
    (PT_LOAD, R | W, DATA + i * 0x1000, bytes([i]) * 8, 0x100)
    for i in range(15)]))
put('ok-flat.bin', bytes([0xb0, 0x00, 0xe6, 0xf4, 0xf4]) + bytes(59))

# Refused images, one check each.
put('bad-abi-version.elf', elf([
    (PT_NOTE, R, 0, note('UNIMON', NOTE_TYPE_ABI, struct.pack('<I', 2)), 24),
    text]))
put('bad-trunc-note.elf', elf([(PT_NOTE, R, 0, ABI_NOTE[:20], 20), text]))
put('bad-class32.elf', elf([text], cls=1))
put('bad-bigendian.elf', elf([text], data=2))
put('bad-machine.elf', elf([text], machine=3))
put('bad-dyn.elf', elf([text], etype=3))
put('bad-phentsize.elf', elf([text], phentsize=32))
put('bad-phoff.elf', elf([text], phoff=0xffffffffffffff00))
put('bad-interp.elf', elf([(PT_INTERP, R, 0, b'/lib/ld.so\0', 11), text]))
put('bad-no-load.elf', elf([note_seg]))
put('bad-overlap.elf', elf([text, (PT_LOAD, R | W, TEXT + 0x1000, b'x', 8)]))
put('bad-ring0.elf', elf([text, (PT_LOAD, R | W, 0x1000, b'x', 8)]))
put('bad-stack.elf', elf([text, (PT_LOAD, R | W, 0xff000, b'x', 0x1000)]))
put('bad-outside-ram.elf', elf([(PT_LOAD, R | X, 0x7fff00000000, CODE, 16)],
                               entry=0x7fff00000000))
put('bad-wrap.elf', elf([(PT_LOAD, R | X, 0xfffffffffffff000, CODE, 0x2000)],
                        entry=0xfffffffffffff000))
put('bad-entry.elf', elf([text, (PT_LOAD, R | W, DATA, b'x', 8)], entry=DATA))
put('bad-filesz.elf', elf([(PT_LOAD, R | X, TEXT, CODE, 8)]))
put('bad-17-segments.elf', elf([text] + [
    (PT_LOAD, R, DATA + i * 0x1000, b'', 0x10) for i in range(16)]))
put('bad-trunc-header.elf', elf([text])[:40])
print('%s: %d seeds' % (out, len(os.listdir(out))))
EOF
