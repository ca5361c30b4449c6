#!/bin/sh
# Writes N events as `wevtutil qe Application /f:xml` does (a stream of <Event> elements
# without a root, one a line, CRLF) to OUT, for the tests and benchmarks that need a big
# export. Every 4th event is the Directory Synchronization 109 "no longer supported" one,
# the others ID 0, ADSync 6100 and PHS 611, one second apart from 2026-11-01T00:00:00Z.
# Usage: make-large.sh OUT N
set -eu
if [ $# -ne 2 ]; then
	echo "usage: $0 OUT N" >&2
	exit 2
fi
out=$1
count=$2
case $count in
'' | *[!0-9]*)
	echo "$0: N must be a whole number, not '$count'" >&2
	exit 2
	;;
esac
awk -v n="$count" 'BEGIN {
	ns = "http://schemas.microsoft.com/win/2004/08/events/event"
	seed = "This version of the Microsoft Online Services Directory Sync tool is no longer supported. Uninstall this version, and then download and install the latest version from your Admin Portal page."
	adsync = "The management agent \"contoso.onmicrosoft.com - AAD\" completed run profile \"Delta Import\" with a status of \"success\"."
	phs = "Password hash synchronization failed for domain: contoso.local. Details: Microsoft.Online.PasswordSynchronization.SynchronizationManagerException"
	split("Directory Synchronization,Directory Synchronization,ADSync,Directory Synchronization", provider, ",")
	split("109,0,6100,611", id, ",")
	split("2,2,4,2", level, ",")
	text[1] = seed; text[2] = seed; text[3] = adsync; text[4] = phs
	for (i = 0; i < n; i++) {
		k = i % 4 + 1
		s = i % 2592000
		printf "<Event xmlns=\047%s\047><System><Provider Name=\047%s\047/><EventID Qualifiers=\0470\047>%s</EventID><Version>0</Version><Level>%s</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime=\0472026-11-%02dT%02d:%02d:%02d.%07dZ\047/><EventRecordID>%d</EventRecordID><Correlation/><Execution ProcessID=\0470\047 ThreadID=\0470\047/><Channel>Application</Channel><Computer>DIRSYNC01.contoso.local</Computer><Security/></System><EventData><Data>%s</Data></EventData></Event>\r\n", ns, provider[k], id[k], level[k], 1 + int(s / 86400), int(s / 3600) % 24, int(s / 60) % 60, s % 60, i % 10000000, 100000 + i, text[k]
	}
}' >"$out"
