#!/bin/sh
# Turn a resolved .config into a C header: CONFIG_X=y -> 1, values as is.
# Options that are not set are not defined.
set -eu
echo "/* Generated from $1 by scripts/gen-autoconf.sh; do not edit. */"
sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=y$/#define \1 1/p' \
	-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\([^y].*\)$/#define \1 \2/p' "$1"
