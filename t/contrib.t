#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# The contrib/ configuration is accepted by the real icinga2 and nagios4.
. "$top_srcdir/t/lib.sh"

icinga=$(command -v icinga2 || echo /usr/sbin/icinga2)
nagios=$(command -v nagios4 || echo /usr/sbin/nagios4)

V="$TEST_TMP/icinga2"
mkdir -p "$V"/{cache,lib,log,spool,run}/icinga2
cat >"$TEST_TMP/icinga2.conf" <<CONF
include <itl>
include <plugins>
include "$top_srcdir/contrib/icinga2/dirsync.conf"
object Host "sync01" { check_command = "dummy"; vars.dirsync_server = true }
object Service "dirsync-os" { host_name = "sync01"; check_command = "dirsync_os" }
object Host "tenant-contoso" { check_command = "dummy"; vars.dirsync_tenant = "contoso.example" }
object Service "dirsync-event" { host_name = "sync01"; check_command = "dirsync_event"; vars.dirsync_event_providers = [ "Directory Synchronization", "ADSync" ] }
object Service "dirsync-version" { host_name = "sync01"; check_command = "dirsync_version"; vars.dirsync_version_local = true }
object Service "dirsync-age" { host_name = "tenant-contoso"; check_command = "dirsync_age"; vars.dirsync_managed_identity_client_id = "x" }
CONF
run "$icinga" daemon -C -x critical -DRunAsUser=root -DRunAsGroup=root -DLocalStateDir="$V" \
	-DPluginDir="$top_builddir/plugins" -c "$TEST_TMP/icinga2.conf"
is_rc 0 "icinga2 daemon -C accepts contrib/icinga2/dirsync.conf"

N="$TEST_TMP/nagios"
mkdir -p "$N/rw" "$N/spool"
cat >"$N/objects.cfg" <<CONF
define timeperiod {
	timeperiod_name 24x7
	alias 24x7
	monday 00:00-24:00
}
define contact {
	contact_name admin
	host_notifications_enabled 0
	service_notifications_enabled 0
	host_notification_period 24x7
	service_notification_period 24x7
	host_notification_options n
	service_notification_options n
	host_notification_commands check_dirsync_os
	service_notification_commands check_dirsync_os
}
define host {
	host_name sync01
	address 127.0.0.1
	max_check_attempts 1
	check_period 24x7
	contacts admin
}
define service {
	host_name sync01
	service_description Directory sync age
	check_command check_dirsync_age!tenant@/etc/dirsync.ini!1h!3h
	max_check_attempts 1
	check_interval 5
	retry_interval 1
	check_period 24x7
	notification_period 24x7
	contacts admin
}
define service {
	host_name sync01
	service_description Directory sync version
	check_command check_dirsync_version_graph!tenant@/etc/dirsync.ini
	max_check_attempts 1
	check_interval 60
	retry_interval 1
	check_period 24x7
	notification_period 24x7
	contacts admin
}
define service {
	host_name sync01
	service_description Directory sync OS
	check_command check_dirsync_os!60!0
	max_check_attempts 1
	check_interval 60
	retry_interval 1
	check_period 24x7
	notification_period 24x7
	contacts admin
}
CONF
echo "\$USER1\$=$top_builddir/plugins" >"$N/resource.cfg"
cat >"$N/nagios.cfg" <<CONF
cfg_file=$top_srcdir/contrib/nagios/dirsync.cfg
cfg_file=$N/objects.cfg
resource_file=$N/resource.cfg
log_file=$N/nagios.log
status_file=$N/status.dat
temp_file=$N/nagios.tmp
temp_path=$N
lock_file=$N/nagios.lock
command_file=$N/rw/nagios.cmd
query_socket=$N/rw/nagios.qh
check_result_path=$N/spool
object_cache_file=$N/objects.cache
precached_object_file=$N/objects.precache
nagios_user=root
nagios_group=root
check_for_updates=0
CONF
run "$nagios" -v "$N/nagios.cfg"
is_rc 0 "nagios4 -v accepts contrib/nagios/dirsync.cfg"
output_has "Total Errors:   0" "nagios4 reports no errors"

done_testing
