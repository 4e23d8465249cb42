#!/bin/bash
# tests/solo5/solo5-suite.sh MONITOR TESTS: Solo5's own hvt test
# unikernels (TESTS: the tests/ folder of a built Solo5 tree) on a unimon
# solo5 monitor, each with the exit status and the words its tests.bats
# expects on solo5-hvt. Not part of make check (CI cannot fetch Solo5);
# docs/SOLO5.md has how to build them and the results. The network tests
# (root only) make a namespace of their own: tap100 10.0.0.1, tap101
# 10.1.0.1 and tap102 (MTU 9000); the guests are 10.0.0.2 and 10.1.0.2.
set -u
M=${1:?usage: solo5-suite.sh MONITOR TESTS}
T=${2:?usage: solo5-suite.sh MONITOR TESTS}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
pass=0 fail=0

chk() { # chk NAME STATUS WORDS CMD...: the status and the words in the output
	local n=$1 st=$2 words=$3 out rc
	shift 3
	out=$(timeout 60 "$@" 2>&1 | tr -d '\0'; exit "${PIPESTATUS[0]}")
	rc=$?
	if [ "$rc" = "$st" ] && [[ "$out" == *"$words"* ]]; then
		echo "PASS $n"
		pass=$((pass + 1))
	else
		echo "FAIL $n (exit $rc, expected $st and '$words')"
		echo "$out" | tail -n 3
		fail=$((fail + 1))
	fi
}
hvt() { chk "$1" "$2" "$3" "$M" --mem=4096 "${@:4}"; }

hvt hello 0 SUCCESS "$T/test_hello/test_hello.hvt" Hello_Solo5
hvt quiet 0 SUCCESS -- "$T/test_quiet/test_quiet.hvt" --solo5:quiet
hvt output 0 "solo5_exit(0)" "$T/test_output/test_output.hvt" Output_Solo5
hvt globals 0 SUCCESS "$T/test_globals/test_globals.hvt"
hvt exception 255 ABORT "$T/test_exception/test_exception.hvt"
hvt zeropage 255 ABORT "$T/test_zeropage/test_zeropage.hvt"
hvt xnow 1 "host/guest translation fault" "$T/test_xnow/test_xnow.hvt"
hvt notls 255 ABORT "$T/test_notls/test_notls.hvt"
hvt tls 0 SUCCESS "$T/test_tls/test_tls.hvt"
hvt ssp 255 ABORT "$T/test_ssp/test_ssp.hvt"
hvt fpu 0 SUCCESS "$T/test_fpu/test_fpu.hvt"
hvt time 0 SUCCESS "$T/test_time/test_time.hvt"
dd if=/dev/zero of="$W/disk.img" bs=4k count=1024 status=none
hvt blk 0 SUCCESS --block:storage="$W/disk.img" "$T/test_blk/test_blk.hvt"
hvt "blk, 4096-byte sectors" 0 SUCCESS --block:storage="$W/disk.img" \
	--block-sector-size:storage=4096 "$T/test_blk/test_blk.hvt"
hvt buggyelf 1 "" "$T/test_buggyelf/buggyelf.hvt"
devs=()
for n in $(seq 0 62); do
	dd if=/dev/zero of="$W/s$n.img" bs=4k count=1 status=none
	devs+=("--block:storage$n=$W/s$n.img")
done
hvt "mft_maxdevices (63 disks)" 0 SUCCESS "${devs[@]}" \
	"$T/test_mft_maxdevices/test_mft_maxdevices.hvt"
mkdir "$W/core"
hvt dumpcore 255 "core dumped to" --dumpcore "$W/core" \
	"$T/test_dumpcore/test_dumpcore.hvt"

if [ "$(id -u)" = 0 ]; then
	ns=solo5suite$$
	ip netns add $ns
	ip -n $ns link set lo up
	for i in 100 101 102; do
		ip -n $ns tuntap add tap$i mode tap
		ip -n $ns link set tap$i up
	done
	ip -n $ns addr add 10.0.0.1/24 dev tap100
	ip -n $ns addr add 10.1.0.1/24 dev tap101
	ip -n $ns link set tap102 mtu 9000
	flood() { sleep 1; ip netns exec $ns timeout 60 ping -fq -c "$1" "$2" > /dev/null; }
	flood 100000 10.0.0.2 &
	chk net 0 SUCCESS ip netns exec $ns "$M" --mem=4096 --net:service0=tap100 \
		-- "$T/test_net/test_net.hvt" limit
	wait
	flood 50000 10.0.0.2 &
	flood 50000 10.1.0.2 &
	chk net_2if 0 SUCCESS ip netns exec $ns "$M" --mem=4096 \
		--net:service0=tap100 --net:service1=tap101 \
		-- "$T/test_net_2if/test_net_2if.hvt" limit
	wait
	chk net_mtu 0 "MTU is 9000" ip netns exec $ns "$M" --mem=4096 \
		--net:service0=tap102 -- "$T/test_net_mtu/test_net_mtu.hvt"
	ip netns del $ns
else
	echo "SKIP net, net_2if, net_mtu (not root)"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
