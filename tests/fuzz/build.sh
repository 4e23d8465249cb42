#!/bin/bash
# Build the libFuzzer targets (tests/fuzz/fuzz_*.c) for one monitor
# configuration.
#
#   tests/fuzz/build.sh CONFIG_DIR OUT_DIR     e.g. build/full build/fuzz
#
# CONFIG_DIR is a configured build directory (make O=build/full
# full_defconfig && make O=build/full): its include/generated/autoconf.h is
# force-included, as in the monitor's own build. The configuration's monitor
# sources (all but main.c) are compiled with clang, coverage-instrumented,
# under ASan and UBSan (any UB report is fatal). Output: OUT_DIR/fuzz_*.
# Ends with a smoke run over tests/fuzz/corpus/loader that must show the
# ELF loader (registered through a linker section) accepting a seed.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -ne 2 ]; then
	echo "usage: $0 CONFIG_DIR OUT_DIR" >&2
	exit 64
fi
cfg=${1%/}
out=${2%/}
auto=$cfg/include/generated/autoconf.h
if [ ! -f "$auto" ]; then
	echo "$0: $auto not found; configure and build first, e.g." \
		"make O=$cfg full_defconfig && make O=$cfg" >&2
	exit 1
fi
CLANG=${CLANG:-$(command -v clang || command -v clang-14)}
has() { grep -q "^#define $1 1\$" "$auto"; }

# Every source of the configuration but main.c: the targets share them.
srcs=$(make -s O="$cfg" print-lib-srcs)

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=gnu11 -O1 -g -fno-omit-frame-pointer -Wall -Wextra \
	-Wno-unused-parameter -D_GNU_SOURCE -I$cfg/include/generated \
	-include autoconf.h -I. -Iguest-sdk/include $SAN"

mkdir -p "$out/obj"
objs=
for s in $srcs; do
	o=$out/obj/$(echo "${s%.c}" | tr / _).o
	"$CLANG" $CFLAGS -fsanitize=fuzzer-no-link -c -o "$o" "$s"
	objs="$objs $o"
done
for t in tests/fuzz/fuzz_*.c; do
	n=$(basename "$t" .c)
	"$CLANG" $CFLAGS -fsanitize=fuzzer -o "$out/$n" "$t" $objs -lfdt -lseccomp
	echo "fuzz: built $out/$n ($(basename "$cfg") configuration)"
done

# Smoke run: every seed once; an ELF seed must be accepted by the ELF
# loader and an ELF seed refused with an ELF loader message.
log=$out/smoke.log
if ! FUZZ_LOADER_VERBOSE=1 "$out/fuzz_loader" -runs=0 \
	tests/fuzz/corpus/loader > "$log" 2>&1; then
	tail -n 30 "$log" >&2
	echo "fuzz: smoke run failed" >&2
	exit 1
fi
if has CONFIG_IMAGE_ELF; then
	grep -q "ELF image of .* accepted" "$log" &&
		grep -q "ELF image of .* refused: .*segment" "$log" || {
		tail -n 30 "$log" >&2
		echo "fuzz: the ELF loader was not exercised by the seeds" >&2
		exit 1
	}
fi
echo "fuzz: smoke run over $(ls tests/fuzz/corpus/loader | wc -l) seeds passed" \
	"($(grep -c 'accepted$' "$log") accepted)"
