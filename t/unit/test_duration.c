/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/duration.h"

#define DURATION_HINT                                                                              \
	"expected whole seconds or numbers with units s, m, h, d, w in decreasing order, e.g. 90, "    \
	"90s, 15m, 1h, 2d, 1w or 1h30m"
#define RANGE_HINT "expected [@]start:end with durations, e.g. 1h, 30m:, ~:2h, 1h:3h or @1h:2h"

/* 100 Julian years, the documented limit. */
#define LIMIT INT64_C(3155760000)

static const struct {
	const char *text;
	int64_t seconds;
} durations[] = {
    {"0", 0},
    {"0s", 0},
    {"90", 90},
    {"90s", 90},
    {"15m", 900},
    {"1h", 3600},
    {"2d", 172800},
    {"1w", 604800},
    {"1h30m", 5400},
    {"2d12h", 216000},
    {"1w2d3h4m5s", 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5},
    {"1d1s", 86401},
    {"90m", 5400},
    {"007m", 420},
    {"3155760000", LIMIT},
    {"36525d", LIMIT},
    {"5217w", INT64_C(5217) * 604800},
    {"5217w1d", INT64_C(5217) * 604800 + 86400},
};

START_TEST(parse_durations) {
	int64_t seconds = -1;
	ds_error err = {0};
	ck_assert_msg(ds_duration_parse(durations[_i].text, &seconds, &err), "'%s': %s",
	              durations[_i].text, err.text);
	ck_assert_int_eq(seconds, durations[_i].seconds);
}
END_TEST

static const struct {
	const char *text;
	const char *reason;
} bad_durations[] = {
    {"", "it is empty"},
    {"-5", "a duration has no sign and cannot be negative"},
    {"-1h", "a duration has no sign and cannot be negative"},
    {"+5", "a duration has no sign and cannot be negative"},
    {"1h30", "the last number has no unit; write e.g. 1h30m, not 1h30"},
    {"1m1h", "units must come in decreasing order (w, d, h, m, s), each once"},
    {"1h1h", "units must come in decreasing order (w, d, h, m, s), each once"},
    {"1s1s", "units must come in decreasing order (w, d, h, m, s), each once"},
    {"1x", "'x' is not a unit (s, m, h, d or w)"},
    {"1H", "'H' is not a unit (s, m, h, d or w)"},
    {"1ms", "'s' needs a number before it"},
    {"1hm", "'m' needs a number before it"},
    {"h", "'h' needs a number before it"},
    {"s", "'s' needs a number before it"},
    {"abc", "'a' is not a unit (s, m, h, d or w)"},
    {" 1h", "spaces and control characters are not allowed"},
    {"1h ", "spaces and control characters are not allowed"},
    {"1 h", "spaces and control characters are not allowed"},
    {"1h 30m", "spaces and control characters are not allowed"},
    {"1h\t", "spaces and control characters are not allowed"},
    {"1.5h", "only whole numbers are allowed"},
    {"1,5h", "only whole numbers are allowed"},
    {"1h-", "a duration has no sign and cannot be negative"},
    {"3155760001", "it is longer than 100 years"},
    {"36525d1s", "it is longer than 100 years"},
    {"5218w", "it is longer than 100 years"},
    {"9223372036854775807", "it is longer than 100 years"},
    {"99999999999999999999999999s", "it is longer than 100 years"},
    {"1e3", "'e' is not a unit (s, m, h, d or w)"},
    {"0x10", "'x' is not a unit (s, m, h, d or w)"},
    {"1h:", "':' is not a unit (s, m, h, d or w)"},
};

START_TEST(reject_bad_durations) {
	int64_t seconds = 77;
	ds_error err = {0};
	ck_assert_msg(!ds_duration_parse(bad_durations[_i].text, &seconds, &err), "'%s' parsed",
	              bad_durations[_i].text);
	ck_assert_int_eq(seconds, 77);
	char expected[DS_ERROR_TEXT_MAX];
	ck_assert(snprintf(expected, sizeof expected, "invalid duration '%s': %s; " DURATION_HINT,
	                   bad_durations[_i].text, bad_durations[_i].reason) > 0);
	ck_assert_str_eq(err.text, expected);
}
END_TEST

START_TEST(parse_null_and_long_text) {
	int64_t seconds = 77;
	ds_error err = {0};
	ck_assert(!ds_duration_parse(NULL, &seconds, &err));
	ck_assert_str_eq(err.text, "no duration given; " DURATION_HINT);
	ck_assert(!ds_duration_parse("1x", &seconds, NULL));
	ck_assert_int_eq(seconds, 77);

	char text[201];
	memset(text, 'q', 200);
	text[200] = '\0';
	ck_assert(!ds_duration_parse(text, &seconds, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "...': 'q' is not a unit"));
	ck_assert_ptr_nonnull(strstr(err.text, DURATION_HINT));
}
END_TEST

static const struct {
	const char *text;
	double start;
	bool start_infinite;
	double end;
	bool end_infinite;
	bool inside;
} duration_ranges[] = {
    {"1h", 0, false, 3600, false, false},
    {"30m:", 1800, false, INFINITY, true, false},
    {"~:2h", -INFINITY, true, 7200, false, false},
    {"@1h:2h", 3600, false, 7200, false, true},
    {"1h:3h", 3600, false, 10800, false, false},
    {"0:30m", 0, false, 1800, false, false},
    {":30m", 0, false, 1800, false, false},
    {"90:1h30m", 90, false, 5400, false, false},
    {"@1d", 0, false, 86400, false, true},
    {"~:", -INFINITY, true, INFINITY, true, false},
    {"1h:1h", 3600, false, 3600, false, false},
    {"1w:36525d", 604800, false, 3155760000.0, false, false},
};

START_TEST(parse_duration_ranges) {
	ds_range range;
	ds_error err = {0};
	ck_assert_msg(ds_duration_range_parse(duration_ranges[_i].text, &range, &err), "'%s': %s",
	              duration_ranges[_i].text, err.text);
	ck_assert_double_eq(range.start, duration_ranges[_i].start);
	ck_assert_double_eq(range.end, duration_ranges[_i].end);
	ck_assert_int_eq(range.start_infinite, duration_ranges[_i].start_infinite);
	ck_assert_int_eq(range.end_infinite, duration_ranges[_i].end_infinite);
	ck_assert_int_eq(range.alert_inside, duration_ranges[_i].inside);
}
END_TEST

/* A duration range means what the same range in seconds means. */
START_TEST(duration_ranges_match_plain_ranges) {
	static const char *const pairs[][2] = {
	    {"1h", "3600"},           {"30m:", "1800:"},       {"~:2h", "~:7200"},
	    {"@1h:2h", "@3600:7200"}, {"1h:3h", "3600:10800"}, {":30m", ":1800"},
	};
	static const double probes[] = {-1, 0, 1799, 1800, 1801, 3599, 3600, 3601, 7200, 7201, 1e9};
	for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
		ds_range duration_range;
		ds_range plain_range;
		ck_assert(ds_duration_range_parse(pairs[p][0], &duration_range, NULL));
		ck_assert(ds_range_parse(pairs[p][1], &plain_range, NULL));
		for (size_t v = 0; v < sizeof probes / sizeof probes[0]; v++) {
			ck_assert_msg(ds_range_alerts(&duration_range, probes[v]) ==
			                  ds_range_alerts(&plain_range, probes[v]),
			              "%s vs %s at %g", pairs[p][0], pairs[p][1], probes[v]);
		}
		char duration_text[32];
		char plain_text[32];
		ck_assert(ds_range_format(&duration_range, duration_text, sizeof duration_text));
		ck_assert(ds_range_format(&plain_range, plain_text, sizeof plain_text));
		ck_assert_str_eq(duration_text, plain_text);
	}
}
END_TEST

static const struct {
	const char *text;
	const char *reason;
} bad_ranges[] = {
    {"", "there is no duration"},
    {"@", "there is no duration"},
    {":", "':' needs a duration on at least one side"},
    {"@:", "':' needs a duration on at least one side"},
    {"~", "'~' (minus infinity) must be followed by ':', e.g. ~:2h"},
    {"1h:~", "'~' (minus infinity) can only be the start; leave the end empty for plus infinity, "
             "e.g. 1h:"},
    {"2h:1h", "the start 7200 is greater than the end 3600; write the smaller value first, e.g. "
              "3600:7200"},
    {"1h::2h", "there is more than one ':'"},
    {"1h:2h:3h", "there is more than one ':'"},
    {"1x", "in '1x', 'x' is not a unit (s, m, h, d or w)"},
    {"1x:2h", "in '1x', 'x' is not a unit (s, m, h, d or w)"},
    {"1h:2x", "in '2x', 'x' is not a unit (s, m, h, d or w)"},
    {"-1h:2h", "in '-1h', a duration has no sign and cannot be negative"},
    {"1h30:2h", "in '1h30', the last number has no unit; write e.g. 1h30m, not 1h30"},
    {"1h: 2h", "in ' 2h', spaces and control characters are not allowed"},
    {"0.5h", "in '0.5h', only whole numbers are allowed"},
    {"@@1h", "in '@1h', '@' is not a unit (s, m, h, d or w)"},
    {"~~:1h", "in '~~', '~' is not a unit (s, m, h, d or w)"},
    {"1h:5218w", "in '5218w', it is longer than 100 years"},
};

START_TEST(reject_bad_duration_ranges) {
	const ds_range sentinel = {.start = 42, .end = 43};
	ds_range range = sentinel;
	ds_error err = {0};
	ck_assert_msg(!ds_duration_range_parse(bad_ranges[_i].text, &range, &err), "'%s' parsed",
	              bad_ranges[_i].text);
	ck_assert(memcmp(&range, &sentinel, sizeof range) == 0);
	char expected[DS_ERROR_TEXT_MAX];
	/* The order error comes from ds_range_make, which gives its own example. */
	bool from_make = strstr(bad_ranges[_i].reason, "greater than") != NULL;
	ck_assert(snprintf(expected, sizeof expected, "invalid duration range '%s': %s%s",
	                   bad_ranges[_i].text, bad_ranges[_i].reason,
	                   from_make ? "" : "; " RANGE_HINT) > 0);
	ck_assert_str_eq(err.text, expected);
}
END_TEST

START_TEST(range_null_inputs) {
	ds_range range;
	ds_error err = {0};
	ck_assert(!ds_duration_range_parse(NULL, &range, &err));
	ck_assert_str_eq(err.text, "no duration range given; " RANGE_HINT);
	ck_assert(!ds_duration_range_parse("2h:1h", &range, NULL));
	ck_assert(ds_duration_range_parse("1h:2h", &range, NULL));
	ck_assert_double_eq(range.end, 7200);
}
END_TEST

static const struct {
	int64_t seconds;
	const char *text;
} formats[] = {
    {0, "0s"},
    {1, "1s"},
    {59, "59s"},
    {60, "1m"},
    {61, "1m1s"},
    {721, "12m1s"},
    {3599, "59m59s"},
    {3600, "1h"},
    {3601, "1h"},
    {3660, "1h1m"},
    {5400, "1h30m"},
    {86399, "23h59m"},
    {86400, "1d"},
    {86460, "1d"},
    {90061, "1d1h"},
    {200000, "2d7h"},
    {604800, "7d"},
    {LIMIT, "36525d"},
    {-1, "-1s"},
    {-721, "-12m1s"},
    {-5400, "-1h30m"},
    {INT64_MAX, "106751991167300d15h"},
    {INT64_MIN, "-106751991167300d15h"},
};

START_TEST(format_durations) {
	char text[32];
	ck_assert(ds_duration_format(formats[_i].seconds, text, sizeof text));
	ck_assert_str_eq(text, formats[_i].text);
	/* Exactly enough room works, one byte less does not. */
	size_t needed = strlen(formats[_i].text) + 1;
	char exact[32];
	ck_assert(ds_duration_format(formats[_i].seconds, exact, needed));
	ck_assert_str_eq(exact, formats[_i].text);
	ck_assert(!ds_duration_format(formats[_i].seconds, exact, needed - 1));
}
END_TEST

/* The short form reads back as a duration at most one smaller unit less than
 * the value, and exactly when nothing was rounded away. */
START_TEST(format_parses_back) {
	static const int64_t values[] = {0,      1,      59,     60,      61,       721,    3599,
	                                 3600,   5400,   86399,  86400,   90061,    200000, 604799,
	                                 604800, 999999, 123456, 7776000, 31557600, LIMIT};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		char text[32];
		ck_assert(ds_duration_format(values[i], text, sizeof text));
		int64_t back = -1;
		ds_error err = {0};
		ck_assert_msg(ds_duration_parse(text, &back, &err), "'%s': %s", text, err.text);
		ck_assert_int_le(back, values[i]);
		int64_t lost = values[i] - back;
		int64_t step = values[i] >= 86400 ? 3600 : values[i] >= 3600 ? 60 : 1;
		ck_assert_msg(lost < step, "%lld -> '%s' lost %lld", (long long)values[i], text,
		              (long long)lost);
	}
	ck_assert(!ds_duration_format(1, NULL, 0));
}
END_TEST

#define COUNT(table) ((int)(sizeof(table) / sizeof((table)[0])))

int main(void) {
	Suite *suite = suite_create("duration");
	TCase *tc = tcase_create("duration");
	tcase_add_loop_test(tc, parse_durations, 0, COUNT(durations));
	tcase_add_loop_test(tc, reject_bad_durations, 0, COUNT(bad_durations));
	tcase_add_test(tc, parse_null_and_long_text);
	tcase_add_loop_test(tc, parse_duration_ranges, 0, COUNT(duration_ranges));
	tcase_add_test(tc, duration_ranges_match_plain_ranges);
	tcase_add_loop_test(tc, reject_bad_duration_ranges, 0, COUNT(bad_ranges));
	tcase_add_test(tc, range_null_inputs);
	tcase_add_loop_test(tc, format_durations, 0, COUNT(formats));
	tcase_add_test(tc, format_parses_back);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
