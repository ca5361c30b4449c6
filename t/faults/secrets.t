#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# No secret ever reaches the output: for every credential type, every fault case and
# both cloud checks, at -vvv (which prints every line -v and -vv print) and, spread over
# the credentials, at -v and -vv, stdout and stderr hold neither the client secret, nor a
# line of the private key, nor the federated token, nor a client assertion, nor an access
# token the simulator issued, nor the App Service identity header; and a secret given on
# the command line disappears from the process list.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/sim/lib.sh"
. "$top_srcdir/t/faults/lib.sh"

start_fault_world
graph_sim() { "$SIM_PYTHON" "$top_srcdir/t/sim/graph_sim.py" "$@"; }
graph_sim mint-federated --pki "$SIM_PKI" >"$TEST_TMP/federated.jwt"
declare -A GUID
while read -r scenario _ guid; do
	GUID[$scenario]=$guid
done < <(graph_sim tenants)
cat >"$TEST_TMP/secret.ini" <<INI
[app]
client-secret = $SECRET
INI
chmod 600 "$TEST_TMP/secret.ini"

CREDENTIALS=(secret-file secret-env secret-extra-opts secret-argument certificate federated
	imds app-service)
VERBOSITIES=(-v -vv -vvv)
OUT=$TEST_TMP/out
mkdir -p "$OUT"

# command_for CREDENTIAL EXTRA-OPTIONS...: CMD, the current plugin with that credential
# for the current fault case (fault_case); EXTRA-OPTIONS go last.
command_for() {
	local credential=$1 mi_host=$IMDS
	shift
	local graph=$BASE ca=$SIM_PKI/ca.pem
	case $CASE_ENDPOINT in
		refused) mi_host=http://127.0.0.1:$CLOSED_PORT ;;
		# https: plain http is refused before any lookup for a host that is not local.
		dns) mi_host=https://$DNS_FAILURE_HOST ;;
		blackhole) mi_host=http://127.0.0.1:$BLACKHOLE_PORT ;;
		wrongca) ca=$SIM_PKI/wrong-ca.pem ;;
		wrongname) graph=$WRONGNAME_BASE ;;
	esac
	endpoint_options "$CASE_ENDPOINT"
	local client=("${ENDPOINT_OPTIONS[@]}" --tenant="$CASE_TENANT.example" --client-id="$APP")
	local managed=(--graph-url="$graph" --ca-file="$ca" --managed-identity="${GUID[$CASE_TENANT]}")
	case $credential in
		secret-file) CMD=("${PLUGIN[@]}" "${client[@]}" --client-secret-file="$TEST_TMP/secret") ;;
		secret-env) CMD=(env AZURE_CLIENT_SECRET="$SECRET" "${PLUGIN[@]}" "${client[@]}") ;;
		secret-extra-opts)
			CMD=("${PLUGIN[@]}" --extra-opts="app@$TEST_TMP/secret.ini" "${client[@]}")
			;;
		secret-argument) CMD=("${PLUGIN[@]}" "${client[@]}" --client-secret="$SECRET") ;;
		certificate) CMD=("${PLUGIN[@]}" "${client[@]}" --certificate="$SIM_PKI/app.pem") ;;
		federated)
			CMD=("${PLUGIN[@]}" "${client[@]}" --federated-token-file="$TEST_TMP/federated.jwt")
			;;
		imds)
			CMD=(env AZURE_POD_IDENTITY_AUTHORITY_HOST="$mi_host" "${PLUGIN[@]}" "${managed[@]}")
			;;
		app-service)
			CMD=(env IDENTITY_ENDPOINT="$mi_host/msi/token" IDENTITY_HEADER="$IDENTITY_SECRET"
				"${PLUGIN[@]}" "${managed[@]}")
			;;
	esac
	CMD+=("$@")
}

# Runs go in parallel in batches: twice as many at a time as there are cores, so that the
# tests make -j runs beside this one keep their share of the machine, or more for runs
# that only wait for their deadline. Each leaves OUT/N (stdout and stderr) and OUT/N.rc.
PARALLEL=$((2 * $(nproc 2>/dev/null || echo 2)))
runs=0
batch=()
start_run() { # batch-size command...
	local size=$1
	shift
	runs=$((runs + 1))
	("$@" >"$OUT/$runs" 2>&1; echo $? >"$OUT/$runs.rc") &
	batch+=($!)
	if [ "${#batch[@]}" -ge "$size" ]; then
		wait "${batch[@]}"
		batch=()
	fi
}
finish_runs() {
	[ "${#batch[@]}" -eq 0 ] || wait "${batch[@]}"
	batch=()
}

# every_run CASE-LABEL TIMEOUT BATCH [prefix...] -- [options...]: the current fault case
# for every credential and plugin at -vvv, which prints every line -v and -vv print and
# more; -v and -vv go to two of the credentials, others for each case (cases_run counts
# them), so that every case and every credential also runs at each lower level. The
# working and the cached case run everything at every level.
cases_run=0
every_run() {
	local label=$1 timeout=$2 size=$3 credential name verbosity i p
	shift 3
	local prefix=()
	while [ "$1" != -- ]; do
		prefix+=("$1")
		shift
	done
	shift
	local count=${#CREDENTIALS[@]}
	for i in "${!CREDENTIALS[@]}"; do
		credential=${CREDENTIALS[$i]}
		for p in "${!CLOUD_PLUGINS[@]}"; do
			name=${CLOUD_PLUGINS[$p]}
			use_plugin "$name"
			for verbosity in "${VERBOSITIES[@]}"; do
				if [ "$label" != ok ]; then
					case $verbosity in
						-v) [ "$i" = $(((cases_run + p) % count)) ] || continue ;;
						-vv) [ "$i" = $(((cases_run + p + count / 2) % count)) ] || continue ;;
					esac
				fi
				command_for "$credential" -t "$timeout" "$verbosity" "$@"
				echo "$label $credential $name $verbosity" >"$OUT/label.$((runs + 1))"
				start_run "$size" "${prefix[@]}" "${CMD[@]}"
			done
		done
	done
	finish_runs
	cases_run=$((cases_run + 1))
}

CASE_TENANT=fresh CASE_ENDPOINT=''
every_run ok 10 "$PARALLEL" -- --token-cache=none
for id in "${FAULT_CASES[@]}"; do
	use_plugin age
	fault_case "$id" || continue
	# Runs that wait for their deadline mostly sleep: more of them go at once.
	size=$PARALLEL
	[ "$CASE_SECONDS" -lt "$FAULT_TIMEOUT" ] && size=$((PARALLEL * 8))
	every_run "$id" "$CASE_TIMEOUT" "$size" -- --token-cache=none
done
# A token read from the cache: each combination gets a cache of its own, filled by a
# first run.
CASE_TENANT=fresh CASE_ENDPOINT=''
for credential in "${CREDENTIALS[@]}"; do
	for name in "${CLOUD_PLUGINS[@]}"; do
		use_plugin "$name"
		for verbosity in "${VERBOSITIES[@]}"; do
			cache=$TEST_TMP/cache/$credential-$name$verbosity
			command_for "$credential" -t 10 "$verbosity" --token-cache="$cache"
			echo "fill-cache $credential $name $verbosity" >"$OUT/label.$((runs + 1))"
			start_run 1 "${CMD[@]}"
			echo "cached $credential $name $verbosity" >"$OUT/label.$((runs + 1))"
			start_run "$PARALLEL" "${CMD[@]}"
		done
	done
done
finish_runs
if [ "${#FAKETIME_CMD[@]}" -gt 0 ]; then
	for offset in +3h -2d; do
		every_run "clock$offset" 3 "$PARALLEL" "${FAKETIME_CMD[@]}" -f "$offset" -- --token-cache=none
	done
fi
finish_runs

# Every run printed a status line, and the runs that should work did: the leak check
# below looks at real answers.
status_lines=$(cat "$OUT"/[0-9]* | grep -cE '^DIRSYNC (AGE|VERSION) (OK|WARNING|CRITICAL|UNKNOWN) - ')
[ "$status_lines" = "$runs" ]
tap_result $? "all $runs runs printed a status line ($status_lines)"
ok_runs=0
cached_runs=0
for label in "$OUT"/label.*; do
	n=${label##*.}
	read -r what credential name verbosity <"$label"
	case $what in
		ok | fill-cache) grep -qE '^DIRSYNC [A-Z]+ OK - ' "$OUT/$n" && ok_runs=$((ok_runs + 1)) ;;
		cached)
			grep -qE '^DIRSYNC [A-Z]+ OK - ' "$OUT/$n" && grep -q 'access token from the token cache' "$OUT/$n" &&
				cached_runs=$((cached_runs + 1))
			;;
	esac
done
combinations=$((${#CREDENTIALS[@]} * ${#CLOUD_PLUGINS[@]} * ${#VERBOSITIES[@]}))
[ "$ok_runs" = $((2 * combinations)) ]
tap_result $? "every credential works with both plugins at every verbosity ($ok_runs of $((2 * combinations)))"
[ "$cached_runs" = "$combinations" ]
tap_result $? "every credential's token is read back from the cache ($cached_runs of $combinations)"
described=$(grep -l -- '^credential: ' "$OUT"/[0-9]* | wc -l)
[ "$described" = "$runs" ]
tap_result $? "the verbose output describes the credential ($described of $runs runs)"
for verbosity in "${VERBOSITIES[@]}"; do
	at_level=$(grep -l -- " $verbosity\$" "$OUT"/label.* | wc -l)
	levels_ok=1
	for credential in "${CREDENTIALS[@]}"; do
		[ "$(grep -l -- " $credential .* $verbosity\$" "$OUT"/label.* | wc -l)" -gt 2 ] || levels_ok=0
	done
	[ "$levels_ok" = 1 ]
	tap_result $? "every credential runs faults at $verbosity ($at_level runs at that level)"
done
issued=$(grep -c '^token ' "$SIM_STATE/secrets.log")
assertions=$(grep -c '^assertion ' "$SIM_STATE/secrets.log")
[ "$issued" -ge "$combinations" ] && [ "$assertions" -ge $((2 * combinations / 8)) ]
tap_result $? "the simulator recorded the tokens it issued ($issued) and the assertions it got ($assertions)"

# What must never appear: whole values, the middle of the client secret, and the
# signature part of every JWT, which is what a shortened quote would still carry.
{
	printf '%s\n' "$SECRET" "${SECRET:5:20}" "$IDENTITY_SECRET"
	sed -n '/-----BEGIN PRIVATE KEY-----/,/-----END PRIVATE KEY-----/p' "$SIM_PKI/app.pem" |
		grep -v -- '-----'
	for jwt in $(cat "$TEST_TMP/federated.jwt") $(cut -d' ' -f2 "$SIM_STATE/secrets.log"); do
		printf '%s\n%s\n' "$jwt" "${jwt##*.}"
	done
} | sort -u >"$TEST_TMP/never"
leaks() { # files...: prints the lines that carry a secret
	grep -hF -f "$TEST_TMP/never" -- "$@"
	grep -hE -- 'PRIVATE KEY|eyJ[A-Za-z0-9_-]{20,}' "$@"
}

# The check finds a planted token, so its silence below means something.
printf 'DIRSYNC AGE UNKNOWN - token %s\n' "$(grep -m 1 '^token ' "$SIM_STATE/secrets.log" | cut -c 7-40)" \
	>"$TEST_TMP/planted-prefix"
grep -m 1 '^token ' "$SIM_STATE/secrets.log" | sed 's/^token .*\./signature /' >"$TEST_TMP/planted-signature"
[ -n "$(leaks "$TEST_TMP/planted-prefix")" ] && [ -n "$(leaks "$TEST_TMP/planted-signature")" ]
tap_result $? "the leak check finds a planted token"

for credential in "${CREDENTIALS[@]}"; do
	files=()
	for label in $(grep -l " $credential " "$OUT"/label.*); do
		files+=("$OUT/${label##*.}")
	done
	found=$(leaks "${files[@]}" | head -n 3)
	[ -z "$found" ]
	tap_result $? "$credential: no secret in any output of ${#files[@]} runs"
	[ -z "$found" ] || printf '# %s\n' "$found"
done
for what in $(cut -d' ' -f1 "$OUT"/label.* | sort -u); do
	files=()
	for label in $(grep -l "^$what " "$OUT"/label.*); do
		files+=("$OUT/${label##*.}")
	done
	[ -z "$(leaks "${files[@]}" | head -n 1)" ]
	tap_result $? "$what: no secret in any output of ${#files[@]} runs"
done

# The one secret that is an argument: overwritten in /proc/PID/cmdline (what ps shows)
# once the plugin has started. It is visible before that, which is why --help says to
# prefer the file, the environment or --extra-opts.
for name in "${CLOUD_PLUGINS[@]}"; do
	use_plugin "$name"
	for form in equals separate; do
		secret_args=(--client-secret="$SECRET")
		[ "$form" = separate ] && secret_args=(--client-secret "$SECRET")
		"${PLUGIN[@]}" --authority-host="$BASE" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" \
			--tenant=slowlogin.example --client-id="$APP" "${secret_args[@]}" --token-cache=none \
			-t 3 >/dev/null 2>&1 &
		pid=$!
		sleep 0.5
		tr '\0' ' ' <"/proc/$pid/cmdline" >"$TEST_TMP/cmdline" 2>/dev/null
		wait "$pid"
		grep -q -- "slowlogin.example" "$TEST_TMP/cmdline" && grep -q 'xxxxxxxxxxxx' "$TEST_TMP/cmdline" &&
			! grep -qF -- "$SECRET" "$TEST_TMP/cmdline"
		tap_result $? "$name: the --client-secret value ($form) is overwritten in the process list"
	done
	# The password of a proxy URL, while the run waits for a proxy that never answers.
	"${PLUGIN[@]}" --authority-host="$BASE" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem" \
		--tenant=fresh.example --client-id="$APP" --client-secret-file="$TEST_TMP/secret" \
		--proxy="http://proxyuser:$SECRET@127.0.0.1:$BLACKHOLE_PORT" --token-cache=none \
		-t 2 >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	tr '\0' ' ' <"/proc/$pid/cmdline" >"$TEST_TMP/cmdline" 2>/dev/null
	wait "$pid"
	grep -q -- "--proxy=http://proxyuser:xxx*@127.0.0.1:$BLACKHOLE_PORT" "$TEST_TMP/cmdline" &&
		! grep -qF -- "$SECRET" "$TEST_TMP/cmdline"
	tap_result $? "$name: the password of the --proxy URL is overwritten in the process list"
done

# A secret under a mistyped, misspelt or ambiguous option name, on the command line or
# in an extra-opts section, or given where a file name belongs: the status line names the
# option, never the value.
cat >"$TEST_TMP/typo.ini" <<INI
[typo]
client_secret = $SECRET
INI
for name in "${CLOUD_PLUGINS[@]}"; do
	use_plugin "$name"
	spellings=(--client_secret="$SECRET" --client-secert="$SECRET" --client-secre="$SECRET"
		"--client-secret-file $SECRET" --extra-opts="typo@$TEST_TMP/typo.ini")
	labels=(--client_secret=S --client-secert=S --client-secre=S '--client-secret-file S'
		'client_secret = S in extra-opts')
	for i in "${!spellings[@]}"; do
		# shellcheck disable=SC2086 # the separate form is two words
		run "${PLUGIN[@]}" --tenant=x.example --client-id="$APP" ${spellings[$i]}
		[ "$rc" = 3 ] && ! grep -qF -- "$SECRET" "$TEST_TMP/stdout" "$TEST_TMP/stderr"
		tap_result $? "$name: ${labels[$i]}: UNKNOWN without the secret (${line1:0:90})"
	done
done

# A secret or key file that others can read gets a note in the long output, at every
# verbosity, and the state stays what the check finds; a file of mode 600 gets none.
for file in secret app.pem federated.jwt; do
	source_file=$TEST_TMP/$file
	[ "$file" = app.pem ] && source_file=$SIM_PKI/app.pem
	for mode in 644 600; do
		cp "$source_file" "$TEST_TMP/$mode-$file" && chmod "$mode" "$TEST_TMP/$mode-$file"
	done
done
for name in "${CLOUD_PLUGINS[@]}"; do
	use_plugin "$name"
	endpoint_options ''
	for credential in client-secret-file=secret certificate=app.pem federated-token-file=federated.jwt; do
		option=${credential%%=*} file=${credential#*=}
		for mode in 644 600; do
			path=$TEST_TMP/$mode-$file
			run "${PLUGIN[@]}" "${ENDPOINT_OPTIONS[@]}" --tenant=fresh.example --client-id="$APP" \
				--"$option"="$path" --token-cache=none -t 10
			check_state 0 OK "$OK_RE" "$name: --$option with a file of mode $mode: the state is unchanged"
			if [ "$mode" = 644 ]; then
				grep -qxF "$path can be read by others: chmod 600 $path" "$TEST_TMP/stdout"
			else
				! grep -q 'can be read by others' "$TEST_TMP/stdout"
			fi
			tap_result $? "$name: --$option with a file of mode $mode: $([ "$mode" = 644 ] && echo 'a note' || echo 'no note') in the long output"
		done
	done
done

done_testing
