/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <string.h>

#include "core/error.h"

START_TEST(set_returns_false_and_formats) {
	ds_error err;
	ck_assert(!ds_error_set(&err, "cannot read %s: %d", "x.ini", 2));
	ck_assert_str_eq(err.text, "cannot read x.ini: 2");
	ck_assert(!ds_error_set(NULL, "ignored %d", 1));
}
END_TEST

START_TEST(prefix_adds_context) {
	ds_error err;
	ds_error_set(&err, "line 3: bad");
	ck_assert(!ds_error_prefix(&err, "reading %s: ", "t.txt"));
	ck_assert_str_eq(err.text, "reading t.txt: line 3: bad");
	ck_assert(!ds_error_prefix(NULL, "x"));
}
END_TEST

START_TEST(long_sentences_are_cut_and_terminated) {
	ds_error err;
	char big[1000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ds_error_set(&err, "%s", big);
	ck_assert_uint_eq(strlen(err.text), DS_ERROR_TEXT_MAX - 1);
	ds_error_prefix(&err, "%s", "context: ");
	ck_assert_uint_eq(strlen(err.text), DS_ERROR_TEXT_MAX - 1);
	ck_assert(strncmp(err.text, "context: aaa", 12) == 0);
	ds_error_prefix(&err, "%s", big);
	ck_assert_uint_eq(strlen(err.text), DS_ERROR_TEXT_MAX - 1);
}
END_TEST

/* A timeout is a kind of error the step itself marks; context keeps it, a new error
 * clears it. */
START_TEST(a_timeout_is_marked_and_kept_through_context) {
	ds_error err = {0};
	ck_assert(!ds_error_timeout(&err, "timed out after %u s: %s", 2U, "reading"));
	ck_assert(err.timed_out);
	ck_assert_str_eq(err.text, "timed out after 2 s: reading");
	ds_error_prefix(&err, "Graph: ");
	ck_assert(err.timed_out);
	ds_error_set(&err, "something else");
	ck_assert(!err.timed_out);
	ck_assert(!ds_error_timeout(NULL, "x"));
}
END_TEST

int main(void) {
	Suite *suite = suite_create("error");
	TCase *tc = tcase_create("error");
	tcase_add_test(tc, set_returns_false_and_formats);
	tcase_add_test(tc, prefix_adds_context);
	tcase_add_test(tc, long_sentences_are_cut_and_terminated);
	tcase_add_test(tc, a_timeout_is_marked_and_kept_through_context);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
