#!/bin/bash
# Build the libFuzzer targets (tests/fuzz/fuzz_*.c) for one monitor
# configuration.
#
#   tests/fuzz/build.sh CONFIG_DIR OUT_DIR [TARGET...]
#       e.g. build/full build/fuzz; build/appliance build/fuzz-queue queue
#
# CONFIG_DIR is a configured build directory (make O=build/full
# full_defconfig && make O=build/full): its include/generated/autoconf.h is
# force-included, as in the monitor's own build. The configuration's monitor
# sources (all but main.c) are compiled with clang, coverage-instrumented,
# under ASan and UBSan (any UB report is fatal). Output: OUT_DIR/fuzz_*
# (every target, or the TARGETs named). fuzz_queue compiles the queue engine
# in (its serving functions are static) and needs CONFIG_QUEUES: it is
# skipped, with a message, in a configuration without queues.
# Ends with smoke runs over the seed corpora: tests/fuzz/corpus/loader must
# show the ELF loader (registered through a linker section) accepting a
# seed, tests/fuzz/corpus/queue must serve, stall and break queues.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -lt 2 ]; then
	echo "usage: $0 CONFIG_DIR OUT_DIR [TARGET...]" >&2
	exit 64
fi
cfg=${1%/}
out=${2%/}
shift 2
auto=$cfg/include/generated/autoconf.h
if [ ! -f "$auto" ]; then
	echo "$0: $auto not found; configure and build first, e.g." \
		"make O=$cfg full_defconfig && make O=$cfg" >&2
	exit 1
fi
CLANG=${CLANG:-$(command -v clang || command -v clang-14)}
has() { grep -q "^#define $1 1\$" "$auto"; }

targets=
for t in ${*:-$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_\(.*\)\.c|\1|')}; do
	if [ ! -f "tests/fuzz/fuzz_$t.c" ]; then
		echo "$0: no target tests/fuzz/fuzz_$t.c" >&2
		exit 64
	fi
	if [ "$t" = queue ] && ! has CONFIG_QUEUES; then
		echo "fuzz: skipping fuzz_queue: the $(basename "$cfg")" \
			"configuration has no CONFIG_QUEUES (try appliance)"
		continue
	fi
	# fuzz_syscall: the Linux personality; fuzz_solo5: the Solo5 one;
	# the others: the unimon one.
	want=CONFIG_PERSONALITY_UNIMON
	[ "$t" = syscall ] && want=CONFIG_PERSONALITY_LINUX
	[ "$t" = solo5 ] && want=CONFIG_PERSONALITY_SOLO5
	if ! has "$want"; then
		[ $# -gt 0 ] && echo "fuzz: skipping fuzz_$t in the" \
			"$(basename "$cfg") configuration"
		continue
	fi
	targets="$targets $t"
done
[ -n "$targets" ] || exit 0

# Every source of the configuration but main.c: the targets share them.
srcs=$(make -s O="$cfg" print-lib-srcs)

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=gnu11 -O1 -g -fno-omit-frame-pointer -Wall -Wextra \
	-Wno-unused-parameter -D_GNU_SOURCE -I$cfg/include/generated \
	-include autoconf.h -I. -Iinclude -Iguest-sdk/include $SAN"

# The objects, compiled two at a time (make check waits for them).
mkdir -p "$out/obj"
objs=
for s in $srcs; do
	objs="$objs $out/obj/$(echo "${s%.c}" | tr / _).o"
done
export CLANG CFLAGS out
printf '%s\n' $srcs | xargs -P "$(nproc)" -I{} sh -c \
	'"$CLANG" $CFLAGS -fsanitize=fuzzer-no-link -c \
		-o "$out/obj/$(echo {} | sed "s/\.c\$//" | tr / _).o" {}'
for t in $targets; do
	# fuzz_queue includes core/queue.c itself.
	link=$objs
	[ "$t" = queue ] && link=$(printf '%s\n' $objs | grep -v '/core_queue\.o$')
	"$CLANG" $CFLAGS -fsanitize=fuzzer -o "$out/fuzz_$t" \
		"tests/fuzz/fuzz_$t.c" $link -lfdt
	echo "fuzz: built $out/fuzz_$t ($(basename "$cfg") configuration)"
done

built() { case " $targets " in *" $1 "*) return 0;; esac; return 1; }

# Smoke run: every seed once; an ELF seed must be accepted by the ELF
# loader and an ELF seed refused with an ELF loader message.
if built loader; then
	log=$out/smoke.log
	if ! FUZZ_LOADER_VERBOSE=1 "$out/fuzz_loader" -runs=0 \
		tests/fuzz/corpus/loader > "$log" 2>&1; then
		tail -n 30 "$log" >&2
		echo "fuzz: smoke run failed" >&2
		exit 1
	fi
	if has CONFIG_IMAGE_ELF; then
		grep -q "ELF image of .* accepted" "$log" &&
			grep -q "ELF image of .* refused: .*segment" "$log" || {
			tail -n 30 "$log" >&2
			echo "fuzz: the ELF loader was not exercised by the seeds" >&2
			exit 1
		}
	fi
	echo "fuzz: smoke run over $(ls tests/fuzz/corpus/loader | wc -l) seeds passed" \
		"($(grep -c 'accepted$' "$log") accepted)"
fi

# Queue seeds, once each: together they must serve requests, refuse bad
# buffers, stall, break a queue, write into a ring and wake the guest.
if built queue; then
	log=$out/smoke-queue.log
	if ! FUZZ_QUEUE_VERBOSE=1 "$out/fuzz_queue" -runs=0 \
		tests/fuzz/corpus/queue > "$log" 2>&1; then
		tail -n 30 "$log" >&2
		echo "fuzz: queue smoke run failed" >&2
		exit 1
	fi
	sums=$(sed -n 's/^fuzz_queue: \([0-9]*\) served, \([0-9]*\) bad buffers, \([0-9]*\) stalls, \([0-9]*\) broken, \([0-9]*\) self-writes, \([0-9]*\) wake-ups$/\1 \2 \3 \4 \5 \6/p' "$log" |
		awk '{ for (i = 1; i <= 6; i++) s[i] += $i }
		     END { for (i = 1; i <= 6; i++) printf "%d ", s[i] }')
	set -- $sums
	if [ $# -ne 6 ] || [ "$1" -eq 0 ] || [ "$2" -eq 0 ] || [ "$3" -eq 0 ] ||
		[ "$4" -eq 0 ] || [ "$5" -eq 0 ] || [ "$6" -eq 0 ] ||
		! grep -q "malformed queue" "$log"; then
		tail -n 30 "$log" >&2
		echo "fuzz: the queue seeds do not exercise the engine" >&2
		exit 1
	fi
	echo "fuzz: queue smoke run over $(ls tests/fuzz/corpus/queue | wc -l)" \
		"seeds passed ($1 requests served, $2 bad buffers, $3 stalls," \
		"$4 queues broken, $5 ring self-writes, $6 wake-ups)"
fi
