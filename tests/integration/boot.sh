# Every example boots in every configuration that supports it, with its
# output and exit status asserted. Sourced by tests/run-all.sh.
E=$SDK/examples

for c in default full minimal; do
	t "$c: hello" 0 '^Hello, world!$' '^$' "$(mon "$c")" "$E/hello.elf"
	t "$c: args" 2 '^argv\[2\]=second arg$' '^$' \
		"$(mon "$c")" "$E/args.elf" -- first "second arg"
done
# simd needs 4 MiB of buffers: more than minimal's 4 MiB of RAM.
for c in default full; do
	t "$c: simd at CPL3" 0 '^simd ok' '^$' "$(mon "$c")" "$E/simd.elf"
done
t "default: args, none given" 0 '^argc=1$' '^$' "$(mon default)" "$E/args.elf"
t "default: args, argv[0] is the image" 0 "^argv\[0\]=$E/args.elf\$" '^$' \
	"$(mon default)" "$E/args.elf"
t "default: args, empty argument" 1 '^argv\[1\]=$' '^$' \
	"$(mon default)" "$E/args.elf" -- ""
for c in default full; do
	t "$c: clock" 0 '^clock ok$' '^$' "$(mon "$c")" "$E/clock.elf"
done
t "default: printf %f %e %g in a guest" 0 \
	'^3\.141593 1\.234568e\+04 0\.0001234 -2\.500 1e\+100$' '^$' \
	"$(mon default)" "$TG/float.elf"

# Kernel mode (CPL0): the SDK's --kernel variants avoid SIMD.
t "kernel: hello" 0 '^Hello, world!$' '^$' "$(mon kernel)" "$E/hello-kernel.elf"
t "kernel: args" 1 '^argv\[1\]=x$' '^$' "$(mon kernel)" "$E/args-kernel.elf" -- x
t "kernel: clock" 0 '^clock ok$' '^$' "$(mon kernel)" "$E/clock-kernel.elf"
t "default: kernel-built hello also runs at CPL3" 0 '^Hello, world!$' '^$' \
	"$(mon default)" "$E/hello-kernel.elf"

# Real mode: flat binaries at 0x7c00 talking through ports.
t "realmode: hello (asm)" 0 '^Hello from real mode \(asm\)$' '^$' \
	"$(mon realmode)" "$E/hello16-asm.bin"
t "realmode: hello (C, gcc -m16)" 0 '^Hello from real mode \(C\)$' '^$' \
	"$(mon realmode)" "$E/hello16-c.bin"
t "realmode: exit port status" 5 '^real mode exit 5$' '^$' \
	"$(mon realmode)" "$TG/rm_exit.bin"
printf '\364' > "$W/hlt.bin"
t "realmode: hlt ends the guest with 0" 0 '^$' '^$' "$(mon realmode)" "$W/hlt.bin"

# Flat long-mode image and the exit hypercall's status.
t "default: flat image, exit status 42" 42 '^raw$' '^$' "$(mon default)" "$TG/rawexit.bin"
t "full: flat image, exit status 42" 42 '^raw$' '^$' "$(mon full)" "$TG/rawexit.bin"

# --stats: exits by reason and start-up phases on stderr.
t "default: --stats" 0 '^Hello, world!$' 'hypercall +[1-9]' \
	"$(mon default)" --stats "$E/hello.elf"
t "default: --stats start-up phases" 0 '' 'start-up \(ms\): memory .* first-exit' \
	"$(mon default)" --stats "$E/hello.elf"
