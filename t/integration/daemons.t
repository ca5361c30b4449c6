#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# The contrib definitions in real monitoring daemons from Debian: icinga2 (with
# contrib/icinga2/dirsync.conf), nagios4 (with contrib/nagios/dirsync.cfg) and NRPE (with
# the lines of contrib/nrpe/dirsync.cfg) run the built plugins, against the Graph +
# identity simulator where a check needs the cloud. Each daemon gets its own config in
# $TEST_TMP, runs in the background and is stopped at exit, also on failure.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/sim/lib.sh"
PLUGINS="$top_builddir/plugins"
EVENTS="$top_srcdir/t/data/events/wevtutil-stream.xml"

need() { # file package
	[ -x "$1" ] || { echo "Bail out! $1 is missing: install the Debian package $2 (t/install-debian-packages)"; exit 99; }
}
need /usr/sbin/icinga2 icinga2-bin
need /usr/lib/x86_64-linux-gnu/icinga2/sbin/icinga2 icinga2-bin
[ -f /usr/share/icinga2/include/itl ] || { echo "Bail out! the Icinga Template Library is missing: install icinga2-common"; exit 99; }
need /usr/sbin/nagios4 nagios4-core
need /usr/sbin/nrpe nagios-nrpe-server
need /usr/lib/nagios/plugins/check_nrpe nagios-nrpe-plugin
[ "$(id -u)" -eq 0 ] || { echo "Bail out! the daemons test must run as root (icinga2 -DRunAsUser=root, nagios_user=root)"; exit 99; }
for p in check_dirsync_age check_dirsync_version check_dirsync_os check_dirsync_event; do
	[ -x "$PLUGINS/$p" ] || { echo "Bail out! $PLUGINS/$p is not built"; exit 99; }
done

start_simulator
unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_CERTIFICATE_PATH \
	AZURE_FEDERATED_TOKEN_FILE AZURE_AUTHORITY_HOST IDENTITY_ENDPOINT IDENTITY_HEADER \
	MP_CONFIG_FILE NAGIOS_CONFIG_PATH https_proxy HTTPS_PROXY
export XDG_CACHE_HOME="$TEST_TMP/xdg"
printf '%s\n' "$SECRET" >"$TEST_TMP/secret"
chmod 600 "$TEST_TMP/secret"
mkdir -m 700 "$TEST_TMP/icinga-cache" "$TEST_TMP/nagios-cache"

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

# --- icinga2: configure and start ----------------------------------------------------
I="$TEST_TMP/icinga2"
V="$I/var"
mkdir -p "$V"/{cache,lib,log,spool,run}/icinga2
cat >"$I/icinga2.conf" <<EOF
include <itl>
include <plugins>
include "$top_srcdir/contrib/icinga2/dirsync.conf"
object CheckerComponent "checker" { }
object PerfdataWriter "perfdata" {
  service_perfdata_path = "$V/service-perfdata"
  service_temp_path = "$V/service-perfdata.tmp"
  host_perfdata_path = "$V/host-perfdata"
  host_temp_path = "$V/host-perfdata.tmp"
  service_format_template = "SERVICE::\$service.name\$\tSTATE::\$service.state\$\tOUTPUT::\$service.output\$\tPERF::\$service.perfdata\$"
  rotation_interval = 1s
}
template Service "fast" { check_interval = 1s; retry_interval = 1s; max_check_attempts = 1 }
object Host "tenant" {
  check_command = "dummy"
  vars.dummy_state = 0
  check_interval = 5s
  vars.dirsync_client_id = "$APP"
  vars.dirsync_client_secret_file = "$TEST_TMP/secret"
  vars.dirsync_authority_host = "$BASE"
  vars.dirsync_graph_url = "$BASE"
  vars.dirsync_ca_file = "$SIM_PKI/ca.pem"
  vars.dirsync_token_cache = "$TEST_TMP/icinga-cache"
}
object Service "age-fresh" { import "fast"; host_name = "tenant"; check_command = "dirsync_age"
  vars.dirsync_tenant = "fresh.example" }
object Service "age-stale" { import "fast"; host_name = "tenant"; check_command = "dirsync_age"
  vars.dirsync_tenant = "stale.example" }
object Service "version" { import "fast"; host_name = "tenant"; check_command = "dirsync_version"
  vars.dirsync_installed_version = "2.4.18.0" }
object Service "os" { import "fast"; host_name = "tenant"; check_command = "dirsync_os" }
object Service "event" { import "fast"; host_name = "tenant"; check_command = "dirsync_event"
  vars.dirsync_event_xml_file = "$EVENTS"
  vars.dirsync_event_since = "36500d" }
EOF
ICINGA_FLAGS=(-DRunAsUser=root -DRunAsGroup=root -DLocalStateDir="$V" -DInitRunDir="$V/run/icinga2"
	-DPluginDir="$PLUGINS")
run /usr/sbin/icinga2 daemon -C -x critical -c "$I/icinga2.conf" "${ICINGA_FLAGS[@]}"
is_rc 0 "icinga2 validates the config with contrib/icinga2/dirsync.conf"
[ "$rc" = 0 ] || sed 's/^/# /' "$TEST_TMP/stderr" | head -n 20
/usr/lib/x86_64-linux-gnu/icinga2/sbin/icinga2 daemon -c "$I/icinga2.conf" "${ICINGA_FLAGS[@]}" \
	>"$I/stdout" 2>&1 &
ICINGA_PID=$!
at_exit "stop_daemon $ICINGA_PID"

# --- nagios4: configure and start ----------------------------------------------------
N="$TEST_TMP/nagios"
mkdir -p "$N/var/rw" "$N/var/spool/checkresults" "$N/var/tmp"
cat >"$TEST_TMP/dirsync.ini" <<EOF
[fresh]
tenant = fresh.example
client-id = $APP
client-secret-file = $TEST_TMP/secret
authority-host = $BASE
graph-url = $BASE
ca-file = $SIM_PKI/ca.pem
token-cache = $TEST_TMP/nagios-cache
[stale]
tenant = stale.example
client-id = $APP
client-secret-file = $TEST_TMP/secret
authority-host = $BASE
graph-url = $BASE
ca-file = $SIM_PKI/ca.pem
token-cache = $TEST_TMP/nagios-cache
EOF
chmod 600 "$TEST_TMP/dirsync.ini"
printf '$USER1$=%s\n' "$PLUGINS" >"$N/resource.cfg"
cat >"$N/nagios.cfg" <<EOF
cfg_file=$top_srcdir/contrib/nagios/dirsync.cfg
cfg_file=$N/objects.cfg
resource_file=$N/resource.cfg
log_file=$N/var/nagios.log
object_cache_file=$N/var/objects.cache
precached_object_file=$N/var/objects.precache
status_file=$N/var/status.dat
temp_file=$N/var/nagios.tmp
temp_path=$N/var/tmp
lock_file=$N/var/nagios.lock
command_file=$N/var/rw/nagios.cmd
query_socket=$N/var/rw/nagios.qh
check_result_path=$N/var/spool/checkresults
state_retention_file=$N/var/retention.dat
nagios_user=root
nagios_group=root
status_update_interval=1
interval_length=1
max_service_check_spread=1
max_host_check_spread=1
service_inter_check_delay_method=n
host_inter_check_delay_method=n
check_result_reaper_frequency=1
retain_state_information=0
check_for_updates=0
use_syslog=0
enable_notifications=0
process_performance_data=1
service_perfdata_file=$N/var/service-perfdata
service_perfdata_file_mode=a
service_perfdata_file_template=[SERVICEPERFDATA]\t\$SERVICEDESC\$\t\$SERVICESTATE\$\t\$SERVICEOUTPUT\$\t\$SERVICEPERFDATA\$
EOF
cat >"$N/objects.cfg" <<EOF
define timeperiod {
	timeperiod_name	always
	alias	always
	sunday	00:00-24:00
	monday	00:00-24:00
	tuesday	00:00-24:00
	wednesday	00:00-24:00
	thursday	00:00-24:00
	friday	00:00-24:00
	saturday	00:00-24:00
}
define contact {
	contact_name	nobody
	host_notifications_enabled	0
	service_notifications_enabled	0
	host_notification_period	always
	service_notification_period	always
	host_notification_options	n
	service_notification_options	n
	host_notification_commands	host-up
	service_notification_commands	host-up
}
define command {
	command_name	host-up
	command_line	/bin/true
}
define host {
	host_name	tenant
	alias	tenant
	address	127.0.0.1
	check_command	host-up
	max_check_attempts	1
	check_period	always
	notification_period	always
	contacts	nobody
}
define service {
	name	fast
	register	0
	host_name	tenant
	check_interval	1
	retry_interval	1
	max_check_attempts	1
	check_period	always
	notification_period	always
	contacts	nobody
}
define service {
	use	fast
	service_description	age-fresh
	check_command	check_dirsync_age!fresh@$TEST_TMP/dirsync.ini!1h!3h
}
define service {
	use	fast
	service_description	age-stale
	check_command	check_dirsync_age!stale@$TEST_TMP/dirsync.ini!1h!3h
}
define service {
	use	fast
	service_description	os
	check_command	check_dirsync_os!60!0
}
define service {
	use	fast
	service_description	event
	check_command	check_dirsync_event_export!$EVENTS!36500d
}
EOF
run /usr/sbin/nagios4 -v "$N/nagios.cfg"
is_rc 0 "nagios4 validates the config with contrib/nagios/dirsync.cfg"
[ "$rc" = 0 ] || grep -E 'Error|Warning' "$TEST_TMP/stdout" | sed 's/^/# /' | head -n 20
/usr/sbin/nagios4 "$N/nagios.cfg" >"$N/stdout" 2>&1 &
NAGIOS_PID=$!
at_exit "stop_daemon $NAGIOS_PID"

# --- NRPE: the contrib lines with the plugin directory and ini file replaced ----------
R="$TEST_TMP/nrpe"
mkdir -p "$R"
# nrpe drops to the nagios user, so its files and the path to them must be readable.
chmod 711 "$TEST_TMP"
chmod 755 "$R"
printf '[version]\ninstalled-version = 2.6.92.0\n' >"$R/dirsync.ini"
chmod 644 "$R/dirsync.ini"
sed -e "s|/usr/lib/nagios/plugins/|$PLUGINS/|g" -e "s|/etc/nagios/dirsync.ini|$R/dirsync.ini|g" \
	"$top_srcdir/contrib/nrpe/dirsync.cfg" >"$R/dirsync.cfg"
NRPE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$R/nrpe.cfg" <<EOF
log_facility=daemon
debug=0
pid_file=$R/nrpe.pid
server_address=127.0.0.1
server_port=$NRPE_PORT
nrpe_user=nagios
nrpe_group=nagios
allowed_hosts=127.0.0.1
dont_blame_nrpe=0
allow_bash_command_substitution=0
command_timeout=30
connection_timeout=30
include=$R/dirsync.cfg
EOF
/usr/sbin/nrpe -c "$R/nrpe.cfg" -f >"$R/stdout" 2>&1 &
NRPE_PID=$!
at_exit "stop_daemon $NRPE_PID"

run grep -c "^command\[[a-z_]*\]=$PLUGINS/check_dirsync_" "$R/dirsync.cfg"
[ "$out" = 2 ]
tap_result $? "the NRPE copy of contrib/nrpe/dirsync.cfg runs the built plugins"

CHECK_NRPE=(/usr/lib/nagios/plugins/check_nrpe -H 127.0.0.1 -p "$NRPE_PORT" -t 20)
# nrpe is ready after about 0.2 s; wait for it to answer.
for i in $(seq 1 50); do
	"${CHECK_NRPE[@]}" >/dev/null 2>&1 && break
	sleep 0.1
done
# nrpe_check NAME expected-rc first-line-regex: through NRPE, and intact against a direct run.
nrpe_check() {
	local direct
	direct=$(su -s /bin/sh nagios -c "$(sed -n "s/^command\[$1\]=//p" "$R/dirsync.cfg")")
	run "${CHECK_NRPE[@]}" -c "$1"
	is_rc "$2" "NRPE $1"
	first_line_like "$3" "NRPE $1: first line"
	[ "$out" = "$direct" ]
	tap_result $? "NRPE $1: output and perfdata arrive intact (as the plugin printed them)"
	[ "${#out}" -lt 1024 ]
	tap_result $? "NRPE $1: output (${#out} bytes) is under NRPE's 1 KiB v2 limit"
}
nrpe_check check_dirsync_os 0 '^DIRSYNC OS OK - .* is a 64-bit OS$'
nrpe_check check_dirsync_version 0 '^DIRSYNC VERSION OK - Entra Connect 2\.6\.92\.0 is supported'
run "${CHECK_NRPE[@]}" -c check_dirsync_nosuch
is_rc 3 "NRPE: an undefined command is UNKNOWN"

# --- results from icinga2 and nagios4 ---------------------------------------------------
# wait_for_lines 'FILES-GLOB' seconds PATTERN...: until every pattern has a line.
wait_for_lines() {
	local glob=$1 limit=$2 i p missing
	shift 2
	for i in $(seq 1 $((limit * 10))); do
		missing=0
		for p in "$@"; do
			# shellcheck disable=SC2086
			cat $glob 2>/dev/null | grep -Fq -- "$p" || { missing=1; break; }
		done
		[ $missing = 0 ] && return 0
		sleep 0.1
	done
	return 1
}

# Only rotated files (service-perfdata.EPOCH): the .tmp file may hold half a record.
wait_for_lines "$V/service-perfdata.[0-9]*" 20 \
	$'SERVICE::age-fresh\t' $'SERVICE::age-stale\t' $'SERVICE::version\t' $'SERVICE::os\t' $'SERVICE::event\t'
tap_result $? "icinga2 wrote a perfdata line for every service"
# $service.output$ keeps the long text's newlines: join each record onto one line, with
# a literal \n where the plugin printed a newline.
cat "$V"/service-perfdata.[0-9]* 2>/dev/null |
	awk 'NR > 1 && /^SERVICE::/ { print rec; rec = ""; sep = "" } { rec = rec sep $0; sep = "\\n" } END { if (NR) print rec }' \
	>"$TEST_TMP/icinga-perfdata"

# icinga_line SERVICE regex description: the first line of that service matches.
icinga_line() {
	local line
	line=$(grep -m1 -F $'SERVICE::'"$1"$'\t' "$TEST_TMP/icinga-perfdata")
	printf '%s\n' "$line" | grep -Eq -- "$2" || { tap_result 1 "icinga2 $1: $3"; printf '# %s\n' "$line"; return; }
	tap_result 0 "icinga2 $1: $3"
}
T=$'\t'
icinga_line age-fresh "STATE::OK${T}OUTPUT::DIRSYNC AGE OK - last sync 12m ago .*\\\\nlast directory sync 12m.*${T}PERF::sync_age=7[0-9][0-9]s;3600;10800;0\$" \
	"fresh tenant is OK with sync_age and the 1h/3h thresholds"
icinga_line age-stale "STATE::WARNING${T}OUTPUT::DIRSYNC AGE WARNING - last sync 2h ago.*${T}PERF::sync_age=720[0-9]s;3600;10800;0\$" \
	"stale tenant is WARNING"
icinga_line version "STATE::CRITICAL${T}OUTPUT::DIRSYNC VERSION CRITICAL - Entra Connect 2\.4\.18\.0 no longer syncs.*\\\\nversion from: --installed-version.*${T}PERF::\$" \
	"dirsync_installed_version 2.4.18.0 is CRITICAL"
icinga_line os "STATE::OK${T}OUTPUT::DIRSYNC OS OK - .* is a 64-bit OS *${T}PERF::\$" "the 64-bit host is OK"
icinga_line event "STATE::CRITICAL${T}OUTPUT::DIRSYNC EVENT CRITICAL - 1 event 109 .*${T}PERF::events=1;;0;0\$" \
	"the fixture's event 109 is CRITICAL with events=1;;0;0"
run grep -F "$SECRET" "$TEST_TMP/icinga-perfdata" "$I/stdout"
is_rc 1 "icinga2: the secret appears in no output"

NP="$N/var/service-perfdata"
wait_for_lines "$NP" 15 $'\tage-fresh\t' $'\tage-stale\t' $'\tos\t' $'\tevent\t'
tap_result $? "nagios4 wrote a perfdata line for every service"
nagios_line() { # SERVICE regex description
	local line
	line=$(grep -m1 -F $'\t'"$1"$'\t' "$NP")
	printf '%s\n' "$line" | grep -Eq -- "$2" || { tap_result 1 "nagios4 $1: $3"; printf '# %s\n' "$line"; return; }
	tap_result 0 "nagios4 $1: $3"
}
nagios_line age-fresh "${T}OK${T}DIRSYNC AGE OK - last sync 12m.*${T}sync_age=7[0-9][0-9]s;3600;10800;0\$" \
	"fresh tenant through --extra-opts is OK with sync_age"
nagios_line age-stale "${T}WARNING${T}DIRSYNC AGE WARNING - last sync 2h ago.*${T}sync_age=720[0-9]s;3600;10800;0\$" \
	"stale tenant through --extra-opts is WARNING"
nagios_line os "${T}OK${T}DIRSYNC OS OK - .* is a 64-bit OS${T}\$" "the 64-bit host is OK"
nagios_line event "${T}CRITICAL${T}DIRSYNC EVENT CRITICAL - 1 event 109 .*${T}events=1;;0;0\$" \
	"the fixture's event 109 is CRITICAL with events=1;;0;0"
run grep -F "$SECRET" "$NP" "$N/var/nagios.log" "$N/stdout"
is_rc 1 "nagios4: the secret appears in no output"

done_testing
