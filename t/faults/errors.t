#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_errors and the token cache it shares with the other cloud checks, under
# pressure: 50 scans started at once make one token request, and a scan killed with
# SIGKILL between two pages leaves nothing that blocks or misleads the next run.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/sim/lib.sh"
. "$top_srcdir/t/faults/lib.sh"

start_simulator

# errs_command TENANT [options]: CMD, the errors check through the cache $CACHE.
errs_command() { cached_command errors "$@"; }
errs() { cached errors "$@"; }

# --- 50 scans at once ------------------------------------------------------------------
# A small tenant (3 pages a run) keeps the load on the simulator low; what matters is
# that all 50 want a token at the same moment.
CACHE=$TEST_TMP/crowd
sim_reset
pids=()
for i in $(seq 1 50); do
	errs_command errorsmixed.example
	"${CMD[@]}" >"$TEST_TMP/crowd.$i" 2>&1 &
	pids+=($!)
done
wait "${pids[@]}"
right=$(grep -l '^DIRSYNC ERRORS WARNING - 3 objects do not sync (2 users, 1 group): bob@contoso\.com .*| errors=3;0;;0 users=2 groups=1 contacts=0$' \
	"$TEST_TMP"/crowd.* | wc -l)
[ "$right" = 50 ]
tap_result $? "50 scans started at once all report the 3 objects in error ($right of 50)"
tokens=$(sim_stats token_requests)
[ "$tokens" = 1 ]
tap_result $? "50 scans started at once with one --token-cache made one token request ($tokens)"
lists=$(sim_stats directory_requests)
[ "$lists" = 150 ]
tap_result $? "... and each read its 3 pages ($lists list requests)"
cache_entry_ok "$(entry)" && [ "$(temp_files)" = 0 ]
tap_result $? "... and left one whole entry and no temporary file"

# --- a scan killed with SIGKILL --------------------------------------------------------
# errorsslow answers each page after a second: the run is killed while it waits for its
# second page, long after it fetched and stored its token.
CACHE=$TEST_TMP/killed
sim_reset
errs_command errorsslow.example --type=user -t 20
"${CMD[@]}" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 100); do
	[ "$(sim_stats directory_requests)" -ge 2 ] && break
	sleep 0.05
done
[ "$(sim_stats directory_requests)" -ge 2 ] && kill -0 "$pid" 2>/dev/null
tap_result $? "the run is scanning (page 2 requested) when it is killed"
# The braces also catch bash's note that the job was killed.
{
	kill -9 "$pid"
	wait "$pid"
} 2>/dev/null
lock=$(ls "$CACHE"/*.lock)
cache_entry_ok "$(entry)" && [ "$(temp_files)" = 0 ] && flock -n -x "$lock" true
tap_result $? "killed while scanning: one whole entry, no temporary file, no lock held"
errs errorsslow.example --type=group,contact -v
check_state 0 OK "no object is refused by the cloud \(0 groups and 0 contacts read\) \| errors=0;0;;0 groups=0 contacts=0$" \
	"the next run is right"
output_has "access token from the token cache" "... with the token the killed run stored"
[ "$(sim_stats token_requests)" = 1 ] && [ "$(temp_files)" = 0 ] && cache_entry_ok "$(entry)"
tap_result $? "... no new token request, and still no temporary file"

# Killed at varied moments of a cold run (the token fetched and stored, then 3 pages):
# whatever the moment, the entry is whole or absent and the next run is right.
CACHE=$TEST_TMP/killed-cold
start_scan() {
	errs_command errorsmixed.example
	"${CMD[@]}" >/dev/null 2>&1 &
	pids+=($!)
}
killed_at_moments start_scan 0 0.005 0.01 0.02 0.04 0.08 0.15
errs errorsmixed.example
check_state 1 WARNING "3 objects do not sync \(2 users, 1 group\): bob@contoso\.com .*\| errors=3;0;;0 users=2 groups=1 contacts=0$" \
	"the next run after the kills is right"
[ "$(temp_files)" = 0 ] && cache_entry_ok "$(entry)"
tap_result $? "... and the cache holds a whole entry and no temporary file"

done_testing
