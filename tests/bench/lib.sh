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
