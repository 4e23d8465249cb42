#!/bin/bash
# tests/run.sh [-j JOBS] [-v "VARIANTS"] FILE...: run test files, each
# file and variant as a job of its own, JOBS at a time (default 1), and
# end with "N passed, N failed, N skipped". VARIANTS: plain (the normal
# builds) and/or asan (the ASan+UBSan builds), default "plain". A job's
# output is shown when it ends, with its time. Runs one file alone too:
#   tests/run.sh tests/integration/block.sh
# The builds it tests come first (make check, or tests/prepare.sh).
# With COUNTS set, the three numbers also go to that file.
set -u
cd "$(dirname "$0")/.." || exit 1
JOBS=1
VARIANTS=plain
while getopts j:v: o; do
	case $o in
	j) JOBS=$OPTARG ;;
	v) VARIANTS=$OPTARG ;;
	*) echo "usage: tests/run.sh [-j JOBS] [-v VARIANTS] FILE..." >&2; exit 64 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "tests/run.sh: no test file given" >&2; exit 64; }
B=${B:-build}
. tests/lib.sh
JD=$LOGDIR/jobs
mkdir -p "$JD"
OUT_COUNTS=${COUNTS:-}
unset COUNTS

# One job: the file sourced by a fresh shell with the variant's settings.
job() { # job VARIANT FILE TAG
	local v=$1 f=$2 tag=$3 t0=$EPOCHREALTIME rc
	VARIANT=$v LOGTAG=$tag COUNTS=$JD/$tag.counts B=$B \
		bash -c '. tests/lib.sh; . "$1"; summary > /dev/null' job "$f" \
		> "$JD/$tag.txt" 2>&1 < /dev/null
	rc=$?
	echo "$rc $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" \
		> "$JD/$tag.end"
}

# The jobs, longest first (by file size), for two at a time.
tags=()
for v in $VARIANTS; do
	case $v in plain) pre=- ;; asan) pre=asan- ;;
	*) echo "tests/run.sh: unknown variant $v" >&2; exit 64 ;; esac
	for f in "$@"; do
		[ -f "$f" ] || { echo "tests/run.sh: no such file $f" >&2; exit 64; }
		tags+=("$(stat -c %s "$f") $pre $f ${pre#-}$(basename "$f" .sh)")
	done
done
mapfile -t tags < <(printf '%s\n' "${tags[@]}" | sort -rn)

show() { # show TAG: the job's output and counts
	local tag=$1 rc secs np nf ns
	read -r rc secs < "$JD/$tag.end"
	printf -- '-- %s (%.1f s)\n' "$tag" "$secs"
	cat "$JD/$tag.txt"
	if [ -s "$JD/$tag.counts" ]; then
		read -r np nf ns < "$JD/$tag.counts"
		PASS=$((PASS + np)); FAIL=$((FAIL + nf)); SKIP=$((SKIP + ns))
	else
		fail "$tag: the file stopped before its end (exit status $rc)"
	fi
}

declare -A running=()
for entry in "${tags[@]}"; do
	read -r _ pre f tag <<< "$entry"
	[ "$pre" = "-" ] && pre=
	rm -f "$JD/$tag".*
	while [ "${#running[@]}" -ge "$JOBS" ]; do
		wait -n
		for t in "${!running[@]}"; do
			[ -f "$JD/$t.end" ] && { show "$t"; unset "running[$t]"; }
		done
	done
	job "$pre" "$f" "$tag" &
	running[$tag]=$f
done
wait
for t in "${!running[@]}"; do
	show "$t"
done
COUNTS=$OUT_COUNTS summary
