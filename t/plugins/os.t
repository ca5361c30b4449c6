#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# check_dirsync_os on this host: states, usage errors, --help, extra-opts.
. "$top_srcdir/t/lib.sh"
P="$top_builddir/plugins/check_dirsync_os"
machine=$(uname -m)

# faketime moves the plugin's clock (AddressSanitizer wants its runtime first among the
# libraries, faketime preloads its own); empty where it is missing or does not work.
FAKETIME_CMD=()
if command -v faketime >/dev/null; then
	FAKETIME_CMD=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" faketime)
	"${FAKETIME_CMD[@]}" -f +1d "$P" --version 2>/dev/null | grep -q "^${P##*/} " || FAKETIME_CMD=()
fi

run "$P"
check_state 0 OK "Linux .* on $machine is a 64-bit OS$" "64-bit host is OK"
stderr_empty "nothing on stderr"
[ "${#line1}" -lt 200 ]
tap_result $? "first line is shorter than 200 bytes"

# setarch changes the machine type the kernel reports, as on a 32-bit kernel.
run "$SETARCH" i686 "$P"
check_state 2 CRITICAL ".* on i686 is a 32-bit OS: directory sync tools need a 64-bit OS" \
	"32-bit personality is CRITICAL"
run "$SETARCH" i686 "$P" --arch-only
check_state 2 CRITICAL ".* on i686 is a 32-bit OS" "--arch-only still judges the width"

run "$P" --help
is_rc 3 "--help"
for option in --help --version --verbose --timeout=SECONDS --extra-opts= --arch-only \
	--warning=DAYS --critical=DAYS --os-table=FILE "default 60" "default 0" "Exit codes" \
	"support_days_left" "KB5070773"; do
	output_has "$option" "--help mentions $option"
done
run "$P" --version
is_rc 3 "--version"
first_line_like '^check_dirsync_os [0-9]+\.[0-9]+\.[0-9]+ \(dirsync-plugins\)$' "--version line"

# Every usage error is UNKNOWN with a sentence, never OK.
usage_error() { # description expected-text args...
	local what=$1 expected=$2
	shift 2
	run "$P" "$@"
	is_rc 3 "$what"
	first_line_like "^DIRSYNC OS UNKNOWN - $expected" "$what: names the problem"
}
usage_error "timeout not a number" "invalid timeout 'abc'" -t abc
usage_error "timeout zero" "invalid timeout '0'" -t 0
usage_error "timeout bad state" "invalid timeout state in '10:crit'" -t 10:crit
usage_error "timeout missing value" "option -t needs a value" -t
usage_error "warning with a letter O" "invalid warning '1O'" -w 1O
usage_error "negative critical" "invalid critical '-1'" -c -1
usage_error "critical above warning" "critical \(20 days\) is larger than warning \(10 days\)" -w 10 -c 20
usage_error "unknown long option" "unknown or ambiguous option --nope" --nope
usage_error "unknown short option" "unknown option -x" -x
usage_error "long option without value" "option --os-table needs a value" --os-table
usage_error "positional argument" "unexpected argument 'extra'" extra
run "$P" -t nope
output_has "Usage: check_dirsync_os" "usage errors show the usage line"

run "$P" -t 5:critical -w 30 -c 5
check_state 0 OK "Linux" "valid -t/-w/-c are accepted"

# The table is read and checked whenever it is given.
run "$P" --os-table=/nonexistent/table.txt
check_state 3 UNKNOWN "cannot read Windows Server table /nonexistent/table.txt" "missing table"
printf 'as-of: 2026-11-25\n10.0 | 17763 | X | 2029-01-09 | maybe |\n' >"$TEST_TMP/bad-table.txt"
run "$P" --os-table="$TEST_TMP/bad-table.txt"
check_state 3 UNKNOWN "Windows Server table .*bad-table.txt, line 2: Entra Connect Sync support" \
	"malformed table names the line"
run "$P" --os-table="$top_srcdir/data/windows-server.txt"
check_state 0 OK "Linux" "the shipped table file is accepted"

# The Windows Server table's age never changes a state (it is a maintainers' check).
if [ "${#FAKETIME_CMD[@]}" = 0 ]; then
	tap_skip "a year after the table's as-of date" "faketime is missing or does not work"
	tap_skip "... with the table file" "faketime is missing or does not work"
else
	run "${FAKETIME_CMD[@]}" -f +400d "$P"
	check_state 0 OK "Linux .* is a 64-bit OS$" "a year after the table's as-of date"
	run "${FAKETIME_CMD[@]}" -f +400d "$P" --os-table="$top_srcdir/data/windows-server.txt"
	check_state 0 OK "Linux" "... with the table file"
fi

# --extra-opts: options come from the ini file, the command line wins.
ini="$TEST_TMP/plugins.ini"
cat >"$ini" <<'INI'
# test file
[check_dirsync_os]
warning = 1O

[narrow]
warning=5

[flags]
arch-only
t = 7

[leaky]
client-secret = s3cr3t-VALUE-123
= broken

[mistyped]
client_secret = s3cr3t-VALUE-456

[commented]
warning = 5   # five days

[flag-with-value]
v = s3cr3t-FLAG-1

[long-flag-with-value]
arch-only = s3cr3t-FLAG-2

[value-missing]
timeout
client-secret = s3cr3t-NEXT-1

[short-value-missing]
t
client-secret = s3cr3t-NEXT-2

[stray-value]
w = 5
c
INI
run "$P" --extra-opts=narrow@"$ini" -c 10
check_state 3 UNKNOWN "critical \(10 days\) is larger than warning \(5 days\)" "ini options are applied"
run "$P" --extra-opts=narrow@"$ini" -w 20 -c 10
check_state 0 OK "Linux" "the command line wins over the ini file"
run "$P" --extra-opts=flags@"$ini"
check_state 0 OK "Linux" "flags and one-letter keys from the ini file"
run "$P" --extra-opts=@"$ini"
check_state 3 UNKNOWN "invalid warning '1O'" "default section is the plugin name"
run env MP_CONFIG_FILE="$ini" "$P" --extra-opts
check_state 3 UNKNOWN "invalid warning '1O'" "MP_CONFIG_FILE is the default file"
mkdir "$TEST_TMP/cfg" && cp "$ini" "$TEST_TMP/cfg/plugins.ini"
run env -u MP_CONFIG_FILE NAGIOS_CONFIG_PATH="/nonexistent:$TEST_TMP/cfg" "$P" --extra-opts
check_state 3 UNKNOWN "invalid warning '1O'" "NAGIOS_CONFIG_PATH is searched"
run "$P" --extra-opts=nosuch@"$ini"
check_state 3 UNKNOWN ".*section \[nosuch\] not found" "missing section"
run "$P" --extra-opts=@/nonexistent/plugins.ini
check_state 3 UNKNOWN ".*cannot read extra-opts file /nonexistent/plugins.ini" "missing file"
run "$P" --extra-opts=leaky@"$ini"
is_rc 3 "syntax error in the ini file"
output_lacks "s3cr3t" "an ini value is never echoed"
# An ini key becomes --key=value: a mistyped one is named, its value (a secret) never.
run "$P" --extra-opts=mistyped@"$ini"
check_state 3 UNKNOWN "unknown or ambiguous option --client_secret$" "a mistyped ini key is named"
output_lacks "s3cr3t" "... and its value is not printed"
# As the Monitoring Plugins read it: a value ends at '#', without the blanks before it.
# A value given to a flag, or a key without the value its option needs, is named by its
# key: getopt would quote the value as a stray argument or take the next line as the value.
file_key_error() { # section expected-text description
	run "$P" --extra-opts="$1"@"$ini"
	check_state 3 UNKNOWN "$2" "$3"
	output_lacks "s3cr3t" "... and no ini value is printed (stdout, stderr)"
}
file_key_error flag-with-value "option -v in the extra-opts file takes no value" \
	"a one-letter flag with a value in the ini file"
file_key_error long-flag-with-value "option --arch-only in the extra-opts file takes no value" \
	"a long flag with a value in the ini file"
file_key_error value-missing "option --timeout in the extra-opts file needs a value \(write timeout = " \
	"an ini key without the value its option needs"
file_key_error short-value-missing "option -t in the extra-opts file needs a value" \
	"a one-letter ini key without the value its option needs"
file_key_error stray-value "option -c in the extra-opts file needs a value" \
	"the last ini key without its value"
run "$P" --extra-opts=commented@"$ini" -c 10
check_state 3 UNKNOWN "critical \(10 days\) is larger than warning \(5 days\)" \
	"a comment after an ini value is dropped"

done_testing
