#!/bin/sh
# Install the Debian 12 packages unimon needs to build, test and benchmark.
# Only Debian packages; nothing is downloaded from anywhere else.
set -eu

PKGS="gcc make binutils libc6-dev kconfig-frontends libfdt-dev
python3 python3-kconfiglib clang libclang-rt-14-dev valgrind time
iproute2 iputils-ping gdb strace"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "unimon: installing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null; then
		SUDO=sudo
	else
		echo "unimon: not root; run: apt-get install$missing" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing ||
	{ $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends $missing; }
