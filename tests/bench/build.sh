#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Build what the benchmarks need (run.sh and smoke.sh call this):
#   $B/default/unimon, $B/minimal/unimon   the monitor, two configurations
#   $SDK/examples/hello.elf                 the guest SDK and its examples
#   $B/bench/hcbench.elf                    the hypercall benchmark guest
#   $B/bench/floor, $B/bench/timeit         the start-up floor and the timer
# B defaults to build, SDK to $B/sdk. Quiet unless something fails.
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
SDK=${SDK:-$B/sdk}
HOSTCC=${HOSTCC:-gcc}

for c in default minimal; do
	make -s O="$B/$c" "${c}_defconfig" >/dev/null
	make -s O="$B/$c" >/dev/null
done
make -s examples SDK_O="$SDK" >/dev/null

mkdir -p "$B/bench"
UNIMON_SDK_OUT=$(cd "$SDK" && pwd -P)
export UNIMON_SDK_OUT
guest-sdk/bin/unimon-cc -o "$B/bench/hcbench.elf" tests/bench/hcbench.c
# Host programs: built like the monitor (-O2, dynamically linked libc).
"$HOSTCC" -std=gnu11 -O2 -Wall -Wextra -Werror -o "$B/bench/floor" \
	tests/bench/floor.c
"$HOSTCC" -std=gnu11 -O2 -Wall -Wextra -Werror -o "$B/bench/timeit" \
	tests/bench/timeit.c
