#!/bin/sh
# Build tests/unit/test_sdk_fdt.c (the guest SDK's device tree reader, on
# the host, under ASan+UBSan) into OUTDIR (default build/sdk-tests), run it.
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build/sdk-tests}
mkdir -p "$out"
gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Iguest-sdk/include -Iinclude -Itests/unit \
	-o "$out/test_sdk_fdt" tests/unit/test_sdk_fdt.c guest-sdk/lib/fdt.c -lfdt
"$out/test_sdk_fdt"
