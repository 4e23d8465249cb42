#!/bin/sh
# Write the seed corpora of the loader and queue fuzzers. The seeds are
# committed in tests/fuzz/corpus/<target>; rerun this after changing it.
#
#   tests/fuzz/make-seeds.sh               both, in tests/fuzz/corpus/
#   tests/fuzz/make-seeds.sh [loader] DIR  the loader seeds only, in DIR
#   tests/fuzz/make-seeds.sh queue [DIR]   the queue seeds only
#
# Loader: small valid and invalid ELF images and a flat image, each under
# 4 KiB. Addresses follow the default long-mode layout (text at 0x100000,
# the flat load address; RAM >= 4 MiB). Valid seeds carry the unimon ABI
# note.
#
# Queue: guest step sequences in the format of tests/fuzz/fuzz_queue.c
# (see its header comment), one per behaviour of the engine: batches,
# counters that wrap, stalls, ring overruns, each kind of bad buffer,
# buffers over the rings, guest_waiting, doorbells, each placement.
set -eu
cd "$(dirname "$0")/../.."
case "${1:-}" in
"")
	"$0" loader tests/fuzz/corpus/loader
	exec "$0" queue tests/fuzz/corpus/queue ;;
queue)
	exec /usr/bin/python3 - "${2:-tests/fuzz/corpus/queue}" <<'EOF'
import os
import struct
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for f in os.listdir(out):
    os.unlink(os.path.join(out, f))

# Queues: 0 (1 entry), 1 (8), 2 (64), 3 (CONFIG_QUEUE_ENTRIES, 256).
# Header fields (32-bit words).
REQ_PROD, RESP_CONS, GUEST_WAITING = 0, 1, 2
RESP_PROD, NEED_KICK, STATUS = 16, 17, 18
# Address modes.
RAW, END, BEFORE, AFTER, RING, DATA = 0, 1, 2, 3, 4, 5
STALL = 0x80


def hdr(q, field, value):
    return bytes([0 | q << 3, field]) + struct.pack('<I', value & 0xffffffff)


def prod(q, delta):
    return bytes([1 | q << 3]) + struct.pack('<h', delta)


def desc(q, slot, mode, addr, length, op=0, arg=0):
    return bytes([2 | q << 3, slot & 0xff, mode]) + struct.pack(
        '<QIIQ', addr & (2**64 - 1), length, op, arg)


def pub(q, count, mode, addr, length, op=0):
    return bytes([3 | q << 3, count, mode]) + struct.pack(
        '<IHB', addr, length, op)


def serve(q=0, stall=0):
    return bytes([4 | q << 3, stall])


def idle(q=0, stall=0):
    return bytes([5 | q << 3, stall])


def bell(port_off, mode):
    return bytes([6, port_off, mode])


def pending(q):
    return bytes([7 | q << 3])


def put(name, steps, where=0, counters=0):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(bytes([where, counters]) + b''.join(steps))


put('serve', [
    pub(3, 10, DATA, 0, 64), serve(), pub(1, 8, DATA, 0x1000, 100, 1),
    serve(), pending(1), hdr(1, RESP_CONS, 8), pending(1),
    pub(0, 1, DATA, 0x8000, 4096), serve(), pub(0, 1, DATA, 0, 1), serve()])
put('batches', [
    pub(3, 200, DATA, 0, 16, 1), serve(), pub(2, 64, DATA, 0, 8), serve(),
    pub(3, 255, DATA, 0x10000, 0), pub(2, 63, DATA, 0, 1), idle()])
put('wrap', [
    pub(3, 20, DATA, 0, 32), serve(), pub(1, 8, DATA, 0, 8, 1), serve(),
    pub(0, 1, DATA, 0, 1), serve(), pub(0, 1, DATA, 0, 1), serve()],
    counters=0x85)
put('stall', [
    pub(3, 30, DATA, 0, 32), serve(3, STALL | 5), serve(3, STALL), serve(),
    pub(2, 64, DATA, 0, 64, 1), serve(2, STALL | 63), serve(2, STALL | 1),
    idle(2)])
put('overrun', [
    prod(1, 9), serve(), pub(1, 1, DATA, 0, 8), serve(),
    hdr(0, REQ_PROD, 0xffffffff), serve(), hdr(0, STATUS, 0), prod(0, 1),
    idle(), pub(3, 100, DATA, 0, 8), serve(3, STALL | 50),
    pub(3, 200, DATA, 0, 8), serve()])
put('bad-buffers', [
    desc(3, 0, END, 16, 32), desc(3, 1, BEFORE, 8, 64),
    desc(3, 2, RAW, -16, 0x20), desc(3, 3, AFTER, 0x7fff, 2),
    desc(3, 4, RAW, 0, 1), desc(3, 5, END, 0, 0), desc(3, 6, END, 1, 1, 1),
    desc(3, 7, BEFORE | 8, 0, 1), desc(3, 8, AFTER | 16, 0x8000, 16, 1),
    desc(3, 9, RAW, 0x7fffffffffffffff, 0xffffffff),
    desc(3, 10, END, 0xffffffff, 0xffffffff), prod(3, 11), serve()])
put('self-write', [
    pub(2, 4, RING | 2 << 3, 0, 64, 1), serve(),
    pub(3, 8, RING | 1 << 3, 0x80, 32, 1), serve(), pub(1, 8, DATA, 0, 8),
    serve()])
put('waiting', [
    hdr(3, GUEST_WAITING, 1), pub(3, 3, DATA, 0, 100), serve(), pending(3),
    hdr(3, RESP_CONS, 3), pending(3), idle(), hdr(0, GUEST_WAITING, 1),
    pub(0, 1, DATA, 0, 8), idle(0, STALL), idle(), pending(0)])
put('doorbells', [
    bell(4, 4), bell(0, 4), bell(5, 0), bell(6, 1), bell(7, 2), bell(200, 6)] +
    [bell(5, 4)] * 17 + [pub(1, 2, DATA, 0, 8), idle()])
for where in (1, 2 | 2 << 2, 3 | 2 << 2, 6):
    put('place-%d' % where, [
        pub(3, 4, RAW, 0, 32), pub(2, 64, END, 0x10000, 64, 1),
        desc(1, 0, RING | 3 << 3, 0, 0x1000), prod(1, 1), serve()],
        where=where)
print('%s: %d seeds' % (out, len(os.listdir(out))))
EOF
	;;
loader)
	shift ;;
esac
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
