#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Build what the benchmarks need (every benchmark script calls this):
#   $B/{default,minimal,appliance,full}/unimon  the monitors
#   $SDK/examples/hello.elf                 the guest SDK and its examples
#   $B/bench/hcbench.elf                    the hypercall benchmark guest
#   $B/bench/floor, $B/bench/timeit         the start-up floor and the timer
#   $B/bench/blockbench.elf, hostio         the block benchmark
#   $B/bench/conbench.elf, conbench         the console benchmark
#   $B/cpu/unimon, $B/bench/cpuguest.elf, cpuhost  the CPU benchmark
# B defaults to build, SDK to $B/sdk. Quiet unless something fails.
# BENCH_NO_BUILD=1: do nothing (built on the host before the benchmarks
# run in the emulated machine, where compiling is very slow).
set -eu
[ "${BENCH_NO_BUILD:-}" = 1 ] && exit 0
cd "$(dirname "$0")/../.."
B=${B:-build}
SDK=${SDK:-$B/sdk}
HOSTCC=${HOSTCC:-gcc}

for c in default minimal appliance full linux solo5; do
	make -s O="$B/$c" "${c}_defconfig" >/dev/null
	make -s O="$B/$c" >/dev/null
done
# The Solo5 benchmark's floor: hypercall 0, the no-op, in a bench build.
make -s O="$B/solo5-bench" solo5_defconfig >/dev/null
echo CONFIG_HC_NOOP=y >> "$B/solo5-bench/.config"
make -s O="$B/solo5-bench" olddefconfig >/dev/null
grep -qx CONFIG_HC_NOOP=y "$B/solo5-bench/.config"
make -s O="$B/solo5-bench" >/dev/null
tests/solo5/build.sh "$B/solo5-tests"
make -s examples SDK_O="$SDK" >/dev/null

mkdir -p "$B/bench"
UNIMON_SDK_OUT=$(cd "$SDK" && pwd -P)
export UNIMON_SDK_OUT
guest-sdk/bin/unimon-cc -Werror -o "$B/bench/hcbench.elf" tests/bench/hcbench.c
# Host programs: built like the monitor (-O2, dynamically linked libc).
"$HOSTCC" -std=gnu11 -O2 -Wall -Wextra -Werror -o "$B/bench/floor" \
	tests/bench/floor.c
"$HOSTCC" -std=gnu11 -O2 -Wall -Wextra -Werror -o "$B/bench/timeit" \
	tests/bench/timeit.c
guest-sdk/bin/unimon-cc -Werror -o "$B/bench/blockbench.elf" tests/bench/blockbench.c
"$HOSTCC" -std=gnu11 -O2 -Wall -Wextra -Werror -o "$B/bench/hostio" \
	tests/bench/hostio.c
guest-sdk/bin/unimon-cc -Werror -DGUEST -o "$B/bench/conbench.elf" tests/bench/conbench.c
"$HOSTCC" -std=gnu11 -O2 -Wall -Wextra -Werror -o "$B/bench/conbench" \
	tests/bench/conbench.c

# The CPU-bound benchmark (tests/bench/cpu.sh): the monitor $B/cpu/unimon,
# default_defconfig with CONFIG_RAM_SIZE_MB=256 (the guest hashes 64 MiB
# on its heap); the guest $B/bench/cpuguest.elf; the host reference
# $B/bench/cpuhost, compiled with unimon-cc's code-generation flags (not
# the monitor's) so that the shared kernel (tests/bench/cpukernel.h) is
# the same machine code on both sides. Keep CPU_CFLAGS in step with
# guest-sdk/bin/unimon-cc: cpu.sh compares the two disassemblies.
CPU_RAM_MB=${BENCH_CPU_RAM_MB:-256}
make -s O="$B/cpu" default_defconfig >/dev/null
sed -i '/^CONFIG_RAM_SIZE_MB=/d' "$B/cpu/.config"
echo "CONFIG_RAM_SIZE_MB=$CPU_RAM_MB" >> "$B/cpu/.config"
make -s O="$B/cpu" olddefconfig >/dev/null
make -s O="$B/cpu" >/dev/null
guest-sdk/bin/unimon-cc -Werror -o "$B/bench/cpuguest.elf" tests/bench/cpuguest.c
CPU_CFLAGS="-m64 -mno-red-zone -ffreestanding -fno-stack-protector -fno-pic \
-fno-pie -O2 -fno-asynchronous-unwind-tables -ffunction-sections \
-fdata-sections"
# shellcheck disable=SC2086
"$HOSTCC" -std=gnu11 $CPU_CFLAGS -Wall -Wextra -Werror -no-pie \
	-o "$B/bench/cpuhost" tests/bench/cpuhost.c

# The Linux personality's program (tests/bench/linux.sh): a static musl
# executable, the same binary on the host and in unimon.
musl-gcc -static -O2 -Wall -Wextra -Werror -Itests/bench -o "$B/bench/lxbench" \
	tests/bench/lxbench.c
