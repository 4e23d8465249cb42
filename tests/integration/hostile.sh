# Hostile guests (more in crash.sh and hypercall.sh): the monitor survives
# every hypercall with seeded random arguments and every port access,
# reports nothing wrong, and (in the ASan run) leaks nothing.
for c in default full; do
	for seed in 1 2 3; do
		t "hostile $c: hypercall fuzz, seed $seed" 0 \
			"^hcfuzz: 2000 calls survived, [0-9]+ errors returned, [1-9][0-9]* refused as due, guards intact\$" '^$' \
			"$(mon "$c")" "$TG/hcfuzz.elf" -- "$seed" 2000
	done
	t "hostile $c: every port read and written" 0 '^ports: [0-9]+ ports poked$' '' \
		"$(mon "$c")" "$TG/ports.elf"
done
t "hostile kernel: every port at CPL0" 0 '^ports: [0-9]+ ports poked$' '' \
	"$(mon kernel)" "$TG/ports-kernel.elf"
t "hostile kernel: hypercall fuzz at CPL0" 0 \
	'^hcfuzz: 500 calls survived, [0-9]+ errors returned, [1-9][0-9]* refused as due, guards intact$' '^$' \
	"$(mon kernel)" "$TG/hcfuzz-kernel.elf" -- 4 500
