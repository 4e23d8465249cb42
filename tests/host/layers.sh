# The one-way house (docs/DESIGN.md): scripts/check-layers reads every
# #include line of the monitor and the SDK; each must point down a layer.
# It must also catch one that does not: a copy of the tree with an
# upward and a sideways include planted fails, naming each.
t "layers: every #include of the monitor points down (scripts/check-layers)" \
	0 'every import points down' '^$' scripts/check-layers
planted() {
	local d=$W/layers-copy err
	rm -rf "$d" && mkdir -p "$d" &&
		cp -r core arch boot hw debug personality monitor include \
			guest-sdk "$d" &&
		echo '#include "monitor/cli.h"' >> "$d/core/vm.c" &&
		echo '#include "debug/gdb-packet.h"' >> "$d/hw/clock.c" || return 2
	err=$(scripts/check-layers -q "$d" 2>&1 >/dev/null)
	[ $? = 1 ] || { echo "exit status not 1"; return 1; }
	echo "$err" | grep -Eq '^check-layers: core/vm.c:[0-9]+: core includes monitor/cli.h' &&
		echo "$err" | grep -Eq '^check-layers: hw/clock.c:[0-9]+: hw includes debug/gdb-packet.h' &&
		echo "$err" | grep -q '^check-layers: 2 include(s) point up or sideways$' ||
		{ echo "not reported: $err"; return 1; }
}
ok "layers: an upward and a sideways #include are caught, file and line" planted
