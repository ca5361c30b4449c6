/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <string.h>

#include "core/lifecycle.h"
#include "core/timestamp.h"

static int64_t at(const char *day, int hour) {
	int64_t epoch = 0;
	ck_assert(ds_date_parse(day, &epoch, NULL));
	return epoch + hour * 3600;
}

START_TEST(days_until_counts_calendar_days) {
	ck_assert_int_eq(ds_days_until(at("2027-01-12", 0), at("2026-11-25", 23)), 48);
	ck_assert_int_eq(ds_days_until(at("2027-01-12", 0), at("2027-01-12", 23)), 0);
	ck_assert_int_eq(ds_days_until(at("2027-01-12", 0), at("2027-01-13", 0)), -1);
	ck_assert_int_eq(ds_days_until(at("1969-12-31", 0), at("1970-01-01", 1)), -1);
}
END_TEST

START_TEST(thresholds_alert_below_the_days) {
	ds_thresholds t = ds_days_left_thresholds(60, 0);
	ck_assert_int_eq(ds_thresholds_judge(&t, 60), DS_OK);
	ck_assert_int_eq(ds_thresholds_judge(&t, 59), DS_WARNING);
	ck_assert_int_eq(ds_thresholds_judge(&t, 0), DS_WARNING);
	ck_assert_int_eq(ds_thresholds_judge(&t, -1), DS_CRITICAL);
	char text[32];
	ck_assert(ds_range_format(&t.warning, text, sizeof text));
	ck_assert_str_eq(text, "60:");
	ck_assert(ds_range_format(&t.critical, text, sizeof text));
	ck_assert_str_eq(text, "0:");
}
END_TEST

START_TEST(days_parse_is_strict) {
	unsigned days = 7;
	ds_error err;
	ck_assert(ds_days_parse("60", "warning", &days, &err));
	ck_assert_uint_eq(days, 60);
	ck_assert(ds_days_parse("0", "critical", &days, &err));
	ck_assert_uint_eq(days, 0);
	ck_assert(ds_days_parse("36500", "warning", &days, &err));
	static const char *const bad[] = {"", "-1", "1O", "36501", "100000", " 5", "5 ", "6.5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(!ds_days_parse(bad[i], "warning", &days, &err), "accepted '%s'", bad[i]);
		ck_assert(strstr(err.text, "invalid warning") == err.text);
	}
}
END_TEST

/* A pasted value of any length is cut in the sentence, so that the hint still fits. */
START_TEST(days_errors_keep_the_hint) {
	char text[400];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	unsigned days = 7;
	ds_error err = {0};
	ck_assert(!ds_days_parse(text, "warning", &days, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "...': expected a whole number of days"));
	ck_assert_ptr_nonnull(strstr(err.text, "from 0 to 36500, e.g. 60"));
	ck_assert_uint_eq(days, 7);
}
END_TEST

START_TEST(critical_needs_fewer_days_than_warning) {
	ds_error err;
	ck_assert(ds_days_order_check(60, 0, &err));
	ck_assert(ds_days_order_check(10, 10, &err));
	ck_assert(!ds_days_order_check(10, 20, &err));
	ck_assert_str_eq(err.text, "critical (20 days) is larger than warning (10 days): CRITICAL must "
	                           "need fewer days left than WARNING");
}
END_TEST

/* -w and -c are read after all options: unset keeps the default, then the order check. */
START_TEST(days_options_are_read_after_parsing) {
	unsigned warning = 60;
	unsigned critical = 0;
	ds_error err = {0};
	ck_assert(ds_days_options(NULL, NULL, &warning, &critical, &err));
	ck_assert_uint_eq(warning, 60);
	ck_assert_uint_eq(critical, 0);
	ck_assert(ds_days_options("90", "30", &warning, &critical, &err));
	ck_assert_uint_eq(warning, 90);
	ck_assert_uint_eq(critical, 30);
	ck_assert(!ds_days_options("x", NULL, &warning, &critical, &err));
	ck_assert_msg(strstr(err.text, "warning") != NULL, "%s", err.text);
	ck_assert(!ds_days_options(NULL, "120", &warning, &critical, &err));
}
END_TEST

int main(void) {
	Suite *suite = suite_create("lifecycle");
	TCase *tc = tcase_create("lifecycle");
	tcase_add_test(tc, days_until_counts_calendar_days);
	tcase_add_test(tc, thresholds_alert_below_the_days);
	tcase_add_test(tc, days_parse_is_strict);
	tcase_add_test(tc, days_errors_keep_the_hint);
	tcase_add_test(tc, critical_needs_fewer_days_than_warning);
	tcase_add_test(tc, days_options_are_read_after_parsing);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
