#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# The token cache that check_dirsync_age and check_dirsync_version --graph share, under
# pressure: modes, files it must not trust, 50 checks at once, runs killed with SIGKILL
# at any moment, and entries written or read with a clock far off. Its promises: one
# token request for many runs, never a half-written entry, nothing left that blocks or
# misleads a later run, and never a token kept past its real lifetime.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/sim/lib.sh"
. "$top_srcdir/t/faults/lib.sh"

make_backdated_pki
start_simulator
token_requests() { sim_stats token_requests; }

# --- one token for many runs, modes ----------------------------------------------------
CACHE=$TEST_TMP/basic
sim_reset
cached age fresh.example -v
check_state 0 OK "last sync 12m" "first run with a cache"
output_has "access token from the token endpoint" "the first run asks the token endpoint"
cached age fresh.example -v
check_state 0 OK "last sync 12m" "second run with a cache"
output_has "access token from the token cache" "the second run uses the cached token"
cached version fresh.example -v
check_state 0 OK "Entra Connect 2\.6\.92\.0" "check_dirsync_version --graph with the same cache"
output_has "access token from the token cache" "... uses the token check_dirsync_age cached"
[ "$(token_requests)" = 1 ]
tap_result $? "three runs of two plugins made one token request"
[ "$(stat -c %a "$CACHE")" = 700 ]
tap_result $? "the cache directory is 0700"
modes=$(find "$CACHE" -type f -printf '%m\n' | sort -u)
[ "$modes" = 600 ] && [ -n "$(find "$CACHE" -name '*.lock')" ]
tap_result $? "the entry and its lock file are 0600 ($modes)"
cache_entry_ok "$(entry)"
tap_result $? "the entry is whole: the header, the expiry, a token the service issued"
[ "$(temp_files)" = 0 ]
tap_result $? "no temporary file is left in the cache"
! grep -rqF -- "$SECRET" "$CACHE"
tap_result $? "the secret is not stored in the cache"
# An existing directory is never chmodded: it may be shared on purpose. The run goes on
# without the cache and says why and what to do.
refused_dir() { # mode description
	CACHE=$TEST_TMP/shared-$1
	mkdir "$CACHE" && chmod "$1" "$CACHE"
	cached age fresh.example
	check_state 0 OK "last sync 12m" "$2"
	output_has "token cache not used: token cache directory $CACHE may be used by others (mode $1): run chmod 700 $CACHE, or choose another with --token-cache=DIR" \
		"... is not used, and the output names it and the fix"
	[ "$(stat -c %a "$CACHE")" = "${1#0}" ] && [ -z "$(ls -A "$CACHE")" ]
	tap_result $? "... keeps its mode ${1#0}, and nothing is written into it"
}
refused_dir 0755 "a cache directory of ours that others may read"
refused_dir 0770 "a cache directory of ours that the group may write"
refused_dir 1777 "a sticky, world-writable directory like /tmp"
use_plugin age
run "${PLUGIN[@]}" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$APP" \
	--client-secret-file="$TEST_TMP/secret" -v
check_state 0 OK "last sync 12m" "the default cache directory"
[ -d "$XDG_CACHE_HOME/dirsync-plugins" ] && [ "$(stat -c %a "$XDG_CACHE_HOME/dirsync-plugins")" = 700 ]
tap_result $? "the default cache is \$XDG_CACHE_HOME/dirsync-plugins, 0700"

# --- entries that are not trusted ------------------------------------------------------
CACHE=$TEST_TMP/untrusted
cached age fresh.example
token_file=$(entry)
untrusted() { # description: the next run ignores the entry as prepared, then replaces it
	sim_reset
	cached age fresh.example -v
	check_state 0 OK "last sync 12m" "$1 is ignored"
	[ "$(token_requests)" = 1 ] && cache_entry_ok "$token_file"
	tap_result $? "... a new token is fetched and stored as a whole 0600 entry of ours"
}
chmod 644 "$token_file"
untrusted "an entry others may read (0644)"
chmod 660 "$token_file"
untrusted "an entry the group may write (0660)"
if [ "$(id -u)" = 0 ]; then
	chown nobody "$token_file"
	untrusted "an entry owned by another user"
	mkdir -m 700 "$TEST_TMP/foreign"
	chown nobody "$TEST_TMP/foreign"
	sim_reset
	run "${PLUGIN[@]}" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$APP" \
		--client-secret-file="$TEST_TMP/secret" --token-cache="$TEST_TMP/foreign"
	check_state 0 OK "last sync 12m" "a cache directory owned by another user"
	output_has "token cache not used: token cache directory $TEST_TMP/foreign is owned by uid" \
		"... is not used, and the output says why"
	[ -z "$(ls -A "$TEST_TMP/foreign")" ]
	tap_result $? "... and nothing is written into it"
	CACHE=$TEST_TMP/foreign-lock
	cached age fresh.example
	lock=$(ls "$CACHE"/*.lock)
	rm -f "$CACHE"/*.token
	chown nobody "$lock"
	sim_reset
	cached age fresh.example
	check_state 3 UNKNOWN "token cache lock file $lock is owned by uid [0-9]+, not by this user \(uid 0\): remove it or choose another directory with --token-cache=DIR$" \
		"a lock file owned by another user is refused, naming it and the fix"
	[ "$(token_requests)" = 0 ]
	tap_result $? "... before any token request"
	CACHE=$TEST_TMP/untrusted
else
	tap_skip "an entry owned by another user" "needs root to chown"
	tap_skip "a cache directory owned by another user" "needs root to chown"
	tap_skip "a lock file owned by another user" "needs root to chown"
fi
mv "$token_file" "$TEST_TMP/real.token"
ln -s "$TEST_TMP/real.token" "$token_file"
untrusted "a symbolic link to a valid entry"
[ ! -L "$token_file" ]
tap_result $? "... which is replaced by a file"
printf 'garbage\n' >"$token_file"
chmod 600 "$token_file"
untrusted "a corrupt entry"
head -c 60 "$TEST_TMP/real.token" >"$token_file"
untrusted "half an entry"
# A cached token that Graph refuses is dropped and replaced once.
printf 'dirsync-plugins token cache v1\nexpires_on %s\naccess_token eyJ0eXAiForged\n' \
	$(($(date +%s) + 3000)) >"$token_file"
untrusted "a cached token that Graph refuses"
output_has "Graph refused the cached token; fetching a new one" "... and the output says so"

CACHE=$TEST_TMP/short
sim_reset
cached age shortlived.example
cached age shortlived.example
check_state 0 OK "last sync" "short-lived tokens work"
[ "$(token_requests)" = 2 ]
tap_result $? "a token expiring within 5 minutes is not reused"
sim_reset
for i in 1 2; do
	run "${PLUGIN[@]}" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$APP" \
		--client-secret-file="$TEST_TMP/secret" --token-cache=none
done
[ "$(token_requests)" = 2 ]
tap_result $? "--token-cache=none fetches every time"

# --- 50 checks at once -----------------------------------------------------------------
CACHE=$TEST_TMP/crowd
sim_reset
pids=()
for i in $(seq 1 50); do
	name=age
	[ $((i % 2)) = 0 ] && name=version
	cached_command "$name" fresh.example
	"${CMD[@]}" >"$TEST_TMP/crowd.$name.$i" 2>&1 &
	pids+=($!)
done
wait "${pids[@]}"
right=$(grep -lE '^DIRSYNC (AGE OK - last sync 12m|VERSION OK - Entra Connect 2\.6\.92\.0)' \
	"$TEST_TMP"/crowd.* | wc -l)
[ "$right" = 50 ]
tap_result $? "50 checks started at once all report the right state ($right of 50)"
[ "$(token_requests)" = 1 ]
tap_result $? "50 checks started at once made one token request ($(token_requests))"
cache_entry_ok "$(entry)" && [ "$(temp_files)" = 0 ]
tap_result $? "... and left one whole entry and no temporary file"

# --- runs killed with SIGKILL ----------------------------------------------------------
# While the token is being fetched (the lock is held, the token endpoint is slow).
CACHE=$TEST_TMP/killed-fetch
sim_reset
cached_command age slowlogin.example -t 10
"${CMD[@]}" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 100); do
	[ "$(sim_stats token_requests)" -ge 1 ] && break
	sleep 0.05
done
# The braces also catch bash's note that the job was killed.
{
	kill -9 "$pid"
	wait "$pid"
} 2>/dev/null
lock=$(ls "$CACHE"/*.lock)
[ -z "$(entry)" ] && [ "$(temp_files)" = 0 ] && [ -f "$lock" ] && [ ! -s "$lock" ]
tap_result $? "killed while fetching: no entry, no temporary file, only the empty lock file"
flock -n -x "$lock" true
tap_result $? "... whose lock died with the run"
timed cached age slowlogin.example -t 2
check_state 3 UNKNOWN "timed out after 2 s: requesting a token: 127\.0\.0\.1:$SIM_PORT accepted the request but did not answer" \
	"the next run is not held up by the killed run's lock"
measure_plugin_overhead
within_timeout 2 "the next run after a killed fetch"

# At varied moments of runs that fetch and store a token: the entry is always whole or
# absent, and the next run is right.
CACHE=$TEST_TMP/killed
start_age_and_version() {
	local name
	for name in age version; do
		cached_command "$name" fresh.example
		"${CMD[@]}" >/dev/null 2>&1 &
		pids+=($!)
	done
}
killed_at_moments start_age_and_version 0 0.002 0.005 0.01 0.015 0.02 0.03 0.04 0.06 0.08 0.1 0.15
for name in age version; do
	cached "$name" fresh.example
	check_state 0 OK "($OK_RE)" "$name: the next run after the kills is right"
done
cache_entry_ok "$(entry)"
tap_result $? "... and the cache holds a whole entry"
# What a run killed between creating its temporary file and renaming it leaves behind.
key=$(basename "$(entry)" .token)
printf 'dirsync-plugins token cache v1\nexpires_on 1' >"$CACHE/.$key.Zq81xR"
chmod 600 "$CACHE/.$key.Zq81xR"
rm -f "$(entry)"
cached age fresh.example
check_state 0 OK "last sync 12m" "a run after one killed while writing"
[ "$(temp_files)" = 0 ] && cache_entry_ok "$(entry)"
tap_result $? "... removes the temporary file the killed run left, and stores a whole entry"

# --- a clock far off -------------------------------------------------------------------
if [ "${#FAKETIME_CMD[@]}" = 0 ]; then
	tap_skip "entries written or read with a clock far off" "$FAKETIME_SKIP"
	done_testing
	exit
fi
expires_on() { sed -n 's/^expires_on //p' "$(entry)"; }
clock_run() { # offset [options]: check_dirsync_version --graph with the clock moved
	local offset=$1
	shift
	use_plugin version
	run "${FAKETIME_CMD[@]}" -f "$offset" "${PLUGIN[@]}" "${ENDPOINTS[@]}" --tenant=fresh.example \
		--client-id="$APP" --client-secret-file="$TEST_TMP/secret" --token-cache="$CACHE" "$@"
}
CACHE=$TEST_TMP/clock-ahead
sim_reset
clock_run +3d
check_state 0 OK "Entra Connect 2\.6\.92\.0" "a run with the clock 3 days ahead"
[ "$(expires_on)" -gt $(($(date +%s) + 3 * 86400)) ]
tap_result $? "... stores an entry that seems to live 3 more days"
cached version fresh.example -v
check_state 0 OK "Entra Connect 2\.6\.92\.0" "a run with the right clock after it"
output_has "access token from the token endpoint" "... does not trust the entry"
[ "$(token_requests)" = 2 ] && cache_entry_ok "$(entry)"
tap_result $? "... and replaces it with one that expires with the token"

CACHE=$TEST_TMP/clock-read-ahead
sim_reset
cached version fresh.example
clock_run +3d -v
check_state 0 OK "Entra Connect 2\.6\.92\.0" "a run with the clock 3 days ahead after a right one"
output_has "access token from the token endpoint" "... finds the entry expired and fetches a token"
cached version fresh.example -v
output_has "access token from the token endpoint" "the next run with the right clock fetches again"
[ "$(token_requests)" = 3 ] && cache_entry_ok "$(entry)"
tap_result $? "... and stores a whole entry"

CACHE=$TEST_TMP/clock-behind
sim_reset
cached version fresh.example
clock_run -2d -v
check_state 0 OK "Entra Connect 2\.6\.92\.0" "a run with the clock 2 days behind after a right one"
output_has "access token from the token endpoint" "... does not trust an entry that outlives any token"
clock_run -2d -v
output_has "access token from the token cache" "... but reuses the one it stored"
cached version fresh.example -v
output_has "access token from the token endpoint" "the next run with the right clock fetches again"
[ "$(token_requests)" = 3 ] && cache_entry_ok "$(entry)"
tap_result $? "... and stores a whole entry"

done_testing
