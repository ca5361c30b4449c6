#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# Distributed Icinga 2: a real master and a real agent on loopback, each with its own
# config, state directory and API port. The agent's certificate is signed by the
# master's CA (icinga2 pki), the master's services for dirsync_os, dirsync_version and
# dirsync_event run on the agent through command_endpoint with the CheckCommands of
# contrib/icinga2/dirsync.conf, and the results the master records (REST API) are shown
# to be the agent's runs: their check_source is the agent's endpoint, the agent's
# PluginDir logged each run, and the master's own PluginDir holds only stand-ins that
# would say UNKNOWN. Both daemons are stopped at exit, also on failure.
. "$top_srcdir/t/lib.sh"
PLUGINS="$top_builddir/plugins"
EVENTS="$top_srcdir/t/data/events/wevtutil-stream.xml"
ICINGA=/usr/lib/x86_64-linux-gnu/icinga2/sbin/icinga2
MASTER=master.test
AGENT=agent.test
# Seconds to wait for the agent's results: generous, for a busy machine.
LIMIT=60

need() { # file package
	[ -x "$1" ] || { echo "Bail out! $1 is missing: install the Debian package $2 (t/install-debian-packages)"; exit 99; }
}
need /usr/sbin/icinga2 icinga2-bin
need "$ICINGA" icinga2-bin
need /usr/bin/curl curl
need /usr/bin/openssl openssl
[ -f /usr/share/icinga2/include/itl ] || { echo "Bail out! the Icinga Template Library is missing: install icinga2-common"; exit 99; }
[ "$(id -u)" -eq 0 ] || { echo "Bail out! the distributed test must run as root (icinga2 -DRunAsUser=root)"; exit 99; }
for p in check_dirsync_version check_dirsync_os check_dirsync_event; do
	[ -x "$PLUGINS/$p" ] || { echo "Bail out! $PLUGINS/$p is not built"; exit 99; }
done
command -v python3 >/dev/null || { echo "Bail out! python3 is missing (reads the REST API's JSON)"; exit 99; }
t_start=${EPOCHREALTIME/./}

# stop_daemon PID: TERM, then wait up to 5 s, then KILL (only that PID).
stop_daemon() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
# Two free ports, both bound at once so that they differ.
read -r MASTER_PORT AGENT_PORT < <(python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
API_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')

# Each node: its own LocalStateDir (certificates in lib/icinga2/certs, the CA in
# lib/icinga2/ca), nothing under /etc/icinga2 or /var/lib/icinga2.
M="$TEST_TMP/master"
A="$TEST_TMP/agent"
for d in "$M" "$A"; do mkdir -p "$d"/var/{cache,lib,log,spool,run}/icinga2 "$d/var/lib/icinga2/certs"; done
flags() { # node directory
	echo -DRunAsUser=root -DRunAsGroup=root -DLocalStateDir="$1/var" -DInitRunDir="$1/var/run/icinga2"
}

# --- PKI: the master's CA (icinga2 pki new-ca) signs both nodes' certificates (icinga2
# pki sign-csr). The nodes' keys and CSRs come from openssl with 2048-bit RSA: icinga2 pki
# new-cert makes 4096-bit keys, about 5 s each on a busy machine, and the test would
# spend most of its time on them.
MC="$M/var/lib/icinga2/certs"
AC="$A/var/lib/icinga2/certs"
pki_ok=0
# shellcheck disable=SC2046
{
	/usr/sbin/icinga2 pki new-ca $(flags "$M") &&
		openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$MASTER" -keyout "$MC/$MASTER.key" -out "$MC/$MASTER.csr" &&
		/usr/sbin/icinga2 pki sign-csr $(flags "$M") --csr "$MC/$MASTER.csr" --cert "$MC/$MASTER.crt" &&
		openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$AGENT" -keyout "$AC/$AGENT.key" -out "$AC/$AGENT.csr" &&
		/usr/sbin/icinga2 pki sign-csr $(flags "$M") --csr "$AC/$AGENT.csr" --cert "$AC/$AGENT.crt" &&
		cp "$M/var/lib/icinga2/ca/ca.crt" "$MC/ca.crt" &&
		cp "$M/var/lib/icinga2/ca/ca.crt" "$AC/ca.crt"
} >"$TEST_TMP/pki.log" 2>&1 || pki_ok=1
pki_ms=$(((${EPOCHREALTIME/./} - t_start) / 1000))
tap_result $pki_ok "icinga2 pki: a CA for the master, the master's and the agent's certificates signed by it ($pki_ms ms)"
[ $pki_ok = 0 ] || { sed 's/^/# /' "$TEST_TMP/pki.log" | tail -n 20; done_testing; exit 1; }
run openssl verify -CAfile "$MC/ca.crt" "$AC/$AGENT.crt"
is_rc 0 "the agent's certificate verifies against the master's CA"
run openssl x509 -noout -subject -in "$AC/$AGENT.crt"
first_line_like "CN ?= ?$AGENT\$" "the agent's certificate names its endpoint ($AGENT)"
[ ! -e "$AC/../ca" ]
tap_result $? "the agent holds no CA key (only the master signs)"

# zones.conf, the same on both nodes apart from which endpoint is local: the master
# zone with the master endpoint, the agent zone with parent master. Both endpoints have
# a host, so either side may open the connection.
zones() {
	cat <<EOF
object Endpoint "$MASTER" { host = "127.0.0.1"; port = "$MASTER_PORT" }
object Endpoint "$AGENT" { host = "127.0.0.1"; port = "$AGENT_PORT" }
object Zone "master" { endpoints = [ "$MASTER" ] }
object Zone "$AGENT" { endpoints = [ "$AGENT" ]; parent = "master" }
EOF
}

# --- the agent: runs commands for the master, with the contrib CheckCommands included
# locally and its own PluginDir, wrappers that log each run and exec the built plugin.
mkdir "$A/plugins"
for p in check_dirsync_version check_dirsync_os check_dirsync_event; do
	cat >"$A/plugins/$p" <<EOF
#!/bin/sh
printf '%s\n' "$p \$*" >>"$A/runs"
exec "$PLUGINS/$p" "\$@"
EOF
	chmod 755 "$A/plugins/$p"
done
zones >"$A/zones.conf"
cat >"$A/icinga2.conf" <<EOF
const NodeName = "$AGENT"
const ZoneName = "$AGENT"
include <itl>
include "$top_srcdir/contrib/icinga2/dirsync.conf"
include "$A/zones.conf"
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = $AGENT_PORT
  accept_commands = true
  accept_config = false
}
EOF

# --- the master: schedules the checks; its PluginDir has only stand-ins that say UNKNOWN,
# so a check it ran itself could never pass as the agent's.
mkdir "$M/plugins"
for p in check_dirsync_version check_dirsync_os check_dirsync_event; do
	printf '#!/bin/sh\necho "DIRSYNC UNKNOWN - %s ran on the master, not on the agent"\nexit 3\n' "$p" >"$M/plugins/$p"
	chmod 755 "$M/plugins/$p"
done
zones >"$M/zones.conf"
cat >"$M/icinga2.conf" <<EOF
const NodeName = "$MASTER"
const ZoneName = "master"
include <itl>
include <plugins>
include "$top_srcdir/contrib/icinga2/dirsync.conf"
include "$M/zones.conf"
object CheckerComponent "checker" { }
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = $MASTER_PORT
}
object ApiUser "test" {
  password = "$API_PASSWORD"
  permissions = [ "objects/query/*" ]
}
template Service "fast" { check_interval = 1s; retry_interval = 1s; max_check_attempts = 1 }
/* A checkable with command_endpoint needs a zone: in a real setup, the host's file is
 * in zones.d/master. Its apply rules' services take the host's zone. */
object Host "sync01.test" {
  zone = "master"
  check_command = "dummy"
  vars.dummy_state = 0
  check_interval = 5s
  vars.dirsync_server = true
  vars.agent_endpoint = "$AGENT"
}
/* As in the example of contrib/icinga2/dirsync.conf: the host checks on the agent. */
apply Service "dirsync-os" {
  import "fast"
  check_command = "dirsync_os"
  command_endpoint = host.vars.agent_endpoint
  assign where host.vars.dirsync_server
}
apply Service "dirsync-version" {
  import "fast"
  check_command = "dirsync_version"
  command_endpoint = host.vars.agent_endpoint
  vars.dirsync_installed_version = "2.4.18.0"
  assign where host.vars.dirsync_server
}
apply Service "dirsync-event" {
  import "fast"
  check_command = "dirsync_event"
  command_endpoint = host.vars.agent_endpoint
  vars.dirsync_event_xml_file = "$EVENTS"
  vars.dirsync_event_since = "36500d"
  assign where host.vars.dirsync_server
}
EOF

# shellcheck disable=SC2046
run /usr/sbin/icinga2 daemon -C -x critical -c "$M/icinga2.conf" $(flags "$M") -DPluginDir="$M/plugins"
is_rc 0 "icinga2 validates the master's config (contrib/icinga2/dirsync.conf, command_endpoint)"
[ "$rc" = 0 ] || sed 's/^/# /' "$TEST_TMP/stderr" | head -n 20
# shellcheck disable=SC2046
run /usr/sbin/icinga2 daemon -C -x critical -c "$A/icinga2.conf" $(flags "$A") -DPluginDir="$A/plugins"
is_rc 0 "icinga2 validates the agent's config (accept_commands, the contrib CheckCommands)"
[ "$rc" = 0 ] || sed 's/^/# /' "$TEST_TMP/stderr" | head -n 20

# shellcheck disable=SC2046
"$ICINGA" daemon -c "$M/icinga2.conf" $(flags "$M") -DPluginDir="$M/plugins" >"$M/stdout" 2>&1 &
MASTER_PID=$!
at_exit "stop_daemon $MASTER_PID"
# shellcheck disable=SC2046
"$ICINGA" daemon -c "$A/icinga2.conf" $(flags "$A") -DPluginDir="$A/plugins" >"$A/stdout" 2>&1 &
AGENT_PID=$!
at_exit "stop_daemon $AGENT_PID"

# The master's services from its REST API, as JSON in $TEST_TMP/services.json.
fetch_services() {
	curl -s --max-time 10 --cacert "$MC/ca.crt" --resolve "$MASTER:$MASTER_PORT:127.0.0.1" \
		-u "test:$API_PASSWORD" -H 'Accept: application/json' \
		"https://$MASTER:$MASTER_PORT/v1/objects/services?attrs=state&attrs=last_check_result" \
		>"$TEST_TMP/services.json" 2>/dev/null
}
# Poll (cheaply: curl and grep) until every service has a result from the agent; a
# result from before the agent connected ("not connected", check_source the master)
# does not count.
deadline=$((EPOCHSECONDS + LIMIT))
while :; do
	fetch_services
	[ "$(grep -o "\"check_source\":\"$AGENT\"" "$TEST_TMP/services.json" | wc -l)" = 3 ] && break
	[ "$EPOCHSECONDS" -ge "$deadline" ] && break
	sleep 0.2
done
first_ms=$(((${EPOCHREALTIME/./} - t_start) / 1000))
# As lines NAME<TAB>STATE<TAB>CHECK_SOURCE<TAB>EXIT<TAB>OUTPUT (newlines as a literal
# \n)<TAB>PERFDATA.
python3 -c '
import json, sys
for r in json.load(sys.stdin)["results"]:
    a = r["attrs"]; cr = a["last_check_result"] or {}
    print("\t".join([r["name"].split("!")[1], str(int(a["state"])), cr.get("check_source", ""),
        str(int(cr.get("exit_status", -1))), cr.get("output", "").replace("\n", "\\n"),
        " ".join(cr.get("performance_data") or [])]))' <"$TEST_TMP/services.json" >"$TEST_TMP/services" 2>/dev/null
T=$'\t'
[ "$(grep -c "${T}${AGENT}${T}" "$TEST_TMP/services")" = 3 ]
tap_result $? "the master records a result from $AGENT for all three services (after $first_ms ms, limit ${LIMIT}s)"
sed 's/^/# /' "$TEST_TMP/services"

service_line() { # SERVICE regex description
	local line
	line=$(grep -m1 "^$1${T}" "$TEST_TMP/services")
	printf '%s\n' "$line" | grep -Eq -- "$2" || { tap_result 1 "master $1: $3"; printf '# %s\n' "$line"; return; }
	tap_result 0 "master $1: $3"
}
service_line dirsync-os "^dirsync-os${T}0${T}${AGENT}${T}0${T}DIRSYNC OS OK - .* is a 64-bit OS *${T}\$" \
	"the agent's 64-bit host is OK, run by $AGENT"
service_line dirsync-version "^dirsync-version${T}2${T}${AGENT}${T}2${T}DIRSYNC VERSION CRITICAL - Entra Connect 2\.4\.18\.0 no longer syncs.*\\\\nversion from: --installed-version.*${T}\$" \
	"dirsync_installed_version 2.4.18.0 is CRITICAL, run by $AGENT"
service_line dirsync-event "^dirsync-event${T}2${T}${AGENT}${T}2${T}DIRSYNC EVENT CRITICAL - 1 event 109 .*${T}events=1;;0;0\$" \
	"the fixture's event 109 is CRITICAL with events=1;;0;0, run by $AGENT"
run grep -c 'ran on the master' "$TEST_TMP/services"
is_rc 1 "no result the master records comes from its own PluginDir"

# The agent's wrappers logged the runs, with the arguments the master's vars made.
# Icinga 2 orders the arguments by name.
grep -q '^check_dirsync_os --critical 0 --warning 60$' "$A/runs" 2>/dev/null
tap_result $? "the agent ran check_dirsync_os with the CheckCommand's default thresholds"
grep -q '^check_dirsync_version .*--installed-version 2\.4\.18\.0' "$A/runs" 2>/dev/null
tap_result $? "the agent ran check_dirsync_version with the master's --installed-version"
grep -Fq "check_dirsync_event --since 36500d --xml-file $EVENTS" "$A/runs" 2>/dev/null
tap_result $? "the agent ran check_dirsync_event on the master's export fixture"
sort -u "$A/runs" 2>/dev/null | sed 's/^/# agent ran: /'

# The output the master recorded is the plugin's own, as a direct run prints it.
run "$PLUGINS/check_dirsync_event" --since 36500d --xml-file "$EVENTS"
direct=$(head -n 1 "$TEST_TMP/stdout" | sed 's/ *|.*//')
recorded=$(grep -m1 "^dirsync-event${T}" "$TEST_TMP/services" | cut -f5 | sed 's/\\n.*//; s/ *$//')
[ -n "$direct" ] && [ "$direct" = "$recorded" ]
tap_result $? "the event result on the master is the plugin's first line, intact"

run grep -rF "$API_PASSWORD" "$M/stdout" "$A/stdout" "$A/runs" "$M/var/log" "$A/var/log"
is_rc 1 "the API password appears in no output"

total_ms=$(((${EPOCHREALTIME/./} - t_start) / 1000))
echo "# wall time before clean-up: $total_ms ms (results on the master after $first_ms ms)"
done_testing
