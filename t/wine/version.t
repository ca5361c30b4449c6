#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_version.exe under wine64: the installed build read from a fake sync
# engine (a VERSIONINFO from t/wine/fake_engine.rc) in the default install path, DirSync's
# key, nothing installed, and what the Windows build leaves out.
. "$top_srcdir/t/lib.sh"
EXE="$top_builddir/plugins/check_dirsync_version.exe"

if [ -z "${CC:-}" ] || [ -z "${WINDRES:-}" ]; then
	echo "1..0 # SKIP the fake sync engines need \$CC and \$WINDRES"
	exit 0
fi
fake_engine() { # NAME VERSION
	"$WINDRES" "-DFAKE_VERSION_COMMAS=${2//./,}" "-DFAKE_VERSION_TEXT=\\\"$2\\\"" \
		"$top_srcdir/t/wine/fake_engine.rc" -O coff -o "$TEST_TMP/$1.o" &&
		# shellcheck disable=SC2086
		$CC -o "$TEST_TMP/$1.exe" "$top_srcdir/t/wine/fake_engine.c" "$TEST_TMP/$1.o"
}
for v in 2.6.92.0 2.5.190.0 1.6.16.0; do
	fake_engine "engine-$v" "$v" >>"$TEST_TMP/build.log" 2>&1 || { echo "Bail out! fake engine"; exit 1; }
done
. "$top_srcdir/t/wine/lib.sh"

objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump}
dlls=$("$objdump" -p "$EXE" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort | tr '\n' ' ')
[ "$dlls" = "advapi32.dll kernel32.dll msvcrt.dll version.dll " ]
tap_result $? "the .exe imports only system DLLs ($dlls)"

BIN="$(winepath -u 'C:\Program Files')/Microsoft Azure AD Sync/Bin"
engine() { # VERSION|none
	rm -rf "$BIN"
	if [ "$1" != none ]; then
		mkdir -p "$BIN" && cp "$TEST_TMP/engine-$1.exe" "$BIN/miiserver.exe"
	fi
}
version() { run "$WINE" "$EXE" "$@"; }

engine 2.6.92.0
version -v
check_state 0 OK "Entra Connect 2.6.92.0 is supported" "the newest engine is OK"
output_has "miiserver.exe" "the long output names the file that answered"
! grep -q $'\r' "$TEST_TMP/stdout"
tap_result $? "output lines end in LF"

engine 2.5.190.0
today=$(date -u +%F)
days=$((($(date -u -d 2027-02-02 +%s) - $(date -u -d "$today" +%s)) / 86400))
version -w $((days + 1)) -c 0
check_state 1 WARNING "Entra Connect 2.5.190.0 retires 2027-02-02" "a build near its end of support warns"

engine 1.6.16.0
version
check_state 2 CRITICAL "Azure AD Connect 1.x 1.6.16.0 no longer syncs" "a Connect 1.x engine is CRITICAL"

engine none
version
check_state 3 UNKNOWN "no sync tool installed on this host" "nothing installed is UNKNOWN"
version --absent-state=ok
check_state 0 OK "no sync tool installed" "--absent-state chooses the state"

printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSOLCoExistence]\r\n"FullSyncNeeded"=dword:00000000\r\n' \
	>"$TEST_TMP/dirsync.reg"
"$WINE" reg import "$(winepath -w "$TEST_TMP/dirsync.reg")" >/dev/null 2>&1
version
check_state 2 CRITICAL "DirSync is installed \(build unknown\)" "DirSync's key is CRITICAL"
"$WINE" reg delete 'HKLM\SOFTWARE\Microsoft\MSOLCoExistence' /f >/dev/null 2>&1

version --installed-version=2.4.18.0
check_state 2 CRITICAL "Entra Connect 2.4.18.0 no longer syncs since 2026-09-30" "--installed-version under Windows"
version --graph
check_state 3 UNKNOWN "--graph and its credential options are not in the Windows build" \
	"--graph says where to run it"
version --tenant=x
check_state 3 UNKNOWN "--graph and its credential options are not in the Windows build" \
	"cloud options are refused the same way"

done_testing
