/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <string.h>

#include "core/deadline.h"

START_TEST(timeout_seconds_only) {
	unsigned seconds = 0;
	ds_state state = DS_OK;
	ds_error err;
	ck_assert(ds_timeout_parse("10", &seconds, &state, &err));
	ck_assert_uint_eq(seconds, 10);
	ck_assert_int_eq(state, DS_UNKNOWN);
	ck_assert(ds_timeout_parse("3600", &seconds, &state, &err));
	ck_assert_uint_eq(seconds, 3600);
	ck_assert(ds_timeout_parse("1", &seconds, &state, &err));
	ck_assert_uint_eq(seconds, 1);
}
END_TEST

START_TEST(timeout_with_state) {
	unsigned seconds = 0;
	ds_state state = DS_OK;
	ds_error err;
	ck_assert(ds_timeout_parse("20:critical", &seconds, &state, &err));
	ck_assert_uint_eq(seconds, 20);
	ck_assert_int_eq(state, DS_CRITICAL);
	ck_assert(ds_timeout_parse("5:OK", &seconds, &state, &err));
	ck_assert_int_eq(state, DS_OK);
	ck_assert(ds_timeout_parse("5:1", &seconds, &state, &err));
	ck_assert_int_eq(state, DS_WARNING);
}
END_TEST

START_TEST(timeout_errors) {
	static const char *const bad[] = {
	    "",    "0",   "-5",  "1O",      "abc",       "3601",        "10.5",
	    " 10", "10 ", "10:", "10:crit", ":critical", "99999999999", "10:critical:x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unsigned seconds = 77;
		ds_state state = DS_OK;
		ds_error err = {0};
		ck_assert_msg(!ds_timeout_parse(bad[i], &seconds, &state, &err), "accepted '%s'", bad[i]);
		ck_assert_msg(strstr(err.text, "timeout") != NULL, "no sentence for '%s'", bad[i]);
	}
}
END_TEST

/* A pasted value of any length is cut in the sentence, so that the hint still fits. */
START_TEST(timeout_errors_keep_the_hint) {
	char text[400];
	memset(text, '7', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	unsigned seconds = 0;
	ds_state state = DS_OK;
	ds_error err = {0};
	ck_assert(!ds_timeout_parse(text, &seconds, &state, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "...': expected whole seconds from 1 to 3600"));
	ck_assert_ptr_nonnull(strstr(err.text, "(e.g. 10 or 20:critical)"));
	text[0] = '5';
	text[1] = ':';
	ck_assert(!ds_timeout_parse(text, &seconds, &state, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "...': expected ok, warning, critical or unknown"));
	ck_assert_ptr_nonnull(strstr(err.text, "after the colon"));
}
END_TEST

START_TEST(deadline_counts_down) {
	ds_deadline deadline = ds_deadline_start_at(1000, 10, DS_CRITICAL);
	ck_assert_int_eq(deadline.end_ms, 11000);
	ck_assert_int_eq(deadline.state, DS_CRITICAL);
	ck_assert_int_eq(ds_deadline_remaining_at(&deadline, 1000), 10000);
	ck_assert_int_eq(ds_deadline_remaining_at(&deadline, 10999), 1);
	ck_assert_int_eq(ds_deadline_remaining_at(&deadline, 11000), 0);
	ck_assert_int_eq(ds_deadline_remaining_at(&deadline, 50000), 0);
}
END_TEST

START_TEST(deadline_on_the_real_clock) {
	ds_deadline fresh = ds_deadline_start(5, DS_UNKNOWN);
	ck_assert(!ds_deadline_expired(&fresh));
	int64_t left = ds_deadline_remaining_ms(&fresh);
	ck_assert_int_gt(left, 4000);
	ck_assert_int_le(left, 5000);
	ds_deadline past = ds_deadline_start_at(0, 1, DS_UNKNOWN);
	ck_assert(ds_deadline_expired(&past) || ds_deadline_remaining_ms(&past) <= 1000);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("deadline");
	TCase *tc = tcase_create("deadline");
	tcase_add_test(tc, timeout_seconds_only);
	tcase_add_test(tc, timeout_with_state);
	tcase_add_test(tc, timeout_errors);
	tcase_add_test(tc, timeout_errors_keep_the_hint);
	tcase_add_test(tc, deadline_counts_down);
	tcase_add_test(tc, deadline_on_the_real_clock);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
