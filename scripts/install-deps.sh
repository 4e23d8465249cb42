#!/bin/sh
# Install the Debian 12 packages unimon needs to build, test and benchmark.
# Only Debian packages; nothing is downloaded from anywhere else.
#   scripts/install-deps.sh        what building and running need; the
#                                  emulated machine's packages too where
#                                  /dev/kvm does not work (or UNIMON_VM=1)
#   scripts/install-deps.sh --vm   the emulated machine's packages always
#                                  (make check boots it even with /dev/kvm)
set -eu
cd "$(dirname "$0")/.."

PKGS="gcc make binutils libc6-dev kconfig-frontends libfdt-dev
python3 python3-kconfiglib clang libclang-rt-14-dev valgrind time
iproute2 iputils-ping gdb strace musl-tools"
# The emulated machine of scripts/kvm-run: QEMU (TCG emulates AMD SVM),
# Debian's kernel (kvm_amd, 9p, virtio as modules), a static busybox.
VM_PKGS="qemu-system-x86 linux-image-amd64 busybox-static"

missing() { # the packages of "$@" that are not installed
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q "install ok installed" || printf ' %s' "$p"
	done
}

install() {
	[ -n "$1" ] || return 0
	echo "unimon: installing Debian packages:$1"
	SUDO=""
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null; then
			SUDO=sudo
		else
			echo "unimon: not root; run: apt-get install$1" >&2
			exit 1
		fi
	fi
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -q --no-install-recommends $1 ||
		{ $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends $1; }
}

# shellcheck disable=SC2086
install "$(missing $PKGS)"
if [ "${1:-}" = --vm ] || ! scripts/kvm-run --probe 2>/dev/null; then
	# shellcheck disable=SC2086
	install "$(missing $VM_PKGS)"
fi
