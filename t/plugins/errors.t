#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_errors against the Graph + identity simulator on loopback HTTPS: objects
# the cloud refuses (onPremisesProvisioningErrors) in users, groups and contacts, paging
# over 10 000 objects, errors that come and go, throttling and the deadline mid-scan, a
# paging link to another host, a missing permission, usage errors and secrets.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/sim/lib.sh"
P="$top_builddir/plugins/check_dirsync_errors"

start_simulator
sim_client_environment

# errs TENANT [options]: the plugin with the client secret file and a token cache.
errs() {
	local tenant=$1
	shift
	run "$P" "${ENDPOINTS[@]}" --tenant="$tenant" --client-id="$APP" \
		--client-secret-file="$TEST_TMP/secret" --token-cache="$TEST_TMP/cache" "$@"
}

sim_errors() { # users=N&groups=M&contacts=K for the errorschanging tenant
	curl -s -o /dev/null --cacert "$SIM_PKI/ca.pem" -X POST "$BASE/_sim/errors?$1"
}

# --- states and each type ------------------------------------------------------------
errs errorsnone.example
check_state 0 OK "no object is refused by the cloud \(5 users, 2 groups and 1 contact read\) \| errors=0;0;;0 users=0 groups=0 contacts=0$" \
	"no object in error is OK with the counts read"
stderr_empty "nothing on stderr"
errs errorsmixed.example
check_state 1 WARNING "3 objects do not sync \(2 users, 1 group\): bob@contoso.com ProxyAddress smtp:bob@contoso.com taken by another object \| errors=3;0;;0 users=2 groups=1 contacts=0$" \
	"users and a group in error: WARNING naming the first"
output_has "user alice@contoso.com: UserPrincipalName alice@contoso.com taken by another object since 2026-11-20 10:00:00 UTC" \
	"the long output lists a UPN conflict with its time"
output_has "group group2@contoso.com: ProxyAddress SMTP:sales@contoso.com taken by another object" \
	"the long output lists the group"
errs errorscontact.example
check_state 1 WARNING "1 object does not sync \(1 contact\): contact3@contoso.com ProxyAddress SMTP:partner@fabrikam.com taken by another object \| errors=1;0;;0 users=0 groups=0 contacts=1$" \
	"an organizational contact in error"
errs errorsmixed.example --type=user
check_state 1 WARNING "2 objects do not sync \(2 users\): bob@contoso.com .* \| errors=2;0;;0 users=2$" \
	"--type=user reads only users and reports only their count"
errs errorsmixed.example --type=groups,contact
check_state 1 WARNING "1 object does not sync \(1 group\): group2@contoso.com .* \| errors=1;0;;0 groups=1 contacts=0$" \
	"--type takes a list, plurals too"
errs errorsmixed.example -w 5
check_state 0 OK "3 objects do not sync .*errors=3;5;;0" "-w 5 allows up to 5 objects"
errs errorsmixed.example -w 1 -c 2
check_state 2 CRITICAL "3 objects do not sync .*errors=3;1;2;0" "-c 2 makes 3 objects CRITICAL"

# --- 10 000 users over 11 pages ------------------------------------------------------
sim_reset
errs errorsbig.example --type=user
check_state 1 WARNING "25 objects do not sync \(25 users\): user399@contoso.com ProxyAddress smtp:user399@contoso.com .*\| errors=25;0;;0 users=25$" \
	"10 000 users: every object in error counted"
output_has "10000 users read in 11 pages" "all 11 pages read"
[ "$(sim_stats directory_requests)" = 11 ]
tap_result $? "11 list requests for 11 pages"
[ "$(grep -c '^user ' "$TEST_TMP/stdout")" = 20 ]
tap_result $? "the long output lists 20 objects"
output_has "and 5 more objects in error (-v lists up to 1000)" "and says how many more"
output_has "user user399@contoso.com: ProxyAddress smtp:user399@contoso.com taken by another object since 2026-11-20 10:00:00 UTC (and 1 more error)" \
	"an object with two errors says so"
errs errorsbig.example --type=user -v
[ "$(grep -c '^user ' "$TEST_TMP/stdout")" = 25 ]
tap_result $? "-v lists all 25"
output_has "user user9999@contoso.com" "-v lists the last page's object"
errs errorsmany.example --type=user -v
check_state 1 WARNING "300 objects do not sync \(300 users\)" "3000 users, 300 in error"
[ "$(grep -c '^user ' "$TEST_TMP/stdout")" = 300 ]
tap_result $? "-v lists all 300 (more than 4 KiB of long output)"
output_has "user user2999@contoso.com" "-v lists the last of 300"
errs errorsmany.example --type=user
[ "$(grep -c '^user ' "$TEST_TMP/stdout")" = 20 ]
tap_result $? "without -v, 20 of 300"
output_has "and 280 more objects in error (-v lists up to 1000)" "and says how many more"

# --- errors cleared and added between runs ------------------------------------------
sim_errors "users=0&groups=0&contacts=0"
errs errorschanging.example
check_state 0 OK "no object is refused .*errors=0;0;;0 users=0 groups=0 contacts=0$" "a clean tenant is OK"
sim_errors "users=2&groups=1&contacts=1"
errs errorschanging.example
check_state 1 WARNING "4 objects do not sync \(2 users, 1 group, 1 contact\).*errors=4;0;;0 users=2 groups=1 contacts=1$" \
	"errors added since the last run are counted"
sim_errors "users=1&groups=0&contacts=0"
errs errorschanging.example
check_state 1 WARNING "1 object does not sync \(1 user\).*errors=1;0;;0 users=1 groups=0 contacts=0$" \
	"errors cleared since the last run are gone"
sim_errors "users=0&groups=0&contacts=0"
errs errorschanging.example
check_state 0 OK "no object is refused" "all cleared: OK again"

# --- throttling and the deadline mid-scan --------------------------------------------
sim_reset
errs errorsthrottled.example -t 10
check_state 1 WARNING "1 object does not sync \(1 user\): user2000@contoso.com .*errors=1;0;;0 users=1 groups=0 contacts=0$" \
	"a 429 on page 2 is retried after Retry-After and the scan completes"
[ "$(sim_stats directory_requests)" = 6 ]
tap_result $? "one retry: 6 list requests for 5 pages"
sim_reset
errs errorsthrottled.example -t 1
check_state 3 UNKNOWN "reading the users \(1 page read, 999 objects, 0 in error so far\): Graph is throttling this app" \
	"a Retry-After that does not fit in -t: UNKNOWN with the pages read, never a partial OK"
timed errs errorsslow.example --type=user -t 3
check_state 3 UNKNOWN "timed out after 3 s: reading the users \([0-9] pages? read, [0-9]+ objects, 0 in error so far\)" \
	"a scan cut by -t is UNKNOWN saying how many pages it read"
errs errorsslow.example --type=user -t 2:OK
check_state 3 UNKNOWN "timed out after 2 s: reading the users" "-t 2:OK still never makes a partial count OK"
errs errorsslow.example --type=user -t 2:CRITICAL
check_state 2 CRITICAL "timed out after 2 s: reading the users" "-t 2:CRITICAL is honoured"

# --- a paging link to another host ---------------------------------------------------
sim_reset
errs errorsforeign.example
check_state 3 UNKNOWN "reading the users \(1 page read, 999 objects, 0 in error so far\): Graph's @odata.nextLink was not followed because it points at another host: the access token is only sent to the Graph root" \
	"a nextLink to another host is UNKNOWN"
[ "$(sim_stats authorized_requests_to_other_host)" = 0 ]
tap_result $? "no bearer token reached the other host"
[ "$(sim_stats directory_requests)" = 1 ]
tap_result $? "the foreign link was not requested at all"

# --- permissions ---------------------------------------------------------------------
errs errorsgroupsforbidden.example
check_state 3 UNKNOWN "reading the groups \(1 page read, 2 objects, 1 in error so far\): Graph refused access \(403 Authorization_RequestDenied\): grant the app the Microsoft Graph application permission Group.Read.All \(or Directory.Read.All\) with admin consent$" \
	"a 403 on groups names Group.Read.All"
errs forbidden.example
check_state 3 UNKNOWN "reading the users .*permission User.Read.All \(or Directory.Read.All\)" \
	"a 403 on users names User.Read.All"
errs forbidden.example --type=contact
check_state 3 UNKNOWN "reading the contacts .*permission OrgContact.Read.All \(or Directory.Read.All\)" \
	"a 403 on contacts names OrgContact.Read.All"
errs html.example
check_state 3 UNKNOWN "reading the users .*instead of JSON" "a captive portal is UNKNOWN"

# --- outside text ----------------------------------------------------------------------
errs errorsodd.example
check_state 1 WARNING "1 object does not sync \(1 user\): long-n+\.\.\. ProxyAddress smtp:evil" \
	"a long name is cut"
! grep -q $'\xe2\x80\xae\|\x07' "$TEST_TMP/stdout"
tap_result $? "no bidi override or control character reaches the output"
[ "$(head -n 1 "$TEST_TMP/stdout" | wc -c)" -le 240 ]
tap_result $? "the first line stays short"

# --- usage errors --------------------------------------------------------------------
errs errorsnone.example --type=printer
check_state 3 UNKNOWN "invalid --type: expected a comma-separated list of user, group and contact" \
	"an unknown --type is a usage error"
output_lacks "printer" "the --type value is not quoted"
errs errorsnone.example --type=
check_state 3 UNKNOWN "invalid --type" "an empty --type is a usage error"
errs errorsnone.example -w 1O
check_state 3 UNKNOWN "-w: " "a -w that does not parse is a usage error"
errs errorsnone.example -c x
check_state 3 UNKNOWN "-c: " "a -c that does not parse is a usage error"
run "$P" "${ENDPOINTS[@]}" --client-id="$APP" --client-secret-file="$TEST_TMP/secret"
check_state 3 UNKNOWN "no tenant" "no tenant is a usage error"
run "$P" --help
is_rc 3 "--help exits 3"
output_has "--type=LIST" "--help documents --type"
output_has "OrgContact.Read.All" "--help names the permissions"
run "$P" -V
is_rc 3 "-V exits 3"
first_line_like "^check_dirsync_errors [0-9]" "-V prints the version"

# --- secrets never in the output -----------------------------------------------------
run "$P" "${ENDPOINTS[@]}" --tenant=errorsmixed.example --client-id="$APP" \
	--client-secret="$SECRET" --token-cache=none -vvv
check_state 1 WARNING "3 objects do not sync" "-vvv with the secret on the command line"
output_lacks "$SECRET" "the client secret is not in the output at -vvv"
leaked=0
while read -r kind value; do
	[ "$kind" = token ] || continue
	grep -Fq -- "$value" "$TEST_TMP/stdout" "$TEST_TMP/stderr" && leaked=1
	grep -Fq -- "${value##*.}" "$TEST_TMP/stdout" "$TEST_TMP/stderr" && leaked=1
done <"$SIM_STATE/secrets.log"
[ "$leaked" = 0 ]
tap_result $? "no access token (or its signature) in the output at -vvv"

done_testing
