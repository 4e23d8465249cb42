# Bad images: each gets one clear error line and exit code 65 (bad image)
# or 66 (cannot read it); nothing crashes. Sourced by tests/run-all.sh.
BAD=$B/bad-images	# tests/prepare.sh made them
M=$(mon default)

bad() { # bad FILE RC STDERR_ERE
	t "image: $1" "$2" '^$' "^unimon: .*$3" "$M" "$BAD/$1"
}
bad empty.img 65 'empty image'
bad trunc-header.img 65 'truncated ELF header'
bad trunc-phdrs.img 65 'program headers lie outside the file'
bad class32.img 65 'not a 64-bit ELF'
bad bigendian.img 65 'not a little-endian'
bad machine.img 65 'not x86-64'
bad dyn.img 65 'not a static executable'
bad phoff.img 65 'program headers lie outside the file'
bad phnum.img 65 'program headers \(1 to'
bad seg-outside.img 65 'segment [0-9]+ .*outside guest RAM'
bad seg-wrap.img 65 'segment [0-9]+ .*outside guest RAM'
bad seg-ring0.img 65 'segment [0-9]+ .*overlaps (CONFIG_RING0_ADDR|the null page)'
bad seg-stack.img 65 'segment [0-9]+ .*overlaps CONFIG_STACK_TOP'
bad seg-offset.img 65 'segment [0-9]+ lies outside the file'
bad seg-filesz.img 65 'file size larger than memory size|outside the file'
bad entry.img 65 'entry point 0x3000000 is not in an executable segment'
bad abi-version.img 65 'built for unimon ABI version 99'
bad too-big.img 65 'larger than CONFIG_MAX_IMAGE_SIZE_KB'
t "image: host PIE executable" 65 '^$' 'not a static executable' "$M" /bin/true
t "image: missing file" 66 '^$' 'cannot open image: No such file' "$M" "$BAD/nonexistent"
t "image: directory" 66 '^$' 'is a directory' "$M" "$BAD"
t "image: character device" 66 '^$' 'not a regular file' "$M" /dev/null
t "image: ELF refused by real mode" 65 '^$' 'ELF images are not supported by this build \(enable CONFIG_IMAGE_ELF\)' \
	"$(mon realmode)" "$SDK/examples/hello.elf"
# In default a 3-byte file is a valid flat image; minimal takes ELF only.
t "image: 3 bytes, ELF-only build" 65 '^$' 'no image format of this build accepts it' \
	"$(mon minimal)" "$BAD/short.img"
t "image: flat refused by minimal" 65 '^$' 'no image format of this build accepts it' \
	"$(mon minimal)" "$TG/rawexit.bin"
head -c 65536 /dev/zero > "$W/rm-64k.img"
t "image: real-mode image over the boot information" 65 '^$' \
	'the image \(0x7c00-0x17c00\) overlaps CONFIG_BOOTINFO_ADDR' \
	"$(mon realmode)" "$W/rm-64k.img"
# In /tmp: the emulated machine's shared tree (9p) has no FIFOs.
FIFO_D=$(mktemp -d)
mkfifo "$FIFO_D/fifo.img"
t "image: FIFO" 66 '^$' 'not a regular file' "$M" "$FIFO_D/fifo.img"
rm -rf "$FIFO_D"
# minimal has 4 MiB of RAM and a 16 MiB image limit: the RAM size decides.
head -c $((5 << 20)) /dev/zero > "$W/5m.img"
t "image: larger than guest RAM" 65 '^$' 'larger than guest RAM \(CONFIG_RAM_SIZE_MB=4\)' \
	"$(mon minimal)" "$W/5m.img"
