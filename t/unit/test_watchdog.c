/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/sys.h"
#include "core/watchdog.h"

/* Runs body in a child whose stdout is a pipe; returns what it wrote and its exit code.
 * The watchdog ends a process, so it can only be watched from outside. */
static int in_child(void (*body)(void), char *out, size_t size) {
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		(void)close(fds[0]);
		(void)dup2(fds[1], STDOUT_FILENO);
		body();
		_exit(99);
	}
	(void)close(fds[1]);
	size_t used = 0;
	ssize_t n;
	while (used + 1 < size && (n = read(fds[0], out + used, size - 1 - used)) > 0) {
		used += (size_t)n;
	}
	out[used] = '\0';
	(void)close(fds[0]);
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* A step that never returns (pause() waits for a signal that is not coming). */
static void blocked_step(void) {
	ck_assert(ds_watchdog_arm("EVENT", ds_monotonic_ms(), 1, DS_CRITICAL));
	ds_watchdog_step("reading the event export");
	for (;;) {
		(void)pause();
	}
}

START_TEST(ends_a_blocked_step_with_the_prepared_line) {
	char out[512];
	int64_t start = ds_monotonic_ms();
	int code = in_child(blocked_step, out, sizeof out);
	int64_t took = ds_monotonic_ms() - start;
	ck_assert_int_eq(code, DS_CRITICAL);
	ck_assert_str_eq(out,
	                 "DIRSYNC EVENT CRITICAL - timed out after 1 s: reading the event export\n");
	/* Not before the deadline and its margin; the upper bound is generous for a busy
	 * machine (the precise overshoot is a bench figure). */
	ck_assert_int_ge(took, 1000 + DS_WATCHDOG_MARGIN_MS - 20);
	ck_assert_int_lt(took, 1000 + DS_WATCHDOG_MARGIN_MS + 5000 * DS_SLOWDOWN);
}
END_TEST

static void disarmed_run(void) {
	ck_assert(ds_watchdog_arm("OS", ds_monotonic_ms(), 1, DS_UNKNOWN));
	ds_watchdog_disarm();
	(void)sleep(2);
	(void)write(STDOUT_FILENO, "finished\n", 9);
	_exit(0);
}

START_TEST(disarmed_it_stays_quiet) {
	char out[512];
	ck_assert_int_eq(in_child(disarmed_run, out, sizeof out), 0);
	ck_assert_str_eq(out, "finished\n");
}
END_TEST

/* Re-arming with the options' -t replaces the first timer. */
static void rearmed_run(void) {
	int64_t start = ds_monotonic_ms();
	ck_assert(ds_watchdog_arm("AGE", start, 1, DS_UNKNOWN));
	ck_assert(ds_watchdog_arm("AGE", start, 3, DS_WARNING));
	ds_watchdog_step("asking Graph");
	(void)sleep(2);
	(void)write(STDOUT_FILENO, "still running\n", 14);
	for (;;) {
		(void)pause();
	}
}

START_TEST(rearming_replaces_the_timer) {
	char out[512];
	ck_assert_int_eq(in_child(rearmed_run, out, sizeof out), DS_WARNING);
	ck_assert_str_eq(out,
	                 "still running\nDIRSYNC AGE WARNING - timed out after 3 s: asking Graph\n");
}
END_TEST

START_TEST(timeout_from_the_command_line) {
	unsigned seconds = 0;
	ds_state state = DS_OK;
	char *plain[] = {"p", "-v", NULL};
	ds_watchdog_timeout_from_argv(2, plain, &seconds, &state);
	ck_assert_uint_eq(seconds, 10);
	ck_assert_int_eq(state, DS_UNKNOWN);
	char *forms[][3] = {
	    {"p", "-t", "5"}, {"p", "-t5", NULL}, {"p", "--timeout=5", NULL}, {"p", "--timeout", "5"}};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		int argc = forms[i][2] != NULL ? 3 : 2;
		ds_watchdog_timeout_from_argv(argc, forms[i], &seconds, &state);
		ck_assert_uint_eq(seconds, 5);
	}
	char *with_state[] = {"p", "-t", "7:critical", "-t", "bad", "--", "-t", "9"};
	ds_watchdog_timeout_from_argv(8, with_state, &seconds, &state);
	ck_assert_uint_eq(seconds, 7);
	ck_assert_int_eq(state, DS_CRITICAL);
}
END_TEST

START_TEST(the_line_names_check_state_and_step) {
	ck_assert(ds_watchdog_arm("VERSION", ds_monotonic_ms(), 60, DS_UNKNOWN));
	ck_assert_str_eq(ds_watchdog_line(),
	                 "DIRSYNC VERSION UNKNOWN - timed out after 60 s: starting\n");
	ds_watchdog_step("reading the release table");
	ck_assert_str_eq(ds_watchdog_line(),
	                 "DIRSYNC VERSION UNKNOWN - timed out after 60 s: reading the release table\n");
	ds_watchdog_disarm();
}
END_TEST

int main(void) {
	Suite *suite = suite_create("watchdog");
	TCase *tc = tcase_create("watchdog");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ends_a_blocked_step_with_the_prepared_line);
	tcase_add_test(tc, disarmed_it_stays_quiet);
	tcase_add_test(tc, rearming_replaces_the_timer);
	tcase_add_test(tc, timeout_from_the_command_line);
	tcase_add_test(tc, the_line_names_check_state_and_step);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
