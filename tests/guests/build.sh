#!/bin/sh
# Build the test guests into OUTDIR (default build/test-guests): every
# tests/guests/*.c with the SDK's compiler wrapper (long mode, CPL3), a few
# also for kernel mode and real mode, and the *.S files as flat binaries.
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build/test-guests}
mkdir -p "$out"
cc="guest-sdk/bin/unimon-cc -Werror"
src=tests/guests

for c in "$src"/*.c; do
	g=$(basename "$c" .c)
	$cc -o "$out/$g.elf" "$c"
done
# The same sources for kernel mode (CPL0) and real mode where they apply.
$cc --kernel -o "$out/crash-kernel.elf" "$src/crash.c"
$cc --kernel -o "$out/loop-kernel.elf" "$src/loop.c"
$cc --kernel -o "$out/hcabsent-kernel.elf" "$src/hcabsent.c"
$cc --kernel -o "$out/ports-kernel.elf" "$src/ports.c"
$cc --kernel -o "$out/hcfuzz-kernel.elf" "$src/hcfuzz.c"
$cc --kernel -o "$out/rdrand-kernel.elf" "$src/rdrand.c"
$cc --real -o "$out/serial16.bin" "$src/serial.c"

# Long-mode flat binaries (loaded at CONFIG_LOAD_ADDR, entered at byte 0).
for g in rawexit triple sse0; do
	gcc -c -o "$out/$g.o" "$src/$g.S"
	objcopy -O binary -j .text "$out/$g.o" "$out/$g.bin"
done
# Real-mode flat binary at 0x7c00.
gcc -m32 -c -o "$out/rm_exit.o" "$src/rm_exit.S"
ld -m elf_i386 -Ttext=0x7c00 -e _start --oformat binary -o "$out/rm_exit.bin" "$out/rm_exit.o"
