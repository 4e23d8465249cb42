#!/bin/sh
# Build tests/unit/test_sdk_printf.c (the guest SDK's printf formatter, on
# the host, under ASan+UBSan) into OUTDIR (default build/sdk-tests), run it.
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build/sdk-tests}
mkdir -p "$out"
gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -DUNIMON_PRINTF_FLOAT \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Iguest-sdk/include -Iinclude -Iguest-sdk/lib -Itests/unit \
	-o "$out/test_sdk_printf" tests/unit/test_sdk_printf.c guest-sdk/lib/printf.c
"$out/test_sdk_printf"
