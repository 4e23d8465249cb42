# What the integration tests run beyond the defconfigs, the SDK and the
# test guests: monitors with a debug or test option, a few guests and
# files. Built on the host (make check runs this before the integration
# tests, which may then run in the emulated machine, where compiling is
# 30-100 times slower). Run by tests/run.sh; outputs in $TM.
TM=$B/test-monitors
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

# tm_build NAME DEFCONFIG [SANITIZER-FLAGS] [OPTION=VALUE...]: $TM/NAME is
# configs/DEFCONFIG plus the options (each checked to have taken effect).
tm_build() {
	local o=$TM/$1 d=$2 san=$3 kv
	shift 3
	make -s O="$o" "${d}_defconfig" > /dev/null || return 1
	for kv in "$@"; do
		sed -i "/^${kv%%=*}=/d; /^# ${kv%%=*} is not set/d" "$o/.config"
		echo "$kv" >> "$o/.config"
	done
	make -s O="$o" olddefconfig > /dev/null || return 1
	for kv in "$@"; do
		grep -qx "$kv" "$o/.config" || { echo "$kv did not take"; return 1; }
	done
	make -s O="$o" EXTRA_CFLAGS="-Werror $san" EXTRA_LDFLAGS="$san" > /dev/null
}

ok "test monitor: default + CONFIG_GDBSTUB" tm_build gdb default "" CONFIG_GDBSTUB=y
ok "test monitor: kernel + CONFIG_GDBSTUB" tm_build gdb-kernel kernel "" CONFIG_GDBSTUB=y
ok "test monitor: linux + CONFIG_GDBSTUB" tm_build linux-gdb linux "" CONFIG_GDBSTUB=y
ok "test monitor: solo5 + CONFIG_GDBSTUB" tm_build solo5-gdb solo5 "" CONFIG_GDBSTUB=y
ok "test monitor: default + CONFIG_GDBSTUB, ASan+UBSan" \
	tm_build asan-gdb default "$SAN" CONFIG_GDBSTUB=y
ok "test monitor: kernel + CONFIG_GDBSTUB, ASan+UBSan" \
	tm_build asan-gdb-kernel kernel "$SAN" CONFIG_GDBSTUB=y
ok "test monitor: full + the forbidden-call hypercall" \
	tm_build sandboxtest-full full "" CONFIG_DEBUG_SANDBOX_TEST=y
ok "test monitor: appliance + the forbidden-call hypercall" \
	tm_build sandboxtest-appliance appliance "" CONFIG_DEBUG_SANDBOX_TEST=y
ok "test monitor: solo5 + the forbidden-call hypercall" \
	tm_build sandboxtest-solo5 solo5 "" CONFIG_DEBUG_SANDBOX_TEST=y
ok "test monitor: default + 3 GiB of RAM" tm_build ram3072 default "" CONFIG_RAM_SIZE_MB=3072
ok "test monitor: default + CONFIG_RAM_HUGEPAGES" \
	tm_build hugepages default "" CONFIG_RAM_HUGEPAGES=y

sdk_cc() { UNIMON_SDK_OUT=$SDK guest-sdk/bin/unimon-cc -Werror "$@"; }
ok "test guest: gdb.c for CPL0" sdk_cc --kernel -o "$TM/gdb-kernel.elf" tests/guests/gdb.c
ok "test guest: dumpcore.c with -g -O0" \
	sdk_cc -g -O0 -o "$TM/dumpcore-g.elf" tests/guests/dumpcore.c
ok "test file: an openat() without O_TMPFILE (LD_PRELOAD)" \
	gcc -shared -fPIC -Wall -Werror -o "$TM/notmpfile.so" tests/integration/notmpfile.c
ok "test file: system calls that fail on request (LD_PRELOAD)" \
	gcc -shared -fPIC -Wall -Werror -o "$TM/failsys.so" tests/integration/failsys.c
bad_images() { rm -rf "$B/bad-images" && python3 tests/integration/mkbad.py \
	"$SDK/examples/hello.elf" "$B/bad-images"; }
ok "test files: the corpus of bad images" bad_images
ok "Linux test programs (musl, glibc, static and static-pie)" \
	tests/linux/build.sh "$B/linux-tests"
ok "Solo5 hvt test guests (tests/solo5: from the interface's facts)" \
	tests/solo5/build.sh "$B/solo5-tests"
ok "benchmark programs" tests/bench/build.sh
