#!/bin/sh
# tests/no-kvm.sh HOW CMD [ARGS...]: run CMD (as root) on this machine as
# if /dev/kvm were unusable, in a private mount namespace:
#   missing  /dev without kvm (the other usual nodes are still there)
#   file     /dev/kvm is a regular file
#   notkvm   /dev/kvm is another character device (/dev/null)
#   denied   CMD runs as nobody, and /dev/kvm is root's only (mode 600)
# For tests and for trying the emulated-machine fallback by hand.
set -eu
[ $# -ge 2 ] || { echo "usage: tests/no-kvm.sh missing|file|notkvm|denied CMD..." >&2; exit 64; }
how=$1
shift
if [ -z "${NO_KVM_INSIDE:-}" ]; then
	NO_KVM_INSIDE=1 exec unshare -m --propagation private "$0" "$how" "$@"
fi
unset NO_KVM_INSIDE
case $how in
missing)
	d=$(mktemp -d /tmp/no-kvm.XXXXXX)
	mount -t tmpfs -o mode=755 no-kvm-dev "$d"
	for n in null zero full random urandom tty ptmx; do
		[ -e "/dev/$n" ] || continue
		touch "$d/$n"
		mount --bind "/dev/$n" "$d/$n"
	done
	for n in pts shm net mqueue hugepages; do
		[ -d "/dev/$n" ] || continue
		mkdir "$d/$n"
		mount --rbind "/dev/$n" "$d/$n"
	done
	ln -s /proc/self/fd "$d/fd"
	ln -s /proc/self/fd/0 "$d/stdin"
	ln -s /proc/self/fd/1 "$d/stdout"
	ln -s /proc/self/fd/2 "$d/stderr"
	mount --move "$d" /dev
	rmdir "$d"
	;;
file)
	f=$(mktemp /tmp/no-kvm.XXXXXX)
	[ -e /dev/kvm ] || touch /dev/kvm
	mount --bind "$f" /dev/kvm
	rm -f "$f"
	;;
notkvm)
	[ -e /dev/kvm ] || touch /dev/kvm
	mount --bind /dev/null /dev/kvm
	;;
denied)
	if [ -e /dev/kvm ]; then
		f=$(mktemp /tmp/no-kvm.XXXXXX)
		# A copy of the node, root's only: the host's stays as it is.
		rm -f "$f"
		mknod -m 600 "$f" c "$((0x$(stat -c %t /dev/kvm)))" \
			"$((0x$(stat -c %T /dev/kvm)))"
		mount --bind "$f" /dev/kvm
		rm -f "$f"
	fi
	exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	;;
*)
	echo "tests/no-kvm.sh: unknown HOW '$how'" >&2
	exit 64
	;;
esac
exec "$@"
