# SPDX-License-Identifier: MIT
# Helpers shared by the benchmark scripts (sourced from the top of the tree).

# median: of the numbers on stdin, one a line (status 1 if there are none).
median() {
	sort -g | awk '{ a[NR] = $1 }
		END { if (NR == 0) exit 1
		      if (NR % 2) print a[(NR + 1) / 2]
		      else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# calc EXPR [N]: awk arithmetic, printed with %.Nf (default 2).
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }

# row FIGURE VALUE REFERENCE RATIO TARGET RESULT: one line of a results table.
row() { printf '%-30s %12s  %-24s %7s  %-9s %s\n' "$@"; }

# smoke_verdict NAME STATUS ROWS WANT OUTPUT [MORE]: ends a --smoke run:
# ok when the benchmark exited 0 with WANT well-formed rows (and MORE, a
# further check's status, is 0); else its output and why, exit 1.
smoke_verdict() {
	if [ "$2" = 0 ] && [ "$3" = "$4" ] && [ "${6:-0}" = 0 ]; then
		echo "$1 bench smoke: ok ($3 rows)"
		exit 0
	fi
	printf '%s\n' "$5"
	echo "$1 bench smoke: FAILED (exit status $2, $3 well-formed rows of $4)"
	exit 1
}
