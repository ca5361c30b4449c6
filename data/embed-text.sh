#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# Turns a text file into a C string so that a plugin carries its data with it: a
# Windows .exe copied to a sync server has no data directory beside it. Comments
# and blank lines are left out.
# Usage: embed-text.sh SYMBOL INPUT > OUTPUT.c
set -eu
symbol=$1
input=$2
printf '/* Generated from %s by embed-text.sh; edit the data file, not this. */\n' "$(basename "$input")"
printf 'const char %s[] =\n' "$symbol"
sed -e '/^#/d' -e '/^[[:space:]]*$/d' -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n"/' "$input"
printf '    "";\n'
