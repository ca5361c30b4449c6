# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# What the fault, cache and secret-leak suites share (after t/lib.sh and t/sim/lib.sh):
# the simulator's world, the two plugins that ask Graph, the table of fault cases, the
# endpoints that fail below HTTP, and timing and memory measurements.

CLOUD_PLUGINS=(age version)
DNS_FAILURE_HOST=login.nonexistent.invalid # RFC 6761: never resolves

sim_client_environment

# FAKETIME_CMD: the command that runs a plugin with its clock moved (-f OFFSET), or empty
# where faketime is missing or does not work with these binaries. AddressSanitizer
# wants its runtime first among the libraries, and faketime preloads its own.
FAKETIME_CMD=()
if command -v faketime >/dev/null; then
	FAKETIME_CMD=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" faketime)
	"${FAKETIME_CMD[@]}" -f +1d "$top_builddir/plugins/check_dirsync_age" --version 2>/dev/null |
		grep -q '^check_dirsync_age ' || FAKETIME_CMD=()
fi
FAKETIME_SKIP='faketime is not installed or does not work with these binaries'
# Peak memory means nothing under valgrind or in a sanitizer build (shadow memory).
MEMORY_SKIP=''
if [ -n "${DIRSYNC_VALGRIND-}" ]; then
	MEMORY_SKIP='the plugins run under valgrind'
elif ldd "$top_builddir/plugins/check_dirsync_age" 2>/dev/null | grep -q 'lib[at]san'; then
	MEMORY_SKIP='a sanitizer build'
fi

# use_plugin NAME: PLUGIN is the command; the other variables name what the plugin reads,
# for the messages the fault cases expect.
use_plugin() {
	case $1 in
		age)
			PLUGIN=("$top_builddir/plugins/check_dirsync_age")
			DOC=organization
			FIELD=onPremisesLastSyncDateTime
			FIRST_FIELD=onPremisesSyncEnabled # read before the timestamp
			OK_RE='last sync 12m'
			PERMISSION_RE='the Microsoft Graph application permission Organization\.Read\.All'
			EMPTY_RE='Graph returned no organization for this tenant'
			;;
		version)
			PLUGIN=("$top_builddir/plugins/check_dirsync_version" --graph)
			DOC=onPremisesSynchronization
			FIELD=synchronizationClientVersion
			FIRST_FIELD=synchronizationClientVersion
			OK_RE='Entra Connect 2\.6\.92\.0 is supported'
			PERMISSION_RE='OnPremDirectorySynchronization\.Read\.All'
			EMPTY_RE='Graph has no directory synchronization settings'
			;;
		errors) # the scans of the token cache suites only: the fault table is for the two above
			PLUGIN=("$top_builddir/plugins/check_dirsync_errors")
			;;
	esac
	PLUGIN_NAME=$1
}

# cached_command NAME TENANT [options]: CMD, the plugin NAME against the simulator with
# the client secret file and the token cache directory $CACHE; cached runs it.
cached_command() {
	local tenant=$2
	use_plugin "$1"
	shift 2
	CMD=("${PLUGIN[@]}" "${ENDPOINTS[@]}" --tenant="$tenant" --client-id="$APP"
		--client-secret-file="$TEST_TMP/secret" --token-cache="$CACHE" "$@")
}
cached() {
	cached_command "$@"
	run "${CMD[@]}"
}
entry() { ls "$CACHE"/*.token 2>/dev/null; } # the one entry of a cache used for one tenant
temp_files() { find "$CACHE" -name '.*' -type f | wc -l; }

# killed_at_moments START DELAY...: for each delay, with $CACHE emptied of tokens, START
# (a function) starts runs in the background and puts their pids in pids; after the
# delay they are killed with SIGKILL. Whatever the moment, the entry left must be whole
# (cache_entry_ok) or absent.
killed_at_moments() {
	local start=$1 delay whole=1 token_file
	shift
	for delay in "$@"; do
		rm -f "$CACHE"/*.token
		pids=()
		"$start"
		sleep "$delay"
		# The braces also catch bash's note that the job was killed.
		{
			kill -9 "${pids[@]}"
			wait "${pids[@]}"
		} 2>/dev/null
		token_file=$(entry)
		if [ -n "$token_file" ] && ! cache_entry_ok "$token_file"; then
			whole=0
			echo "# a broken entry after a kill at $delay s:"
			sed 's/^\(.\{40\}\).*/# \1/' "$token_file"
		fi
	done
	[ "$whole" = 1 ]
	tap_result $? "runs killed at $# moments never leave a partial entry"
}

free_port() { # a loopback port where nothing listens
	"$SIM_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The simulator's certificates, made 30 days in the past where faketime exists, so that
# a plugin whose clock runs days behind still trusts them (start_simulator uses them).
make_backdated_pki() {
	if [ "${#FAKETIME_CMD[@]}" -gt 0 ] && [ ! -f "$TEST_TMP/pki/ca.pem" ]; then
		"${FAKETIME_CMD[@]}" -f -30d bash "$top_srcdir/t/sim/make-pki.sh" "$TEST_TMP/pki" >/dev/null 2>&1 ||
			{ echo "Bail out! make-pki.sh under faketime failed"; exit 99; }
	fi
}

# The simulator, a second one whose certificate names another host, a port where
# nothing listens and one that accepts connections and never says a word.
start_fault_world() {
	make_backdated_pki
	start_simulator --server-cert "$TEST_TMP/pki/server-wrongname.pem" \
		--server-key "$TEST_TMP/pki/server-wrongname-key.pem"
	WRONGNAME_BASE=$BASE
	start_simulator
	CLOSED_PORT=$(free_port)
	# The kernel completes the TCP handshakes of a listening socket; nothing is ever read
	# from them or sent.
	"$SIM_PYTHON" -c '
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1024)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(3600)
' "$TEST_TMP/blackhole.port" &
	local pid=$! i
	at_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
	for i in $(seq 1 100); do
		[ -s "$TEST_TMP/blackhole.port" ] && break
		sleep 0.05
	done
	BLACKHOLE_PORT=$(cat "$TEST_TMP/blackhole.port") || { echo "Bail out! no silent listener"; exit 99; }
}

# The -t of the cases that are not about time: enough for any answer, even under
# valgrind, whose start-up alone takes seconds.
FAULT_TIMEOUT=3
[ -n "${DIRSYNC_VALGRIND-}" ] && FAULT_TIMEOUT=30

# fault_case ID: describes one fault for the plugin chosen by use_plugin. Sets
#   CASE_WHAT      what happens
#   CASE_TENANT    the scenario (t/sim/README.md); "fresh" where the endpoint fails
#   CASE_ENDPOINT  '' or where the connection fails: refused, dns, blackhole, wrongca,
#                  wrongname
#   CASE_TIMEOUT   the -t argument; CASE_SECONDS its seconds
#   CASE_RC CASE_STATE CASE_RE   the exit code, state and message (an extended regex)
# Returns 1 for a case that does not apply to the plugin.
FAULT_CASES=(refused dns wrongca wrongname blackhole slowlogin slow slowcritical trickle drop
	endless huge error500 html throttledlong unavailablelong redirect truncated badjson empty
	wrongtype badtime deepjson hugenumber hugeint badutf8 forbidden unauthorized notoken
	expiressoon expiresnegative expiresfloat expireshuge expiresint80 injectedtoken
	retryzero retryhuge loginretryzero controlcode nulstring)
fault_case() {
	local sim="127\\.0\\.0\\.1:$SIM_PORT" token_answer
	token_answer="the token answer from 127\\.0\\.0\\.1:$SIM_PORT \\(HTTP 200\\)"
	CASE_TENANT=fresh CASE_ENDPOINT='' CASE_TIMEOUT=$FAULT_TIMEOUT CASE_RC=3 CASE_STATE=UNKNOWN
	case $1 in
		refused)
			CASE_WHAT='connection refused' CASE_ENDPOINT=refused
			CASE_RE="requesting a token: cannot connect to 127\\.0\\.0\\.1:$CLOSED_PORT"
			;;
		dns)
			CASE_WHAT='a host name that does not resolve' CASE_ENDPOINT=dns
			# A resolver that does not answer at all runs into the deadline instead.
			CASE_RE="(timed out after $FAULT_TIMEOUT s: )?requesting a token: cannot resolve ${DNS_FAILURE_HOST//./\\.}"
			;;
		wrongca)
			CASE_WHAT='TLS certificate from an unknown CA' CASE_ENDPOINT=wrongca
			CASE_RE="requesting a token: the TLS certificate of $sim is not trusted \\(.*\\): if a proxy inspects TLS, give its CA with --ca-file"
			;;
		wrongname)
			CASE_WHAT='TLS certificate for another name' CASE_ENDPOINT=wrongname
			CASE_RE='requesting a token: the TLS certificate of 127\.0\.0\.1:[0-9]+ is not trusted \(.*(name|match).*\)'
			;;
		blackhole)
			CASE_WHAT='a server that accepts the connection and never answers' CASE_ENDPOINT=blackhole
			CASE_TIMEOUT=2
			CASE_RE="timed out after 2 s: requesting a token: no connection to 127\\.0\\.0\\.1:$BLACKHOLE_PORT in time \\(no TCP or TLS handshake\\)"
			;;
		slowlogin)
			CASE_WHAT='a token endpoint that takes the request and never answers' CASE_TENANT=slowlogin
			CASE_TIMEOUT=2
			CASE_RE="timed out after 2 s: requesting a token: $sim accepted the request but did not answer"
			;;
		slow)
			CASE_WHAT='Graph takes the request and never answers' CASE_TENANT=slow CASE_TIMEOUT=2
			CASE_RE="timed out after 2 s: asking Graph: $sim accepted the request but did not answer"
			;;
		slowcritical)
			CASE_WHAT='-t SECONDS:STATE chooses the timeout state' CASE_TENANT=slow
			CASE_TIMEOUT=2:critical CASE_RC=2 CASE_STATE=CRITICAL
			CASE_RE="timed out after 2 s: asking Graph: $sim accepted the request but did not answer"
			;;
		trickle)
			CASE_WHAT='Graph trickles one byte a second' CASE_TENANT=trickle CASE_TIMEOUT=2
			CASE_RE="timed out after 2 s: asking Graph: $sim answered too slowly: the answer was still incomplete"
			;;
		drop)
			CASE_WHAT='the connection drops in the middle of the body' CASE_TENANT=drop
			CASE_RE="asking Graph: the connection to $sim broke off in the middle of the answer"
			;;
		endless)
			CASE_WHAT='200 with an endless body' CASE_TENANT=endless
			CASE_RE="asking Graph: the answer from $sim is larger than 1024 KiB"
			;;
		huge)
			CASE_WHAT='200 with 2 MiB of valid JSON' CASE_TENANT=huge
			CASE_RE="asking Graph: the answer from $sim is larger than 1024 KiB"
			;;
		error500)
			CASE_WHAT='HTTP 500 with an HTML page' CASE_TENANT=error500
			CASE_RE="Graph at $sim answered HTTP 500 with text/html instead of JSON"
			;;
		html)
			CASE_WHAT='200 with a captive portal page' CASE_TENANT=html
			CASE_RE="Graph at $sim answered with text/html; charset=utf-8 instead of JSON: a proxy or captive portal"
			;;
		throttledlong)
			CASE_WHAT='429 with Retry-After longer than the deadline' CASE_TENANT=throttledlong
			CASE_RE='Graph is throttling this app \(429 TooManyRequests\) and asks to retry after 120\.0 s, later than the timeout allows'
			;;
		unavailablelong)
			CASE_WHAT='503 with Retry-After longer than the deadline' CASE_TENANT=unavailablelong
			CASE_RE='Graph is unavailable \(503 serviceNotAvailable\) and asks to retry after 120\.0 s, later than the timeout allows'
			;;
		redirect)
			CASE_WHAT='a redirect to another host' CASE_TENANT=redirect
			CASE_RE="Graph at $sim answered with a redirect \\(HTTP 302\\), which is not followed with the access token"
			;;
		truncated)
			CASE_WHAT='half the JSON' CASE_TENANT=truncated
			CASE_RE="Graph's $DOC answer is cut off: the JSON ends early"
			;;
		badjson)
			CASE_WHAT='JSON that is not' CASE_TENANT=badjson
			CASE_RE="Graph's $DOC answer is not valid JSON"
			;;
		empty)
			CASE_WHAT='an empty value list' CASE_TENANT=empty CASE_RE=$EMPTY_RE
			;;
		wrongtype)
			CASE_WHAT='a number where a string belongs' CASE_TENANT=wrongtype
			CASE_RE="Graph's $FIELD is a number, not a"
			;;
		badtime)
			[ "$PLUGIN_NAME" = age ] || return 1
			CASE_WHAT='a timestamp that is not one' CASE_TENANT=badtime
			CASE_RE="Graph's onPremisesLastSyncDateTime: invalid timestamp 'yesterday'"
			;;
		deepjson)
			CASE_WHAT='100 000 nested arrays' CASE_TENANT=deepjson
			CASE_RE="Graph's $DOC answer is not valid JSON \\(nesting too deep\\)"
			;;
		hugenumber)
			CASE_WHAT='1e999999 where a timestamp or version belongs' CASE_TENANT=hugenumber
			CASE_RE="Graph's $FIELD is a number, not a"
			;;
		hugeint)
			CASE_WHAT='2^80 where a boolean or version belongs' CASE_TENANT=hugeint
			CASE_RE="Graph's $FIRST_FIELD is a number, not"
			;;
		badutf8)
			CASE_WHAT='invalid UTF-8 in a string' CASE_TENANT=badutf8
			CASE_RE="Graph's $DOC answer is not valid JSON \\(invalid utf-8 string\\)"
			;;
		forbidden)
			CASE_WHAT='403: the permission is missing' CASE_TENANT=forbidden
			CASE_RE="Graph refused access \\(403 Authorization_RequestDenied\\): grant the app $PERMISSION_RE"
			;;
		unauthorized)
			CASE_WHAT='401 for a valid token' CASE_TENANT=unauthorized
			CASE_RE='Graph refused the access token \(401 InvalidAuthenticationToken\)'
			;;
		notoken)
			CASE_WHAT='a token answer without access_token' CASE_TENANT=notoken
			CASE_RE="$token_answer has no access_token"
			;;
		expiressoon)
			CASE_WHAT='expires_in "soon"' CASE_TENANT=expiressoon
			CASE_RE="$token_answer has no usable expires_in"
			;;
		expiresnegative)
			CASE_WHAT='expires_in -5' CASE_TENANT=expiresnegative
			CASE_RE="$token_answer has an unusable expires_in"
			;;
		expiresfloat)
			CASE_WHAT='expires_in 1e30' CASE_TENANT=expiresfloat
			CASE_RE="$token_answer has no usable expires_in"
			;;
		expireshuge)
			CASE_WHAT='expires_in 1e999999' CASE_TENANT=expireshuge
			CASE_RE="$token_answer has no usable expires_in"
			;;
		expiresint80)
			CASE_WHAT='expires_in 2^80' CASE_TENANT=expiresint80
			CASE_RE="$token_answer has an unusable expires_in"
			;;
		injectedtoken)
			CASE_WHAT='an access_token that would add a header' CASE_TENANT=injectedtoken
			CASE_RE="$token_answer has an access_token that is not printable ASCII without blanks, which no bearer token is: check --proxy and --authority-host"
			;;
		retryzero)
			CASE_WHAT='429 with Retry-After: 0 on every request' CASE_TENANT=retryzero
			CASE_RE='Graph is throttling this app \(429 TooManyRequests\) and answered so to all 5 requests, each asking to retry at once \(Retry-After: 0\): check less often$'
			;;
		retryhuge)
			CASE_WHAT='503 with Retry-After: 1e300' CASE_TENANT=retryhuge
			CASE_RE='Graph is unavailable \(503 serviceNotAvailable\) and asks to retry in more than a day, later than the timeout allows: check again later$'
			;;
		loginretryzero)
			CASE_WHAT='a token endpoint that answers 429 with Retry-After: 0 every time' CASE_TENANT=loginretryzero
			CASE_RE="the token endpoint at $sim is throttling this app \\(HTTP 429\\) and answered so to all 5 requests, each asking to retry at once \\(Retry-After: 0\\): check less often\$"
			;;
		controlcode)
			# cloud.t also checks that the status line holds none of the controls.
			CASE_WHAT='a Graph error code with ESC, BEL, NEL, C1 and bidi controls' CASE_TENANT=controlcode
			CASE_RE='Graph answered HTTP 400 with error BadRequest'
			;;
		nulstring)
			CASE_WHAT='a NUL character (\u0000) inside a string' CASE_TENANT=nulstring
			CASE_RE="Graph's $DOC answer has a NUL character \\(\\\\u0000\\) in $FIELD, which no real value holds"
			;;
		*)
			echo "Bail out! unknown fault case $1"
			exit 99
			;;
	esac
	CASE_SECONDS=${CASE_TIMEOUT%%:*}
}

# endpoint_options ENDPOINT: ENDPOINT_OPTIONS for a client credential, the authority
# and Graph roots and the CA, with the one that fails.
endpoint_options() {
	local authority=$BASE graph=$BASE ca=$SIM_PKI/ca.pem
	case $1 in
		refused) authority=https://127.0.0.1:$CLOSED_PORT ;;
		dns) authority=https://$DNS_FAILURE_HOST ;;
		blackhole) authority=https://127.0.0.1:$BLACKHOLE_PORT ;;
		wrongca) ca=$SIM_PKI/wrong-ca.pem ;;
		wrongname) authority=$WRONGNAME_BASE graph=$WRONGNAME_BASE ;;
	esac
	ENDPOINT_OPTIONS=(--authority-host="$authority" --graph-url="$graph" --ca-file="$ca")
}

# measure_plugin_overhead: overhead_ms for the chosen plugin (use_plugin), from a whole run
# that is answered at once (a token, then Graph, from the simulator's "fresh" tenant):
# every library loaded and initialised, TLS sessions set up and torn down, the process
# started and ended as in the fault cases, under the pass's instrumentation (what a
# sanitizer checks at exit grows with what the run did). It adds to the simulator's
# counts: read those of a case before.
measure_plugin_overhead() {
	measure_overhead "${PLUGIN[@]}" --authority-host="$BASE" --graph-url="$BASE" \
		--ca-file="$SIM_PKI/ca.pem" --tenant=fresh.example --client-id="$APP" \
		--client-secret-file="$TEST_TMP/secret" --token-cache=none -t "$FAULT_TIMEOUT"
}

# cache_entry_ok FILE: a whole cache entry (three lines, 0600, ours) whose token the
# simulator issued and which expires about a token lifetime (3599 s) from now.
cache_entry_ok() {
	local file=$1 header expires token rest now
	[ -f "$file" ] && [ "$(stat -c '%a %u' "$file")" = "600 $(id -u)" ] || return 1
	{
		read -r header
		read -r _ expires
		read -r _ token
		rest=$(cat)
	} <"$file"
	now=$(date +%s)
	[ "$header" = 'dirsync-plugins token cache v1' ] && [ -z "$rest" ] &&
		[ "$(wc -l <"$file")" = 3 ] && [[ $expires =~ ^[0-9]+$ ]] &&
		[ "$expires" -gt $((now + 3000)) ] && [ "$expires" -le $((now + 3600)) ] &&
		grep -qxF "token $token" "$SIM_STATE/secrets.log"
}
