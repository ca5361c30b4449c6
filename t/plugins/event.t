#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_event natively on XML exports: the export shapes and encodings, the
# window, the filter options, thresholds, a 100 000-event file, and malformed input.
. "$top_srcdir/t/lib.sh"
P="$top_builddir/plugins/check_dirsync_event"
D="$top_srcdir/t/data/events"
ALL=--since=36500d # the fixtures carry fixed dates in November 2026

event() { run "$P" "$@"; }

event --xml-file="$D/wevtutil-stream.xml" $ALL
check_state 2 CRITICAL "1 event 109 from Directory Synchronization in the last 36500d, newest 2026-11-24 11:00 UTC: \"This version of the Microsoft Online Services Directory Sync.*\" \| events=1;;0;0$" \
	"wevtutil /f:xml stream: the seed event is CRITICAL"
stderr_empty "nothing on stderr"
[ "${#line1}" -lt 200 ]
tap_result $? "the first line is shorter than 200 bytes (${#line1})"
output_has "2026-11-24 11:00:00 UTC  id 109  Directory Synchronization  This version" \
	"the long output lists the match"
for fixture in wevtutil-wrapped rendered powershell-utf16le utf8-bom legacy-source; do
	event --xml-file="$D/$fixture.xml" $ALL
	check_state 2 CRITICAL "[12] events?:? (0|109)" "$fixture.xml: the seed event is found"
done
event --xml-file="$D/wevtutil-wrapped.xml" $ALL
check_state 2 CRITICAL "2 events: 0 ×1, 109 ×1 from Directory Synchronization" "IDs 0 and 109 both count"
event --xml-file=- $ALL <"$D/wevtutil-stream.xml"
check_state 2 CRITICAL "1 event 109" "standard input"

for fixture in empty no-events; do
	event --xml-file="$D/$fixture.xml" $ALL
	check_state 0 OK "no event 0, 109 from Directory Synchronization .* \| events=0;;0;0$" \
		"$fixture.xml: no events is OK"
done

# The cases shared with the Windows build (t/wine/event_plugin.t): the same fixtures
# must give the same answers through expat and XmlLite.
while IFS='|' read -r fixture options code expected; do
	case $fixture in '#'* | '') continue ;; esac
	IFS=';' read -ra opts <<<"$options"
	event --xml-file="$D/$fixture" $ALL "${opts[@]}"
	is_rc "$code" "$fixture $options"
	first_line_like "^DIRSYNC EVENT $expected" "$fixture $options: first line"
	# The fixture's path is the caller's: it counts as the bare file name.
	short=${line1//"$D/"/}
	[ "${#short}" -lt 200 ]
	tap_result $? "$fixture $options: the first line is shorter than 200 bytes (${#short} without the directory)"
done <"$D/cases.txt"
event --xml-file=- $ALL <"$D/not-events.xml"
check_state 3 UNKNOWN "standard input is not a Windows event export" "standard input that is not an export"

# An export file older than the window: the job that writes it may have stopped.
cp "$D/wevtutil-stream.xml" "$TEST_TMP/old.xml"
touch -d '3 days ago' "$TEST_TMP/old.xml"
event --xml-file="$TEST_TMP/old.xml" --since=24h
check_state 3 UNKNOWN ".*old\.xml is 3d old: is the export job still running\?" "an export older than --since is UNKNOWN"
event --xml-file="$TEST_TMP/old.xml" --since=2d
check_state 3 UNKNOWN ".*old\.xml is 3d old" "... whatever the window"
event --xml-file="$TEST_TMP/old.xml" --since=24h --max-file-age=4d
check_state 0 OK "no event 0, 109 .* in the last 24h" "--max-file-age allows an older export"
event --xml-file="$TEST_TMP/old.xml" --since=36500d
check_state 2 CRITICAL "1 event 109" "a window wider than the file's age reads it"
event --xml-file=- --since=24h <"$TEST_TMP/old.xml"
check_state 0 OK "no event" "standard input has no age"
event --xml-file="$TEST_TMP/old.xml" --max-file-age=soon
check_state 3 UNKNOWN "--max-file-age: invalid duration" "a bad --max-file-age"

event --xml-file="$D/truncated.xml" $ALL
check_state 3 UNKNOWN ".*truncated.xml.*line [0-9]+" "truncated XML names the line"
event --xml-file="$D/bad-tag.xml" $ALL
check_state 3 UNKNOWN "malformed XML in .*bad-tag.xml at line [0-9]+" "a mismatched tag names the line"
event --xml-file="$D/bad-eventid.xml" $ALL
check_state 3 UNKNOWN ".*bad-eventid.xml.*line [0-9]+" "a non-numeric EventID names the line"
event --xml-file="$D/bad-time.xml" $ALL
check_state 3 UNKNOWN ".*bad-time.xml.*line [0-9]+" "an invalid SystemTime names the line"
event --xml-file="$D/latin1.xml" $ALL
check_state 3 UNKNOWN ".*(encoding|windows-1252)" "an unsupported encoding"
event --xml-file="$TEST_TMP/missing.xml"
check_state 3 UNKNOWN "cannot read .*missing.xml" "a missing file"
event
check_state 3 UNKNOWN "the live event log exists only on Windows" "no live log off Windows"

# The window, with events stamped relative to now.
stamp() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S.0000000Z; }
seed='This version of the Microsoft Online Services Directory Sync tool is no longer supported.'
one_event() { # id time [provider] [message]
	printf "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='%s'/><EventID Qualifiers='0'>%s</EventID><Level>2</Level><TimeCreated SystemTime='%s'/></System><EventData><Data>%s</Data></EventData></Event>\r\n" \
		"${3:-Directory Synchronization}" "$1" "$2" "${4:-$seed}"
}
{
	one_event 109 "$(stamp '-1 hour')"
	one_event 0 "$(stamp '-25 hours')"
	one_event 611 "$(stamp '-2 hours')" "Directory Synchronization" "Password synchronization failed for domain: contoso.local."
	one_event 6100 "$(stamp '-3 hours')" ADSync "run profile Delta Import"
} >"$TEST_TMP/recent.xml"
event --xml-file="$TEST_TMP/recent.xml"
check_state 2 CRITICAL "1 event 109 from Directory Synchronization in the last 24h" "the default window is 24h"
event --xml-file="$TEST_TMP/recent.xml" --since=2d
check_state 2 CRITICAL "2 events: 0 ×1, 109 ×1" "--since widens the window"
event --xml-file="$TEST_TMP/recent.xml" --since=30m
check_state 0 OK "no event 0, 109 .* in the last 30m" "--since narrows the window"
event --xml-file="$TEST_TMP/recent.xml" --id=611
check_state 2 CRITICAL "1 event 611" "--id drops the default message filter"
event --xml-file="$TEST_TMP/recent.xml" --id=600-700 --message=password
check_state 2 CRITICAL "1 event 611" "--id ranges and --message"
event --xml-file="$TEST_TMP/recent.xml" --id=6100 --provider=ADSync
check_state 2 CRITICAL "1 event 6100 from ADSync" "--provider"
event --xml-file="$TEST_TMP/recent.xml" --id=0-65535 --provider=ADSync --provider="Directory Synchronization" --message=
check_state 2 CRITICAL "3 events" "several providers, --message= matches any message"
event --xml-file="$TEST_TMP/recent.xml" --level=warning
check_state 0 OK "no event" "--level filters by level"
event --xml-file="$TEST_TMP/recent.xml" --since=2d -w 1 -c 5
check_state 1 WARNING "2 events: .* \| events=2;1;5;0$" "-w/-c ranges on the count"

usage() { # description expected args...
	local what=$1 expected=$2
	shift 2
	run "$P" --xml-file="$D/empty.xml" "$@"
	check_state 3 UNKNOWN "$expected" "$what"
}
usage "an id that is not a number" ".*'abc'" --id=abc
usage "a range backwards" ".*5-3" --id=5-3
usage "an id too large" ".*70000" --id=70000
usage "an unknown level" ".*loud" --level=loud
usage "a bad window" "--since: invalid duration" --since=1x
usage "a bad threshold" "-c: invalid range" -c abc
usage "a provider with both quotes" ".*quote" --provider="it's \"odd\""

# A large export streams in linear time and bounded memory. The time is judged against
# a tenth of the export read in the same run, so that the assertion holds under any
# load or instrumentation; the absolute speed is a figure of bench/run. Each size counts
# its fastest of three runs: a load spike slows one run, not all three.
sh "$D/make-large.sh" "$TEST_TMP/tenth.xml" 10000
sh "$D/make-large.sh" "$TEST_TMP/large.xml" 100000
tenth_ms='' large_ms=''
for _ in 1 2 3; do
	timed "$P" --xml-file="$TEST_TMP/tenth.xml" $ALL -c 100000 -w 10 >/dev/null 2>&1
	[ -n "$tenth_ms" ] && [ "$tenth_ms" -le "$elapsed_ms" ] || tenth_ms=$elapsed_ms
	timed /usr/bin/time -f %M -o "$TEST_TMP/rss" "$P" --xml-file="$TEST_TMP/large.xml" $ALL \
		-c 100000 -w 10 >"$TEST_TMP/stdout" 2>"$TEST_TMP/stderr"
	rc=$?
	[ -n "$large_ms" ] && [ "$large_ms" -le "$elapsed_ms" ] || large_ms=$elapsed_ms
done
line1=$(head -n 1 "$TEST_TMP/stdout")
check_state 1 WARNING "50000 events: 0 ×25000, 109 ×25000 .* \| events=50000;10;100000;0$" \
	"100 000 events: 50 000 matches counted"
elapsed_ms=$large_ms
within $((tenth_ms * 15 + 200)) "100 000 events take at most 15 times as long as 10 000 ($tenth_ms ms)"
rss=$(tail -n 1 "$TEST_TMP/rss")
if grep -qa __asan_init "$P"; then
	tap_skip "... in bounded memory (peak RSS $rss KiB)" "an AddressSanitizer build"
else
	[ "$rss" -lt 16384 ]
	tap_result $? "... in bounded memory (peak RSS $rss KiB)"
fi

ldd "$P" >"$TEST_TMP/ldd" 2>&1
! grep -qE 'libcurl|libjson-c' "$TEST_TMP/ldd"
tap_result $? "check_dirsync_event does not load libcurl or json-c"

run "$P" --help
is_rc 3 "--help"
for option in --log --provider --id --level --message --since --xml-file --warning --critical \
	--max-file-age "no longer supported" "wevtutil qe" "at most 100 years" "also selects Level 0"; do
	output_has "$option" "--help mentions $option"
done

done_testing
