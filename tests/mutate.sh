#!/bin/bash
# make mutate: plant one fault at a time in a copy of the monitor (a guard
# removed or turned around) and show that the test suite catches each: the
# tests named for a mutation must fail with it, and pass without it (else
# "caught" would mean nothing). Not part of make check (a few minutes).
# Prints one line per mutation and "N caught, N missed"; exits non-zero
# if one was missed or a baseline failed. Results: docs/TESTING.md.
set -u
cd "$(dirname "$0")/.." || exit 1
SRC=$(pwd)
WORK=$(mktemp -d /tmp/unimon-mutate.XXXXXX)
chmod 755 "$WORK" # tests/no-kvm.sh denied runs a step as another user
trap 'rm -rf "$WORK"' EXIT

# A copy of the tree as it is (tracked and new files), built once.
git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp --parents -t "$WORK" 2> /dev/null
cd "$WORK" || exit 1
export B=build
echo "mutate: building the copy in $WORK ..."
build_all() {
	local c
	for c in $(ls configs/*_defconfig | sed 's|configs/\(.*\)_defconfig|\1|'); do
		make -s O="$B/$c" "${c}_defconfig" > /dev/null &&
			make -s O="$B/$c" > /dev/null || return 1
	done
	make -s examples SDK_O="$B/sdk" > /dev/null &&
		tests/guests/build.sh "$B/test-guests" > /dev/null &&
		tests/run.sh tests/prepare.sh > /dev/null
}
rebuild() { # the configurations and test monitors after a change
	local d
	for d in "$B"/*/ "$B"/test-monitors/*/; do
		[ -f "$d/.config" ] && { make -s O="${d%/}" > /dev/null 2>&1 || true; }
	done
}
if ! build_all; then
	echo "mutate: the copy does not build" >&2
	exit 1
fi

# run_tests FILES: 0 if every test passed.
run_tests() { tests/run.sh -j 2 $1 > "$WORK/last.txt" 2>&1; }

caught=0 missed=0
# mutation NAME FILE TEXT REPLACEMENT "TEST FILES": TEXT (once in FILE,
# \n for a newline) becomes REPLACEMENT; the tests must fail.
mutation() {
	local name=$1 file=$2 text=$3 repl=$4 files=$5
	if ! run_tests "$files"; then
		echo "BASELINE FAILED  $name ($files)"
		tail -n 5 "$WORK/last.txt"
		missed=$((missed + 1))
		return
	fi
	cp "$file" "$file.orig"
	if ! python3 - "$file" "$text" "$repl" <<'PY'
import sys
p = sys.argv[1]
old, new = (a.replace('\\n', '\n') for a in sys.argv[2:4])
s = open(p).read()
if s.count(old) != 1:
    sys.exit(1)
open(p, 'w').write(s.replace(old, new))
PY
	then
		echo "NOT APPLIED  $name: the text is not in $file once"
		missed=$((missed + 1))
		return
	fi
	rebuild
	if run_tests "$files"; then
		echo "MISSED  $name ($files)"
		missed=$((missed + 1))
	else
		echo "caught  $name: $(grep -c '^  FAIL' "$WORK/last.txt") failures in" \
			"$files, e.g. $(grep -m1 '^  FAIL' "$WORK/last.txt" | sed 's/^  FAIL //')"
		caught=$((caught + 1))
	fi
	mv "$file.orig" "$file"
	touch "$file"
	rebuild
}

mutation "guest memory: no check that gpa + len fits RAM" core/guestmem.c \
	'if (len > m->size || gpa > m->size - len)' 'if (len > m->size)' \
	"tests/integration/hypercall.sh tests/integration/block.sh"
mutation "guest memory: holes not checked" core/guestmem.c \
	'if (range__overlaps(gpa, len, h->start, h->end - h->start))' 'if (0)' \
	tests/integration/hypercall.sh
mutation "ELF: segment file range not checked" boot/elf.c \
	'if (ph->p_offset > len || len - ph->p_offset < ph->p_filesz)' 'if (0)' \
	tests/integration/image.sh
mutation "ELF: entry point not checked" boot/elf.c \
	'!entry_ok(li, eh->e_entry + base))' '0)' tests/integration/image.sh
mutation "ELF: segments may overlap the monitor's regions" boot/elf.c \
	'return layout__check_image(what, ph->p_vaddr, ph->p_memsz);' 'return 0;' \
	tests/integration/image.sh
mutation "seccomp: the default action allows" monitor/sandbox.c \
	'stmt(p, BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);' \
	'stmt(p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW);' tests/integration/sandbox.sh
mutation "seccomp: a rule's equal argument not compared" monitor/sandbox.c \
	'jump(p, BPF_JEQ, lo, p->n + 1, fail);' \
	'jump(p, BPF_JEQ, lo, p->n + 1, p->n + 1);' tests/integration/sandbox.sh
mutation "exit status: the guest's status dropped" hw/exit-hc.c \
	'vm__stop(vm, (int)(a.status & 0xff), NULL);' 'vm__stop(vm, 0, NULL);' \
	"tests/integration/boot.sh tests/integration/cli.sh"
mutation "block: sector range not checked" hw/block.c \
	'if (!count || sector > d->sectors || count > d->sectors - sector)' \
	'if (!count)' tests/integration/block.sh
mutation "no /dev/kvm: the generic error code again" monitor/kvm.c \
	'return UNIMON_EXIT_NOKVM;\n}' 'return UNIMON_EXIT_MONITOR;\n}' \
	tests/host/nokvm.sh
mutation "wait: a timer that cannot be set is ignored" hw/wait-hc.c \
	'if (arm(timeout_ns)) {' 'if (arm(timeout_ns) && 0) {' \
	tests/integration/wait.sh
mutation "queues: the I/O thread ends silently on an epoll error" core/queue.c \
	'stop__from_thread(UNIMON_EXIT_MONITOR);' '' \
	tests/integration/conqueue.sh
mutation "solo5: a disk's range not checked" personality/solo5/block.c \
	'end > e->u.block.capacity) {' '0) {' tests/integration/solo5.sh
mutation "solo5: the ABI version not checked" personality/solo5/solo5.c \
	'if (abi[1] != S5_ABI_VERSION) {' 'if (0) {' tests/integration/solo5.sh
mutation "solo5: the code not mapped read-only" personality/solo5/solo5.c \
	'if (!(s->flags & LOAD_X) || !s->size)' 'if (1)' tests/integration/solo5.sh
mutation "solo5: a read's buffer may be the code" personality/solo5/block.c \
	'write ? s5_ptr(vm, c.data, c.len) : s5_wptr(vm, c.data, c.len);' \
	's5_ptr(vm, c.data, c.len);' tests/integration/solo5.sh

echo "mutate: $caught caught, $missed missed"
[ "$missed" = 0 ]
