#!/usr/bin/python3
"""Write a corpus of broken guest images, made from a good ELF, into DIR.

usage: mkbad.py GOOD.elf DIR
Each file name says what is wrong; tests/integration/image.sh runs them.
"""
import os
import struct
import sys


def main(good, out):
    os.makedirs(out, exist_ok=True)
    img = bytearray(open(good, 'rb').read())
    phoff, = struct.unpack_from('<Q', img, 32)
    phentsize, phnum = struct.unpack_from('<HH', img, 54)
    loads = [phoff + i * phentsize for i in range(phnum)
             if struct.unpack_from('<I', img, phoff + i * phentsize)[0] == 1]

    def put(name, data):
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)

    def patched(fmt, off, val):
        b = bytearray(img)
        struct.pack_into(fmt, b, off, val)
        return b

    put('empty.img', b'')
    put('short.img', img[:3])
    put('trunc-header.img', img[:40])
    put('trunc-phdrs.img', img[:phoff + 8])
    put('class32.img', patched('<B', 4, 1))
    put('bigendian.img', patched('<B', 5, 2))
    put('machine.img', patched('<H', 18, 3))
    put('dyn.img', patched('<H', 16, 3))
    put('phoff.img', patched('<Q', 32, 0xffffffffffffff00))
    put('phnum.img', patched('<H', 56, 0))
    put('seg-outside.img', patched('<Q', loads[0] + 16, 0x7fff00000000))
    put('seg-wrap.img', patched('<Q', loads[0] + 16, 0xfffffffffffff000))
    put('seg-ring0.img', patched('<Q', loads[0] + 16, 0x1000))
    put('seg-stack.img', patched('<Q', loads[0] + 16, 0x90000))
    put('seg-offset.img', patched('<Q', loads[0] + 8, 0x7fffffff0000))
    put('seg-filesz.img', patched('<Q', loads[0] + 32, 0x100000000))
    put('entry.img', patched('<Q', 24, 0x3000000))
    note = img.find(b'UNIMON\0')
    assert note > 0, 'no unimon ABI note in ' + good
    put('abi-version.img', patched('<I', note + 8, 99))
    with open(os.path.join(out, 'too-big.img'), 'wb') as f:
        f.write(img)
        f.truncate(17 << 20)  # sparse, above CONFIG_MAX_IMAGE_SIZE_KB


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
