#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_os.exe under wine64: each Windows release, edition and installation
# type the plugin judges, seeded through the registry that RtlGetVersion reads.
. "$top_srcdir/t/lib.sh"
. "$top_srcdir/t/wine/lib.sh"
EXE="$top_builddir/plugins/check_dirsync_os.exe"

objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump}
dlls=$("$objdump" -p "$EXE" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort | tr '\n' ' ')
[ "$dlls" = "advapi32.dll kernel32.dll msvcrt.dll " ]
tap_result $? "the .exe imports only system DLLs ($dlls)"

os() { run "$WINE" "$EXE" "$@"; }

set_windows 10.0 17763 ServerNT Server "Windows Server 2019 Standard"
os -v
left=$(days_until 2029-01-09)
check_state 0 OK "Windows Server 2019 \(build 17763, 64-bit\), full GUI, is supported by Microsoft Entra Connect Sync \| support_days_left=$left;60:;0:$" \
	"Server 2019 is OK"
output_has "OS: Windows 10.0.17763.256, server, 64-bit, machine AMD64, installation type Server" \
	"long output shows what RtlGetVersion and the registry said"
! grep -q $'\r' "$TEST_TMP/stdout"
tap_result $? "output lines end in LF, not CRLF"
stderr_empty "nothing on stderr"

set_windows 10.0 20348 ServerNT Server "Windows Server 2022 Datacenter"
os
check_state 0 OK "Windows Server 2022 \(build 20348, 64-bit\)" "Server 2022 is OK"

set_windows 10.0 17763 LanmanNT Server "Windows Server 2019 Datacenter"
os
check_state 0 OK "Windows Server 2019" "a domain controller is judged as a server"
output_has "domain controller" "long output names the domain controller"

# Server 2016 leaves extended support on 2027-01-12: the state follows the calendar.
set_windows 10.0 14393 ServerNT Server "Windows Server 2016 Standard"
left=$(days_until 2027-01-12)
if [ "$left" -lt 0 ]; then
	expected_rc=2 expected=CRITICAL
elif [ "$left" -lt 60 ]; then
	expected_rc=1 expected=WARNING
else
	expected_rc=0 expected=OK
fi
os
check_state $expected_rc $expected ".*Windows Server 2016.*support_days_left=$left;60:;0:$" \
	"Server 2016 with $left days of extended support left"
if [ "$left" -ge 0 ]; then
	os -w $((left + 1)) -c 0
	check_state 1 WARNING "extended support of Windows Server 2016 ends on 2027-01-12, in $left days" \
		"-w above the days left warns"
	os -w "$left" -c 0
	check_state 0 OK "Windows Server 2016" "-w equal to the days left does not warn"
	os -w $((left + 10)) -c $((left + 1))
	check_state 2 CRITICAL "extended support of Windows Server 2016 ends" "-c above the days left is critical"
fi

set_windows 6.3 9600 ServerNT Server "Windows Server 2012 R2 Standard"
os
check_state 2 CRITICAL "Windows Server 2012 R2 \(build 9600, 64-bit\) is not supported by Microsoft Entra Connect Sync: move to Windows Server 2016, 2019 or 2022 \(64-bit, full GUI\)" \
	"Server 2012 R2 is CRITICAL"
os --arch-only
check_state 0 OK "Windows Server 2012 R2 \(build 9600, 64-bit\) is a 64-bit Windows$" \
	"--arch-only on Server 2012 R2 is OK"

set_windows 6.1 7601 ServerNT Server "Windows Server 2008 R2 Enterprise"
os
check_state 2 CRITICAL "Windows Server 2008 R2 \(build 7601, 64-bit\) is not supported" "Server 2008 R2 is CRITICAL"

set_windows 10.0 19045 WinNT Client "Windows 10 Pro"
os
check_state 2 CRITICAL "Windows 10.0 build 19045 \(client edition, 64-bit\) is a client edition" \
	"a client edition is CRITICAL"

set_windows 10.0 20348 ServerNT "Server Core" "Windows Server 2022 Standard"
os
check_state 2 CRITICAL "Server Core installation: Microsoft Entra Connect Sync needs the full GUI" \
	"Server Core is CRITICAL"

set_windows 10.0 26100 ServerNT Server "Windows Server 2025 Standard"
os
check_state 1 WARNING "Windows Server 2025 \(build 26100, 64-bit\): not supported by Microsoft Entra Connect Sync .*KB5070773" \
	"Server 2025 warns and names KB5070773"

set_windows 10.0 17763 ServerNT - "Windows Server 2019 Standard"
os
check_state 3 UNKNOWN "cannot tell Server Core from the full GUI: registry value .*InstallationType is missing" \
	"a missing InstallationType is UNKNOWN, not OK"

set_windows 10.0 30000 ServerNT Server "Windows Server vNext"
os
check_state 3 UNKNOWN "Windows 10.0 build 30000 \(64-bit\) is not a Windows Server release in the built-in table" \
	"an unknown build is UNKNOWN"
printf 'as-of: 2026-11-25\n10.0 | 14393 | Windows Server 2016 | 2027-01-12 | supported |\n10.0 | 30000 | Windows Server vNext | 2040-01-01 | supported |\n' \
	>"$TEST_TMP/table.txt"
os --os-table="$TEST_TMP/table.txt"
check_state 0 OK "Windows Server vNext \(build 30000, 64-bit\)" "--os-table teaches a new build"

os -w 1O
check_state 3 UNKNOWN "invalid warning '1O'" "usage errors under Windows"
printf '[win]\narch-only\n' >"$TEST_TMP/plugins.ini"
set_windows 6.3 9600 ServerNT Server "Windows Server 2012 R2 Standard"
os --extra-opts=win@"$TEST_TMP/plugins.ini"
check_state 0 OK ".* is a 64-bit Windows$" "--extra-opts reads an ini file on Windows"
os --help
is_rc 3 "--help under Windows"
output_has "--arch-only" "--help lists the options"

done_testing
