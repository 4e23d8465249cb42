# A few guests inside the emulated machine (tests/vm/smoke.sh boots it):
# one of each kind, asserted as on any KVM host.
E=$SDK/examples
t "vm inside: /dev/kvm is there" 0 '^$' '^$' scripts/kvm-run --probe
t "vm inside: hello" 0 '^Hello, world!$' '^$' "$(mon default)" "$E/hello.elf"
t "vm inside: real mode" 0 '^Hello from real mode \(C\)$' '^$' \
	"$(mon realmode)" "$E/hello16-c.bin"
t "vm inside: a crash: exit 80, the exception" 80 '^crashing: ud2$' \
	'^unimon: guest exception #UD invalid opcode \(vector 6\)' \
	"$(mon default)" "$TG/crash.elf" -- ud2
# AMD's KVM resets the vCPU at a shutdown: the report says the registers
# were lost rather than showing the reset state (rip fff0) as the guest's.
t "vm inside: a triple fault: exit 81, registers lost (AMD), said so" 81 '^$' \
	'^  registers lost: KVM reset the vCPU at the shutdown' \
	"$(mon kernel)" "$TG/triple.bin"
truncate -s 1M "$W/vm-disk.img"
t "vm inside: a disk: write, flush, read back" 0 '^block ok: data 128 sectors verified$' \
	'^$' "$(mon full)" --block "data=$W/vm-disk.img" "$E/block.elf"
