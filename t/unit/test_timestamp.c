/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdint.h>
#include <string.h>

#include "core/timestamp.h"

/* A value no successful parse in these tests produces, to show that a rejected text
 * leaves the output alone instead of turning into 1970. */
#define UNTOUCHED INT64_C(-4242)

/* Parses text that must be accepted and returns its epoch. */
static int64_t parse_ok(const char *text) {
	int64_t epoch = UNTOUCHED;
	ds_error err = {0};
	bool ok = ds_timestamp_parse(text, &epoch, &err);
	ck_assert_msg(ok, "'%s' was rejected: %s", text, err.text);
	return epoch;
}

/* Checks that text is rejected with a sentence that quotes it and shows the form. */
static void parse_fails(const char *text) {
	int64_t epoch = UNTOUCHED;
	ds_error err = {0};
	bool ok = ds_timestamp_parse(text, &epoch, &err);
	ck_assert_msg(!ok, "'%s' was accepted as %lld", text, (long long)epoch);
	ck_assert_int_eq(epoch, UNTOUCHED);
	ck_assert_msg(strstr(err.text, "invalid timestamp '") == err.text, "message: %s", err.text);
	ck_assert_msg(strstr(err.text, text) != NULL, "message does not quote the text: %s", err.text);
	ck_assert_msg(strstr(err.text, "expected RFC 3339 such as 2026-11-24T14:58:21Z") != NULL,
	              "message: %s", err.text);
}

static void date_fails(const char *text) {
	int64_t epoch = UNTOUCHED;
	ds_error err = {0};
	bool ok = ds_date_parse(text, &epoch, &err);
	ck_assert_msg(!ok, "'%s' was accepted as %lld", text, (long long)epoch);
	ck_assert_int_eq(epoch, UNTOUCHED);
	ck_assert_msg(strstr(err.text, "invalid date '") == err.text, "message: %s", err.text);
	ck_assert_msg(strstr(err.text, text) != NULL, "message does not quote the text: %s", err.text);
	ck_assert_msg(strstr(err.text, "expected YYYY-MM-DD such as 2026-11-24") != NULL, "message: %s",
	              err.text);
}

static void assert_civil(int64_t epoch, int year, int month, int day, int hour, int minute,
                         int second) {
	ds_civil_time c = {0};
	ds_civil_from_epoch(epoch, &c);
	ck_assert_int_eq(c.year, year);
	ck_assert_int_eq(c.month, month);
	ck_assert_int_eq(c.day, day);
	ck_assert_int_eq(c.hour, hour);
	ck_assert_int_eq(c.minute, minute);
	ck_assert_int_eq(c.second, second);
}

static bool is_leap(int year) {
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* The reference below deliberately walks day by day with a month table, so that it
 * shares nothing with the era arithmetic under test. */
static int month_length(int year, int month) {
	const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

static void next_day(int *year, int *month, int *day) {
	if (++*day <= month_length(*year, *month)) {
		return;
	}
	*day = 1;
	if (++*month <= 12) {
		return;
	}
	*month = 1;
	++*year;
}

static void previous_day(int *year, int *month, int *day) {
	if (--*day >= 1) {
		return;
	}
	if (--*month < 1) {
		*month = 12;
		--*year;
	}
	*day = month_length(*year, *month);
}

/* Plain comparisons instead of ck_assert: millions of passing checks would each
 * report a location to the forked runner and make the test crawl. */
static bool day_matches(int64_t days, int year, int month, int day) {
	ds_civil_time start = {0};
	ds_civil_time end = {0};
	ds_civil_from_epoch(days * 86400, &start);
	/* The last second of the day must still be the same day. */
	ds_civil_from_epoch(days * 86400 + 86399, &end);
	return ds_days_from_civil(year, month, day) == days && start.year == year &&
	       start.month == month && start.day == day && start.hour == 0 && start.minute == 0 &&
	       start.second == 0 && end.year == year && end.month == month && end.day == day &&
	       end.hour == 23 && end.minute == 59 && end.second == 59;
}

static void assert_day_matches(int64_t days, int year, int month, int day) {
	if (!day_matches(days, year, month, day)) {
		ck_abort_msg("day %lld should be %04d-%02d-%02d", (long long)days, year, month, day);
	}
}

START_TEST(days_from_civil_known_values) {
	ck_assert_int_eq(ds_days_from_civil(1970, 1, 1), 0);
	ck_assert_int_eq(ds_days_from_civil(1970, 1, 2), 1);
	ck_assert_int_eq(ds_days_from_civil(1969, 12, 31), -1);
	ck_assert_int_eq(ds_days_from_civil(2000, 2, 29), 11016);
	ck_assert_int_eq(ds_days_from_civil(2000, 3, 1), 11017);
	ck_assert_int_eq(ds_days_from_civil(2026, 11, 24), 20781);
	ck_assert_int_eq(ds_days_from_civil(2100, 3, 1), 47541);
	ck_assert_int_eq(ds_days_from_civil(1900, 3, 1), -25508);
	ck_assert_int_eq(ds_days_from_civil(1600, 1, 1), -135140);
	ck_assert_int_eq(ds_days_from_civil(1, 1, 1), -719162);
	ck_assert_int_eq(ds_days_from_civil(9999, 12, 31), 2932896);
}
END_TEST

START_TEST(civil_from_epoch_known_values) {
	assert_civil(0, 1970, 1, 1, 0, 0, 0);
	assert_civil(1795532301, 2026, 11, 24, 14, 58, 21);
	assert_civil(951782400, 2000, 2, 29, 0, 0, 0);
	assert_civil(951868799, 2000, 2, 29, 23, 59, 59);
	assert_civil(951868800, 2000, 3, 1, 0, 0, 0);
	assert_civil(INT64_C(253402300799), 9999, 12, 31, 23, 59, 59);
	assert_civil(INT64_C(-62135596800), 1, 1, 1, 0, 0, 0);
}
END_TEST

START_TEST(civil_from_epoch_before_1970_floors) {
	assert_civil(-1, 1969, 12, 31, 23, 59, 59);
	assert_civil(-59, 1969, 12, 31, 23, 59, 1);
	assert_civil(-60, 1969, 12, 31, 23, 59, 0);
	assert_civil(-3601, 1969, 12, 31, 22, 59, 59);
	assert_civil(-86399, 1969, 12, 31, 0, 0, 1);
	assert_civil(-86400, 1969, 12, 31, 0, 0, 0);
	assert_civil(-86401, 1969, 12, 30, 23, 59, 59);
	/* 1900 is not a leap year, 1600 is. */
	assert_civil(-25508 * INT64_C(86400) - 1, 1900, 2, 28, 23, 59, 59);
	assert_civil(-135140 * INT64_C(86400) + 59 * 86400, 1600, 2, 29, 0, 0, 0);
	assert_civil(-62135596801, 0, 12, 31, 23, 59, 59);
}
END_TEST

START_TEST(civil_from_epoch_extremes_stay_defined) {
	ds_civil_time c = {0};
	ds_civil_from_epoch(INT64_MAX, &c);
	ck_assert_int_ge(c.month, 1);
	ck_assert_int_le(c.month, 12);
	ck_assert_int_ge(c.day, 1);
	ck_assert_int_le(c.day, 31);
	ck_assert_int_eq(c.second, INT64_MAX % 60);
	ds_civil_from_epoch(INT64_MIN, &c);
	ck_assert_int_ge(c.month, 1);
	ck_assert_int_le(c.month, 12);
	ck_assert_int_ge(c.hour, 0);
	ck_assert_int_le(c.hour, 23);
	ck_assert_int_ge(c.second, 0);
	ck_assert_int_le(c.second, 59);
}
END_TEST

/* Every day from 1970 back to year 1 and forward to 9999 against the reference. */
START_TEST(round_trip_every_day_against_reference) {
	int year = 1970;
	int month = 1;
	int day = 1;
	int64_t days = 0;
	while (year < 10000) {
		assert_day_matches(days, year, month, day);
		next_day(&year, &month, &day);
		days++;
	}
	ck_assert_int_eq(days, 2932897);
	year = 1970;
	month = 1;
	day = 1;
	days = 0;
	while (year >= 1) {
		assert_day_matches(days, year, month, day);
		previous_day(&year, &month, &day);
		days--;
	}
	ck_assert_int_eq(days, -719163);
}
END_TEST

START_TEST(round_trip_far_outside_four_digit_years) {
	for (int64_t days = -5000000; days <= 5000000; days += 997) {
		ds_civil_time c = {0};
		ds_civil_from_epoch(days * 86400 + 3723, &c);
		ck_assert_int_eq(ds_days_from_civil(c.year, c.month, c.day), days);
		ck_assert_int_eq(c.hour, 1);
		ck_assert_int_eq(c.minute, 2);
		ck_assert_int_eq(c.second, 3);
	}
}
END_TEST

START_TEST(parse_utc_known_epochs) {
	ck_assert_int_eq(parse_ok("1970-01-01T00:00:00Z"), 0);
	ck_assert_int_eq(parse_ok("2000-02-29T00:00:00Z"), 951782400);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21Z"), 1795532301);
	ck_assert_int_eq(parse_ok("1969-12-31T23:59:59Z"), -1);
	ck_assert_int_eq(parse_ok("0001-01-01T00:00:00Z"), INT64_C(-62135596800));
	ck_assert_int_eq(parse_ok("9999-12-31T23:59:59Z"), INT64_C(253402300799));
	ck_assert_int_eq(parse_ok("2024-02-29T12:00:00Z"), 1709208000);
}
END_TEST

START_TEST(parse_offsets) {
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21+00:00"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21-00:00"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21-05:00"), 1795550301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21+05:30"), 1795512501);
	ck_assert_int_eq(parse_ok("2026-11-24T15:58:21+01:00"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21+23:59"), 1795445961);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21-23:59"), 1795618641);
	/* Local time after midnight can be the previous day in UTC. */
	ck_assert_int_eq(parse_ok("2026-01-01T02:00:00+05:30"), 1767213000);
	ck_assert_int_eq(parse_ok("1970-01-01T00:00:00+01:00"), -3600);
}
END_TEST

START_TEST(parse_fractions_are_truncated) {
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21.1Z"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21.9Z"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21.1234567Z"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21.9999999Z"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21.999999999Z"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21.1234567+05:30"), 1795512501);
	ck_assert_int_eq(parse_ok("1969-12-31T23:59:59.5Z"), -1);
}
END_TEST

START_TEST(parse_separator_and_zone_letters) {
	ck_assert_int_eq(parse_ok("2026-11-24t14:58:21Z"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24 14:58:21Z"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24T14:58:21z"), 1795532301);
	ck_assert_int_eq(parse_ok("2026-11-24 14:58:21.1234567z"), 1795532301);
}
END_TEST

START_TEST(parse_rejects_malformed_text) {
	parse_fails("");
	parse_fails("x");
	parse_fails("garbage");
	parse_fails("2026-11-24");
	parse_fails("2026-11-24T");
	parse_fails("2026-11-24T14:58Z");
	parse_fails("2026-11-24T14:58:21");
	parse_fails("2026-11-24T14:58:21.1234567");
	parse_fails("2026-11-24T14:58:21+01");
	parse_fails("2026-11-24T14:58:21+0100");
	parse_fails("2026-11-24T14:58:21+1:00");
	parse_fails("2026-11-24T14:58:21 +01:00");
	parse_fails("2026-11-24T14:58:21UTC");
	parse_fails("2026-11-24X14:58:21Z");
	parse_fails("2026-11-24  14:58:21Z");
	parse_fails("2026-11-24T14:58:21ZZ");
	parse_fails("2026-11-24T14:58:21Z ");
	parse_fails(" 2026-11-24T14:58:21Z");
	parse_fails("2026-11-24T14:58:21Z\n");
	parse_fails("2026-11-24T14:58:21+01:00x");
	parse_fails("2026-1-24T14:58:21Z");
	parse_fails("2026-11-4T14:58:21Z");
	parse_fails("2026-11-24T4:58:21Z");
	parse_fails("2026/11/24T14:58:21Z");
	parse_fails("2026-11-24T14.58.21Z");
	parse_fails("1795532301");
}
END_TEST

START_TEST(parse_rejects_fraction_digits) {
	parse_fails("2026-11-24T14:58:21.Z");
	parse_fails("2026-11-24T14:58:21.+01:00");
	parse_fails("2026-11-24T14:58:21.1234567890Z");
	parse_fails("2026-11-24T14:58:21,5Z");
	parse_fails("2026-11-24T14:58:21.5.5Z");
}
END_TEST

START_TEST(parse_rejects_impossible_dates) {
	parse_fails("2026-13-01T00:00:00Z");
	parse_fails("2026-00-01T00:00:00Z");
	parse_fails("2026-11-00T00:00:00Z");
	parse_fails("2026-11-31T00:00:00Z");
	parse_fails("2026-01-32T00:00:00Z");
	parse_fails("2026-02-29T00:00:00Z");
	parse_fails("2100-02-29T00:00:00Z");
	parse_fails("1900-02-29T00:00:00Z");
	parse_fails("2024-02-30T00:00:00Z");
	parse_fails("2026-02-30T00:00:00Z");
	ck_assert_int_eq(parse_ok("2000-02-29T00:00:00Z"), 951782400);
	ck_assert_int_eq(parse_ok("2400-02-29T00:00:00Z"), INT64_C(13574563200));
	ck_assert_int_eq(parse_ok("2026-01-31T00:00:00Z"), 1769817600);
	ck_assert_int_eq(parse_ok("2026-04-30T00:00:00Z"), 1777507200);
}
END_TEST

START_TEST(parse_rejects_out_of_range_clock) {
	parse_fails("2026-11-24T24:00:00Z");
	parse_fails("2026-11-24T14:60:00Z");
	parse_fails("2026-11-24T14:58:60Z");
	parse_fails("2016-12-31T23:59:60Z");
	parse_fails("2026-11-24T14:58:21+24:00");
	parse_fails("2026-11-24T14:58:21+05:60");
	parse_fails("2026-11-24T14:58:21-99:00");
	ck_assert_int_eq(parse_ok("2026-11-24T23:59:59Z"), 1795564799);
}
END_TEST

START_TEST(parse_rejects_years_and_signs) {
	parse_fails("0000-01-01T00:00:00Z");
	parse_fails("10000-01-01T00:00:00Z");
	parse_fails("999-01-01T00:00:00Z");
	parse_fails("+2026-11-24T14:58:21Z");
	parse_fails("-2026-11-24T14:58:21Z");
	parse_fails("+026-11-24T14:58:21Z");
	parse_fails("2026-+1-24T14:58:21Z");
	parse_fails("2026-11--4T14:58:21Z");
	parse_fails("2026-11-24T-4:58:21Z");
	parse_fails("2026-11-24T14:+8:21Z");
	parse_fails("2026-11-24T14:58:21+-1:00");
}
END_TEST

START_TEST(parse_error_sentences) {
	int64_t epoch = UNTOUCHED;
	ds_error err = {0};
	ck_assert(!ds_timestamp_parse("x", &epoch, &err));
	ck_assert_str_eq(err.text, "invalid timestamp 'x': expected RFC 3339 such as "
	                           "2026-11-24T14:58:21Z");
	ck_assert(!ds_timestamp_parse("", &epoch, &err));
	ck_assert_str_eq(err.text, "invalid timestamp '': expected RFC 3339 such as "
	                           "2026-11-24T14:58:21Z");
	ck_assert(!ds_timestamp_parse("2026-02-30T00:00:00Z", &epoch, &err));
	ck_assert_str_eq(err.text, "invalid timestamp '2026-02-30T00:00:00Z': that day does not "
	                           "exist in that month; expected RFC 3339 such as "
	                           "2026-11-24T14:58:21Z");
	ck_assert(!ds_timestamp_parse("2026-11-24T14:58:21", &epoch, &err));
	ck_assert_str_eq(err.text, "invalid timestamp '2026-11-24T14:58:21': a UTC offset such as "
	                           "Z or +01:00 is required; expected RFC 3339 such as "
	                           "2026-11-24T14:58:21Z");
	ck_assert(!ds_timestamp_parse("2026-11-24T14:58:60Z", &epoch, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "leap seconds"));
	ck_assert(!ds_timestamp_parse("2026-11-24T14:58:21.Z", &epoch, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "1 to 9 digits"));
	ck_assert(!ds_timestamp_parse(NULL, &epoch, &err));
	ck_assert_str_eq(err.text, "no timestamp given: expected RFC 3339 such as "
	                           "2026-11-24T14:58:21Z");
	/* A caller that does not want the sentence passes NULL. */
	ck_assert(!ds_timestamp_parse("x", &epoch, NULL));
	ck_assert(ds_timestamp_parse("2026-11-24T14:58:21Z", &epoch, NULL));
	ck_assert_int_eq(epoch, 1795532301);
}
END_TEST

START_TEST(parse_error_quotes_long_text_shortened) {
	char text[200];
	memset(text, '9', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	int64_t epoch = UNTOUCHED;
	ds_error err = {0};
	ck_assert(!ds_timestamp_parse(text, &epoch, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "...': expected RFC 3339 such as"));
	ck_assert_int_lt(strlen(err.text), 160);
}
END_TEST

START_TEST(date_parse_values) {
	int64_t epoch = UNTOUCHED;
	ds_error err = {0};
	ck_assert(ds_date_parse("2026-11-24", &epoch, &err));
	ck_assert_int_eq(epoch, 1795478400);
	ck_assert(ds_date_parse("1970-01-01", &epoch, &err));
	ck_assert_int_eq(epoch, 0);
	ck_assert(ds_date_parse("2000-02-29", &epoch, &err));
	ck_assert_int_eq(epoch, 951782400);
	ck_assert(ds_date_parse("1969-12-31", &epoch, &err));
	ck_assert_int_eq(epoch, -86400);
	ck_assert(ds_date_parse("0001-01-01", &epoch, &err));
	ck_assert_int_eq(epoch, INT64_C(-62135596800));
	ck_assert(ds_date_parse("9999-12-31", &epoch, &err));
	ck_assert_int_eq(epoch, INT64_C(253402214400));
}
END_TEST

START_TEST(date_parse_rejects) {
	date_fails("");
	date_fails("x");
	date_fails("2026-11-24T14:58:21Z");
	date_fails("2026-11-24 ");
	date_fails(" 2026-11-24");
	date_fails("2026-11-2");
	date_fails("2026-1-24");
	date_fails("20261124");
	date_fails("2026/11/24");
	date_fails("2026-13-01");
	date_fails("2026-00-10");
	date_fails("2026-11-00");
	date_fails("2026-02-29");
	date_fails("2100-02-29");
	date_fails("2026-02-30");
	date_fails("2026-04-31");
	date_fails("0000-01-01");
	date_fails("10000-01-01");
	date_fails("+2026-11-24");
	date_fails("2026-+1-24");
	ds_error err = {0};
	int64_t epoch = UNTOUCHED;
	ck_assert(!ds_date_parse("2026-13-01", &epoch, &err));
	ck_assert_str_eq(err.text, "invalid date '2026-13-01': the month must be 01 to 12; expected "
	                           "YYYY-MM-DD such as 2026-11-24");
	ck_assert(!ds_date_parse(NULL, &epoch, &err));
	ck_assert_str_eq(err.text, "no date given: expected YYYY-MM-DD such as 2026-11-24");
	ck_assert_int_eq(epoch, UNTOUCHED);
}
END_TEST

START_TEST(format_utc_values) {
	char buf[64];
	ck_assert(ds_timestamp_format_utc(1795532301, buf, sizeof buf));
	ck_assert_str_eq(buf, "2026-11-24 14:58:21 UTC");
	ck_assert(ds_timestamp_format_utc(0, buf, sizeof buf));
	ck_assert_str_eq(buf, "1970-01-01 00:00:00 UTC");
	ck_assert(ds_timestamp_format_utc(-1, buf, sizeof buf));
	ck_assert_str_eq(buf, "1969-12-31 23:59:59 UTC");
	ck_assert(ds_timestamp_format_utc(951782400, buf, sizeof buf));
	ck_assert_str_eq(buf, "2000-02-29 00:00:00 UTC");
	ck_assert(ds_timestamp_format_utc(INT64_C(-62135596800), buf, sizeof buf));
	ck_assert_str_eq(buf, "0001-01-01 00:00:00 UTC");
	ck_assert(
	    ds_timestamp_format_utc(parse_ok("2026-11-24T14:58:21.1234567-05:00"), buf, sizeof buf));
	ck_assert_str_eq(buf, "2026-11-24 19:58:21 UTC");
}
END_TEST

START_TEST(format_utc_checks_the_buffer) {
	char buf[24];
	/* 23 characters and the terminator fit exactly; one byte less does not. */
	ck_assert(ds_timestamp_format_utc(1795532301, buf, 24));
	ck_assert_str_eq(buf, "2026-11-24 14:58:21 UTC");
	ck_assert(!ds_timestamp_format_utc(1795532301, buf, 23));
	ck_assert_str_eq(buf, "");
	ck_assert(!ds_timestamp_format_utc(1795532301, buf, 1));
	ck_assert(!ds_timestamp_format_utc(1795532301, buf, 0));
	ck_assert(!ds_timestamp_format_utc(1795532301, NULL, 24));
}
END_TEST

START_TEST(date_format_values) {
	char buf[16];
	ck_assert(ds_date_format(1795532301, buf, sizeof buf));
	ck_assert_str_eq(buf, "2026-11-24");
	ck_assert(ds_date_format(0, buf, sizeof buf));
	ck_assert_str_eq(buf, "1970-01-01");
	ck_assert(ds_date_format(-1, buf, sizeof buf));
	ck_assert_str_eq(buf, "1969-12-31");
	ck_assert(ds_date_format(-86400, buf, sizeof buf));
	ck_assert_str_eq(buf, "1969-12-31");
	ck_assert(ds_date_format(-86401, buf, sizeof buf));
	ck_assert_str_eq(buf, "1969-12-30");
	ck_assert(ds_date_format(INT64_C(253402300799), buf, sizeof buf));
	ck_assert_str_eq(buf, "9999-12-31");
	ck_assert(ds_date_format(11, buf, 11));
	ck_assert_str_eq(buf, "1970-01-01");
	ck_assert(!ds_date_format(11, buf, 10));
	ck_assert_str_eq(buf, "");
	ck_assert(!ds_date_format(11, buf, 0));
	ck_assert(!ds_date_format(11, NULL, 11));
}
END_TEST

START_TEST(date_parse_and_format_round_trip) {
	for (int64_t days = -719162; days <= 2932896; days += 37) {
		char buf[16];
		ck_assert(ds_date_format(days * 86400 + 86399, buf, sizeof buf));
		int64_t epoch = UNTOUCHED;
		ds_error err = {0};
		ck_assert_msg(ds_date_parse(buf, &epoch, &err), "%s", err.text);
		ck_assert_int_eq(epoch, days * 86400);
	}
}
END_TEST

int main(void) {
	Suite *suite = suite_create("timestamp");
	TCase *tc = tcase_create("timestamp");
	tcase_add_test(tc, days_from_civil_known_values);
	tcase_add_test(tc, civil_from_epoch_known_values);
	tcase_add_test(tc, civil_from_epoch_before_1970_floors);
	tcase_add_test(tc, civil_from_epoch_extremes_stay_defined);
	tcase_add_test(tc, round_trip_every_day_against_reference);
	tcase_add_test(tc, round_trip_far_outside_four_digit_years);
	tcase_add_test(tc, parse_utc_known_epochs);
	tcase_add_test(tc, parse_offsets);
	tcase_add_test(tc, parse_fractions_are_truncated);
	tcase_add_test(tc, parse_separator_and_zone_letters);
	tcase_add_test(tc, parse_rejects_malformed_text);
	tcase_add_test(tc, parse_rejects_fraction_digits);
	tcase_add_test(tc, parse_rejects_impossible_dates);
	tcase_add_test(tc, parse_rejects_out_of_range_clock);
	tcase_add_test(tc, parse_rejects_years_and_signs);
	tcase_add_test(tc, parse_error_sentences);
	tcase_add_test(tc, parse_error_quotes_long_text_shortened);
	tcase_add_test(tc, date_parse_values);
	tcase_add_test(tc, date_parse_rejects);
	tcase_add_test(tc, format_utc_values);
	tcase_add_test(tc, format_utc_checks_the_buffer);
	tcase_add_test(tc, date_format_values);
	tcase_add_test(tc, date_parse_and_format_round_trip);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
