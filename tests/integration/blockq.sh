# Block I/O through shared-memory queues (CONFIG_BLOCK_QUEUE, $(mon
# appliance)): hostile descriptors written straight into a disk's ring
# (tests/guests/qblockbad.c) each get their own error and the device goes
# on; a req_prod far past the ring stops that disk's queue with one error
# line naming it, the guest goes on and exits with its own status; the
# requests of a busy guest need far fewer doorbells than requests.
# Everything else runs against both transports in block.sh.

BQ_M=$(mon appliance)

# bq_one_line FILE: exactly one line, the malformed-queue error.
bq_one_line() {
	[ "$(wc -l < "$1")" = 1 ] &&
		grep -Eq '^unimon: block rw: malformed queue: the guest published request [0-9]+ with [0-9]+ handled and [0-9]+ entries; device stopped$' "$1"
}

# bq_doorbells LOG: the disk's queue moved 2048 requests with at most one
# doorbell per 8 of them (the guest keeps 16 in flight and kicks once per
# batch; the I/O thread polls while it is busy).
bq_doorbells() {
	awk '/queue block d: / { for (i = 1; i <= NF; i++) {
		if ($(i + 1) == "requests") r = $i
		if ($(i + 1) == "doorbells") k = $i } }
	     END { exit !(r >= 2048 && k * 8 <= r) }' "$1"
}

# bq_no_hc DIR: the device tree has the disk but no block hypercall.
bq_no_hc() {
	"$BQ_M" --block "d=$1/big.img" "$TG/fdtdump.elf" > "$1/fdt.txt" &&
		grep -q '^node /block/d@0$' "$1/fdt.txt" &&
		! grep -q 'block-' "$1/fdt.txt"
}

if [ ! -x "$BQ_M" ]; then
	fail "blockq: $BQ_M was not built"
elif ! grep -qx 'CONFIG_BLOCK_QUEUE=y' "$(dirname "$BQ_M")/.config"; then
	fail "blockq: $BQ_M has no CONFIG_BLOCK_QUEUE (configs/appliance_defconfig needs it)"
else
	BQ_D=$(mktemp -d "${TMPDIR:-/tmp}/unimon-blockq.XXXXXX")
	BQ_R0=$(sed -n 's/^CONFIG_RING0_ADDR=0x//p' "$(dirname "$BQ_M")/.config")
	truncate -s 64k "$BQ_D/rw.img" "$BQ_D/ro.img"
	t "blockq: hostile descriptors each get their error" 0 '^qblockbad: all ok$' '^$' \
		"$BQ_M" --block "rw=$BQ_D/rw.img" --block "ro=$BQ_D/ro.img,ro" \
		"$TG/qblockbad.elf" -- "${BQ_R0:-1000}"
	t "blockq: a req_prod past the ring stops the queue, the guest goes on" 7 \
		'^qblockbad broken: all ok$' \
		'^unimon: block rw: malformed queue: .*device stopped$' \
		"$BQ_M" --block "rw=$BQ_D/rw.img" --block "ro=$BQ_D/ro.img,ro" \
		"$TG/qblockbad.elf" -- "${BQ_R0:-1000}" broken
	ok "blockq: the stopped queue: one line on stderr, naming it" \
		bq_one_line "$(t_err "blockq: a req_prod past the ring stops the queue, the guest goes on")"
	truncate -s 1M "$BQ_D/big.img"
	t "blockq: --stats: 2048 requests, 16 in flight" 0 '^blockio: done$' \
		'queue block d: [0-9]+ requests' \
		"$BQ_M" --stats --block "d=$BQ_D/big.img" "$TG/blockio.elf" -- \
		aio d 0 2048 3 16 1
	ok "blockq: at most one doorbell per 8 requests" \
		bq_doorbells "$(t_err "blockq: --stats: 2048 requests, 16 in flight")"
	ok "blockq: no block hypercalls in the queue build" bq_no_hc "$BQ_D"
	truncate -s 32M "$BQ_D/wait.img"
	t "blockq: unimon_wait() on a disk's wait-bit ends at its completions" 0 \
		'^blockwait: ok$' '^$' \
		"$BQ_M" --block "d=$BQ_D/wait.img" "$TG/blockwait.elf"
	rm -rf "$BQ_D"
fi
