#!/bin/bash
# check_dirsync_age against the Graph + identity simulator on loopback HTTPS: every
# credential type, every state and every fault, with exit code, state, message and
# perfdata asserted. No fault may end in OK, and no secret may appear in any output.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/sim/lib.sh"
P="$top_builddir/plugins/check_dirsync_age"

# The simulator's world (t/sim/README.md).
APP=5f6e1c2a-7b3d-4e8f-9a0b-1c2d3e4f5a6b
SECRET='Kx8Q~simulated.secret-VALUE_0123456789'
EXPIRED_APP=0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9
EXPIRED_SECRET='Expired~secret-VALUE_999'
DISABLED_APP=c0ffee00-1111-4222-8333-944455556666
DISABLED_SECRET='Disabled~secret-VALUE_777'
USER_ASSIGNED=9d2b7c61-0f4e-4a3b-8c5d-6e7f8a9b0c1d
IDENTITY_SECRET=sim-identity-header-4d3c2b1a

start_simulator
unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_CERTIFICATE_PATH \
	AZURE_FEDERATED_TOKEN_FILE AZURE_AUTHORITY_HOST IDENTITY_ENDPOINT IDENTITY_HEADER \
	AZURE_POD_IDENTITY_AUTHORITY_HOST MP_CONFIG_FILE NAGIOS_CONFIG_PATH https_proxy HTTPS_PROXY
export XDG_CACHE_HOME="$TEST_TMP/xdg"
printf '%s\n' "$SECRET" >"$TEST_TMP/secret"
chmod 600 "$TEST_TMP/secret"
CACHE="$TEST_TMP/cache"
ENDPOINTS=(--authority-host="$BASE" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem")

# Every output is kept, to prove at the end that no secret leaked into any of them.
: >"$TEST_TMP/all-output"
keep_output() { cat "$TEST_TMP/stdout" "$TEST_TMP/stderr" >>"$TEST_TMP/all-output"; }

# age TENANT [options]: the plugin with the client secret file and a fresh cache.
age() {
	local tenant=$1
	shift
	run "$P" "${ENDPOINTS[@]}" --tenant="$tenant" --client-id="$APP" \
		--client-secret-file="$TEST_TMP/secret" --token-cache=none "$@"
	keep_output
}

# timed: run, then elapsed_ms holds the wall time.
timed() {
	local start end
	start=$(date +%s%N)
	"$@"
	end=$(date +%s%N)
	elapsed_ms=$(((end - start) / 1000000))
}
within() { # max-ms description
	[ "$elapsed_ms" -le "$1" ]
	tap_result $? "$2 (took ${elapsed_ms} ms, limit $1 ms)"
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
age future.example
check_state 0 OK "last sync 0s ago .*sync_age=0s;" "a sync time in the future counts as age 0"
output_has "in the future: check this server's clock (NTP)" "clock skew is explained"
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
keep_output
check_state 0 OK "last sync" "--client-secret on the command line"
run env AZURE_TENANT_ID=fresh.example AZURE_CLIENT_ID="$APP" AZURE_CLIENT_SECRET="$SECRET" \
	"$P" "${ENDPOINTS[@]}" --token-cache=none -v
keep_output
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
keep_output
check_state 0 OK "last sync" "secret and settings from --extra-opts"
run "$P" --extra-opts=tenant-a@"$TEST_TMP/plugins.ini" --tenant=stale.example
keep_output
check_state 1 WARNING "last sync 2h" "the command line wins over --extra-opts"
run env AZURE_TENANT_ID=verystale.example "$P" --extra-opts=tenant-a@"$TEST_TMP/plugins.ini"
keep_output
check_state 0 OK "last sync 12m" "--extra-opts wins over the environment"

cert() { # tenant [options]
	local tenant=$1
	shift
	run "$P" "${ENDPOINTS[@]}" --tenant="$tenant" --client-id="$APP" --token-cache=none "$@"
	keep_output
}
cert fresh.example --certificate="$SIM_PKI/app.pem"
check_state 0 OK "last sync 12m" "certificate credential, PS256 with x5t#S256"
cert fresh.example --certificate="$SIM_PKI/app.pem" --assertion-alg=RS256
check_state 0 OK "last sync 12m" "certificate credential, RS256 with x5t"
run env AZURE_CLIENT_CERTIFICATE_PATH="$SIM_PKI/app.pem" "$P" "${ENDPOINTS[@]}" \
	--tenant=fresh.example --client-id="$APP" --token-cache=none
keep_output
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
keep_output
check_state 0 OK "last sync" "AZURE_FEDERATED_TOKEN_FILE"
cert fresh.example --federated-token-file="$TEST_TMP/federated-expired.jwt"
check_state 3 UNKNOWN ".*expired or not yet valid \(AADSTS700024\)" "an expired federated token"
cert fresh.example --federated-token-file="$TEST_TMP/federated-other.jwt"
check_state 3 UNKNOWN "no federated credential .* \(AADSTS70021\)" "a federated token for another subject"
cert fresh.example --federated-token-file="$TEST_TMP/none.jwt"
check_state 3 UNKNOWN "cannot read the federated token file" "a missing federated token file"

mi() { # [env assignments] -- options
	run env AZURE_POD_IDENTITY_AUTHORITY_HOST="$IMDS" "$@"
	keep_output
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
keep_output
check_state 0 OK "last sync 12m" "managed identity through IDENTITY_ENDPOINT"
run env IDENTITY_ENDPOINT="$IMDS/msi/token" IDENTITY_HEADER=wrong "$P" \
	--graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" --token-cache=none --managed-identity
keep_output
check_state 3 UNKNOWN "token request to .* failed with HTTP 401" "a wrong IDENTITY_HEADER"

printf 'wrong-secret\n' >"$TEST_TMP/wrong-secret"
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$APP" \
	--client-secret-file="$TEST_TMP/wrong-secret" --token-cache=none
check_state 3 UNKNOWN "the identity platform rejected the client secret \(AADSTS7000215\): use the secret's Value, not its Secret ID" \
	"a wrong secret names AADSTS7000215"
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$EXPIRED_APP" \
	--client-secret="$EXPIRED_SECRET" --token-cache=none
keep_output
check_state 3 UNKNOWN "the client secret has expired \(AADSTS7000222\)" "an expired secret"
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$DISABLED_APP" \
	--client-secret="$DISABLED_SECRET" --token-cache=none
keep_output
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

# The secret given on the command line is hidden from ps while the plugin runs.
"$P" "${ENDPOINTS[@]}" --tenant=slowlogin.example --client-id="$APP" --client-secret="$SECRET" \
	--token-cache=none -t 3 >/dev/null 2>&1 &
slow_pid=$!
sleep 0.5
tr '\0' ' ' <"/proc/$slow_pid/cmdline" >"$TEST_TMP/cmdline" 2>/dev/null
wait "$slow_pid"
grep -q -- "--client-secret=xxxx" "$TEST_TMP/cmdline" && ! grep -qF -- "$SECRET" "$TEST_TMP/cmdline"
tap_result $? "the command-line secret is overwritten in the process list"

# --- faults ------------------------------------------------------------------------
sim_reset
timed age throttled.example -t 10
check_state 0 OK "last sync 12m" "429 with Retry-After: 1 is retried"
[ "$elapsed_ms" -ge 900 ]
tap_result $? "the retry waited for Retry-After (${elapsed_ms} ms)"
timed age throttledlong.example -t 5
check_state 3 UNKNOWN "Graph is throttling this app \(429 TooManyRequests\) and asks to retry after 120.0 s, later than the timeout allows" \
	"429 with a Retry-After beyond the deadline"
within 5500 "a long Retry-After is not waited for"
sim_reset
age unavailable.example
check_state 0 OK "last sync 12m" "503 with Retry-After: 0.5 is retried"
age unavailablelong.example -t 4
check_state 3 UNKNOWN "Graph is unavailable \(503" "503 beyond the deadline"
age error500.example
check_state 3 UNKNOWN "Graph at 127.0.0.1:$SIM_PORT answered HTTP 500 with text/html" "HTTP 500 with HTML"
age html.example
check_state 3 UNKNOWN "Graph at .* answered with text/html.* instead of JSON" "HTML instead of JSON"
age truncated.example
check_state 3 UNKNOWN "Graph's organization answer is (cut off|not valid JSON)" "truncated JSON"
age badjson.example
check_state 3 UNKNOWN "Graph's organization answer is not valid JSON" "invalid JSON"
age empty.example
check_state 3 UNKNOWN "Graph returned no organization" "an empty value array"
age wrongtype.example
check_state 3 UNKNOWN "Graph's onPremisesLastSyncDateTime is a number, not a timestamp" "a number instead of a timestamp"
age badtime.example
check_state 3 UNKNOWN "Graph's onPremisesLastSyncDateTime: invalid timestamp 'yesterday'" "a timestamp that is not one"
age huge.example
check_state 3 UNKNOWN "asking Graph: the answer from .* is larger than 1024 KiB" "a body over the cap"
timed age endless.example -t 5
check_state 3 UNKNOWN ".*(larger than 1024 KiB|timed out)" "an endless body"
within 5500 "an endless body stops within the deadline"
age drop.example
check_state 3 UNKNOWN "asking Graph: the connection to .* broke off in the middle of the answer" "a dropped connection"
timed age slow.example -t 2
check_state 3 UNKNOWN "timed out after 2 s" "a server that never answers"
within 2500 "the deadline holds for a silent server"
timed age slow.example -t 2:critical
check_state 2 CRITICAL "timed out after 2 s" "-t SECONDS:STATE chooses the timeout state"
timed age trickle.example -t 2
check_state 3 UNKNOWN "timed out after 2 s" "a server that trickles"
within 2500 "the deadline holds for a trickling server"
timed age slowlogin.example -t 2
check_state 3 UNKNOWN "timed out after 2 s: requesting a token" "a token endpoint that never answers"
within 2500 "the deadline holds for the token endpoint"
age forbidden.example
check_state 3 UNKNOWN "Graph refused access \(403 Authorization_RequestDenied\): grant the app the Microsoft Graph application permission Organization.Read.All with admin consent" \
	"403 names the missing permission"
age unauthorized.example
check_state 3 UNKNOWN "Graph refused the access token \(401 InvalidAuthenticationToken\)" "401 from Graph"
sim_reset
age redirect.example
check_state 3 UNKNOWN "Graph at .* answered with a redirect \(HTTP 302\), which is not followed" "a redirect"
[ "$(sim_stats authorized_requests_to_other_host)" = 0 ]
tap_result $? "the bearer token did not follow the redirect"

# TLS and network.
run "$P" --authority-host="$BASE" --graph-url="$BASE" --ca-file="$SIM_PKI/wrong-ca.pem" \
	--tenant=fresh.example --client-id="$APP" --client-secret-file="$TEST_TMP/secret" --token-cache=none
check_state 3 UNKNOWN "requesting a token: the TLS certificate of 127.0.0.1:$SIM_PORT is not trusted" "an unknown CA"
run "$P" --authority-host="$BASE" --graph-url="$BASE" \
	--tenant=fresh.example --client-id="$APP" --client-secret-file="$TEST_TMP/secret" --token-cache=none
check_state 3 UNKNOWN "requesting a token: the TLS certificate of .* is not trusted" \
	"the system CAs do not trust the test CA"
main_base=$BASE main_pki=$SIM_PKI
start_simulator --server-cert "$SIM_PKI/server-wrongname.pem" --server-key "$SIM_PKI/server-wrongname-key.pem"
run "$P" --authority-host="$BASE" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" \
	--tenant=fresh.example --client-id="$APP" --client-secret-file="$TEST_TMP/secret" --token-cache=none
check_state 3 UNKNOWN "requesting a token: the TLS certificate of .* is not trusted \(.*(name|match).*\)" \
	"a certificate for another name"
BASE=$main_base SIM_PKI=$main_pki
closed_port=$("$SIM_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
run "$P" --authority-host="https://127.0.0.1:$closed_port" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" \
	--tenant=fresh.example --client-id="$APP" --client-secret-file="$TEST_TMP/secret" --token-cache=none
check_state 3 UNKNOWN "requesting a token: cannot connect to 127.0.0.1:$closed_port" "connection refused"
run "$P" --authority-host="https://login.nonexistent.invalid" --graph-url="$BASE" \
	--tenant=fresh.example --client-id="$APP" --client-secret-file="$TEST_TMP/secret" --token-cache=none -t 5
check_state 3 UNKNOWN "requesting a token: cannot resolve login.nonexistent.invalid" "a name that does not resolve"

# --- the token cache ---------------------------------------------------------------
cached() { # tenant [options]
	local tenant=$1
	shift
	run "$P" "${ENDPOINTS[@]}" --tenant="$tenant" --client-id="$APP" \
		--client-secret-file="$TEST_TMP/secret" --token-cache="$CACHE" "$@"
	keep_output
}
sim_reset
cached fresh.example -v
check_state 0 OK "last sync" "first run with a cache"
output_has "access token from the token endpoint" "the first run asks the token endpoint"
cached fresh.example -v
check_state 0 OK "last sync" "second run with a cache"
output_has "access token from the token cache" "the second run uses the cached token"
[ "$(sim_stats token_requests)" = 1 ]
tap_result $? "two runs made one token request"
[ "$(stat -c %a "$CACHE")" = 700 ]
tap_result $? "the cache directory is 0700"
modes=$(find "$CACHE" -type f -name '*.token' -printf '%m\n' | sort -u)
[ "$modes" = 600 ]
tap_result $? "the cache files are 0600 ($modes)"
[ -z "$(find "$CACHE" -name '.*' -type f)" ]
tap_result $? "no temporary file is left in the cache"
! grep -rqF -- "$SECRET" "$CACHE"
tap_result $? "the secret is not stored in the cache"

# A foreign or over-permissive file is never trusted; a corrupt one is replaced.
token_file=$(find "$CACHE" -name '*.token' | head -n 1)
chmod 644 "$token_file"
sim_reset
cached fresh.example
check_state 0 OK "last sync" "an over-permissive cache file is ignored"
[ "$(sim_stats token_requests)" = 1 ]
tap_result $? "... and a new token is fetched"
printf 'garbage\n' >"$token_file"
chmod 600 "$token_file"
sim_reset
cached fresh.example
check_state 0 OK "last sync" "a corrupt cache file is replaced"
[ "$(sim_stats token_requests)" = 1 ] && head -n 1 "$token_file" | grep -q 'token cache v1'
tap_result $? "... by a good one"
# A cached token that Graph refuses is dropped and replaced once.
printf 'dirsync-plugins token cache v1\nexpires_on %s\naccess_token eyJ0eXAiForged\n' \
	$(($(date +%s) + 3000)) >"$token_file"
sim_reset
cached fresh.example -v
check_state 0 OK "last sync" "a refused cached token is replaced"
output_has "Graph refused the cached token; fetching a new one" "... and says so"

# Tokens close to expiry are not reused.
sim_reset
cached shortlived.example
cached shortlived.example
check_state 0 OK "last sync" "short-lived tokens work"
[ "$(sim_stats token_requests)" = 2 ]
tap_result $? "a token expiring within 5 minutes is not reused"
age fresh.example --token-cache=none
age fresh.example --token-cache=none
[ "$(sim_stats token_requests)" = 4 ]
tap_result $? "--token-cache=none fetches every time"

# 20 checks started at once share one token request.
rm -rf "$CACHE"
sim_reset
pids=()
for i in $(seq 1 20); do
	"$P" "${ENDPOINTS[@]}" --tenant=stale.example --client-id="$APP" \
		--client-secret-file="$TEST_TMP/secret" --token-cache="$CACHE" >"$TEST_TMP/par.$i" 2>&1 &
	pids+=($!)
done
wait "${pids[@]}"
ok_runs=$(grep -l '^DIRSYNC AGE WARNING - last sync 2h' "$TEST_TMP"/par.* | wc -l)
[ "$ok_runs" = 20 ]
tap_result $? "20 parallel runs all report the state ($ok_runs of 20)"
[ "$(sim_stats token_requests)" = 1 ]
tap_result $? "20 parallel runs made one token request ($(sim_stats token_requests))"
cat "$TEST_TMP"/par.* >>"$TEST_TMP/all-output"

run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$APP" \
	--client-secret-file="$TEST_TMP/secret" -v
check_state 0 OK "last sync" "the default cache directory"
[ -d "$XDG_CACHE_HOME/dirsync-plugins" ] && [ "$(stat -c %a "$XDG_CACHE_HOME/dirsync-plugins")" = 700 ]
tap_result $? "the default cache is \$XDG_CACHE_HOME/dirsync-plugins, 0700"

# --- secrets never appear ------------------------------------------------------------
for tenant in fresh.example forbidden.example unauthorized.example; do
	age "$tenant" -vvv
	cert "$tenant" --certificate="$SIM_PKI/app.pem" -vvv
done
run "$P" "${ENDPOINTS[@]}" --tenant=fresh.example --client-id="$APP" --client-secret=wrong-secret -vvv --token-cache=none
keep_output
! grep -qF -- "$SECRET" "$TEST_TMP/all-output"
tap_result $? "the client secret never appears in any output"
! grep -qF -- "wrong-secret" "$TEST_TMP/all-output"
tap_result $? "a rejected secret is not echoed either"
! grep -qE 'eyJ0eXAi[A-Za-z0-9_-]{8,}' "$TEST_TMP/all-output"
tap_result $? "no access token or assertion appears in any output"
! grep -q 'PRIVATE KEY' "$TEST_TMP/all-output"
tap_result $? "no private key appears in any output"

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
