# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# Running the Windows .exe plugins under wine with a Windows of our choosing.
# Wine 8 derives RtlGetVersion from the registry (CurrentVersion, CurrentBuild,
# ProductOptions\ProductType) when HKCU\Software\Wine has no Version value, so a test
# can switch between Windows releases with one `reg import` per case.

[ -n "${WINE:-}" ] || { echo "Bail out! wine not found: apt-get install wine wine64"; exit 99; }
export WINEPREFIX="$TEST_TMP/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# msvcrt reads TZ itself: a non-UTC zone catches local-time conversions of UTC dates.
export TZ=HST10
"$WINE" wineboot -i >/dev/null 2>&1 || { echo "Bail out! wineboot failed"; exit 99; }
wineserver -p >/dev/null 2>&1
at_exit 'WINEPREFIX="$WINEPREFIX" wineserver -k >/dev/null 2>&1'
"$WINE" reg delete 'HKCU\Software\Wine' /v Version /f >/dev/null 2>&1

# set_windows VERSION BUILD PRODUCT-TYPE INSTALLATION-TYPE PRODUCT-NAME
#   PRODUCT-TYPE: ServerNT (server), LanmanNT (domain controller), WinNT (client).
#   INSTALLATION-TYPE "-" removes the value.
set_windows() {
	local reg="$TEST_TMP/windows.reg"
	{
		printf 'Windows Registry Editor Version 5.00\r\n\r\n'
		printf '[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion]\r\n'
		printf '"CurrentVersion"="%s"\r\n"CurrentBuild"="%s"\r\n"CurrentBuildNumber"="%s"\r\n' "$1" "$2" "$2"
		printf '"ProductName"="%s"\r\n"UBR"=dword:00000100\r\n' "$5"
		if [ "$4" = - ]; then
			printf '"InstallationType"=-\r\n'
		else
			printf '"InstallationType"="%s"\r\n' "$4"
		fi
		printf '\r\n[HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Control\\ProductOptions]\r\n'
		printf '"ProductType"="%s"\r\n' "$3"
	} >"$reg"
	"$WINE" reg import "$(winepath -w "$reg" 2>/dev/null)" >/dev/null 2>&1
}

# Days from today (UTC) to a YYYY-MM-DD date, as the plugin counts them.
days_until() {
	local today
	today=$(date -u +%F)
	echo $((($(date -u -d "$1" +%s) - $(date -u -d "$today" +%s)) / 86400))
}

# keep_wineserver: a server that stays up between runs, for tests that time them. Right
# after wineboot `wineserver -p` fails while the boot's server lingers (about 5 s), and
# until then every run may pay for a server start (seconds on a busy machine).
keep_wineserver() {
	wineserver -p >/dev/null 2>&1 && return 0
	wineserver -w >/dev/null 2>&1
	wineserver -p >/dev/null 2>&1
}
