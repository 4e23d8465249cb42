# The build's checks of an embedded image (CONFIG_APPLIANCE): a bad,
# missing or unquotable image fails the build with one message and
# leaves no monitor; a good one builds, and is embedded again when its
# file changes. Runs on the host; tests/integration/appliance.sh boots
# the two monitors built here.
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
ok "appliance build: keep the first monitor (booted by the integration tests)" \
	cp "$AT/good/unimon" "$AT/good/unimon.hello"
t "appliance build: unchanged rebuilds nothing" 0 '^$' '^$' make -s O="$AT/good"
cp "$SDK/examples/args.elf" "$AT/img.elf"
touch "$AT/img.elf"
t "appliance build: a changed image is embedded again" 0 'embedded\.c' '' make -s O="$AT/good"
