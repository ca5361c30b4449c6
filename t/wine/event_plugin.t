#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_event.exe under wine64 on the same export fixtures as the native tests:
# XmlLite instead of expat, and what the live log does where wine has no event log.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/wine/lib.sh"
EXE="$top_builddir/plugins/check_dirsync_event.exe"
D="$top_srcdir/t/data/events"
ALL=--since=36500d

objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump}
dlls=$("$objdump" -p "$EXE" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort | tr '\n' ' ')
[ "$dlls" = "advapi32.dll kernel32.dll msvcrt.dll wevtapi.dll " ]
tap_result $? "the .exe imports only system DLLs; XmlLite is loaded at run time ($dlls)"

event() { run "$WINE" "$EXE" "$@"; }
event --xml-file="$D/wevtutil-stream.xml" $ALL
check_state 2 CRITICAL "1 event 109 from Directory Synchronization in the last 36500d, newest 2026-11-24 11:00 UTC" \
	"wevtutil stream without a root element"
! grep -q $'\r' "$TEST_TMP/stdout"
tap_result $? "output lines end in LF"
for fixture in wevtutil-wrapped rendered powershell-utf16le utf8-bom legacy-source; do
	event --xml-file="$D/$fixture.xml" $ALL
	check_state 2 CRITICAL "[12] events?:? (0|109)" "$fixture.xml"
done
for fixture in empty no-events; do
	event --xml-file="$D/$fixture.xml" $ALL
	check_state 0 OK "no event .* \| events=0;;0;0$" "$fixture.xml is OK"
done
# The cases shared with the native build (t/plugins/event.t): the same fixtures must
# give the same answers through XmlLite and expat.
while IFS='|' read -r fixture options code expected; do
	case $fixture in '#'* | '') continue ;; esac
	IFS=';' read -ra opts <<<"$options"
	event --xml-file="$D/$fixture" $ALL "${opts[@]}"
	is_rc "$code" "$fixture $options"
	first_line_like "^DIRSYNC EVENT $expected" "$fixture $options: first line"
done <"$D/cases.txt"
# An export file older than the window: the job that writes it may have stopped.
cp "$D/wevtutil-stream.xml" "$TEST_TMP/old.xml"
touch -d '3 days ago' "$TEST_TMP/old.xml"
event --xml-file="$TEST_TMP/old.xml" --since=24h
check_state 3 UNKNOWN ".*old\.xml is 3d old: is the export job still running\?" "an export older than --since is UNKNOWN"
event --xml-file="$TEST_TMP/old.xml" --since=24h --max-file-age=4d
check_state 0 OK "no event 0, 109 .* in the last 24h" "--max-file-age allows an older export"
event --xml-file=- --since=24h <"$TEST_TMP/old.xml"
check_state 0 OK "no event" "standard input has no age"

event --xml-file="$D/bad-tag.xml" $ALL
check_state 3 UNKNOWN "malformed XML in .*bad-tag.xml at line 7" "a mismatched tag names the line"
event --xml-file="$D/truncated.xml" $ALL
check_state 3 UNKNOWN ".*truncated.xml" "truncated XML"
event --xml-file="$D/bad-eventid.xml" $ALL
check_state 3 UNKNOWN ".*bad-eventid.xml.*line" "a non-numeric EventID"
event --xml-file="$D/missing.xml"
check_state 3 UNKNOWN "cannot read .*missing.xml" "a missing file"
# wine's EvtQuery is a stub that returns nothing: the plugin must say so, not report OK.
event
check_state 3 UNKNOWN "the event log API did not answer" "the live log without an answer is UNKNOWN"
event --id=abc
check_state 3 UNKNOWN ".*'abc'" "usage errors under Windows"

done_testing
