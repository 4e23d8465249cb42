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
ok "${VARIANT}appliance: the image is in the binary" sh -c "nm $A | grep -q embedded__data"
ok "${VARIANT}appliance: default has no embedded image" sh -c "! nm $(mon default) | grep -q embedded__data"

if [ -z "$VARIANT" ]; then
	AT=$B/appliance-tests
	rm -rf "$AT"
	mkdir -p "$AT"
	# appl NAME IMAGE [ASSIGNMENT...]: configure $AT/NAME as an appliance.
	appl() {
		local d=$AT/$1 img=$2
		shift 2
		make -s O="$d" default_defconfig >/dev/null
		printf '%s\n' CONFIG_APPLIANCE=y "CONFIG_APPLIANCE_IMAGE=\"$img\"" "$@" \
			>> "$d/.config"
	}

	head -c 300 "$SDK/examples/hello.elf" > "$AT/trunc.elf"
	appl trunc "$AT/trunc.elf"
	t "appliance build: a truncated ELF fails with the loader's message" 2 '' \
		"^unimon: embedded image \(CONFIG_APPLIANCE_IMAGE=$AT/trunc.elf\): bad image: " \
		make -s O="$AT/trunc"
	ok "appliance build: a bad image leaves no monitor" test ! -e "$AT/trunc/unimon"

	echo "just some text" > "$AT/text.img"
	appl text "$AT/text.img" '# CONFIG_IMAGE_FLAT is not set'
	t "appliance build: a text file (no flat images) fails" 2 '' \
		'bad image: no image format of this build accepts it' make -s O="$AT/text"
	ok "appliance build: a text file leaves no monitor" test ! -e "$AT/text/unimon"

	appl missing "$AT/nosuch.elf"
	t "appliance build: a missing image fails naming the option" 2 '' \
		"^unimon: CONFIG_APPLIANCE_IMAGE=\"$AT/nosuch.elf\": no such file" make -s O="$AT/missing"
	ok "appliance build: a missing image leaves no monitor" test ! -e "$AT/missing/unimon"

	appl empty ""
	t "appliance build: an empty path fails naming the option" 2 '' \
		'CONFIG_APPLIANCE_IMAGE is empty' make -s O="$AT/empty"
	appl space "$AT/a b.elf"
	t "appliance build: a path make cannot quote fails" 2 '' \
		'CONFIG_APPLIANCE_IMAGE=.*: unsupported character in the path' make -s O="$AT/space"

	# A good one: built, booted, rebuilt when the image file changes.
	cp "$SDK/examples/hello.elf" "$AT/img.elf"
	appl good "$AT/img.elf" 'CONFIG_APPLIANCE_ARGS="  one   two "'
	t "appliance build: a good image builds" 0 '' '' make -s O="$AT/good"
	t "appliance build: and boots" 0 '^Hello' '^$' "$AT/good/unimon"
	t "appliance build: unchanged rebuilds nothing" 0 '^$' '^$' make -s O="$AT/good"
	cp "$SDK/examples/args.elf" "$AT/img.elf"
	touch "$AT/img.elf"
	t "appliance build: a changed image is embedded again" 0 'embedded\.c' '' make -s O="$AT/good"
	t "appliance build: the new image boots, arguments split at spaces" 2 '^argv\[2\]=two$' '^$' \
		"$AT/good/unimon"
fi
