# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# Starting the Graph + identity simulator for a test script (after t/lib.sh).
# Sets SIM_PKI, SIM_STATE, SIM_PORT, SIM_HTTP_PORT, BASE, IMDS and ENDPOINTS (the options
# that point a cloud plugin at the simulator).

SIM_PYTHON=${SIM_PYTHON:-/usr/bin/python3}

# The simulator's world (t/sim/README.md): the app registration and its secret, and the
# header its managed identity endpoint expects.
APP=5f6e1c2a-7b3d-4e8f-9a0b-1c2d3e4f5a6b
SECRET='Kx8Q~simulated.secret-VALUE_0123456789'
IDENTITY_SECRET='sim-identity-header-4d3c2b1a'

# sim_client_environment: the plugins see only what a test gives them: no Azure SDK
# variable, proxy, ini search path or preload; the default token cache under $TEST_TMP;
# the client secret in $TEST_TMP/secret (0600).
sim_client_environment() {
	unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_CERTIFICATE_PATH \
		AZURE_FEDERATED_TOKEN_FILE AZURE_AUTHORITY_HOST IDENTITY_ENDPOINT IDENTITY_HEADER \
		AZURE_POD_IDENTITY_AUTHORITY_HOST MP_CONFIG_FILE NAGIOS_CONFIG_PATH https_proxy \
		HTTPS_PROXY http_proxy HTTP_PROXY all_proxy ALL_PROXY FAKETIME LD_PRELOAD
	export XDG_CACHE_HOME="$TEST_TMP/xdg"
	printf '%s\n' "$SECRET" >"$TEST_TMP/secret"
	chmod 600 "$TEST_TMP/secret"
}

# start_simulator [extra graph_sim.py arguments]
start_simulator() {
	SIM_PKI="$TEST_TMP/pki"
	SIM_STATE="$TEST_TMP/sim.$$.$RANDOM"
	mkdir -p "$SIM_STATE"
	[ -f "$SIM_PKI/ca.pem" ] || bash "$top_srcdir/t/sim/make-pki.sh" "$SIM_PKI" >/dev/null 2>&1 ||
		{ echo "Bail out! make-pki.sh failed"; exit 99; }
	"$SIM_PYTHON" "$top_srcdir/t/sim/graph_sim.py" --pki "$SIM_PKI" --state "$SIM_STATE" "$@" \
		2>"$SIM_STATE/stderr" &
	local pid=$!
	at_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
	local i
	for i in $(seq 1 100); do
		[ -s "$SIM_STATE/https.port" ] && [ -s "$SIM_STATE/http.port" ] && break
		sleep 0.1
	done
	[ -s "$SIM_STATE/https.port" ] || { echo "Bail out! the simulator did not start"; cat "$SIM_STATE/stderr"; exit 99; }
	SIM_PID=$pid
	SIM_PORT=$(cat "$SIM_STATE/https.port")
	SIM_HTTP_PORT=$(cat "$SIM_STATE/http.port")
	BASE="https://127.0.0.1:$SIM_PORT"
	IMDS="http://127.0.0.1:$SIM_HTTP_PORT"
	ENDPOINTS=(--authority-host="$BASE" --graph-url="$BASE" --ca-file="$SIM_PKI/ca.pem")
}

sim_stats() { # field
	curl -s --cacert "$SIM_PKI/ca.pem" "$BASE/_sim/stats" |
		"$SIM_PYTHON" -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

sim_reset() {
	curl -s -o /dev/null --cacert "$SIM_PKI/ca.pem" -X POST "$BASE/_sim/reset"
}
