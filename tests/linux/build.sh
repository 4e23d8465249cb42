#!/bin/sh
# Build the Linux personality's test programs into OUTDIR (default
# build/linux-tests): tests/linux/lxtest.c as ordinary Linux programs, with
# musl (musl-gcc -static; Debian's musl has no static-pie) and glibc (gcc
# -static, and -static-pie), natively for the comparisons (gcc), and one
# dynamically linked (refused by the monitor).
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build/linux-tests}
mkdir -p "$out"
src=tests/linux/lxtest.c
W="-O2 -g -Wall -Wno-unused-result"
musl-gcc $W -static -o "$out/lxtest-musl" "$src" -lm
gcc $W -static -o "$out/lxtest-glibc" "$src" -lm
gcc $W -static-pie -fPIE -o "$out/lxtest-glibc-pie" "$src" -lm
gcc $W -o "$out/lxtest-native" "$src" -lm
gcc $W -o "$out/lxtest-dynamic" "$src" -lm
