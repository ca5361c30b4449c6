#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_event.exe reading the live log (lib/event/log_win.c) under wine64, through
# a test-double wevtapi.dll (t/wine/fake_wevtapi.c) built here and placed next to a copy
# of the .exe in a folder of its own: wine loads it instead of its stub there, and only
# there (event_plugin.t still sees the stub). Each case writes the fake's control file;
# the fake logs every EvtQuery and the handles left open when the process ends.
. "$top_srcdir/t/lib.sh"
LIVE="$TEST_TMP/live"
mkdir -p "$LIVE"
cp "$top_builddir/plugins/check_dirsync_event.exe" "$LIVE/" || exit 99
# Built while wine boots.
$CC -std=c11 -O2 -Wall -Wextra -shared -o "$LIVE/wevtapi.dll" \
	"$top_srcdir/t/wine/fake_wevtapi.c" "$top_srcdir/t/wine/fake_wevtapi.def" \
	>"$TEST_TMP/build.log" 2>&1 &
build=$!
. "$top_srcdir/t/wine/lib.sh"
wait $build || { sed 's/^/# /' "$TEST_TMP/build.log"; echo "Bail out! cannot build the fake wevtapi.dll"; exit 99; }
# The deadline cases compare run times with a run's start-up cost: both need a warm server.
keep_wineserver || { echo "Bail out! cannot keep a wineserver running"; exit 99; }

CONTROL="$LIVE/control"
LOG="$LIVE/fake.log"
export FAKE_WEVTAPI_CONTROL="Z:$CONTROL" FAKE_WEVTAPI_LOG="Z:$LOG"
NOW=$(date +%s)
SEED="This version of the Microsoft Online Services Directory Sync tool is no longer supported."
DS="Directory Synchronization"
DEFAULT_XPATH="*[System[(Provider[@Name='$DS']) and (EventID=0 or EventID=109) and TimeCreated[timediff(@SystemTime) <= 86400000]]]"
leaky_runs=''
live_runs=0

# live ARGS...: runs the .exe with the control lines on standard input.
live() {
	cat >"$CONTROL"
	rm -f "$LOG"
	run "$WINE" "$LIVE/check_dirsync_event.exe" "$@"
	live_runs=$((live_runs + 1))
	grep -Fxq "open handles: none" "$LOG" 2>/dev/null || leaky_runs="$leaky_runs [$*: $(grep '^open handles' "$LOG" 2>/dev/null)]"
}
# Timed the same way, for the deadline cases. A run that the watchdog ended writes no
# handle line (the process is terminated; Windows closes what it had open): not a leak.
timed_live() {
	cat >"$CONTROL"
	rm -f "$LOG"
	timed run "$WINE" "$LIVE/check_dirsync_event.exe" "$@"
	live_args=("$@")
	live_runs=$((live_runs + 1))
	if ! grep -q '^open handles' "$LOG" 2>/dev/null && [[ $line1 == *" - timed out after "* ]]; then
		return
	fi
	grep -Fxq "open handles: none" "$LOG" 2>/dev/null || leaky_runs="$leaky_runs [$*: $(grep '^open handles' "$LOG" 2>/dev/null)]"
}
# The last timed_live case once more, with the same control file (within_timeout's RETIME).
timed_live_again() {
	rm -f "$LOG"
	timed run "$WINE" "$LIVE/check_dirsync_event.exe" "${live_args[@]}"
}
xpath_is() { # expected description
	local got
	got=$(sed -n 's/^EvtQuery channel=Application flags=0x201 xpath=//p' "$LOG")
	[ "$got" = "$1" ]
	tap_result $? "$2: the XPath (got: $got)"
}
# --- the default check and the filter --------------------------------------------------
live <<EOF
event=ADSync|6100|4|$((NOW - 30))|The management agent completed run profile "Delta Import".
event=$DS|109|2|$((NOW - 60))|$SEED
event=$DS|109|2|$((NOW - 90000))|$SEED
EOF
check_state 2 CRITICAL "1 event 109 from $DS in the last 24h, newest .*: \"This version of the Microsoft" \
	"the default check finds Event 109 from $DS"
output_has "id 109  $DS  $SEED" "the long output has the formatted message"
grep -Fxq "EvtQuery channel=Application flags=0x201 xpath=$DEFAULT_XPATH" "$LOG"
tap_result $? "one EvtQuery of the Application channel, newest first, with the default XPath"
[ "$(grep -c '^EvtQuery' "$LOG")" = 1 ]
tap_result $? "exactly one query"

live --provider="O'Neil Sync" --id=7 <<EOF
event=O'Neil Sync|7|3|$((NOW - 10))|quota nearly reached
event=$DS|7|3|$((NOW - 20))|quota nearly reached
EOF
check_state 2 CRITICAL "1 event 7 from O'Neil Sync in the last 24h" "--provider with an apostrophe"
xpath_is "*[System[(Provider[@Name=\"O'Neil Sync\"]) and (EventID=7) and TimeCreated[timediff(@SystemTime) <= 86400000]]]" \
	"--provider with an apostrophe is quoted with double quotes"

live --id=611,652-655 <<EOF
event=$DS|611|2|$((NOW - 10))|password sync failed
event=$DS|653|2|$((NOW - 20))|export failed
event=$DS|656|2|$((NOW - 30))|outside the range
event=$DS|109|2|$((NOW - 40))|$SEED
EOF
check_state 2 CRITICAL "2 events: 611 ×1, 653 ×1 from $DS" "--id with a list and a range"
xpath_is "*[System[(Provider[@Name='$DS']) and (EventID=611 or (EventID >= 652 and EventID <= 655)) and TimeCreated[timediff(@SystemTime) <= 86400000]]]" \
	"--id=611,652-655"

live --id=611 --level=critical,warning -w 0 -c 1 <<EOF
event=$DS|611|1|$((NOW - 10))|critical one
event=$DS|611|2|$((NOW - 20))|an error
event=$DS|611|3|$((NOW - 30))|a warning
EOF
check_state 2 CRITICAL "2 events 611 from $DS" "--level keeps levels 1 and 3"
xpath_is "*[System[(Provider[@Name='$DS']) and (EventID=611) and (Level=1 or Level=3) and TimeCreated[timediff(@SystemTime) <= 86400000]]]" \
	"--level=critical,warning"

live --since=30m <<EOF
event=$DS|109|2|$((NOW - 600))|$SEED
event=$DS|109|2|$((NOW - 3600))|$SEED
EOF
check_state 2 CRITICAL "1 event 109 from $DS in the last 30m" "--since=30m leaves out the older event"
xpath_is "*[System[(Provider[@Name='$DS']) and (EventID=0 or EventID=109) and TimeCreated[timediff(@SystemTime) <= 1800000]]]" \
	"--since=30m"

live --id=611 --message=DC02 <<EOF
event=$DS|611|2|$((NOW - 10))|Password hash synchronization failed for DC01
event=$DS|611|2|$((NOW - 20))|Password hash synchronization failed for dc02
EOF
check_state 2 CRITICAL "1 event 611 from $DS.*dc02" "--message matches the formatted message, ignoring case"
xpath_is "*[System[(Provider[@Name='$DS']) and (EventID=611) and TimeCreated[timediff(@SystemTime) <= 86400000]]]" \
	"--message is tested on the results, not in the XPath"

# --- long messages: the whole of them is searched, only the start is kept -------------
# A PowerShell 4104 script block of about 5 300 characters whose match is at its end, far
# past the kilobyte kept for the output.
PS=Microsoft-Windows-PowerShell
FILLER=$(printf 'Write-Output line%04d; ' $(seq 1 240))
live --provider=$PS --id=4104 --message=invoke-mimikatz <<EOF
event=$PS|4104|3|$((NOW - 10))|Creating Scriptblock text (1 of 1): ${FILLER}Invoke-Mimikatz -DumpCreds
event=$PS|4104|3|$((NOW - 20))|Creating Scriptblock text (1 of 1): ${FILLER}Get-Date
EOF
check_state 2 CRITICAL "1 event 4104 from $PS .*: \"Creating Scriptblock text" \
	"--message matches at the end of a 5 300-character formatted message"
output_lacks "DumpCreds" "only the start of the long message is shown"
live --provider=$PS --id=4104 --message=invoke-mimikatz <<EOF
metadata=none
event=$PS|4104|3|$((NOW - 10))|unused|1|1|${FILLER}Invoke-Mimikatz -DumpCreds
EOF
check_state 2 CRITICAL "1 event 4104 from $PS .*: \"1 1 Write-Output line0001;" \
	"no message table: --message matches at the end of a 5 300-character insertion string"
live --provider=$PS --id=4104 --message=invoke-mimikatz <<EOF
event=$PS|4104|3|$((NOW - 10))|Creating Scriptblock text (1 of 1): ${FILLER}Invoke-Mimi katz
EOF
check_state 0 OK "no event 4104 from $PS" "a long message without the --message text is not a match"

# --- many events over many EvtNext calls ------------------------------------------------
live -vv <<EOF
batch=7
generate=5000|$DS|109|2|$((NOW - 120))|$SEED
EOF
check_state 2 CRITICAL "5000 events 109 from $DS" "5 000 events are counted exactly"
output_has "read Application: 5000 events, 5000 matched" "-vv says 5000 read, 5000 matched"
grep -Fxq "EvtNext calls=716 delivered=5000" "$LOG"
tap_result $? "in 715 batches of at most 7 and a last empty call ($(grep '^EvtNext' "$LOG"))"

# --- messages: publisher metadata and EvtFormatMessage ----------------------------------
live <<EOF
metadata=none
event=$DS|109|2|$((NOW - 60))|$SEED|This version of the tool|is no longer supported.
EOF
check_state 2 CRITICAL "1 event 109 .*: \"This version of the tool is no longer supported.\"" \
	"no publisher metadata: the insertion strings joined"
live <<EOF
format_error=15027
event=$DS|109|2|$((NOW - 60))|$SEED|inserted|is no longer supported
EOF
check_state 2 CRITICAL "1 event 109 .*: \"inserted is no longer supported\"" \
	"EvtFormatMessage 15027 (no message): the insertion strings"
for code in 15029 15030 15031; do
	live <<EOF
format_error=$code
event=$DS|109|2|$((NOW - 60))|%1 is no longer supported.|inserted
EOF
	check_state 2 CRITICAL "1 event 109 .*: \"%1 is no longer supported.\"" \
		"EvtFormatMessage $code still fills the buffer: that message is used"
done

# --- errors: UNKNOWN with the sentence, never OK ----------------------------------------
live <<<"query_error=5"
check_state 3 UNKNOWN "access to the Application log is denied: run the plugin as a user in Event Log Readers" \
	"EvtQuery access denied (5)"
live <<<"query_error=15007"
check_state 3 UNKNOWN "no event log named Application on this host \(wevtutil el lists them\)" \
	"EvtQuery no such channel (15007)"
live --log=Nosuch <<<"query_error=15007"
check_state 3 UNKNOWN "no event log named Nosuch on this host" "--log reaches EvtQuery"
grep -q '^EvtQuery channel=Nosuch ' "$LOG"
tap_result $? "--log=Nosuch is the channel queried"
live <<<"query_error=15001"
check_state 3 UNKNOWN "the event filter is invalid \(XPath \*\[System\[\(Provider" "EvtQuery bad query (15001)"
live <<<"query_error=0"
check_state 3 UNKNOWN "the event log API did not answer" "EvtQuery NULL with GetLastError() 0, as wine's stub"
live <<EOF
next_error=1726
next_error_after=3
generate=10|$DS|109|2|$((NOW - 60))|$SEED
EOF
check_state 3 UNKNOWN "reading the Application log failed \(error 1726\)" "EvtNext fails after 3 events"
live <<EOF
next_error=5
next_error_after=2
generate=10|$DS|109|2|$((NOW - 60))|$SEED
EOF
check_state 3 UNKNOWN "access to the Application log is denied" "EvtNext access denied after 2 events"
live <<EOF
next_error=15001
event=$DS|109|2|$((NOW - 60))|$SEED
EOF
check_state 3 UNKNOWN "the event filter is invalid" "EvtNext bad query on the first fetch"
live -t 2 <<EOF
next_error=1460
event=$DS|109|2|$((NOW - 60))|$SEED
EOF
check_state 3 UNKNOWN "timed out after 2 s: reading the Application log \(0 events read\)" \
	"EvtNext ERROR_TIMEOUT: timed out"
live <<EOF
render_error=13
render_error_after=1
generate=3|$DS|109|2|$((NOW - 60))|$SEED
EOF
check_state 3 UNKNOWN "cannot render an event of the Application log \(error 13\)" "EvtRender fails"

# --- the deadline -----------------------------------------------------------------------
live <<<"query_error=5"
measure_overhead "$WINE" "$LIVE/check_dirsync_event.exe"
timed_live -t 2:warning <<EOF
next_delay_ms=5000
event=$DS|109|2|$((NOW - 60))|$SEED
EOF
check_state 1 WARNING "timed out after 2 s: reading the Application log" "a slow EvtNext ends in the -t state"
RETIME=timed_live_again within_timeout 2 "a slow EvtNext"
# EvtNext's own timer may fire a little before the plugin's clock says the deadline has
# passed: the reader's timed-out error must still choose the -t state.
for i in 1 2 3; do
	timed_live -t 1:critical <<EOF
next_error=1460
next_timeout_early_ms=40
event=$DS|109|2|$((NOW - 60))|$SEED
EOF
	check_state 2 CRITICAL "timed out after 1 s: reading the Application log" \
		"EvtNext ERROR_TIMEOUT a little early with -t 1:critical (run $i)"
done
# A slow message DLL: the deadline is checked before each event of a batch, so a run
# overstays -t by at most the event being formatted when it passed (for the first one,
# EvtFormatMessage is called twice: for the size, then for the text).
timed_live -t 2:critical <<EOF
format_delay_ms=1500
generate=4|$DS|109|2|$((NOW - 60))|$SEED
EOF
check_state 2 CRITICAL "timed out after 2 s: reading the Application log" \
	"1.5 s per EvtFormatMessage, 4 events in one batch: the -t state"
RETIME=timed_live_again within_timeout 2 \
	"a 1.5 s EvtFormatMessage overstays -t 2 by one event at most" 1500
timed_live -t 2:critical <<EOF
format_delay_ms=800
generate=6|$DS|109|2|$((NOW - 60))|$SEED
EOF
check_state 2 CRITICAL "timed out after 2 s: reading the Application log" \
	"0.8 s per EvtFormatMessage, 6 events in one batch: the -t state"
RETIME=timed_live_again within_timeout 2 "a slow EvtFormatMessage"

# --- the order of events logged in the same second --------------------------------------
live --id=611 <<EOF
event=$DS|611|2|$((NOW - 60))|second of the two
event=$DS|611|2|$((NOW - 60))|first of the two
event=$DS|611|2|$((NOW - 61))|the one before
EOF
check_state 2 CRITICAL "3 events 611 from $DS .*: \"second of the two\"" \
	"the live log is read newest first: of two events in one second the first read is the newest"
sed -n 2,4p "$TEST_TMP/stdout" | sed 's/.*  //' >"$TEST_TMP/order"
printf '%s\n' "second of the two" "first of the two" "the one before" | diff - "$TEST_TMP/order" >/dev/null
tap_result $? "the long output lists them newest first"

[ -z "$leaky_runs" ]
tap_result $? "no handle is left open in any of the $live_runs runs$leaky_runs"

done_testing
