#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
#
# The watchdog of -t in the Windows build (a timer-queue timer that writes the line and
# ends the process): check_dirsync_event.exe reading an export from standard input that
# stays open and silent, as a hung export job or share would, ends by -t with the state
# -t chose and a line naming the step.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/wine/lib.sh"
keep_wineserver
EXE="$top_builddir/plugins/check_dirsync_event$EXEEXT"

mkfifo "$TEST_TMP/silent"
exec {silent}<>"$TEST_TMP/silent"
silent_run() {
	timed run "$WINE" "$EXE" --xml-file=- -t "$timeout" <"$TEST_TMP/silent"
}
for timeout in 2 2:critical; do
	state=UNKNOWN code=3
	[ "$timeout" = 2:critical ] && state=CRITICAL code=2
	measure_overhead "$WINE" "$EXE" --version
	silent_run
	check_state "$code" "$state" "timed out after 2 s: reading the event export$" \
		"a silent standard input (-t $timeout)"
	[ "$(wc -l <"$TEST_TMP/stdout")" = 1 ]
	tap_result $? "a silent standard input (-t $timeout): one status line"
	RETIME=silent_run within_timeout 2 "a silent standard input (-t $timeout)"
done
exec {silent}>&-

# A run that ends in time prints its own verdict, not the watchdog's.
run "$WINE" "$EXE" --xml-file="$top_srcdir/t/data/events/empty.xml" --since=36500d -t 1
check_state 0 OK "no event" "an export read in time: the verdict only"

done_testing
