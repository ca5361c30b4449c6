#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_age against the Graph + identity simulator on loopback HTTPS: every
# credential type and every state, with exit code, state, message and perfdata asserted.
# Faults, the token cache and secret leaks have their own suites in t/faults/, for both
# cloud checks.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/sim/lib.sh"
P="$top_builddir/plugins/check_dirsync_age"

# The simulator's world beyond t/sim/lib.sh's app (t/sim/README.md).
EXPIRED_APP=0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9
EXPIRED_SECRET='Expired~secret-VALUE_999'
DISABLED_APP=c0ffee00-1111-4222-8333-944455556666
DISABLED_SECRET='Disabled~secret-VALUE_777'
USER_ASSIGNED=9d2b7c61-0f4e-4a3b-8c5d-6e7f8a9b0c1d

start_simulator
sim_client_environment

# age TENANT [options]: the plugin with the client secret file and a fresh cache.
age() {
	local tenant=$1
	shift
	run "$P" "${ENDPOINTS[@]}" --tenant="$tenant" --client-id="$APP" \
		--client-secret-file="$TEST_TMP/secret" --token-cache=none "$@"
}

# --- states ------------------------------------------------------------------------
age fresh.example
check_state 0 OK "last sync 12m[0-9]*s? ago \([0-9-]+ [0-9:]+ UTC\) \| sync_age=7[0-9][0-9]s;3600;10800;0$" \
	"fresh tenant is OK with the age and perfdata"
stderr_empty "nothing on stderr"
age stale.example
check_state 1 WARNING "last sync 2h ago .* \| sync_age=720[0-9]s;3600;10800;0$" "2 h old sync is WARNING"
age verystale.example
check_state 2 CRITICAL "last sync 5h ago .*sync_age=1800[0-9]s" "5 h old sync is CRITICAL"
age stale.example -w 3h -c 4h
check_state 0 OK "last sync 2h ago .*sync_age=720[0-9]s;10800;14400;0$" "-w/-c durations move the thresholds"
age stale.example -w 90m: -c 30m:
check_state 0 OK ".*sync_age=720[0-9]s;5400:;1800:;0$" "range syntax with durations"
age fresh.example -w @0:1h -c 5h
check_state 1 WARNING "last sync 12m" "@ ranges alert inside"
age null.example
check_state 3 UNKNOWN "Graph reports no last sync time: the app lacks the application permission Organization.Read.All with admin consent, or this tenant has never synced$" \
	"null sync time is UNKNOWN naming both causes"
age neversynced.example
check_state 3 UNKNOWN "Graph reports no last sync time" "a never-synced tenant is UNKNOWN"
age disabled.example
check_state 2 CRITICAL "directory sync is turned off for this tenant \(onPremisesSyncEnabled is false\); last sync 3d ago" \
	"disabled sync is CRITICAL"
age disabled.example --disabled-state=warning
check_state 1 WARNING "directory sync is turned off" "--disabled-state chooses the state"
age skew.example
check_state 0 OK "last sync 0s ago .*sync_age=0s;" "a sync time 2 minutes in the future counts as age 0"
output_has "in the future: check this server's clock (NTP)" "clock skew is explained"
age future.example
check_state 3 UNKNOWN "Graph's last sync time [0-9-]+ [0-9:]+ UTC is (9m[0-9]+s|10m) in the future: check this server's clock \(NTP\); if it is right, Graph's time is wrong and the age cannot be judged$" \
	"a sync time 10 minutes in the future is UNKNOWN naming the clock"
age farfuture.example
check_state 3 UNKNOWN "Graph's last sync time 9999-12-31 23:59:59 UTC is [0-9]+d[0-9]*h? in the future: check this server's clock \(NTP\)" \
	"a sync time of 9999-12-31T23:59:59Z is UNKNOWN, not OK"
age fraction.example
check_state 0 OK "last sync 20m[0-9]*s? ago .*sync_age=1[12][0-9][0-9]s" "7 fraction digits and +00:00"
age single.example
check_state 0 OK "last sync 12m" "a bare organization object is accepted"
age password.example --password-sync
check_state 2 CRITICAL "last password sync 4h ago \(.*\); last sync 10m[0-9]*s? ago \| sync_age=[0-9]+s;3600;10800;0 password_sync_age=1440[0-9]s;3600;10800;0$" \
	"--password-sync judges the older time"
age password.example
check_state 0 OK "last sync 10m" "without --password-sync only the directory sync counts"
age passwordnull.example --password-sync
check_state 0 OK "last sync 10m" "a null password sync time is not a failure"
output_has "no password hash sync time" "a null password sync time is reported"

# --- credentials -------------------------------------------------------------------
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$APP" --client-secret="$SECRET" \
	--token-cache=none
check_state 0 OK "last sync" "--client-secret on the command line"
run env AZURE_TENANT_ID=fresh.example AZURE_CLIENT_ID="$APP" AZURE_CLIENT_SECRET="$SECRET" \
	"$P" "${ENDPOINTS[@]}" --token-cache=none -v
check_state 0 OK "last sync" "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET"
output_has 'credential: client secret from $AZURE_CLIENT_SECRET' "-v names where the secret came from"
cat >"$TEST_TMP/plugins.ini" <<INI
[tenant-a]
tenant = fresh.example
client-id = $APP
client-secret = $SECRET
authority-host = $BASE
graph-url = $BASE
ca-file = $SIM_PKI/ca.pem
token-cache = none
INI
chmod 600 "$TEST_TMP/plugins.ini"
run "$P" --extra-opts=tenant-a@"$TEST_TMP/plugins.ini"
check_state 0 OK "last sync" "secret and settings from --extra-opts"
run "$P" --extra-opts=tenant-a@"$TEST_TMP/plugins.ini" --tenant=stale.example
check_state 1 WARNING "last sync 2h" "the command line wins over --extra-opts"
run env AZURE_TENANT_ID=verystale.example "$P" --extra-opts=tenant-a@"$TEST_TMP/plugins.ini"
check_state 0 OK "last sync 12m" "--extra-opts wins over the environment"

cert() { # tenant [options]
	local tenant=$1
	shift
	run "$P" "${ENDPOINTS[@]}" --tenant="$tenant" --client-id="$APP" --token-cache=none "$@"
}
cert fresh.example --certificate="$SIM_PKI/app.pem"
check_state 0 OK "last sync 12m" "certificate credential, PS256 with x5t#S256"
cert fresh.example --certificate="$SIM_PKI/app.pem" --assertion-alg=RS256
check_state 0 OK "last sync 12m" "certificate credential, RS256 with x5t"
run env AZURE_CLIENT_CERTIFICATE_PATH="$SIM_PKI/app.pem" "$P" "${ENDPOINTS[@]}" \
	--tenant=fresh.example --client-id="$APP" --token-cache=none
check_state 0 OK "last sync" "AZURE_CLIENT_CERTIFICATE_PATH"
cert fresh.example --certificate="$SIM_PKI/rogue.pem"
check_state 3 UNKNOWN "the identity platform does not accept certificate .*rogue.pem \(AADSTS700027\)" \
	"an unregistered certificate is UNKNOWN with AADSTS700027"
cert fresh.example --certificate="$SIM_PKI/app-encrypted.pem"
check_state 3 UNKNOWN ".*encrypted" "an encrypted private key is UNKNOWN"
cert fresh.example --certificate="$TEST_TMP/missing.pem"
check_state 3 UNKNOWN ".*missing.pem" "a missing certificate file is UNKNOWN"
cert fresh.example --certificate="$SIM_PKI/app.pem" --assertion-alg=HS256
check_state 3 UNKNOWN "invalid assertion-alg 'HS256'" "an unknown assertion algorithm is a usage error"

"$SIM_PYTHON" "$top_srcdir/t/sim/graph_sim.py" mint-federated --pki "$SIM_PKI" >"$TEST_TMP/federated.jwt"
"$SIM_PYTHON" "$top_srcdir/t/sim/graph_sim.py" mint-federated --pki "$SIM_PKI" --expired \
	>"$TEST_TMP/federated-expired.jwt"
"$SIM_PYTHON" "$top_srcdir/t/sim/graph_sim.py" mint-federated --pki "$SIM_PKI" \
	--subject system:serviceaccount:other:intruder >"$TEST_TMP/federated-other.jwt"
cert stale.example --federated-token-file="$TEST_TMP/federated.jwt"
check_state 1 WARNING "last sync 2h" "workload identity federation"
run env AZURE_FEDERATED_TOKEN_FILE="$TEST_TMP/federated.jwt" "$P" "${ENDPOINTS[@]}" \
	--tenant=fresh.example --client-id="$APP" --token-cache=none
check_state 0 OK "last sync" "AZURE_FEDERATED_TOKEN_FILE"
cert fresh.example --federated-token-file="$TEST_TMP/federated-expired.jwt"
check_state 3 UNKNOWN ".*expired or not yet valid \(AADSTS700024\)" "an expired federated token"
cert fresh.example --federated-token-file="$TEST_TMP/federated-other.jwt"
check_state 3 UNKNOWN "no federated credential .* \(AADSTS70021\)" "a federated token for another subject"
cert fresh.example --federated-token-file="$TEST_TMP/none.jwt"
check_state 3 UNKNOWN "cannot read the federated token file" "a missing federated token file"

mi() { # [env assignments] -- options
	run env AZURE_POD_IDENTITY_AUTHORITY_HOST="$IMDS" "$@"
}
mi "$P" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" --token-cache=none --managed-identity
check_state 0 OK "last sync 12m" "system-assigned managed identity through IMDS"
mi "$P" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" --token-cache=none \
	--managed-identity="$USER_ASSIGNED"
check_state 1 WARNING "last sync 2h" "user-assigned managed identity through IMDS"
mi "$P" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" --token-cache=none \
	--managed-identity=00000000-0000-4000-8000-000000000000
check_state 3 UNKNOWN "token request to .* failed with HTTP 400, invalid_request: Identity not found" \
	"an unknown managed identity"
run env IDENTITY_ENDPOINT="$IMDS/msi/token" IDENTITY_HEADER="$IDENTITY_SECRET" "$P" \
	--graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" --token-cache=none --managed-identity
check_state 0 OK "last sync 12m" "managed identity through IDENTITY_ENDPOINT"
run env IDENTITY_ENDPOINT="$IMDS/msi/token" IDENTITY_HEADER=wrong "$P" \
	--graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" --token-cache=none --managed-identity
check_state 3 UNKNOWN "token request to .* failed with HTTP 401" "a wrong IDENTITY_HEADER"

printf 'wrong-secret\n' >"$TEST_TMP/wrong-secret"
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$APP" \
	--client-secret-file="$TEST_TMP/wrong-secret" --token-cache=none
check_state 3 UNKNOWN "the identity platform rejected the client secret \(AADSTS7000215\): use the secret's Value, not its Secret ID" \
	"a wrong secret names AADSTS7000215"
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$EXPIRED_APP" \
	--client-secret="$EXPIRED_SECRET" --token-cache=none
check_state 3 UNKNOWN "the client secret has expired \(AADSTS7000222\)" "an expired secret"
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$DISABLED_APP" \
	--client-secret="$DISABLED_SECRET" --token-cache=none
check_state 3 UNKNOWN "application $DISABLED_APP is disabled \(AADSTS7000112\)" "a disabled app"
age nosuchtenant.example
check_state 3 UNKNOWN "tenant nosuchtenant.example was not found \(AADSTS90002\)" "an unknown tenant"
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id=11111111-2222-4333-8444-555555555555 \
	--client-secret-file="$TEST_TMP/secret" --token-cache=none
check_state 3 UNKNOWN "application 11111111-2222-4333-8444-555555555555 was not found in tenant fresh.example \(AADSTS700016\)" \
	"an unknown application"
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$APP" \
	--client-secret-file="$TEST_TMP/secret" --certificate="$SIM_PKI/app.pem"
check_state 3 UNKNOWN "more than one credential given" "two credentials are a usage error"
run "$P" "${ENDPOINTS[@]}" --client-id="$APP" --client-secret-file="$TEST_TMP/secret"
check_state 3 UNKNOWN "no tenant: give --tenant" "a missing tenant is a usage error"
run "$P" "${ENDPOINTS[@]}" --tenant=x --client-secret-file="$TEST_TMP/secret"
check_state 3 UNKNOWN "no application: give --client-id" "a missing client id is a usage error"
: >"$TEST_TMP/empty-secret"
run "$P" "${ENDPOINTS[@]}" --tenant=x --client-id="$APP" --client-secret-file="$TEST_TMP/empty-secret"
check_state 3 UNKNOWN "the client secret file .* is empty" "an empty secret file"
run "$P" --tenant=x --client-id="$APP" --client-secret-file="$TEST_TMP/secret" --graph-url=http://graph.example
check_state 3 UNKNOWN "invalid graph-url 'http://graph.example': expected an https:// URL" "plain http is refused"
run "$P" --tenant=x --client-id="$APP" --client-secret-file="$TEST_TMP/secret" --cloud=germany
check_state 3 UNKNOWN "unknown cloud 'germany'" "an unknown cloud"
age fresh.example -w 1O
check_state 3 UNKNOWN "-w: invalid duration" "a malformed threshold"
age fresh.example --disabled-state=sometimes
check_state 3 UNKNOWN "invalid disabled-state 'sometimes'" "a malformed state"

run "$P" --help
is_rc 3 "--help"
for option in --tenant --client-id --client-secret-file --client-secret= "process list (ps)" \
	--certificate --assertion-alg --federated-token-file --managed-identity --cloud \
	--authority-host --graph-url --ca-file --proxy --token-cache --password-sync \
	--disabled-state --warning --critical --timeout --extra-opts Organization.Read.All \
	AZURE_CLIENT_SECRET "default 1h" "default 3h"; do
	output_has "$option" "--help mentions $option"
done

done_testing
