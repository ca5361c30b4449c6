/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/timestamp.h"
#include "core/number.h"
#include "core/text.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define SECONDS_PER_DAY    86400
#define TIMESTAMP_EXPECTED "RFC 3339 such as 2026-11-24T14:58:21Z"
#define DATE_EXPECTED      "YYYY-MM-DD such as 2026-11-24"
/* Longer input is cut in messages so that the reason and the expected form still fit
 * in the error sentence (and on the first line of plugin output). */

/* Calendar fields of a timestamp before the offset is applied. */
typedef struct local_time {
	int year;
	int month;
	int day;
	int hour;
	int minute;
	int second;
	int offset_seconds; /* east of UTC is positive */
} local_time;

/* A cursor over the text; reason stays NULL for a plain syntax error and names the
 * field otherwise, so that the message can say what is wrong, not only that it is. */
typedef struct scanner {
	const char *at;
	const char *reason;
} scanner;

int64_t ds_days_from_civil(int year, int month, int day) {
	/* 64-bit throughout: no validation is promised, so extreme arguments must not
	 * overflow. Counting years from March puts the leap day last in the year. */
	int64_t y = (int64_t)year - (month <= 2 ? 1 : 0);
	int64_t m = month;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t year_of_era = y - era * 400;
	int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * 146097 + day_of_era - 719468;
}

/* Hinnant's civil_from_days; days relative to 1970-01-01. */
static void civil_from_days(int64_t days, int64_t *year, int *month, int *day) {
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t day_of_era = z - era * 146097;
	int64_t year_of_era =
	    (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t mp = (5 * day_of_year + 2) / 153;
	*day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = year_of_era + era * 400 + (*month <= 2 ? 1 : 0);
}

static int saturate_int(int64_t value) {
	/* Only epochs more than two billion years away get here; clamping keeps the
	 * conversion defined instead of wrapping. */
	if (value > INT_MAX) {
		return INT_MAX;
	}
	if (value < INT_MIN) {
		return INT_MIN;
	}
	return (int)value;
}

void ds_civil_from_epoch(int64_t epoch, ds_civil_time *out) {
	/* C division truncates toward zero; epochs before 1970 need floor division so that
	 * -1 is 23:59:59 of the previous day, not 00:00:-1. */
	int64_t days = epoch / SECONDS_PER_DAY;
	int64_t rest = epoch % SECONDS_PER_DAY;
	if (rest < 0) {
		rest += SECONDS_PER_DAY;
		days--;
	}
	int64_t year = 0;
	civil_from_days(days, &year, &out->month, &out->day);
	out->year = saturate_int(year);
	out->hour = (int)(rest / 3600);
	out->minute = (int)(rest % 3600 / 60);
	out->second = (int)(rest % 60);
}

static bool is_leap_year(int year) {
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month) {
	static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && is_leap_year(year)) {
		return 29;
	}
	return lengths[month - 1];
}

/* Exactly count digits; fixed widths are what make "2026-1-5" an error. The parser reads
 * no further than the first non-digit, so the width may reach past a shorter text's end. */
static bool scan_digits(scanner *s, int count, int *value) {
	uint64_t result = 0;
	size_t used = 0;
	if (ds_number_prefix((ds_span){s->at, (size_t)count}, UINT64_MAX, &result, &used) !=
	        DS_NUMBER_OK ||
	    used != (size_t)count) {
		return false;
	}
	s->at += count;
	*value = (int)result;
	return true;
}

static bool scan_char(scanner *s, char expected) {
	if (*s->at != expected) {
		return false;
	}
	s->at++;
	return true;
}

static bool fail_field(scanner *s, const char *reason) {
	s->reason = reason;
	return false;
}

static bool scan_date(scanner *s, local_time *t) {
	if (!scan_digits(s, 4, &t->year) || !scan_char(s, '-') || !scan_digits(s, 2, &t->month) ||
	    !scan_char(s, '-') || !scan_digits(s, 2, &t->day)) {
		return false;
	}
	if (t->year < 1) {
		return fail_field(s, "the year must be 0001 to 9999");
	}
	if (t->month < 1 || t->month > 12) {
		return fail_field(s, "the month must be 01 to 12");
	}
	if (t->day < 1 || t->day > days_in_month(t->year, t->month)) {
		return fail_field(s, "that day does not exist in that month");
	}
	return true;
}

static bool scan_time_separator(scanner *s) {
	char c = *s->at;
	if (c != 'T' && c != 't' && c != ' ') {
		return false;
	}
	s->at++;
	return true;
}

static bool scan_clock(scanner *s, local_time *t) {
	if (!scan_digits(s, 2, &t->hour) || !scan_char(s, ':') || !scan_digits(s, 2, &t->minute) ||
	    !scan_char(s, ':') || !scan_digits(s, 2, &t->second)) {
		return false;
	}
	if (t->hour > 23) {
		return fail_field(s, "the hour must be 00 to 23");
	}
	if (t->minute > 59) {
		return fail_field(s, "the minute must be 00 to 59");
	}
	if (t->second > 59) {
		return fail_field(s, "the second must be 00 to 59 (leap seconds are not accepted)");
	}
	return true;
}

/* Windows writes 7 digits (100 ns ticks); nothing here needs sub-second precision, so
 * the digits are checked and dropped. */
static bool skip_fraction(scanner *s) {
	if (!scan_char(s, '.')) {
		return true;
	}
	size_t count = ds_number_digits(ds_span_of(s->at));
	if (count == 0 || count > 9) {
		return fail_field(s, "a fraction of a second must have 1 to 9 digits");
	}
	s->at += count;
	return true;
}

static bool scan_offset(scanner *s, local_time *t) {
	char c = *s->at;
	if (c == 'Z' || c == 'z') {
		s->at++;
		t->offset_seconds = 0;
		return true;
	}
	if (c == '\0') {
		/* Without an offset the instant is unknown; guessing UTC or local time would
		 * silently shift ages by hours. */
		return fail_field(s, "a UTC offset such as Z or +01:00 is required");
	}
	if (c != '+' && c != '-') {
		return false;
	}
	s->at++;
	int hours = 0;
	int minutes = 0;
	if (!scan_digits(s, 2, &hours) || !scan_char(s, ':') || !scan_digits(s, 2, &minutes)) {
		return false;
	}
	if (hours > 23) {
		return fail_field(s, "the offset hours must be 00 to 23");
	}
	if (minutes > 59) {
		return fail_field(s, "the offset minutes must be 00 to 59");
	}
	int magnitude = hours * 3600 + minutes * 60;
	t->offset_seconds = c == '-' ? -magnitude : magnitude;
	return true;
}

static bool scan_end(scanner *s) {
	if (*s->at != '\0') {
		return fail_field(s, "there are extra characters at the end");
	}
	return true;
}

static bool scan_timestamp(scanner *s, local_time *t) {
	return scan_date(s, t) && scan_time_separator(s) && scan_clock(s, t) && skip_fraction(s) &&
	       scan_offset(s, t) && scan_end(s);
}

/* One sentence for every failure: what was given, why (when known) and what would
 * have worked. */
static bool report(ds_error *err, const char *kind, const char *text, const char *reason,
                   const char *expected) {
	if (text == NULL) {
		return ds_error_set(err, "no %s given: expected %s", kind, expected);
	}
	size_t len = strlen(text);
	if (reason == NULL) {
		return ds_error_set(err, "invalid %s '%.*s%s': expected %s", kind, ds_quote_len(len), text,
		                    ds_quote_cut(len), expected);
	}
	return ds_error_set(err, "invalid %s '%.*s%s': %s; expected %s", kind, ds_quote_len(len), text,
	                    ds_quote_cut(len), reason, expected);
}

static int64_t seconds_since_epoch(const local_time *t) {
	int64_t days = ds_days_from_civil(t->year, t->month, t->day);
	int64_t local = days * SECONDS_PER_DAY + t->hour * 3600 + t->minute * 60 + t->second;
	/* The text is local time at the offset, so UTC is behind by the offset. */
	return local - t->offset_seconds;
}

bool ds_timestamp_parse(const char *text, int64_t *epoch, ds_error *err) {
	if (text == NULL || *text == '\0') {
		return report(err, "timestamp", text, NULL, TIMESTAMP_EXPECTED);
	}
	scanner s = {text, NULL};
	local_time t = {0};
	if (!scan_timestamp(&s, &t)) {
		return report(err, "timestamp", text, s.reason, TIMESTAMP_EXPECTED);
	}
	*epoch = seconds_since_epoch(&t);
	return true;
}

bool ds_date_parse(const char *text, int64_t *epoch, ds_error *err) {
	if (text == NULL || *text == '\0') {
		return report(err, "date", text, NULL, DATE_EXPECTED);
	}
	scanner s = {text, NULL};
	local_time t = {0};
	if (!scan_date(&s, &t) || !scan_end(&s)) {
		return report(err, "date", text, s.reason, DATE_EXPECTED);
	}
	*epoch = seconds_since_epoch(&t);
	return true;
}

/* snprintf reports truncation by its return value; some Windows C runtimes return -1
 * instead and leave the buffer unterminated, so both are failures here. */
static bool finish_format(int written, char *buf, size_t size) {
	if (written < 0 || (size_t)written >= size) {
		buf[0] = '\0';
		return false;
	}
	return true;
}

bool ds_timestamp_format_utc(int64_t epoch, char *buf, size_t size) {
	if (buf == NULL || size == 0) {
		return false;
	}
	ds_civil_time c;
	ds_civil_from_epoch(epoch, &c);
	int written = snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d UTC", c.year, c.month, c.day,
	                       c.hour, c.minute, c.second);
	return finish_format(written, buf, size);
}

bool ds_date_format(int64_t epoch, char *buf, size_t size) {
	if (buf == NULL || size == 0) {
		return false;
	}
	ds_civil_time c;
	ds_civil_from_epoch(epoch, &c);
	int written = snprintf(buf, size, "%04d-%02d-%02d", c.year, c.month, c.day);
	return finish_format(written, buf, size);
}

bool ds_date_parse_span(ds_span day, int64_t *epoch) {
	char text[16];
	return ds_span_copy(day, text, sizeof text) && ds_date_parse(text, epoch, NULL) && *epoch >= 0;
}
