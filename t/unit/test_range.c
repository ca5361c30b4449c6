/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/range.h"

#define EXPECTED_HINT "expected [@]start:end with numbers, e.g. 10, 10:, ~:10, 10:20 or @10:20"

static ds_range parse_ok(const char *text) {
	ds_range range;
	ds_error err = {0};
	ck_assert_msg(ds_range_parse(text, &range, &err), "'%s' should parse, got: %s", text, err.text);
	return range;
}

static ds_range range_of(double start, bool start_infinite, double end, bool end_infinite,
                         bool inside) {
	ds_range range;
	ds_error err = {0};
	ck_assert_msg(ds_range_make(start, start_infinite, end, end_infinite, inside, &range, &err),
	              "make failed: %s", err.text);
	return range;
}

/* The table of the Monitoring Plugins Development Guidelines, probed below, at,
 * inside, at the end of and above each range. */
static const struct {
	const char *text;
	double value;
	bool alerts;
} semantics[] = {
    {"10", -1, true},         {"10", 0, false},         {"10", 5, false},
    {"10", 10, false},        {"10", 10.5, true},       {"10:", -1e300, true},
    {"10:", 9.99, true},      {"10:", 10, false},       {"10:", 1e300, false},
    {"~:10", -1e300, false},  {"~:10", 10, false},      {"~:10", 10.01, true},
    {"10:20", 9.99, true},    {"10:20", 10, false},     {"10:20", 15, false},
    {"10:20", 20, false},     {"10:20", 20.01, true},   {"@10:20", 9.99, false},
    {"@10:20", 10, true},     {"@10:20", 15, true},     {"@10:20", 20, true},
    {"@10:20", 20.01, false}, {"~:", -1e300, false},    {"~:", 1e300, false},
    {"@~:", 0, true},         {"-7:23", -7.01, true},   {"-7:23", -7, false},
    {"-7:23", 23.01, true},   {"~:-95.99", -96, false}, {"~:-95.99", -95.98, true},
    {":5.75", -0.01, true},   {":5.75", 5.75, false},   {":5.75", 5.76, true},
};

START_TEST(semantics_table) {
	ds_range range = parse_ok(semantics[_i].text);
	ck_assert_msg(ds_range_alerts(&range, semantics[_i].value) == semantics[_i].alerts,
	              "'%s' with %g: expected alerts=%d", semantics[_i].text, semantics[_i].value,
	              semantics[_i].alerts);
}
END_TEST

/* Parsed fields and the canonical text each one formats to. */
static const struct {
	const char *text;
	double start;
	bool start_infinite;
	double end;
	bool end_infinite;
	bool inside;
	const char *canonical;
} vectors[] = {
    {"6", 0, false, 6, false, false, "6"},
    {"1:12", 1, false, 12, false, false, "1:12"},
    {"-7:23", -7, false, 23, false, false, "-7:23"},
    {":5.75", 0, false, 5.75, false, false, "5.75"},
    {"~:-95.99", -INFINITY, true, -95.99, false, false, "~:-95.99"},
    {"12345678901234567890:", 12345678901234567890.0, false, INFINITY, true, false,
     "1.2345678901234567e+19:"},
    {"~:0", -INFINITY, true, 0, false, false, "~:0"},
    {"@0:657.8210567", 0, false, 657.8210567, false, true, "@657.8210567"},
    {"10", 0, false, 10, false, false, "10"},
    {"10:", 10, false, INFINITY, true, false, "10:"},
    {"~:10", -INFINITY, true, 10, false, false, "~:10"},
    {"10:20", 10, false, 20, false, false, "10:20"},
    {"@10:20", 10, false, 20, false, true, "@10:20"},
    {"@10", 0, false, 10, false, true, "@10"},
    {"0:10", 0, false, 10, false, false, "10"},
    {"0:", 0, false, INFINITY, true, false, "0:"},
    {"~:", -INFINITY, true, INFINITY, true, false, "~:"},
    {"@~:", -INFINITY, true, INFINITY, true, true, "@~:"},
    {"5:5", 5, false, 5, false, false, "5:5"},
    {"0.5", 0, false, 0.5, false, false, "0.5"},
    {"3600", 0, false, 3600, false, false, "3600"},
    {"+5", 0, false, 5, false, false, "5"},
    {"1e3", 0, false, 1000, false, false, "1000"},
    {"2.50E+1:", 25, false, INFINITY, true, false, "25:"},
    {".5:5.", 0.5, false, 5, false, false, "0.5:5"},
    {"-0", 0, false, 0, false, false, "0"},
    {"0.1:0.30", 0.1, false, 0.3, false, false, "0.1:0.3"},
    {"0.00001", 0, false, 0.00001, false, false, "1e-05"},
    {"1e20", 0, false, 1e20, false, false, "1e+20"},
    {"-1e-3:1e-3", -0.001, false, 0.001, false, false, "-0.001:0.001"},
};

START_TEST(parse_vectors) {
	ds_range range = parse_ok(vectors[_i].text);
	ck_assert_msg(range.start_infinite == vectors[_i].start_infinite, "%s", vectors[_i].text);
	ck_assert_msg(range.end_infinite == vectors[_i].end_infinite, "%s", vectors[_i].text);
	ck_assert_msg(range.alert_inside == vectors[_i].inside, "%s", vectors[_i].text);
	ck_assert_double_eq(range.start, vectors[_i].start);
	ck_assert_double_eq(range.end, vectors[_i].end);
	char text[64];
	ck_assert(ds_range_format(&range, text, sizeof text));
	ck_assert_str_eq(text, vectors[_i].canonical);
}
END_TEST

/* Canonical text parses back to the same range and formats to itself. */
START_TEST(format_round_trip) {
	ds_range first = parse_ok(vectors[_i].text);
	char text[64];
	ck_assert(ds_range_format(&first, text, sizeof text));
	ds_range second = parse_ok(text);
	ck_assert_double_eq(second.start, first.start);
	ck_assert_double_eq(second.end, first.end);
	ck_assert_int_eq(second.start_infinite, first.start_infinite);
	ck_assert_int_eq(second.end_infinite, first.end_infinite);
	ck_assert_int_eq(second.alert_inside, first.alert_inside);
	char again[64];
	ck_assert(ds_range_format(&second, again, sizeof again));
	ck_assert_str_eq(again, text);
}
END_TEST

/* Each bad text with a piece of the sentence it must produce. */
static const struct {
	const char *text;
	const char *fragment;
} errors[] = {
    {"1O", "'1O' is not a number"},
    {"abc", "'abc' is not a number"},
    {"", "there is no number"},
    {"5:3", "the start 5 is greater than the end 3; write the smaller value first, e.g. 3:5"},
    {"@20:10", "the start 20 is greater than the end 10"},
    {"-1:-2", "the start -1 is greater than the end -2"},
    {"1e999", "'1e999' is too large"},
    {"-1e999", "'-1e999' is too large"},
    {"1e400:", "'1e400' is too large"},
    {"1:1e400", "'1e400' is too large"},
    {"nan", "'nan' is not a number"},
    {"NaN:5", "'NaN' is not a number"},
    {"inf", "'inf' is not a number"},
    {"-inf:", "'-inf' is not a number"},
    {"infinity", "'infinity' is not a number"},
    {":", "':' needs a number on at least one side"},
    {"@:", "':' needs a number on at least one side"},
    {"@", "there is no number"},
    {"@@10", "'@10' is not a number"},
    {"10@", "'10@' is not a number"},
    {"10::20", "there is more than one ':'"},
    {"1:2:3", "there is more than one ':'"},
    {" 10", "' 10' is not a number"},
    {"10 ", "'10 ' is not a number"},
    {"1 0", "'1 0' is not a number"},
    {"10: 20", "' 20' is not a number"},
    {"\t10", "is not a number"},
    {"10\n", "is not a number"},
    {"~", "'~' (minus infinity) must be followed by ':', e.g. ~:10"},
    {"@~", "'~' (minus infinity) must be followed by ':'"},
    {"10:~", "'~' (minus infinity) can only be the start"},
    {"~~:10", "'~~' is not a number"},
    {"~10", "'~10' is not a number"},
    {"0x10", "'0x10' is not a number"},
    {"1e", "'1e' is not a number"},
    {"1e+", "'1e+' is not a number"},
    {"1e5.5", "'1e5.5' is not a number"},
    {".", "'.' is not a number"},
    {"-", "'-' is not a number"},
    {"+", "'+' is not a number"},
    {"--5", "'--5' is not a number"},
    {"1.2.3", "'1.2.3' is not a number"},
    {"1,5", "'1,5' is not a number"},
    {"10%", "'10%' is not a number"},
};

START_TEST(parse_errors) {
	const ds_range sentinel = {.start = 42, .end = 43, .alert_inside = true};
	ds_range range = sentinel;
	ds_error err = {0};
	ck_assert_msg(!ds_range_parse(errors[_i].text, &range, &err), "'%s' should not parse",
	              errors[_i].text);
	ck_assert_msg(memcmp(&range, &sentinel, sizeof range) == 0, "'%s' changed out",
	              errors[_i].text);
	char opening[128];
	ck_assert(snprintf(opening, sizeof opening, "invalid range '%s': ", errors[_i].text) > 0);
	ck_assert_msg(strncmp(err.text, opening, strlen(opening)) == 0, "'%s' gave: %s",
	              errors[_i].text, err.text);
	ck_assert_msg(strstr(err.text, errors[_i].fragment) != NULL, "'%s' gave: %s", errors[_i].text,
	              err.text);
	/* Every syntax error says what is expected; start > end says what to write. */
	ck_assert_msg(strstr(err.text, EXPECTED_HINT) != NULL || strstr(err.text, "e.g. ") != NULL,
	              "'%s' gave: %s", errors[_i].text, err.text);
}
END_TEST

START_TEST(error_sentences_exactly) {
	ds_range range;
	ds_error err = {0};
	ck_assert(!ds_range_parse("abc", &range, &err));
	ck_assert_str_eq(err.text, "invalid range 'abc': 'abc' is not a number; " EXPECTED_HINT);
	ck_assert(!ds_range_parse("5:3", &range, &err));
	ck_assert_str_eq(err.text, "invalid range '5:3': the start 5 is greater than the end 3; "
	                           "write the smaller value first, e.g. 3:5");
	ck_assert(!ds_range_parse("10:2x", &range, &err));
	ck_assert_str_eq(err.text, "invalid range '10:2x': '2x' is not a number; " EXPECTED_HINT);
	ck_assert(!ds_range_parse(NULL, &range, &err));
	ck_assert_str_eq(err.text, "no range given; " EXPECTED_HINT);
}
END_TEST

START_TEST(long_text_is_cut_but_hint_kept) {
	char text[301];
	memset(text, '1', 299);
	text[299] = 'x';
	text[300] = '\0';
	ds_range range;
	ds_error err = {0};
	ck_assert(!ds_range_parse(text, &range, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "...': '"));
	ck_assert_ptr_nonnull(strstr(err.text, "' is not a number; " EXPECTED_HINT));
	ck_assert_uint_lt(strlen(err.text), DS_ERROR_TEXT_MAX - 1);
}
END_TEST

START_TEST(null_error_is_allowed) {
	ds_range range;
	ck_assert(!ds_range_parse("abc", &range, NULL));
	ck_assert(!ds_range_parse("5:3", &range, NULL));
	ck_assert(!ds_range_make(2, false, 1, false, false, &range, NULL));
	ck_assert(ds_range_parse("1:2", &range, NULL));
	ck_assert_double_eq(range.end, 2);
}
END_TEST

START_TEST(tiny_numbers_underflow_to_zero) {
	ds_range range = parse_ok("1e-400:1");
	ck_assert(range.start >= 0 && range.start < 1e-300);
	ck_assert_double_eq(range.end, 1);
}
END_TEST

START_TEST(make_checks_order_and_finiteness) {
	ds_range range = range_of(1.5, false, 2.5, false, true);
	ck_assert_double_eq(range.start, 1.5);
	ck_assert_double_eq(range.end, 2.5);
	ck_assert(!range.start_infinite && !range.end_infinite && range.alert_inside);

	range = range_of(7, false, 7, false, false);
	ck_assert_double_eq(range.start, 7);

	/* An infinite end ignores the number given for it, so order is not checked. */
	range = range_of(99, true, -99, false, false);
	ck_assert(range.start_infinite);
	ck_assert_double_eq(range.start, -INFINITY);
	ck_assert_double_eq(range.end, -99);
	range = range_of(5, false, -5, true, false);
	ck_assert_double_eq(range.end, INFINITY);

	const ds_range sentinel = {.start = 42, .end = 43};
	range = sentinel;
	ds_error err = {0};
	ck_assert(!ds_range_make(3, false, 2, false, false, &range, &err));
	ck_assert_str_eq(err.text, "the start 3 is greater than the end 2; write the smaller value "
	                           "first, e.g. 2:3");
	ck_assert(memcmp(&range, &sentinel, sizeof range) == 0);
	ck_assert(!ds_range_make(NAN, false, 2, false, false, &range, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "start is not a finite number"));
	ck_assert(!ds_range_make(-INFINITY, false, 2, false, false, &range, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "start is not a finite number"));
	ck_assert(!ds_range_make(0, false, INFINITY, false, false, &range, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "end is not a finite number"));
	ck_assert(!ds_range_make(0, false, NAN, false, false, &range, &err));
	ck_assert(memcmp(&range, &sentinel, sizeof range) == 0);
}
END_TEST

START_TEST(alerts_on_odd_values) {
	ds_range outside = parse_ok("10:20");
	ds_range inside = parse_ok("@10:20");
	ds_range everything = parse_ok("~:");
	ck_assert(ds_range_alerts(&outside, NAN));
	ck_assert(ds_range_alerts(&inside, NAN));
	ck_assert(ds_range_alerts(&everything, NAN));
	ck_assert(ds_range_alerts(&outside, INFINITY));
	ck_assert(ds_range_alerts(&outside, -INFINITY));
	ck_assert(!ds_range_alerts(&everything, INFINITY));
	ck_assert(!ds_range_alerts(&everything, -INFINITY));
	ds_range open_end = parse_ok("10:");
	ck_assert(!ds_range_alerts(&open_end, INFINITY));
	ck_assert(ds_range_alerts(&open_end, -INFINITY));
	ds_range zero = parse_ok("0");
	ck_assert(!ds_range_alerts(&zero, 0));
	ck_assert(!ds_range_alerts(&zero, -0.0));
	ck_assert(ds_range_alerts(&zero, 1e-300));
	ck_assert(ds_range_alerts(&zero, -1e-300));
}
END_TEST

START_TEST(format_made_ranges) {
	char text[64];
	ds_range range = range_of(0, false, 3600, false, false);
	ck_assert(ds_range_format(&range, text, sizeof text));
	ck_assert_str_eq(text, "3600");
	range = range_of(-0.0, false, -0.0, false, false);
	ck_assert(ds_range_format(&range, text, sizeof text));
	ck_assert_str_eq(text, "0");
	range = range_of(-0.0, false, 0, true, false);
	ck_assert(ds_range_format(&range, text, sizeof text));
	ck_assert_str_eq(text, "0:");
	range = range_of(0, true, 0, true, true);
	ck_assert(ds_range_format(&range, text, sizeof text));
	ck_assert_str_eq(text, "@~:");
	range = range_of(1.0 / 3.0, false, 2.0 / 3.0, false, false);
	ck_assert(ds_range_format(&range, text, sizeof text));
	ck_assert_str_eq(text, "0.3333333333333333:0.6666666666666666");
	range = range_of(1e16, false, 123456789012345678.0, false, false);
	ck_assert(ds_range_format(&range, text, sizeof text));
	ck_assert_str_eq(text, "10000000000000000:1.2345678901234568e+17");
	range = range_of(-1.7976931348623157e308, false, 5e-324, false, true);
	ck_assert(ds_range_format(&range, text, sizeof text));
	ck_assert_str_eq(text, "@-1.7976931348623157e+308:5e-324");
}
END_TEST

START_TEST(format_needs_room) {
	ds_range range = parse_ok("@10:20");
	char text[16];
	ck_assert(ds_range_format(&range, text, 7));
	ck_assert_str_eq(text, "@10:20");
	ck_assert(!ds_range_format(&range, text, 6));
	ck_assert(!ds_range_format(&range, text, 1));
	ck_assert(!ds_range_format(&range, NULL, 0));
	range = parse_ok("~:0.5");
	ck_assert(ds_range_format(&range, text, 6));
	ck_assert_str_eq(text, "~:0.5");
	ck_assert(!ds_range_format(&range, text, 5));
}
END_TEST

START_TEST(thresholds_critical_first) {
	ds_thresholds none = {0};
	ck_assert_int_eq(ds_thresholds_judge(&none, 1e300), DS_OK);
	ck_assert_int_eq(ds_thresholds_judge(&none, NAN), DS_OK);

	ds_thresholds both = {
	    .has_warning = true,
	    .warning = parse_ok("10"),
	    .has_critical = true,
	    .critical = parse_ok("20"),
	};
	ck_assert_int_eq(ds_thresholds_judge(&both, 5), DS_OK);
	ck_assert_int_eq(ds_thresholds_judge(&both, 10), DS_OK);
	ck_assert_int_eq(ds_thresholds_judge(&both, 10.5), DS_WARNING);
	ck_assert_int_eq(ds_thresholds_judge(&both, 20), DS_WARNING);
	ck_assert_int_eq(ds_thresholds_judge(&both, 21), DS_CRITICAL);
	ck_assert_int_eq(ds_thresholds_judge(&both, -1), DS_CRITICAL);
	ck_assert_int_eq(ds_thresholds_judge(&both, NAN), DS_CRITICAL);

	/* A critical range that is wider than the warning one still wins when it alerts. */
	ds_thresholds crossed = {
	    .has_warning = true,
	    .warning = parse_ok("@0:100"),
	    .has_critical = true,
	    .critical = parse_ok("50:"),
	};
	ck_assert_int_eq(ds_thresholds_judge(&crossed, 10), DS_CRITICAL);
	ck_assert_int_eq(ds_thresholds_judge(&crossed, 60), DS_WARNING);
	ck_assert_int_eq(ds_thresholds_judge(&crossed, 200), DS_OK);

	ds_thresholds warning_only = {.has_warning = true, .warning = parse_ok("~:5")};
	ck_assert_int_eq(ds_thresholds_judge(&warning_only, 6), DS_WARNING);
	ck_assert_int_eq(ds_thresholds_judge(&warning_only, 5), DS_OK);
	ds_thresholds critical_only = {.has_critical = true, .critical = parse_ok("~:5")};
	ck_assert_int_eq(ds_thresholds_judge(&critical_only, 6), DS_CRITICAL);
	ck_assert_int_eq(ds_thresholds_judge(&critical_only, -1e300), DS_OK);

	/* Ranges that are present but switched off must not count. */
	ds_thresholds switched_off = both;
	switched_off.has_warning = false;
	switched_off.has_critical = false;
	ck_assert_int_eq(ds_thresholds_judge(&switched_off, 1e300), DS_OK);
}
END_TEST

#define COUNT(table) ((int)(sizeof(table) / sizeof((table)[0])))

int main(void) {
	Suite *suite = suite_create("range");
	TCase *tc = tcase_create("range");
	tcase_add_loop_test(tc, semantics_table, 0, COUNT(semantics));
	tcase_add_loop_test(tc, parse_vectors, 0, COUNT(vectors));
	tcase_add_loop_test(tc, format_round_trip, 0, COUNT(vectors));
	tcase_add_loop_test(tc, parse_errors, 0, COUNT(errors));
	tcase_add_test(tc, error_sentences_exactly);
	tcase_add_test(tc, long_text_is_cut_but_hint_kept);
	tcase_add_test(tc, null_error_is_allowed);
	tcase_add_test(tc, tiny_numbers_underflow_to_zero);
	tcase_add_test(tc, make_checks_order_and_finiteness);
	tcase_add_test(tc, alerts_on_odd_values);
	tcase_add_test(tc, format_made_ranges);
	tcase_add_test(tc, format_needs_room);
	tcase_add_test(tc, thresholds_critical_first);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
