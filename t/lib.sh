# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# TAP helpers for the shell tests: each assertion is one counted test.
# Usage: . "$top_srcdir/t/lib.sh"; run CMD...; is_rc 0 "text"; first_line_like 'RE' "text"; done_testing

tap_count=0
tap_failed=0
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dirsync-test.XXXXXX") || exit 99
# Scripts add their own clean-up (stopping a server, say) with at_exit.
exit_hooks=''
at_exit() { exit_hooks="$1; $exit_hooks"; }
trap 'eval "$exit_hooks"; rm -rf "$TEST_TMP"' EXIT

tap_result() { # status description
	tap_count=$((tap_count + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_count - $2"
	else
		echo "not ok $tap_count - $2"
		tap_failed=$((tap_failed + 1))
		# Show what the plugin said, to make a failure readable in the .log file.
		sed 's/^/# /' "$TEST_TMP/stdout" 2>/dev/null | head -n 12
		echo "# exit code: ${rc-}"
	fi
}

# With DIRSYNC_VALGRIND=1 (the valgrind pass of t/run-all), every plugin that run()
# starts runs under memcheck: an invalid read or write, a use of uninitialised memory
# or a definite leak fails the test, whatever the plugin printed.
valgrind_exit=97
under_valgrind() { # command...: inserts valgrind before the first argument that is a plugin
	local args=() inserted=''
	for arg in "$@"; do
		if [ -z "$inserted" ] && [[ $arg == "$top_builddir"/plugins/* ]]; then
			args+=(valgrind -q --leak-check=full --show-leak-kinds=definite
				--errors-for-leak-kinds=definite --error-exitcode=$valgrind_exit
				--log-file="$TEST_TMP/valgrind.log")
			inserted=1
		fi
		args+=("$arg")
	done
	rm -f "$TEST_TMP/valgrind.log"
	"${args[@]}"
}

tap_skip() { # description reason
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $1 # SKIP $2"
}

# timed COMMAND...: runs it, with elapsed_ms set to its wall time; returns its status.
timed() {
	local start=${EPOCHREALTIME/./} status
	timed_cmd=("$@")
	"$@"
	status=$?
	elapsed_ms=$(((${EPOCHREALTIME/./} - start) / 1000))
	return $status
}

# The last timed command once more, with standard input from /dev/null: the RETIME of
# within_timeout for a case that reads nothing from standard input.
timed_again() {
	timed "${timed_cmd[@]}" </dev/null
}

within() { # max-ms description: the last timed command took at most max-ms
	[ "$elapsed_ms" -le "$1" ]
	tap_result $? "$2 (took $elapsed_ms ms, limit $1 ms)"
}

# A duration assertion holds on a busy machine and in every pass (sanitizers, valgrind)
# when it allows for what the plugin cannot control: starting the process (loading
# libraries, a sanitizer's shadow memory, valgrind) and ending it (a leak check), at the
# machine's load of the moment. overhead_ms is that cost, measured in the same run by
# measure_overhead COMMAND...: the time of a run of the same plugin that ends at once.
overhead_ms=0
overhead_cmd=()
measure_overhead() {
	local saved_rc=${rc-} saved_out=${out-} saved_line1=${line1-} saved_ms=${elapsed_ms-0}
	overhead_cmd=("$@")
	cp "$TEST_TMP/stdout" "$TEST_TMP/stdout.saved" 2>/dev/null
	timed run "$@"
	overhead_ms=$elapsed_ms
	rc=$saved_rc out=$saved_out line1=$saved_line1 elapsed_ms=$saved_ms
	mv "$TEST_TMP/stdout.saved" "$TEST_TMP/stdout" 2>/dev/null
}

# within_timeout SECONDS DESCRIPTION [EXTRA-MS]: the last timed run ended by -t SECONDS:
# at most EXTRA-MS (default 1 s: the watchdog's margin, DS_WATCHDOG_MARGIN_MS, and room for
# the machine's load) after it, plus the start-up and exit cost (overhead_ms). When the
# load rose during the run, the cost measured before it is too low: a run over the limit
# measures the cost again, now, and the larger of the two counts. A plugin that overstays
# -t still fails, since the measured run ends at once. How close to -t a run ends on an
# idle machine is a figure of bench/overshoot, not an assertion.
within_timeout() {
	local extra=${3:-1000} limit
	limit=$(($1 * 1000 + extra + overhead_ms))
	if [ "$elapsed_ms" -gt "$limit" ] && [ ${#overhead_cmd[@]} -gt 0 ]; then
		local before=$overhead_ms
		measure_overhead "${overhead_cmd[@]}"
		[ "$overhead_ms" -ge "$before" ] || overhead_ms=$before
		limit=$(($1 * 1000 + extra + overhead_ms))
	fi
	# Still over: a stall of the machine slows one run, not two. RETIME, when a test sets
	# it, names a function that runs the same case again with timed; the faster counts.
	if [ "$elapsed_ms" -gt "$limit" ] && [ -n "${RETIME-}" ]; then
		local first=$elapsed_ms
		"$RETIME"
		[ "$elapsed_ms" -le "$first" ] || elapsed_ms=$first
		echo "# over the limit at first ($first ms); run again: $elapsed_ms ms"
	fi
	[ "$elapsed_ms" -le "$limit" ]
	tap_result $? "$2: within -t $1 + $extra ms + $overhead_ms ms start-up and exit (took $elapsed_ms ms, limit $limit ms)"
}

# Runs a command, keeping stdout, stderr and the exit code for the assertions.
run() {
	if [ -n "${DIRSYNC_VALGRIND-}" ]; then
		under_valgrind "$@" >"$TEST_TMP/stdout" 2>"$TEST_TMP/stderr"
		rc=$?
		if [ -s "$TEST_TMP/valgrind.log" ] || [ "$rc" = "$valgrind_exit" ]; then
			tap_result 1 "valgrind finds no error in: ${*##*/}"
			sed 's/^/# /' "$TEST_TMP/valgrind.log" 2>/dev/null | head -n 40
		fi
	else
		"$@" >"$TEST_TMP/stdout" 2>"$TEST_TMP/stderr"
		rc=$?
	fi
	out=$(cat "$TEST_TMP/stdout")
	line1=$(head -n 1 "$TEST_TMP/stdout")
}

is_rc() { # expected description
	[ "$rc" = "$1" ]
	tap_result $? "$2 (exit $1)"
}

first_line_like() { # extended-regex description
	printf '%s\n' "$line1" | grep -Eq -- "$1"
	tap_result $? "$2"
}

output_has() { # fixed-string description
	grep -Fq -- "$1" "$TEST_TMP/stdout"
	tap_result $? "$2"
}

output_lacks() { # fixed-string description
	! grep -Fq -- "$1" "$TEST_TMP/stdout" "$TEST_TMP/stderr"
	tap_result $? "$2"
}

stderr_empty() { # description
	[ ! -s "$TEST_TMP/stderr" ]
	tap_result $? "$1"
}

check_state() { # rc state regex-after-state description: the exit code and first line agree
	is_rc "$1" "$4"
	first_line_like "^DIRSYNC [A-Z]+ $2 - $3" "$4: first line"
}

done_testing() {
	echo "1..$tap_count"
	[ "$tap_failed" -eq 0 ]
}
