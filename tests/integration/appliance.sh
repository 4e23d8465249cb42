# Appliance images (CONFIG_APPLIANCE): configs/hello-appliance_defconfig
# embeds the args example with default arguments "hello from the
# appliance"; args.elf prints its argv and exits with argc - 1. Then the
# build's checks of an embedded image (not repeated for sanitizer
# variants). Sourced by tests/run-all.sh.
A=$(mon hello-appliance)

t "appliance: boots its guest with no arguments" 4 '^argv\[4\]=appliance$' '^$' "$A"
t "appliance: argv[0] is the image's name" 4 '^argv\[0\]=args.elf$' '^$' "$A"
t "appliance: -- x y replaces the default arguments" 2 '^argc=3$' '^$' "$A" -- x y
t "appliance: -- alone: no arguments" 0 '^argc=1$' '^$' "$A" --
t "appliance: options still work" 4 '^argc=5$' '^  exits: ' "$A" --stats --timeout 10
t "appliance: options and -- together" 1 '^argv\[1\]=--stats$' '^$' "$A" --timeout 10 -- --stats
t "appliance: an image operand is refused" 64 '^$' \
	"^unimon: this monitor boots its built-in guest args.elf and takes no image; guest arguments go after --: .*hello.elf" \
	"$A" "$SDK/examples/hello.elf"
t "appliance: an image operand with guest args is refused" 64 '^$' 'takes no image' \
	"$A" "$SDK/examples/hello.elf" -- a
t "appliance: --version names the image" 0 \
	'^  embedded image: args.elf \([0-9]+ bytes, CONFIG_APPLIANCE_IMAGE=build/sdk/examples/args.elf\)$' \
	'^$' "$A" --version
t "appliance: --version shows the default arguments" 0 \
	'^  default guest arguments: hello from the appliance$' '^$' "$A" --version
t "appliance: --help synopsis" 0 '^usage: unimon \[options\] \[-- guest args...\]$' '^$' "$A" --help
t "appliance: --check-layout checks the image" 0 '^$' '^$' "$A" --check-layout
ok "appliance: the image is in the binary" sh -c "nm $A | grep -q embedded__data"
ok "appliance: default has no embedded image" \
	has_lacks ' T main$' 'embedded__data' nm "$(mon default)"


# The appliance built by tests/host/appliance.sh: hello.elf embedded, then
# args.elf after the image file changed (its first monitor was kept).
AT=$B/appliance-tests
t "appliance build: and boots" 0 '^Hello' '^$' "$AT/good/unimon.hello"
t "appliance build: the new image boots, arguments split at spaces" 2 '^argv\[2\]=two$' '^$' \
	"$AT/good/unimon"
