# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# Starting the Graph + identity simulator for a test script (after t/lib.sh).
# Sets SIM_PKI, SIM_STATE, SIM_PORT, SIM_HTTP_PORT, BASE and IMDS.

SIM_PYTHON=${SIM_PYTHON:-/usr/bin/python3}

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
}

sim_stats() { # field
	curl -s --cacert "$SIM_PKI/ca.pem" "$BASE/_sim/stats" |
		"$SIM_PYTHON" -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

sim_reset() {
	curl -s -o /dev/null --cacert "$SIM_PKI/ca.pem" -X POST "$BASE/_sim/reset"
}
