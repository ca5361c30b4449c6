#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# The Windows installer (windows/build-msi, what `make msi` runs): what the package holds,
# then under wine in the test's own prefix: install, run the installed plugins, the
# uninstall entry, a rebuilt package and a newer one replacing it in place, an older one
# refused, and an uninstall that leaves nothing behind.
. "$top_srcdir/t/lib.sh"

if ! command -v wixl >/dev/null 2>&1; then
	echo "1..0 # SKIP wixl not found: apt-get install wixl msitools"
	exit 0
fi
package_version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
# The MSI's ProductVersion is the X.Y.Z that PACKAGE_VERSION starts with (see build-msi).
version=$(printf '%s\n' "$package_version" | sed -n 's/^\([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')
[ -n "$version" ] || { echo "Bail out! PACKAGE_VERSION '$package_version' in config.h does not start with X.Y.Z"; exit 99; }
IFS=. read -r major minor patch <<<"$version"
newer=$major.$minor.$((patch + 1))
UPGRADE_CODE='{54240050-3A4B-4DF9-990C-478D888A0276}'

build_msi() { # VERSION OUT
	bash "$top_srcdir/windows/build-msi" "$top_srcdir" "$top_builddir" "$1" "$2" \
		>>"$TEST_TMP/build.log" 2>&1
}
timed build_msi "$package_version" "$TEST_TMP/first.msi"
tap_result $? "build-msi builds the package ($elapsed_ms ms, $(stat -c %s "$TEST_TMP/first.msi" 2>/dev/null) bytes)"
sed 's/^/# /' "$TEST_TMP/build.log"
build_msi "$package_version" "$TEST_TMP/rebuilt.msi" && build_msi "$newer" "$TEST_TMP/newer.msi"
tap_result $? "a rebuilt package of $version and one of $newer"

# --- what the package holds ---------------------------------------------------------
property() { # MSI NAME
	msiinfo export "$1" Property 2>/dev/null | tr -d '\r' | awk -F'\t' -v k="$2" '$1 == k { print $2 }'
}
[ "$(property "$TEST_TMP/first.msi" ProductVersion)" = "$version" ] &&
	[ "$(property "$TEST_TMP/first.msi" UpgradeCode)" = "$UPGRADE_CODE" ]
tap_result $? "ProductVersion $version and the fixed UpgradeCode"
[ "$(property "$TEST_TMP/first.msi" ProductCode)" != "$(property "$TEST_TMP/rebuilt.msi" ProductCode)" ]
tap_result $? "each build has its own product code"
msiinfo suminfo "$TEST_TMP/first.msi" 2>/dev/null | grep -q '^Template: x64;1033'
tap_result $? "a 64-bit package (Template x64;1033)"
# ALLUSERS=1 is what InstallScope="perMachine" writes.
[ "$(property "$TEST_TMP/first.msi" ALLUSERS)" = 1 ]
tap_result $? "installed per machine (ALLUSERS=1)"
expected='dirsync-plugins/COPYING.txt
dirsync-plugins/check_dirsync_event.exe
dirsync-plugins/check_dirsync_os.exe
dirsync-plugins/check_dirsync_version.exe
dirsync-plugins/sync-releases.txt
dirsync-plugins/windows-server.txt'
listed=$(msiextract -l "$TEST_TMP/first.msi" 2>/dev/null | tr -d '\r' | sed 's#^.*/\(dirsync-plugins/\)#\1#' | LC_ALL=C sort)
[ "$listed" = "$expected" ]
tap_result $? "the three .exe, the two tables and the licence in dirsync-plugins/ ($(echo $listed))"
mkdir -p "$TEST_TMP/extract"
msiextract -C "$TEST_TMP/extract" "$TEST_TMP/first.msi" >/dev/null 2>&1
x=$(find "$TEST_TMP/extract" -type d -name dirsync-plugins | head -n 1)
cmp -s "$x/sync-releases.txt" "$top_srcdir/data/sync-releases.txt" &&
	cmp -s "$x/windows-server.txt" "$top_srcdir/data/windows-server.txt" &&
	cmp -s "$x/COPYING.txt" "$top_srcdir/COPYING"
tap_result $? "the tables and the licence are the source tree's"
# strip writes a new PE time stamp, so the bytes differ; the size and sections do not.
x86_64-w64-mingw32-strip -o "$TEST_TMP/stripped.exe" "$top_builddir/plugins/check_dirsync_os.exe" 2>/dev/null &&
	[ "$(stat -c %s "$x/check_dirsync_os.exe")" = "$(stat -c %s "$TEST_TMP/stripped.exe")" ] &&
	! x86_64-w64-mingw32-objdump -h "$x/check_dirsync_os.exe" | grep -q '\.debug_'
tap_result $? "check_dirsync_os.exe is the build's, stripped ($(stat -c %s "$x/check_dirsync_os.exe") bytes)"

# --- under wine -----------------------------------------------------------------------
. "$top_srcdir/t/wine/lib.sh"
keep_wineserver
# Paths spelled out rather than asked of winepath (most of a second a call on a busy machine).
DIR="$WINEPREFIX/drive_c/Program Files/dirsync-plugins"
msiexec() { # /i|/x MSI (an absolute path: wine maps / to Z:)
	"$WINE" msiexec "$1" "Z:${2//\//\\}" /qn >>"$TEST_TMP/msiexec.log" 2>&1
}
# The uninstall entries whose DisplayName is dirsync-plugins, one "KEY VERSION" a line.
entries() {
	"$WINE" reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null |
		tr -d '\r' | awk '
		/^HKEY_/ { key = $0; sub(/.*\\/, "", key); name = ""; ver = "" }
		$1 == "DisplayName" && $3 == "dirsync-plugins" { name = key }
		$1 == "DisplayVersion" { ver = $3 }
		name != "" && ver != "" { print name, ver; name = "" }'
}

timed msiexec /i "$TEST_TMP/first.msi"
tap_result $? "msiexec /i installs it ($elapsed_ms ms)"
for f in check_dirsync_os.exe check_dirsync_version.exe check_dirsync_event.exe \
	sync-releases.txt windows-server.txt COPYING.txt; do
	[ -f "$DIR/$f" ] || { echo "# missing: $DIR/$f"; false; }
done
tap_result $? "the files are in C:\\Program Files\\dirsync-plugins"
[ ! -e "$WINEPREFIX/drive_c/Program Files (x86)/dirsync-plugins" ]
tap_result $? "nothing in Program Files (x86)"

run "$WINE" 'C:\Program Files\dirsync-plugins\check_dirsync_os.exe' --arch-only
is_rc 0 "the installed check_dirsync_os.exe --arch-only runs"
first_line_like '^DIRSYNC OS OK - .*64-bit' "and says 64-bit"
run "$WINE" 'C:\Program Files\dirsync-plugins\check_dirsync_version.exe' --installed-version=2.5.190.0 \
	'--releases=C:\Program Files\dirsync-plugins\sync-releases.txt'
first_line_like '^DIRSYNC VERSION [A-Z]+ - Entra Connect 2\.5\.190\.0 ' \
	"the installed check_dirsync_version.exe judges a build"
output_has 'C:\Program Files\dirsync-plugins\sync-releases.txt' "against the installed release table"
run "$WINE" 'C:\Program Files\dirsync-plugins\check_dirsync_event.exe' --version
first_line_like "^check_dirsync_event $package_version " "the installed check_dirsync_event.exe is $package_version"

first=$(entries)
[ "$(echo "$first" | grep -c .)" = 1 ] && [ "${first#* }" = "$version" ]
tap_result $? "one uninstall entry, version $version ($first)"
"$WINE" reg query "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${first%% *}" /v UninstallString \
	2>/dev/null | tr -d '\r' | grep -qF "MsiExec.exe /X${first%% *}"
tap_result $? "its UninstallString removes the product"

msiexec /i "$TEST_TMP/first.msi"
tap_result $? "installing the same package again succeeds"
[ "$(entries)" = "$first" ]
tap_result $? "still the one entry"

timed msiexec /i "$TEST_TMP/rebuilt.msi"
tap_result $? "a rebuilt package of $version installs ($elapsed_ms ms)"
rebuilt=$(entries)
[ "$(echo "$rebuilt" | grep -c .)" = 1 ] && [ "$rebuilt" != "$first" ] && [ "${rebuilt#* }" = "$version" ]
tap_result $? "it replaced the installed one in place: one entry ($rebuilt)"

msiexec /i "$TEST_TMP/newer.msi"
tap_result $? "$newer installs over $version"
upgraded=$(entries)
[ "$(echo "$upgraded" | grep -c .)" = 1 ] && [ "${upgraded#* }" = "$newer" ]
tap_result $? "one entry, version $newer ($upgraded)"

! msiexec /i "$TEST_TMP/first.msi"
tap_result $? "the older $version is refused over $newer"
[ "$(entries)" = "$upgraded" ] && [ -f "$DIR/check_dirsync_os.exe" ]
tap_result $? "and $newer stays installed"

timed msiexec /x "$TEST_TMP/newer.msi"
tap_result $? "msiexec /x removes it ($elapsed_ms ms)"
[ ! -e "$DIR" ] || [ -z "$(ls -A "$DIR")" ]
tap_result $? "nothing left in C:\\Program Files\\dirsync-plugins"
[ -z "$(entries)" ]
tap_result $? "no uninstall entry left"
sed 's/^/# msiexec: /' "$TEST_TMP/msiexec.log" | head -n 20

done_testing
