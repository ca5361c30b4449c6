#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# The Windows event readers under wine64, through t/wine/event_probe.exe: XML exports read
# with XmlLite (lib/event/xml_xmllite.c, feeding the walk shared with the POSIX build),
# the conversion of rendered wevtapi values (lib/event/log_values_win.c), and the live
# log (lib/event/log_win.c), which must fail loudly here because wine's EvtQuery is a
# stub that returns nothing.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/wine/lib.sh"
PROBE="$top_builddir/t/wine/event_probe.exe"
DATA="$top_srcdir/t/data/events"
SEED="This version of the Microsoft Online Services Directory Sync tool is no longer supported. Uninstall this version, and then download and install the latest version from your Admin Portal page."
ADSYNC='The management agent "contoso.onmicrosoft.com - AAD" completed run profile "Delta Import" with a status of "success".'
PHS="Password hash synchronization failed for domain: contoso.local, domain controller hostname: DC01.contoso.local. Details: Microsoft.Online.PasswordSynchronization.SynchronizationManagerException"

objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump}
dlls=$("$objdump" -p "$PROBE" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort | tr '\n' ' ')
[ "$dlls" = "advapi32.dll kernel32.dll msvcrt.dll wevtapi.dll " ]
tap_result $? "the probe imports only system DLLs, xmllite.dll is loaded at run time ($dlls)"

probe() { run "$WINE" "$PROBE" "$@"; }

# same_output DESCRIPTION: stdout equals $TEST_TMP/expected, line for line.
same_output() {
	diff "$TEST_TMP/expected" "$TEST_TMP/stdout" >"$TEST_TMP/diff" 2>&1
	local status=$?
	[ $status -eq 0 ] || sed 's/^/# /' "$TEST_TMP/diff" | head -n 20
	tap_result $status "$1"
}

error_like() { # extended-regex description: the last line is error=... and it matches
	tail -n 1 "$TEST_TMP/stdout" | grep -Eq -- "^error=$1"
	tap_result $? "$2"
}

events_line() { # count description
	grep -Fxq "events=$1" "$TEST_TMP/stdout"
	tap_result $? "$2"
}

# --- the export formats ---------------------------------------------------------------
probe xml "$DATA/wevtutil-stream.xml"
is_rc 0 "wevtutil qe /f:xml (a stream of <Event> without a root) is read"
cat >"$TEST_TMP/expected" <<EOF
ADSync|6100|4|2026-11-24T10:30:00Z|$ADSYNC
Directory Synchronization|109|2|2026-11-24T11:00:00Z|$SEED
Directory Synchronization|611|2|2026-11-24T11:02:13Z|$PHS DC01.contoso.local
events=3
EOF
same_output "every event of the stream: provider, low 16 bits of the id, level, time to the second, Data joined (the empty one skipped)"
! grep -q $'\r' "$TEST_TMP/stdout"
tap_result $? "output lines end in LF, not CRLF"
stderr_empty "nothing on stderr"

probe xml "$DATA/wevtutil-wrapped.xml"
cat >"$TEST_TMP/expected" <<EOF
Directory Synchronization|0|2|2026-11-20T06:15:42Z|$SEED
ADSync|6100|4|2026-11-20T06:45:00Z|$ADSYNC
Directory Synchronization|109|2|2026-11-21T06:15:43Z|$SEED
Directory Synchronization|611|2|2026-11-21T07:00:01Z|Password hash synchronization failed for domain: contoso.local, domain controller hostname: DC01.contoso.local. Details: Microsoft.Online.PasswordSynchronization.SynchronizationManagerException
events=4
EOF
same_output "wevtutil qe /e:Events (wrapped in <Events>) gives the same events"

probe xml "$DATA/rendered.xml"
cat >"$TEST_TMP/expected" <<EOF
Directory Synchronization|109|2|2026-11-24T11:00:00Z|$SEED
ADSync|6100|4|2026-11-24T11:30:00Z|$ADSYNC
events=2
EOF
same_output "/f:RenderedXml: RenderingInfo/Message wins over the Data strings, entities decoded, XML declaration read"

probe xml "$DATA/powershell-utf16le.xml"
cat >"$TEST_TMP/expected" <<EOF
Directory Synchronization|109|2|2026-11-25T11:00:00Z|$SEED
ADSync|6100|3|2026-11-25T11:05:00Z|Benutzer Jürgen Groß (𐐷) wurde übersprungen.
Directory Synchronization|0|2|2026-11-25T11:10:00Z|$SEED
events=3
EOF
same_output "PowerShell ToXml() saved as UTF-16LE with BOM: text (with a surrogate pair) arrives as UTF-8"

probe xml "$DATA/utf8-bom.xml"
cat >"$TEST_TMP/expected" <<EOF
Directory Synchronization|109|2|2026-11-26T09:00:00Z|$SEED
Directory Synchronization|611|2|2026-11-26T09:01:00Z|$PHS
events=2
EOF
same_output "UTF-8 with a BOM: the BOM is not part of the first provider name"

probe xml "$DATA/legacy-source.xml"
cat >"$TEST_TMP/expected" <<EOF
Directory Synchronization|109|2|2026-11-24T11:00:00Z|$SEED
Directory Synchronization|0|2|2026-11-24T12:00:00Z|$SEED
events=2
EOF
same_output "Provider @EventSourceName when there is no @Name; @Name when both are there"

for f in empty no-events; do
	probe xml "$DATA/$f.xml"
	is_rc 0 "$f.xml is not an error"
	events_line 0 "$f.xml has no events"
done

# --- broken exports: an error naming the place, never a silent success ------------------
probe xml "$DATA/truncated.xml"
is_rc 3 "a truncated export is an error"
first_line_like "^Directory Synchronization\|109\|" "the events before the cut are read"
error_like "malformed XML in .*truncated.xml at line 2, column [0-9]+: the file ends inside <Data> opened at line 2: truncated\?$" \
	"the message says the file ends inside an element, at its end"

probe xml "$DATA/bad-tag.xml"
is_rc 3 "a mismatched end tag is an error"
error_like "malformed XML in .*bad-tag.xml at line 7, column [0-9]+: an end tag does not match <Level> opened at line 7$" \
	"the message names the line of </Levl> and the element it should have closed"
[ "$(wc -l <"$TEST_TMP/stdout")" -eq 1 ]
tap_result $? "no event is handed on from the broken one"

probe xml "$DATA/bad-eventid.xml"
is_rc 3 "a non-numeric EventID is an error"
error_like "invalid EventID 'abc' in .*bad-eventid.xml at line 2, column 122: expected a number from 0 to 65535$" \
	"the message quotes the EventID and its line and column"

probe xml "$DATA/bad-time.xml"
is_rc 3 "an impossible TimeCreated is an error"
error_like "invalid TimeCreated/@SystemTime in .*bad-time.xml at line 3: invalid timestamp '2026-11-31T11:00:00.0000000Z'" \
	"the message quotes the time and its line"

# The shared input reads UTF-8 and UTF-16 only, as the POSIX build does.
probe xml "$DATA/latin1.xml"
is_rc 3 "an encoding other than UTF-8 or UTF-16 is an error"
error_like "unsupported encoding windows-1252 in .*latin1.xml at line 1: re-export as UTF-8 or UTF-16$" \
	"the message says to re-export as UTF-8 or UTF-16"

probe xml "$TEST_TMP/missing.xml"
is_rc 3 "a missing file is an error"
error_like "cannot read .*missing.xml: No such file or directory$" "the message names the file and the cause"

printf 'events: none\n' >"$TEST_TMP/text.xml"
probe xml "$TEST_TMP/text.xml"
error_like "malformed XML in .*text.xml at line 1, column 1: text outside any element" "a text file is not an empty export"

printf '<?xml version="1.0"?>\n<!DOCTYPE e [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<Event><System><EventID>1</EventID></System><EventData><Data>&b;</Data></EventData></Event>\n' \
	>"$TEST_TMP/dtd.xml"
probe xml "$TEST_TMP/dtd.xml"
error_like "unsupported DOCTYPE in .*dtd.xml at line 2: event exports have none" "a DTD is refused, its entities never expanded"

printf '<Event><System><EventID>1</EventID><Level>warning</Level></System></Event>\n' >"$TEST_TMP/level.xml"
probe xml "$TEST_TMP/level.xml"
error_like "invalid Level 'warning' in .*level.xml at line 1, column 36: expected a number from 0 to 255$" "a non-numeric Level is an error"

printf '<Event><System><Level>2</Level></System></Event>\n' >"$TEST_TMP/no-id.xml"
probe xml "$TEST_TMP/no-id.xml"
error_like "invalid event in .*no-id.xml at line 1: it has no System/EventID$" "an event without EventID is an error"

# --- encodings that wine's XmlLite gets wrong unless the reader converts them ------------
iconv -f UTF-8 -t UTF-16LE "$DATA/wevtutil-stream.xml" >"$TEST_TMP/le-nobom.xml"
iconv -f UTF-8 -t UTF-16BE "$DATA/wevtutil-stream.xml" >"$TEST_TMP/be-nobom.xml"
{ printf '\376\377'; cat "$TEST_TMP/be-nobom.xml"; } >"$TEST_TMP/be-bom.xml"
{ printf '<?xml version="1.0" encoding="UTF-16"?>\r\n'; cat "$DATA/wevtutil-stream.xml"; } |
	iconv -f UTF-8 -t UTF-16 >"$TEST_TMP/declared.xml"
probe xml "$DATA/wevtutil-stream.xml"
cp "$TEST_TMP/stdout" "$TEST_TMP/expected"
for f in le-nobom be-nobom be-bom declared; do
	probe xml "$TEST_TMP/$f.xml"
	same_output "UTF-16 variant $f.xml gives the same events as the UTF-8 file"
done

# wine's XmlLite never shrinks its raw buffer for UTF-16 and fails after ~8 KiB.
sh "$DATA/make-large.sh" "$TEST_TMP/large.xml" 2000
iconv -f UTF-8 -t UTF-16 "$TEST_TMP/large.xml" >"$TEST_TMP/large16.xml"
probe xml "$TEST_TMP/large16.xml"
is_rc 0 "a 2.8 MB UTF-16 export is read"
events_line 2000 "all 2000 events of it"
[ "$(grep -c '^Directory Synchronization|109|2|' "$TEST_TMP/stdout")" -eq 500 ]
tap_result $? "every 4th of them is the 109"

printf '<?xml version="1.0"\r\n encoding="UTF-16"?><Event><System><EventID>1</EventID></Sys></Event>\r\n' |
	iconv -f UTF-8 -t UTF-16 >"$TEST_TMP/column16.xml"
probe xml "$TEST_TMP/column16.xml"
error_like "malformed XML in .*column16.xml at line 2, column 62: an end tag does not match <System> opened at line 2$" "lines and columns are the file's, whatever the reader did to the start"
printf '<Event><System><EventID>1</EventID></Sys></Event>' >"$TEST_TMP/column8.xml"
probe xml "$TEST_TMP/column8.xml"
error_like "malformed XML in .*column8.xml at line 1, column 42: an end tag does not match <System> opened at line 1" \
	"an error on the first line is not taken for the end of the file"

printf '\377\376<\000E\000>\000\000\330a\000<\000/\000E\000>\000' >"$TEST_TMP/surrogate.xml"
probe xml "$TEST_TMP/surrogate.xml"
error_like "invalid UTF-16 in .*surrogate.xml at byte 8 \(line 1\): unpaired surrogate 0xD800; re-export the events$" \
	"an unpaired surrogate is an error"
printf '\377\376<\000E\000/\000>\000\n' >"$TEST_TMP/odd.xml"
probe xml "$TEST_TMP/odd.xml"
error_like "invalid UTF-16 in .*odd.xml at byte 10 \(line 1\): the file has an odd number of bytes" "an odd byte count is an error"

# --- reading ---------------------------------------------------------------------------
run "$WINE" "$PROBE" xml - <"$DATA/powershell-utf16le.xml"
is_rc 0 "standard input (-) is read"
output_has "ADSync|6100|3|2026-11-25T11:05:00Z|Benutzer Jürgen Groß (𐐷) wurde übersprungen." \
	"standard input is binary: UTF-16 survives"

probe xml "$DATA/wevtutil-stream.xml" 1
[ "$(cat "$TEST_TMP/stdout")" = "ADSync|6100|4|2026-11-24T10:30:00Z|$ADSYNC
events=1" ]
tap_result $? "a sink that returns false stops the reading"

sh "$DATA/make-large.sh" "$TEST_TMP/late.xml" 3000
probe xml-late "$TEST_TMP/late.xml"
is_rc 3 "a passed deadline stops the reading"
error_like "\(timed out\) reading .*late.xml \(0 events read\)$" "at the first check, after the first chunk"
[ "$(grep -c '|' "$TEST_TMP/stdout")" -eq 0 ]
tap_result $? "no event was handed on before it"

long=$(printf 'é%.0s' $(seq 1 700))
printf '<Event><System><EventID>1</EventID></System><EventData><Data>%s</Data></EventData></Event>' "$long" \
	>"$TEST_TMP/long.xml"
probe xml "$TEST_TMP/long.xml"
message=$(head -n 1 "$TEST_TMP/stdout" | cut -d'|' -f5)
[ "$(printf '%s' "$message" | LC_ALL=C wc -c)" -eq 1022 ]
tap_result $? "a long message is cut to fit 1023 bytes ..."
printf '%s' "$message" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1
tap_result $? "... at a character boundary"

# --- the XPath, the rendered values, the live log -------------------------------------
probe xpath
is_rc 0 "ds_event_xpath builds the query"
output_has "Provider[@Name='Directory Synchronization']" "it selects the provider"
output_has "EventID=0 or EventID=109" "it selects the ids"
output_has "timediff(@SystemTime) <= 86400000" "it selects the last 24 hours"

probe values
is_rc 0 "ds_event_from_values runs"
cat >"$TEST_TMP/expected" <<EOF
formatted: Directory Synchronization|109|2|2026-11-24T11:00:00Z|This version of the Microsoft Online Services Directory Sync tool is no longer supported.
insertions: Directory Synchronization|109|2|2026-11-24T11:00:00Z|Finished 42 0x8023044a {12345678-9ABC-DEF0-0123-456789ABCDEF} café € 😀
empty-message: Directory Synchronization|109|2|2026-11-24T11:00:00Z|Finished
nulls: |109|0|-|
short: ADSync|109|0|-|
wide-id: ADSync|6301|0|2026-09-30T23:59:58Z|BAIL: MMS(1234)
string-id: error=the event log gave the EventID of an event as a value of type 1, not as a number
number-provider: error=the event log gave the provider name of an event as a value of type 8, not as a string
string-time: error=the event log gave the TimeCreated of an event as a value of type 1, not as a time
cut-euro: bytes=1023 whole=yes
cut-smiley: bytes=1020 whole=yes
cut-mixed: bytes=1023 whole=yes
filetime-epoch: -11644473600 0 1795518000
EOF
same_output "rendered values: strings, UInt16/UInt32 ids (low 16 bits), Byte level, FILETIME and SYSTEMTIME, null and missing values, wrong types, cuts"

probe live
is_rc 3 "the live log under wine is an error, not an empty success"
first_line_like "^error=the event log API did not answer \(EvtQuery returned nothing\): .*wevtutil qe Application /f:xml > events.xml and give --xml-file=events.xml$" \
	"the message says the API did not answer and how to use an export instead"
output_lacks "events=" "no event count is printed"

done_testing
