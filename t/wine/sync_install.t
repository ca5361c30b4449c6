#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# lib/version/install_win.c under wine64, through t/wine/sync_install_probe.exe: the ADSync
# service's ImagePath, the default install paths, the uninstall entries in both registry
# views and DirSync's key, each seeded into the prefix with fake sync engines whose
# version resources come from t/wine/fake_engine.rc.
. "$top_srcdir/t/lib.sh"
PROBE="$top_builddir/t/wine/sync_install_probe.exe"

if [ -z "${CC:-}" ] || [ -z "${WINDRES:-}" ]; then
	echo "1..0 # SKIP the fake sync engines need \$CC and \$WINDRES (x86_64-w64-mingw32-windres)"
	exit 0
fi

# fake_engine NAME VERSION: $TEST_TMP/NAME.exe with that file version ("-": none at all).
# windres hands -D to the preprocessor through a shell, hence the escaped quotes.
fake_engine() {
	local objects=()
	if [ "$2" != - ]; then
		"$WINDRES" "-DFAKE_VERSION_COMMAS=${2//./,}" "-DFAKE_VERSION_TEXT=\\\"$2\\\"" \
			"$top_srcdir/t/wine/fake_engine.rc" -O coff -o "$TEST_TMP/$1.o" || return 1
		objects=("$TEST_TMP/$1.o")
	fi
	# $CC may carry options: split on purpose.
	# shellcheck disable=SC2086
	$CC -o "$TEST_TMP/$1.exe" "$top_srcdir/t/wine/fake_engine.c" "${objects[@]}"
}

# The engines are built while wineboot prepares the prefix.
fake_engine engine-2.6.92.0 2.6.92.0 >"$TEST_TMP/build.log" 2>&1 &
build1=$!
fake_engine engine-1.6.16.0 1.6.16.0 >>"$TEST_TMP/build.log" 2>&1 &
build2=$!
fake_engine wizard-2.4.27.0 2.4.27.0 >>"$TEST_TMP/build.log" 2>&1 &
build3=$!
fake_engine unversioned - >>"$TEST_TMP/build.log" 2>&1 &
build4=$!

. "$top_srcdir/t/wine/lib.sh"

built=0
for pid in $build1 $build2 $build3 $build4; do
	wait "$pid" || built=1
done
[ "$built" -eq 0 ] || sed 's/^/# /' "$TEST_TMP/build.log"
tap_result $built "the fake sync engines build with \$WINDRES and \$CC"
[ "$built" -eq 0 ] || { echo "Bail out! cannot build the fake sync engines"; exit 1; }

PF=$(winepath -u 'C:\Program Files' 2>/dev/null)
[ -d "$PF" ] || { echo "Bail out! no C:\\Program Files in the prefix ($PF)"; exit 1; }
SYNC_BIN="$PF/Microsoft Azure AD Sync/Bin"
WIZARD_DIR1="$PF/Microsoft Azure AD Connect"
WIZARD_DIR2="$PF/Microsoft Azure Active Directory Connect"
UNINSTALL='SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'
UNINSTALL32='SOFTWARE\Wow6432Node\Microsoft\Windows\CurrentVersion\Uninstall'
TEST_ENTRIES='MicrosoftAzureADConnectionTool DirSyncTestEntry HealthAgentTestEntry'

# A .reg string: backslashes and quotes escaped.
reg_sz() {
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}

# A REG_EXPAND_SZ as .reg writes it: hex(2) of the UTF-16LE text with its terminator.
reg_expand_sz() {
	local s=$1 i hex=''
	for ((i = 0; i < ${#s}; i++)); do
		hex+=$(printf '%02x,00,' "'${s:i:1}")
	done
	printf 'hex(2):%s00,00' "$hex"
}

# install LINE...: removes what earlier cases left, then imports the .reg lines given
# (section headers and values, written as in a .reg file) in one `reg import`.
install() {
	local reg="$TEST_TMP/case.reg" name line
	rm -rf "$SYNC_BIN" "$WIZARD_DIR1" "$WIZARD_DIR2"
	{
		printf 'Windows Registry Editor Version 5.00\r\n\r\n'
		printf '[-HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\ADSync]\r\n\r\n'
		printf '[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSOLCoExistence]\r\n\r\n'
		for name in $TEST_ENTRIES; do
			printf '[-HKEY_LOCAL_MACHINE\\%s\\%s]\r\n\r\n' "$UNINSTALL" "$name"
			printf '[-HKEY_LOCAL_MACHINE\\%s\\%s]\r\n\r\n' "$UNINSTALL32" "$name"
		done
		for line in "$@"; do
			printf '%s\r\n' "$line"
		done
	} >"$reg.txt"
	# UTF-16LE with a BOM, as regedit writes it: wine's `reg import` reads hex(2) data
	# (REG_EXPAND_SZ) as text in the file's own encoding, so an ASCII file would store
	# "%\0P\0..." as "%".
	{ printf '\xff\xfe' && iconv -f UTF-8 -t UTF-16LE "$reg.txt"; } >"$reg"
	"$WINE" reg import "$(winepath -w "$reg" 2>/dev/null)" >/dev/null 2>&1 ||
		echo "# reg import failed for: $*"
}

# put ENGINE DIR FILE: a fake engine as DIR/FILE inside the prefix.
put() {
	mkdir -p "$2" && cp "$TEST_TMP/$1.exe" "$2/$3"
}

probe() { run "$WINE" "$PROBE"; }

has_line() { # exact-line description
	grep -Fxq -- "$1" "$TEST_TMP/stdout"
	tap_result $? "$2"
}

service() { # the ADSync service key with an ImagePath value (a .reg value text)
	printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\ADSync]\r\n"ImagePath"=%s\r\n"Start"=dword:00000002' "$1"
}

uninstall_entry() { # root key-name display-name [display-version]
	printf '[HKEY_LOCAL_MACHINE\\%s\\%s]\r\n"DisplayName"=%s' "$1" "$2" "$(reg_sz "$3")"
	[ $# -lt 4 ] || printf '\r\n"DisplayVersion"=%s' "$(reg_sz "$4")"
}

# 1. A Windows without any sync tool.
install
probe
is_rc 0 "nothing installed"
has_line "kind=none" "nothing installed: kind none"
has_line "version=" "nothing installed: no version"
output_has "source=nothing found (ADSync service, default install paths, uninstall entries, HKLM\\SOFTWARE\\Microsoft\\MSOLCoExistence)" \
	"nothing installed: the source lists what was searched"
! grep -q $'\r' "$TEST_TMP/stdout"
tap_result $? "probe lines end in LF, not CRLF"
stderr_empty "nothing on stderr"

# 2. The service's ImagePath, quoted and with an argument.
install "$(service "$(reg_sz '"C:\Program Files\Microsoft Azure AD Sync\Bin\miiserver.exe" /service')")"
put engine-2.6.92.0 "$SYNC_BIN" miiserver.exe
probe
is_rc 0 "ADSync ImagePath (REG_SZ, quoted, with an argument)"
has_line "kind=connect" "ImagePath: kind connect"
has_line "version=2.6.92.0" "ImagePath: the engine's file version"
has_line 'source=file version of C:\Program Files\Microsoft Azure AD Sync\Bin\miiserver.exe (ADSync service ImagePath)' \
	"ImagePath: the source names the file and the ImagePath"

# 3. ImagePath as REG_EXPAND_SZ with %ProgramFiles%, quoted and unquoted.
install "$(service "$(reg_expand_sz '"%ProgramFiles%\Microsoft Azure AD Sync\Bin\miiserver.exe" /service')")"
put engine-2.6.92.0 "$SYNC_BIN" miiserver.exe
probe
is_rc 0 "ADSync ImagePath as REG_EXPAND_SZ"
has_line "version=2.6.92.0" "REG_EXPAND_SZ ImagePath: %ProgramFiles% expanded, the engine's version"
has_line 'source=file version of C:\Program Files\Microsoft Azure AD Sync\Bin\miiserver.exe (ADSync service ImagePath)' \
	"REG_EXPAND_SZ ImagePath: the source names the expanded path"
install "$(service "$(reg_expand_sz '%ProgramFiles%\Microsoft Azure AD Sync\Bin\miiserver.exe -x')")"
put engine-2.6.92.0 "$SYNC_BIN" miiserver.exe
probe
has_line "version=2.6.92.0" "unquoted ImagePath with spaces and an argument: cut after .exe"
output_has "(ADSync service ImagePath)" "unquoted ImagePath: answered by the ImagePath"

# 4. The ImagePath names a missing file: the default path answers, the miss is noted.
install "$(service "$(reg_sz '"C:\Program Files\Microsoft Azure AD Sync\Old\miiserver.exe"')")"
put engine-1.6.16.0 "$SYNC_BIN" miiserver.exe
probe
is_rc 0 "ImagePath names a missing file"
has_line "kind=connect" "missing ImagePath file: kind connect"
has_line "version=1.6.16.0" "missing ImagePath file: the default path's engine answers"
output_has 'source=file version of C:\Program Files\Microsoft Azure AD Sync\Bin\miiserver.exe (default path of the sync engine)' \
	"missing ImagePath file: the source names the default path"
output_has 'passed over: ADSync service ImagePath: C:\Program Files\Microsoft Azure AD Sync\Old\miiserver.exe does not exist' \
	"missing ImagePath file: the miss is noted"

# 5. Only an uninstall entry, in the 32-bit view.
install "$(uninstall_entry "$UNINSTALL32" MicrosoftAzureADConnectionTool 'Microsoft Azure AD Connect' 2.5.190.0)"
probe
is_rc 0 "uninstall entry in the 32-bit view"
has_line "kind=connect" "32-bit uninstall entry: kind connect"
has_line "version=2.5.190.0" "32-bit uninstall entry: its DisplayVersion"
output_has "source=DisplayVersion of the uninstall entry 'Microsoft Azure AD Connect' (HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\MicrosoftAzureADConnectionTool)" \
	"32-bit uninstall entry: the source names the entry and the WOW6432Node key"

# 6. DirSync's uninstall entry.
install "$(uninstall_entry "$UNINSTALL" DirSyncTestEntry 'Windows Azure Active Directory Sync tool' 1.0.7020.0)"
probe
is_rc 0 "DirSync uninstall entry"
has_line "kind=dirsync" "DirSync uninstall entry: kind dirsync"
has_line "version=1.0.7020.0" "DirSync uninstall entry: its DisplayVersion"
output_has "uninstall entry 'Windows Azure Active Directory Sync tool' (HKLM\\SOFTWARE\\Microsoft\\" \
	"DirSync uninstall entry: the source names the entry in the 64-bit view"

# A Connect entry wins over a DirSync entry found before it.
install "$(uninstall_entry "$UNINSTALL" DirSyncTestEntry 'Microsoft Online Services Directory Synchronization Tool' 1.0.494.0501)" \
	"" "$(uninstall_entry "$UNINSTALL32" MicrosoftAzureADConnectionTool 'Microsoft Entra Connect Sync' 2.4.18.0)"
probe
has_line "kind=connect" "DirSync and Connect entries: Connect wins"
has_line "version=2.4.18.0" "DirSync and Connect entries: Connect's DisplayVersion"

# 7. DirSync's registry key alone.
install '[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSOLCoExistence]' '"FullSyncNeeded"=dword:00000000'
probe
is_rc 0 "MSOLCoExistence key"
has_line "kind=dirsync" "MSOLCoExistence: kind dirsync"
has_line "version=" "MSOLCoExistence: no version"
output_has "source=HKLM\\SOFTWARE\\Microsoft\\MSOLCoExistence exists" "MSOLCoExistence: the source names the key"

# 8. The Connect wizard alone, in either documented directory.
install
put wizard-2.4.27.0 "$WIZARD_DIR1" AzureADConnect.exe
probe
is_rc 0 "AzureADConnect.exe in Microsoft Azure AD Connect"
has_line "kind=connect" "AzureADConnect.exe: kind connect"
has_line "version=2.4.27.0" "AzureADConnect.exe: its file version"
has_line 'source=file version of C:\Program Files\Microsoft Azure AD Connect\AzureADConnect.exe (the Connect wizard)' \
	"AzureADConnect.exe: the source names the file"
install
put engine-1.6.16.0 "$WIZARD_DIR2" AzureADConnect.exe
probe
has_line "version=1.6.16.0" "AzureADConnect.exe in Microsoft Azure Active Directory Connect"

# Agents are other products, even with "Azure AD Connect" in their names.
install "$(uninstall_entry "$UNINSTALL" HealthAgentTestEntry 'Microsoft Azure AD Connect Health agent for sync' 3.2.2.0)"
probe
has_line "kind=none" "a Connect Health agent entry alone is no sync tool"

# A DisplayVersion that is not a version is dropped, with a note.
install "$(uninstall_entry "$UNINSTALL" MicrosoftAzureADConnectionTool 'Microsoft Azure AD Connect' '2.x (preview)')"
probe
has_line "kind=connect" "a bad DisplayVersion: still Connect"
has_line "version=" "a bad DisplayVersion: no version"
output_has "its version '2.x (preview)' is not dotted numbers and was ignored" "a bad DisplayVersion is noted"

# An engine without a version resource is noted, and the search goes on.
install "$(uninstall_entry "$UNINSTALL32" MicrosoftAzureADConnectionTool 'Microsoft Azure AD Connect' 2.5.190.0)"
put unversioned "$SYNC_BIN" miiserver.exe
probe
has_line "version=2.5.190.0" "an unversioned miiserver.exe: the uninstall entry answers"
output_has 'miiserver.exe has no version resource' "an unversioned miiserver.exe is noted"

done_testing
