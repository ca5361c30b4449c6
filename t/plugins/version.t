#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_version natively: --installed-version for every generation and the
# support boundaries, --graph against the simulator, and the bad-input paths.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/sim/lib.sh"
P="$top_builddir/plugins/check_dirsync_version"

version() { run "$P" --installed-version="$1" "${@:2}"; }

# faketime moves the plugin's clock (AddressSanitizer wants its runtime first among the
# libraries, faketime preloads its own); empty where it is missing or does not work.
FAKETIME_CMD=()
if command -v faketime >/dev/null; then
	FAKETIME_CMD=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" faketime)
	"${FAKETIME_CMD[@]}" -f +1d "$P" --version 2>/dev/null | grep -q "^${P##*/} " || FAKETIME_CMD=()
fi

# The state of a build that retires on a date, by the default -w 60 / -c 0.
state_for() { # YYYY-MM-DD -> "rc STATE days"
	local today days
	today=$(date -u +%F)
	days=$((($(date -u -d "$1" +%s) - $(date -u -d "$today" +%s)) / 86400))
	if [ "$days" -lt 0 ]; then
		echo "2 CRITICAL $days"
	elif [ "$days" -lt 60 ]; then
		echo "1 WARNING $days"
	else
		echo "0 OK $days"
	fi
}

version 2.6.92.0
check_state 0 OK "Entra Connect 2.6.92.0 is supported" "the newest build is OK"
stderr_empty "nothing on stderr"

read -r rc state days <<<"$(state_for 2027-02-02)"
version 2.5.190.0
check_state "$rc" "$state" "Entra Connect 2.5.190.0 (retires 2027-02-02 \($days days\)|retired).*upgrade to 2.6.92.0.* \| support_days_left=$days;60:;0:$" \
	"2.5.190.0 by its end of support ($days days left)"
if [ "$days" -ge 0 ]; then
	version 2.5.190.0 -w $((days + 1)) -c 0
	check_state 1 WARNING "Entra Connect 2.5.190.0 retires 2027-02-02" "-w above the days left warns"
	version 2.5.190.0 -w $((days + 5)) -c $((days + 1))
	check_state 2 CRITICAL "Entra Connect 2.5.190.0 retires" "-c above the days left is critical"
fi
read -r rc state days <<<"$(state_for 2026-10-23)"
version 2.5.79.0
check_state "$rc" "$state" "Entra Connect 2.5.79.0 retired on 2026-10-23" "2.5.79.0 has retired"

version 2.5.78.0
check_state 2 CRITICAL "Entra Connect 2.5.78.0 no longer syncs since 2026-09-30 \(builds below 2.5.79.0\): upgrade to 2.6.92.0" \
	"a build below the minimum no longer syncs"
version 2.4.18.0 -w 0 -c 0
check_state 2 CRITICAL "Entra Connect 2.4.18.0 no longer syncs" "thresholds cannot lift a build below the minimum"
version 1.6.16.0
check_state 2 CRITICAL "Azure AD Connect 1.x 1.6.16.0 no longer syncs \(since 2023-10-01\)" "Connect 1.x"
version 1.0.494.0501
check_state 2 CRITICAL "Azure AD Sync 1.0.494.0501 no longer syncs" "Azure AD Sync"
version 1.0.7020.0
check_state 2 CRITICAL "DirSync 1.0.7020.0 no longer syncs" "DirSync"
version 0.9.1.0
check_state 2 CRITICAL "0.9.1.0 is older than every known" "a build older than the table"
version 2.6.2.0 -v
check_state 0 OK "Entra Connect 2.6.2.0" "a build between known ones"
output_has "judged as 2.6.1.0" "... is judged by the newest known build below it"
version 2.7.0.0
check_state 0 OK "Entra Connect 2.7.0.0 is newer than the newest known build 2.6.92.0" "a build beyond the table"

usage() { # description expected args...
	local what=$1 expected=$2
	shift 2
	run "$P" "$@"
	check_state 3 UNKNOWN "$expected" "$what"
}
usage "letters" "invalid version 'abc'" --installed-version=abc
usage "two parts" ".*2\.6.*four" --installed-version=2.6
usage "a letter part" "invalid version '2.6.x.0'" --installed-version=2.6.x.0
usage "overlong" "invalid version" --installed-version=2.6.92.0.1.2.3
usage "two sources" "choose one source" --installed-version=2.6.92.0 --graph
usage "critical above warning" "critical \(30 days\) is larger than warning \(10 days\)" --installed-version=2.6.92.0 -w 10 -c 30
usage "bad days" "invalid warning 'soon'" --installed-version=2.6.92.0 -w soon
usage "bad absent state" "invalid absent-state 'gone'" --installed-version=2.6.92.0 --absent-state=gone
usage "no source off Windows" "the installed sync tool can only be read on Windows: use --installed-version" 
printf 'as-of: 2026-11-25\nminimum: 2.5.79.0 since 2026-09-30\n2.6.92.0 | connect9 | 2026-09-23 | TBD | - | MS\n' >"$TEST_TMP/bad.txt"
run "$P" --installed-version=2.6.92.0 --releases="$TEST_TMP/bad.txt"
check_state 3 UNKNOWN ".*bad.txt, line 3" "a malformed release table names the line"
run "$P" --installed-version=2.6.92.0 --releases="$TEST_TMP/missing.txt"
check_state 3 UNKNOWN ".*missing.txt" "a missing release table"
run "$P" --installed-version=2.6.92.0 --releases="$top_srcdir/data/sync-releases.txt"
check_state 0 OK "Entra Connect 2.6.92.0" "the shipped table file"

# The table's age (the built-in table is as of 2026-11-25) is in the long output and never
# changes the state; past 180 days a newer build than the newest known may exist.
if [ "${#FAKETIME_CMD[@]}" = 0 ]; then
	for what in "7 days old" "188 days old" "not for an older build" "a year on"; do
		tap_skip "table age: $what" "faketime is missing or does not work with this plugin"
	done
else
	run "${FAKETIME_CMD[@]}" '2026-12-02 12:00:00' "$P" --installed-version=2.6.92.0
	check_state 0 OK "Entra Connect 2.6.92.0 is supported" "table age: 7 days old"
	output_has "release table as of 2026-11-25, 7 days old (built-in table; row source: " \
		"the long output says how old the table is"
	output_lacks "a newer build may exist" "a 7-day-old table says nothing more"
	run "${FAKETIME_CMD[@]}" '2027-06-01 12:00:00' "$P" --installed-version=2.6.92.0
	check_state 0 OK "Entra Connect 2.6.92.0 is supported" "table age: 188 days old"
	output_has "release table as of 2026-11-25, 188 days old" "188 days old"
	output_has "a newer build may exist: update the plugin or pass --releases" \
		"a table over 180 days old: the newest known build may not be the newest"
	run "${FAKETIME_CMD[@]}" '2027-06-01 12:00:00' "$P" --installed-version=2.5.190.0
	check_state 2 CRITICAL "Entra Connect 2.5.190.0 retired on 2027-02-02" "table age: not for an older build"
	output_lacks "a newer build may exist" "an older build already names its upgrade"
	run "${FAKETIME_CMD[@]}" -f +400d "$P" --installed-version=2.7.0.0
	check_state 0 OK "Entra Connect 2.7.0.0 is newer than the newest known build" "table age: a year on"
	output_has "a newer build may exist" "a build beyond an old table"
fi

# --graph: the build the cloud last saw, through the same credentials as check_dirsync_age.
# Its faults, the token cache and secret leaks are tested in t/faults/.
start_simulator
printf '%s\n' "$SECRET" >"$TEST_TMP/secret"
graph() { # tenant [options]
	local tenant=$1
	shift
	run "$P" --graph --authority-host="$BASE" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" \
		--tenant="$tenant" --client-id="$APP" --client-secret-file="$TEST_TMP/secret" \
		--token-cache="$TEST_TMP/cache" "$@"
}
graph fresh.example -vv
check_state 0 OK "Entra Connect 2.6.92.0 is supported" "--graph reads the client version"
output_has "SYNC01-FRESH" "--graph names the sync server"
output_has "Microsoft Graph" "the long output names the source"
read -r rc state days <<<"$(state_for 2027-02-02)"
graph stale.example
check_state "$rc" "$state" "Entra Connect 2.5.190.0" "--graph with a build that retires soon"
graph verystale.example
check_state 2 CRITICAL "Azure AD Connect 1.x 1.6.16.0 no longer syncs" "--graph with Connect 1.x"
graph password.example
check_state 2 CRITICAL "Entra Connect 2.4.18.0 no longer syncs since 2026-09-30" "--graph with a build below the minimum"
graph single.example
check_state 0 OK "Entra Connect 2.6.92.0" "--graph accepts a bare object"
graph null.example
check_state 3 UNKNOWN "Graph reports no sync client version" "--graph without a version"
graph nosuchtenant.example
check_state 3 UNKNOWN "tenant nosuchtenant.example was not found \(AADSTS90002\)" "--graph with an unknown tenant"
run "$P" --graph --tenant=x --client-id="$APP"
check_state 3 UNKNOWN "no credential" "--graph without a credential"

run "$P" --help
is_rc 3 "--help"
for option in --installed-version --local --graph --warning --critical --releases \
	--absent-state --tenant --client-secret-file --certificate --managed-identity "2.5.79.0"; do
	output_has "$option" "--help mentions $option"
done

done_testing
