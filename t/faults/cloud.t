#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# Faults between the cloud checks and the services they ask, for check_dirsync_age and
# check_dirsync_version --graph alike, against the simulator over real HTTPS: the
# network, TLS, slow and broken servers, bad HTTP answers, bad JSON, bad token answers
# and a wrong clock. Each ends in the right exit code and state, with a message that
# names the cause, within the -t deadline + 1 s (plus the start-up and exit cost of the
# plugin, measured beside each case: see within_timeout). No fault ends in OK.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/sim/lib.sh"
. "$top_srcdir/t/faults/lib.sh"

start_fault_world
WRAP=()

# cloud [options]: the chosen plugin with the client secret file and no token cache.
cloud() {
	run "${WRAP[@]}" "${PLUGIN[@]}" "${ENDPOINT_OPTIONS[@]}" --client-id="$APP" \
		--client-secret-file="$TEST_TMP/secret" --token-cache=none "$@"
}

# The counter behind the redirect check sees a bearer token that reaches the other host.
curl -s -o /dev/null --cacert "$SIM_PKI/ca.pem" -H 'Authorization: Bearer x' \
	"https://localhost:$SIM_PORT/v1.0/organization"
[ "$(sim_stats authorized_requests_to_other_host)" = 1 ]
tap_result $? "the simulator counts a bearer token sent to the other host"

# One run of the case, and the simulator's counts of what it asked (the overhead run
# beside it asks too). within_timeout's RETIME runs it once more.
run_case() {
	sim_reset
	timed cloud --tenant="$CASE_TENANT.example" -t "$CASE_TIMEOUT"
	case_token=$(sim_stats token_requests) case_graph=$(sim_stats graph_requests)
	case_other_host=$(sim_stats authorized_requests_to_other_host)
}

for name in "${CLOUD_PLUGINS[@]}"; do
	use_plugin "$name"
	echo "# --- $name: faults"
	for id in "${FAULT_CASES[@]}"; do
		fault_case "$id" || continue
		endpoint_options "$CASE_ENDPOINT"
		WRAP=()
		[ "$id" = endless ] && WRAP=(/usr/bin/time -f %M -o "$TEST_TMP/rss")
		run_case
		check_state "$CASE_RC" "$CASE_STATE" "$CASE_RE" "$name: $CASE_WHAT"
		measure_plugin_overhead
		RETIME=run_case within_timeout "$CASE_SECONDS" "$name: $CASE_WHAT"
		case $id in
			endless)
				if [ -n "$MEMORY_SKIP" ]; then
					tap_skip "$name: memory stays bounded on an endless body" "$MEMORY_SKIP"
				else
					rss_kib=$(tail -n 1 "$TEST_TMP/rss")
					[[ $rss_kib =~ ^[0-9]+$ ]] && [ "$rss_kib" -lt $((32 * 1024)) ]
					tap_result $? "$name: peak RSS on an endless body is under 32 MiB ($rss_kib KiB)"
				fi
				;;
			retryzero | retryhuge | loginretryzero)
				graph=$case_graph token=$case_token
				case $id in
					retryzero) expected='1 5' ;;
					retryhuge) expected='1 1' ;;
					loginretryzero) expected='5 0' ;;
				esac
				[ "$token $graph" = "$expected" ]
				tap_result $? "$name: $token token and $graph Graph requests (expected $expected)"
				;;
			controlcode)
				# No C0 control but the ending newline, no DEL, no C1 (NEL U+0085, CSI U+009B),
				# no bidi control; each became U+FFFD.
				! LC_ALL=C grep -qP '[\x00-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' <<<"$line1" &&
					[ "$(LC_ALL=C grep -o $'\xef\xbf\xbd' <<<"$line1" | wc -l)" -ge 7 ]
				tap_result $? "$name: the status line holds no control character of the error code"
				;;
			redirect)
				[ "$case_other_host" = 0 ] && [ "$case_graph" = 1 ]
				tap_result $? "$name: the redirect is not followed and the bearer token stays home"
				;;
		esac
	done
	WRAP=()

	echo "# --- $name: -t counts from the start of the run"
	# The secret file is a FIFO whose writer waits 3 s after the plugin opened it: the
	# time spent reading options and files is part of -t 2.
	endpoint_options ''
	rm -f "$TEST_TMP/slow-secret" && mkfifo "$TEST_TMP/slow-secret"
	(
		exec 3>"$TEST_TMP/slow-secret"
		sleep 3
		printf '%s\n' "$SECRET" >&3
	) &
	run "${PLUGIN[@]}" "${ENDPOINT_OPTIONS[@]}" --tenant=fresh.example --client-id="$APP" \
		--client-secret-file="$TEST_TMP/slow-secret" --token-cache=none -t 2
	wait $!
	check_state 3 UNKNOWN "timed out after 2 s: " \
		"$name: a secret file that takes 3 s to read uses up -t 2"

	echo "# --- $name: what is retried or accepted"
	endpoint_options ''
	sim_reset
	timed cloud --tenant=throttled.example -t 10
	check_state 0 OK "$OK_RE" "$name: 429 with Retry-After: 1 is retried"
	[ "$elapsed_ms" -ge 900 ]
	tap_result $? "$name: the retry waited for Retry-After ($elapsed_ms ms)"
	sim_reset
	timed cloud --tenant=unavailable.example -t 10
	check_state 0 OK "$OK_RE" "$name: 503 with Retry-After: 0.5 is retried"
	[ "$elapsed_ms" -ge 450 ]
	tap_result $? "$name: the retry waited for Retry-After ($elapsed_ms ms)"
	# The v1 endpoint and AD FS send expires_in as a string of digits: that is a lifetime.
	cloud --tenant=expiresstring.example --token-cache="$TEST_TMP/cache-$name"
	check_state 0 OK "$OK_RE" "$name: expires_in as the string \"3599\" is accepted"
	cache_entry_ok "$(ls "$TEST_TMP/cache-$name"/*.token)"
	tap_result $? "$name: ... and the token is cached for its 3599 s"

	echo "# --- $name: a clock far off"
	if [ "${#FAKETIME_CMD[@]}" = 0 ]; then
		tap_skip "$name: a clock far off" "$FAKETIME_SKIP"
		continue
	fi
	for offset in +3h -2d; do
		timed run "${FAKETIME_CMD[@]}" -f "$offset" "${PLUGIN[@]}" "${ENDPOINT_OPTIONS[@]}" \
			--tenant=fresh.example --client-id="$APP" --certificate="$SIM_PKI/app.pem" \
			--token-cache=none -t "$FAULT_TIMEOUT"
		check_state 3 UNKNOWN "the identity platform says the client assertion is outside its valid time range \(AADSTS700024\): this server's clock is probably wrong; check it and NTP" \
			"$name: a certificate credential with the clock $offset names the clock"
		measure_plugin_overhead
		within_timeout "$FAULT_TIMEOUT" "$name: a clock $offset"
	done
	# Before the service certificate's validity, TLS fails; the sentence names the clock.
	timed run "${FAKETIME_CMD[@]}" -f -40d "${PLUGIN[@]}" "${ENDPOINT_OPTIONS[@]}" \
		--tenant=fresh.example --client-id="$APP" --client-secret-file="$TEST_TMP/secret" \
		--token-cache=none -t "$FAULT_TIMEOUT"
	check_state 3 UNKNOWN "requesting a token: the TLS certificate of 127\.0\.0\.1:$SIM_PORT is not trusted \(.*not yet valid\): check this server's clock \(NTP\)" \
		"$name: a clock before the server certificate's validity names the clock"
	measure_plugin_overhead
	within_timeout "$FAULT_TIMEOUT" "$name: a clock 40 days behind"
done

# The managed identity's token comes back over IDENTITY_ENDPOINT or the IMDS host: plain
# http only to loopback (the simulator's $IMDS) or 169.254.169.254, else UNKNOWN naming
# the variable, before anything is sent.
for name in "${CLOUD_PLUGINS[@]}"; do
	use_plugin "$name"
	echo "# --- $name: managed identity endpoints"
	managed=("${PLUGIN[@]}" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" --token-cache=none
		--managed-identity -t "$FAULT_TIMEOUT")
	run env AZURE_POD_IDENTITY_AUTHORITY_HOST="$IMDS" "${managed[@]}"
	check_state 0 OK "$OK_RE" "$name: IMDS over plain http to loopback"
	rule='must be an https:// URL: the managed identity.s token comes back over it, and plain http is allowed only to this machine \(127\.0\.0\.0/8, ::1, localhost\) or to 169\.254\.169\.254'
	for host in "http://$DNS_FAILURE_HOST" http://10.11.12.13 "http://user:pw@127.0.0.1.example:$SIM_HTTP_PORT"; do
		sim_reset
		run env AZURE_POD_IDENTITY_AUTHORITY_HOST="$host" "${managed[@]}"
		check_state 3 UNKNOWN "AZURE_POD_IDENTITY_AUTHORITY_HOST $rule" \
			"$name: AZURE_POD_IDENTITY_AUTHORITY_HOST=$host"
		[ "$(sim_stats imds_requests)" = 0 ] && ! grep -q 'pw' "$TEST_TMP/stdout"
		tap_result $? "$name: ... nothing was asked and the URL is not quoted"
	done
	run env IDENTITY_ENDPOINT="$IMDS/msi/token" IDENTITY_HEADER="$IDENTITY_SECRET" "${managed[@]}"
	check_state 0 OK "$OK_RE" "$name: IDENTITY_ENDPOINT over plain http to loopback"
	run env IDENTITY_ENDPOINT="http://10.11.12.13:8081/msi/token" IDENTITY_HEADER="$IDENTITY_SECRET" \
		"${managed[@]}"
	check_state 3 UNKNOWN "IDENTITY_ENDPOINT $rule" "$name: IDENTITY_ENDPOINT to another host over http"
	run env IDENTITY_ENDPOINT="ftp://127.0.0.1/msi/token" IDENTITY_HEADER="$IDENTITY_SECRET" \
		"${managed[@]}"
	check_state 3 UNKNOWN "IDENTITY_ENDPOINT $rule" "$name: IDENTITY_ENDPOINT with another scheme"
done

done_testing
