#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# Self-test of the Graph / identity platform simulator: makes a PKI, starts
# graph_sim.py and talks to it with curl. Prints TAP; exits non-zero on failure.
# Usage: bash t/sim/selftest.sh
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/graph-sim-selftest.XXXXXX") || exit 99
sim_pid=
cleanup() {
	if [ -n "$sim_pid" ]; then
		kill "$sim_pid" 2>/dev/null
		wait "$sim_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

n=0
failed=0
ok() { # status description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[ -s "$tmp/body" ] && head -c 600 "$tmp/body" | sed 's/^/# /' && echo
	fi
}
bail() {
	echo "Bail out! $*"
	[ -s "$tmp/sim.err" ] && sed 's/^/# /' "$tmp/sim.err"
	exit 1
}

APP=5f6e1c2a-7b3d-4e8f-9a0b-1c2d3e4f5a6b
SECRET='Kx8Q~simulated.secret-VALUE_0123456789'
PKI=$tmp/pki

bash "$here/make-pki.sh" "$PKI" || bail "make-pki.sh failed"
mkdir -p "$tmp/state"
"$PY" "$here/graph_sim.py" --pki "$PKI" --state "$tmp/state" >"$tmp/sim.out" 2>"$tmp/sim.err" &
sim_pid=$!
for _ in $(seq 100); do
	[ -s "$tmp/state/http.port" ] && break
	kill -0 "$sim_pid" 2>/dev/null || bail "simulator exited"
	sleep 0.05
done
[ -s "$tmp/state/http.port" ] || bail "simulator did not write its port files"
BASE=https://127.0.0.1:$(cat "$tmp/state/https.port")
MI=http://127.0.0.1:$(cat "$tmp/state/http.port")

# req [curl args...]: the body goes to $tmp/body, headers to $tmp/headers, the
# status to $code.
req() {
	: >"$tmp/body"
	code=$(curl -sS --max-time 5 --cacert "$PKI/ca.pem" -D "$tmp/headers" -o "$tmp/body" \
		-w '%{http_code}' "$@" 2>"$tmp/curl.err")
}
# js EXPR: evaluates a Python expression over the JSON body (as j); prints it.
js() {
	"$PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$tmp/body" "$1" 2>/dev/null
}
header() { # name: the value of a response header
	tr -d '\r' <"$tmp/headers" | sed -n "s/^$1: //Ip" | tail -n 1
}
token() { # tenant [client_id secret]: a token with a client secret
	req "$BASE/$1/oauth2/v2.0/token" -d grant_type=client_credentials \
		--data-urlencode "client_id=${2:-$APP}" --data-urlencode "client_secret=${3:-$SECRET}" \
		--data-urlencode "scope=$BASE/.default"
}
SELECT='%24select=onPremisesLastSyncDateTime%2ConPremisesSyncEnabled'

# --- client secret ---------------------------------------------------------
token fresh.example
ok $(test "$code" = 200 && [[ "$(js 'j["access_token"]')" == eyJ0eXAi* ]] &&
	test "$(js 'type(j["expires_in"]).__name__, j["token_type"]')" = "('int', 'Bearer')"
	echo $?) "client secret gives a Bearer token with a numeric expires_in"
TOKEN=$(js 'j["access_token"]')

token 782e101b-38f9-5201-9046-be0e4491cd42
ok $(test "$code" = 200; echo $?) "the tenant GUID works as well as the domain"

token fresh.example "$APP" wrong-secret
ok $(test "$code" = 401 && test "$(js 'j["error"], j["error_codes"]')" = "('invalid_client', [7000215])"
	echo $?) "wrong secret: 401 invalid_client, error_codes [7000215]"
ok $(js 'j["error_description"]' | grep $'^AADSTS7000215: .*\r$' >/dev/null; echo $?) \
	"error_description has the AADSTS prefix and CRLF-separated trace lines"

token fresh.example 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9 'Expired~secret-VALUE_999'
ok $(test "$code/$(js 'j["error_codes"][0]')" = 401/7000222; echo $?) "expired secret: 7000222"
token nosuch.example
ok $(test "$code/$(js 'j["error_codes"][0]')" = 400/90002; echo $?) "unknown tenant: 90002"

# --- Graph -------------------------------------------------------------------
req -H "Authorization: Bearer $TOKEN" "$BASE/v1.0/organization?$SELECT"
ok $(test "$code" = 200 &&
	js 'j["value"][0]["onPremisesLastSyncDateTime"]' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' &&
	test "$(js 'sorted(j["value"][0])')" = "['id', 'onPremisesLastSyncDateTime', 'onPremisesSyncEnabled']"
	echo $?) "Graph v1.0 organization (fresh): onPremisesLastSyncDateTime, only selected properties"
ok $(header content-type | grep '^application/json;odata.metadata=minimal' >/dev/null; echo $?) \
	"Graph content type"

req -H "Authorization: Bearer $TOKEN" \
	"$BASE/beta/organization?\$select=onPremisesLastPasswordSyncDateTime,onPremisesLastSyncDateTime,onPremisesSyncEnabled"
ok $(test "$code" = 200 && js 'j["value"][0]["onPremisesLastPasswordSyncDateTime"]' | grep 'Z$' >/dev/null
	echo $?) "Graph beta has onPremisesLastPasswordSyncDateTime"

req "$BASE/v1.0/organization?$SELECT"
ok $(test "$code" = 401 && test "$(js 'j["error"]["code"]')" = InvalidAuthenticationToken
	echo $?) "no bearer token: 401 InvalidAuthenticationToken"

# --- throttling ----------------------------------------------------------------
token throttled.example
THROTTLED=$(js 'j["access_token"]')
req -H "Authorization: Bearer $THROTTLED" "$BASE/v1.0/organization?$SELECT"
ok $(test "$code/$(header retry-after)/$(js 'j["error"]["code"]')" = 429/1/TooManyRequests
	echo $?) "throttled: first request 429, Retry-After: 1, TooManyRequests"
req -H "Authorization: Bearer $THROTTLED" "$BASE/v1.0/organization?$SELECT"
ok $(test "$code" = 200; echo $?) "throttled: second request 200"

# --- managed identity ------------------------------------------------------------
req "$MI/metadata/identity/oauth2/token?api-version=2018-02-01&resource=$BASE/"
ok $(test "$code" = 400 && test "$(js 'j["error"]')" = invalid_request; echo $?) \
	"IMDS without Metadata header: 400 invalid_request"
req -H "Metadata: true" "$MI/metadata/identity/oauth2/token?api-version=2018-02-01&resource=$BASE/"
ok $(test "$code" = 200 && test "$(js 'type(j["expires_in"]).__name__, type(j["expires_on"]).__name__')" = "('str', 'str')"
	echo $?) "IMDS token: expires_in and expires_on are strings"
MITOKEN=$(js 'j["access_token"]')
req -H "Authorization: Bearer $MITOKEN" "$BASE/v1.0/organization?$SELECT"
ok $(test "$code" = 200 && test "$(js 'j["value"][0]["id"]')" = 782e101b-38f9-5201-9046-be0e4491cd42
	echo $?) "the system-assigned identity's token reads tenant fresh"
req -H "X-IDENTITY-HEADER: sim-identity-header-4d3c2b1a" \
	"$MI/msi/token?resource=$BASE/&api-version=2019-08-01&client_id=9d2b7c61-0f4e-4a3b-8c5d-6e7f8a9b0c1d"
ok $(test "$code" = 200 && test "$(js '"expires_in" in j, type(j["expires_on"]).__name__')" = "(False, 'str')"
	echo $?) "App Service token for the user-assigned identity"
req "$MI/msi/token?resource=$BASE/&api-version=2019-08-01"
ok $(test "$code" = 401; echo $?) "App Service without X-IDENTITY-HEADER: 401"

# --- certificate assertions built with the openssl CLI ----------------------------
b64u() { basenc --base64url -w0 | tr -d '='; }
assertion() { # alg thumbprint-header digest cert+key-file [aud]
	local now hdr pl sigopts=()
	now=$(date +%s)
	hdr=$(printf '{"alg":"%s","typ":"JWT","%s":"%s"}' "$1" "$2" \
		"$(openssl x509 -in "$4" -outform DER | openssl dgst "-$3" -binary | b64u)" | b64u)
	pl=$(printf '{"aud":"%s","exp":%d,"iss":"%s","jti":"%s","nbf":%d,"sub":"%s","iat":%d}' \
		"${5:-$BASE/fresh.example/oauth2/v2.0/token}" $((now + 600)) "$APP" \
		"$(cat /proc/sys/kernel/random/uuid)" "$now" "$APP" "$now" | b64u)
	[ "$1" = PS256 ] && sigopts=(-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32)
	printf '%s.%s.%s' "$hdr" "$pl" \
		"$(printf '%s.%s' "$hdr" "$pl" | openssl dgst -sha256 -sign "$4" "${sigopts[@]}" -binary | b64u)"
}
assert_token() { # assertion [tenant]
	req "$BASE/${2:-fresh.example}/oauth2/v2.0/token" -d grant_type=client_credentials \
		--data-urlencode "client_id=$APP" --data-urlencode "scope=$BASE/.default" \
		--data-urlencode "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer" \
		--data-urlencode "client_assertion=$1"
}
PS=$(assertion PS256 'x5t#S256' sha256 "$PKI/app.pem")
assert_token "$PS"
ok $(test "$code" = 200; echo $?) "PS256 assertion with x5t#S256 (openssl CLI) is accepted"
assert_token "$PS"
ok $(test "$code/$(js 'j["error_codes"][0]')" = 401/700025; echo $?) "replayed assertion: 700025"
assert_token "$(assertion RS256 x5t sha1 "$PKI/app.pem")"
ok $(test "$code" = 200; echo $?) "RS256 assertion with x5t is accepted"
assert_token "$(assertion PS256 'x5t#S256' sha256 "$PKI/rogue.pem")"
ok $(test "$code/$(js 'j["error_codes"][0]')" = 401/700027; echo $?) "unregistered certificate: 700027"
assert_token "$(assertion PS256 'x5t#S256' sha256 "$PKI/app.pem" "$BASE/stale.example/oauth2/v2.0/token")"
ok $(test "$code/$(js 'j["error_codes"][0]')" = 401/700023; echo $?) "assertion for another tenant's URL: 700023"

# --- federated ------------------------------------------------------------------------
assert_token "$("$PY" "$here/graph_sim.py" mint-federated --pki "$PKI")"
ok $(test "$code" = 200; echo $?) "federated token is accepted"
assert_token "$("$PY" "$here/graph_sim.py" mint-federated --pki "$PKI" --subject system:serviceaccount:x:y)"
ok $(test "$code/$(js 'j["error_codes"][0]')" = 400/70021; echo $?) "federated token, wrong subject: 70021"
assert_token "$("$PY" "$here/graph_sim.py" mint-federated --pki "$PKI" --expired)"
ok $(test "$code/$(js 'j["error_codes"][0]')" = 401/700024; echo $?) "expired federated token: 700024"

# --- stats and reset -----------------------------------------------------------------------
req "$BASE/_sim/stats"
ok $(test "$code" = 200 &&
	test "$(js 'j["token_requests"], j["tokens_issued"], j["graph_requests"], j["imds_requests"], j["appservice_requests"]')" = "(14, 8, 6, 2, 2)"
	echo $?) "stats count token, graph and managed-identity requests"
ok $(test "$(js 'j["tokens_issued_by_credential"]["certificate_PS256"], j["pss_salt_length_not_32"], j["per_tenant"]["throttled"]["graph_requests"]')" = "(1, 0, 2)"
	echo $?) "stats per credential and per tenant"
req -X POST "$BASE/_sim/reset"
req "$BASE/_sim/stats"
ok $(test "$(js 'j["token_requests"], j["graph_requests"]')" = "(0, 0)"; echo $?) "reset zeroes counters"
req -H "Authorization: Bearer $THROTTLED" "$BASE/v1.0/organization?$SELECT"
ok $(test "$code" = 429; echo $?) "after reset the throttled tenant throttles again; its token is still valid"

# --- TLS ----------------------------------------------------------------------------------------
curl -s --max-time 5 --cacert "$PKI/wrong-ca.pem" "$BASE/_sim/stats" >/dev/null 2>&1
ok $(test $? = 60; echo $?) "a client trusting wrong-ca.pem rejects the server (curl exit 60)"
curl -s --max-time 5 --capath "$PKI/capath" "$BASE/_sim/stats" >/dev/null 2>&1
ok $? "the hashed CA directory works"

# --- the log keeps no secrets ----------------------------------------------------------------------
ok $(! grep -qF -e "$SECRET" -e "$TOKEN" -e eyJ "$tmp/state/requests.log"; echo $?) \
	"requests.log holds no secret, assertion or token"
ok $(test ! -s "$tmp/sim.out"; echo $?) "nothing on the simulator's stdout"

kill "$sim_pid"
wait "$sim_pid"
ok $? "SIGTERM stops the simulator with exit 0"
sim_pid=

echo "1..$n"
[ "$failed" -eq 0 ]
