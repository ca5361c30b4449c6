#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
#
# -t is a guarantee: a step that blocks (here the open(2) of a FIFO that nobody writes,
# as a hung network share would) is ended by the watchdog shortly after the deadline,
# with the plugin's own line naming the step and the state -t chose. Each run must end
# within -t + 1 s, plus the start-up and exit cost measured beside it (within_timeout).
. "$top_srcdir/t/lib.sh"

B=$top_builddir/plugins
FIFO=$TEST_TMP/fifo
mkfifo "$FIFO"
CLOUD=(--tenant=contoso.example --client-id=5f6e1c2a-7b3d-4e8f-9a0b-1c2d3e4f5a6b
	--authority-host=https://127.0.0.1:9 --graph-url=https://127.0.0.1:9 --token-cache=none)

# blocked CHECK STEP-RE DESCRIPTION COMMAND...: the command hangs on the FIFO; it must end
# UNKNOWN with "timed out after 2 s: STEP", and CRITICAL with -t 2:critical.
blocked() {
	local check=$1 step=$2 what=$3 plugin=$4
	shift 4
	measure_overhead "$plugin" --version
	for timeout in 2 2:critical; do
		local state=UNKNOWN code=3
		[ "$timeout" = 2:critical ] && state=CRITICAL code=2
		timed run "$plugin" "$@" -t "$timeout"
		check_state "$code" "$state" "timed out after 2 s: $step$" "$what (-t $timeout)"
		[ "$(wc -l <"$TEST_TMP/stdout")" = 1 ]
		tap_result $? "$what (-t $timeout): one status line"
		RETIME=timed_again within_timeout 2 "$what (-t $timeout)"
	done
}

blocked VERSION 'reading the release table' '--releases=FIFO' \
	"$B/check_dirsync_version" --installed-version=2.5.190.0 --releases="$FIFO"
blocked OS 'reading the --extra-opts file' '--extra-opts=a@FIFO' \
	"$B/check_dirsync_os" --extra-opts="a@$FIFO"
blocked AGE 'reading the credential files' '--client-secret-file=FIFO (age)' \
	"$B/check_dirsync_age" "${CLOUD[@]}" --client-secret-file="$FIFO"
blocked VERSION 'reading the credential files' '--client-secret-file=FIFO (version)' \
	"$B/check_dirsync_version" --graph "${CLOUD[@]}" --client-secret-file="$FIFO"
blocked AGE 'getting a token and asking Microsoft Graph' '--certificate=FIFO' \
	"$B/check_dirsync_age" "${CLOUD[@]}" --certificate="$FIFO"
blocked VERSION 'getting a token and asking Microsoft Graph' '--federated-token-file=FIFO' \
	"$B/check_dirsync_version" --graph "${CLOUD[@]}" --federated-token-file="$FIFO"
blocked EVENT 'reading the event export' '--xml-file=FIFO' \
	"$B/check_dirsync_event" --xml-file="$FIFO"

# A scan that did not finish is no all-clear: check_dirsync_errors with -t 2:ok ends
# UNKNOWN, the watchdog's line too.
measure_overhead "$B/check_dirsync_errors" --version
timed run "$B/check_dirsync_errors" "${CLOUD[@]}" --client-secret-file="$FIFO" -t 2:ok
check_state 3 UNKNOWN "timed out after 2 s: reading the credential files$" \
	"--client-secret-file=FIFO (errors) (-t 2:ok)"
RETIME=timed_again within_timeout 2 "--client-secret-file=FIFO (errors) (-t 2:ok)"
timed run "$B/check_dirsync_errors" --extra-opts="a@$FIFO" -t 2:ok
check_state 3 UNKNOWN "timed out after 2 s: reading the --extra-opts file$" \
	"--extra-opts=a@FIFO (errors) (-t 2:ok, before the options are read)"
RETIME=timed_again within_timeout 2 "--extra-opts=a@FIFO (errors) (-t 2:ok)"

# Standard input that stays open and silent, as from an export job that hangs: a pipe
# whose writer (this shell, through a read-write descriptor) never writes.
mkfifo "$TEST_TMP/silent"
exec {silent}<>"$TEST_TMP/silent"
silent_run() {
	timed run "$B/check_dirsync_event" --xml-file=- -t "$timeout" <"$TEST_TMP/silent"
}
for timeout in 2 2:critical; do
	state=UNKNOWN code=3
	[ "$timeout" = 2:critical ] && state=CRITICAL code=2
	measure_overhead "$B/check_dirsync_event" --version
	silent_run
	check_state "$code" "$state" "timed out after 2 s: reading the event export$" \
		"--xml-file=- from a silent pipe (-t $timeout)"
	RETIME=silent_run within_timeout 2 "--xml-file=- from a silent pipe (-t $timeout)"
done
exec {silent}>&-

# One <Event> with 80 000 attributes, which libxml2 checked for duplicates in quadratic
# time (13 s: only the watchdog ended it): expat checks them in linear time, so the
# event is read well within -t.
awk 'BEGIN {
	printf "<Events><Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\""
	for (i = 0; i < 80000; i++) printf " a%d=\"x\"", i
	printf "><System><Provider Name=\"Directory Synchronization\"/><EventID>109</EventID>"
	printf "<Level>2</Level><TimeCreated SystemTime=\"2026-12-01T00:00:00Z\"/></System></Event></Events>\n"
}' >"$TEST_TMP/attributes.xml"
measure_overhead "$B/check_dirsync_event" --version
timed run "$B/check_dirsync_event" --xml-file="$TEST_TMP/attributes.xml" --since=36500d -t 2
check_state 0 OK "no event 0, 109 from Directory Synchronization .*\(1 event read\)" \
	"an event with 80 000 attributes is read (it has no message to match)"
RETIME=timed_again within_timeout 2 "an event with 80 000 attributes"

# A run that ends in time prints its own verdict and nothing from the watchdog, even when
# it ends just before the deadline.
timed run "$B/check_dirsync_os" --arch-only -t 1
[ "$rc" != 2 ] && [ "$(wc -l <"$TEST_TMP/stdout")" -ge 1 ] && ! grep -q 'timed out' "$TEST_TMP/stdout"
tap_result $? "a run that ends in time prints its verdict only"

done_testing
