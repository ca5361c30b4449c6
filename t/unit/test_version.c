/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdint.h>
#include <string.h>

#include "version/version.h"

static ds_version parse_ok(const char *text) {
	ds_version v;
	memset(&v, 0, sizeof v);
	ds_error err = {0};
	bool ok = ds_version_parse(text, &v, &err);
	ck_assert_msg(ok, "'%s' was rejected: %s", text, err.text);
	return v;
}

/* Rejected text must leave *out alone and say what was given and what would work. */
static void parse_fails(const char *text) {
	ds_version v;
	memset(&v, 0xab, sizeof v);
	ds_version before = v;
	ds_error err = {0};
	bool ok = ds_version_parse(text, &v, &err);
	ck_assert_msg(!ok, "'%s' was accepted", text);
	ck_assert_msg(memcmp(&v, &before, sizeof v) == 0, "'%s' changed the output", text);
	ck_assert_msg(strstr(err.text, "invalid version '") == err.text, "message: %s", err.text);
	ck_assert_msg(strstr(err.text, text) != NULL, "message does not quote the text: %s", err.text);
	ck_assert_msg(strstr(err.text, "expected dotted numbers such as 2.5.79.0") != NULL,
	              "message: %s", err.text);
}

static int compare(const char *a, const char *b) {
	ds_version left = parse_ok(a);
	ds_version right = parse_ok(b);
	return ds_version_compare(&left, &right);
}

START_TEST(parse_parts_and_text) {
	ds_version v = parse_ok("2.5.79.0");
	ck_assert_uint_eq(v.count, 4);
	ck_assert_uint_eq(v.parts[0], 2);
	ck_assert_uint_eq(v.parts[1], 5);
	ck_assert_uint_eq(v.parts[2], 79);
	ck_assert_uint_eq(v.parts[3], 0);
	ck_assert_str_eq(v.text, "2.5.79.0");

	v = parse_ok("7");
	ck_assert_uint_eq(v.count, 1);
	ck_assert_uint_eq(v.parts[0], 7);
	ck_assert_str_eq(v.text, "7");

	v = parse_ok("0");
	ck_assert_uint_eq(v.count, 1);
	ck_assert_uint_eq(v.parts[0], 0);

	v = parse_ok("1.2.3.4.5.6");
	ck_assert_uint_eq(v.count, 6);
	ck_assert_uint_eq(v.parts[5], 6);
	ck_assert_str_eq(v.text, "1.2.3.4.5.6");
}
END_TEST

START_TEST(parse_keeps_leading_zeros_in_text_only) {
	ds_version v = parse_ok("1.0.494.0501");
	ck_assert_uint_eq(v.count, 4);
	ck_assert_uint_eq(v.parts[0], 1);
	ck_assert_uint_eq(v.parts[1], 0);
	ck_assert_uint_eq(v.parts[2], 494);
	ck_assert_uint_eq(v.parts[3], 501);
	ck_assert_str_eq(v.text, "1.0.494.0501");

	v = parse_ok("000.0007");
	ck_assert_uint_eq(v.parts[0], 0);
	ck_assert_uint_eq(v.parts[1], 7);
}
END_TEST

START_TEST(parse_32_bit_limit) {
	ds_version v = parse_ok("4294967295.0");
	ck_assert_uint_eq(v.parts[0], UINT32_MAX);
	v = parse_ok("1.00000000004294967295");
	ck_assert_uint_eq(v.parts[1], UINT32_MAX);
	parse_fails("4294967296");
	parse_fails("1.4294967296");
	parse_fails("99999999999999999999999");
	parse_fails("1.2.18446744073709551617");
}
END_TEST

START_TEST(parse_text_length_limit) {
	/* "1.000...07": 63 characters fit with the terminator, 64 do not. */
	char text[DS_VERSION_TEXT_MAX + 1];
	memset(text, '0', sizeof text);
	text[0] = '1';
	text[1] = '.';
	text[DS_VERSION_TEXT_MAX - 2] = '7';
	text[DS_VERSION_TEXT_MAX - 1] = '\0';
	ds_version v = parse_ok(text);
	ck_assert_uint_eq(v.count, 2);
	ck_assert_uint_eq(v.parts[0], 1);
	ck_assert_uint_eq(v.parts[1], 7);
	ck_assert_uint_eq(strlen(v.text), 63);
	ck_assert_str_eq(v.text, text);

	text[DS_VERSION_TEXT_MAX - 1] = '7';
	text[DS_VERSION_TEXT_MAX] = '\0';
	ds_error err = {0};
	ck_assert(!ds_version_parse(text, &v, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "longer than 63 characters"));
	ck_assert_ptr_nonnull(strstr(err.text, "expected dotted numbers such as 2.5.79.0"));
	/* The earlier result is still there. */
	ck_assert_uint_eq(v.count, 2);
	ck_assert_uint_eq(strlen(v.text), 63);
}
END_TEST

START_TEST(parse_rejects_malformed_text) {
	parse_fails("");
	parse_fails("2..5");
	parse_fails(".2");
	parse_fails("2.");
	parse_fails(".");
	parse_fails("v2.5");
	parse_fails("V2.5");
	parse_fails(" 2.5");
	parse_fails("2.5 ");
	parse_fails("2.5\n");
	parse_fails("2. 5");
	parse_fails("2.5-beta");
	parse_fails("2.5beta");
	parse_fails("+2");
	parse_fails("-1");
	parse_fails("2.-1");
	parse_fails("2.+1");
	parse_fails("1.2.3.4.5.6.7");
	parse_fails("1.2.3.4.5.6.");
	parse_fails("2.x");
	parse_fails("x");
	parse_fails("2,5");
	parse_fails("0x10");
}
END_TEST

START_TEST(parse_error_sentences) {
	ds_version v;
	ds_error err = {0};
	ck_assert(!ds_version_parse("2..5", &v, &err));
	ck_assert_str_eq(err.text, "invalid version '2..5': expected dotted numbers such as 2.5.79.0");
	ck_assert(!ds_version_parse("", &v, &err));
	ck_assert_str_eq(err.text, "invalid version '': expected dotted numbers such as 2.5.79.0");
	ck_assert(!ds_version_parse("1.2.3.4.5.6.7", &v, &err));
	ck_assert_str_eq(err.text, "invalid version '1.2.3.4.5.6.7': it has more than 6 parts; "
	                           "expected dotted numbers such as 2.5.79.0");
	ck_assert(!ds_version_parse("4294967296", &v, &err));
	ck_assert_str_eq(err.text, "invalid version '4294967296': a part is larger than "
	                           "4294967295; expected dotted numbers such as 2.5.79.0");
	ck_assert(!ds_version_parse(NULL, &v, &err));
	ck_assert_str_eq(err.text, "no version given: expected dotted numbers such as 2.5.79.0");
	/* A caller that does not want the sentence passes NULL. */
	ck_assert(!ds_version_parse("2.x", &v, NULL));
	ck_assert(ds_version_parse("2.5", &v, NULL));
	ck_assert_uint_eq(v.count, 2);
}
END_TEST

START_TEST(compare_numerically) {
	ck_assert_int_gt(compare("2.5.79.0", "2.5.3.0"), 0);
	ck_assert_int_lt(compare("2.5.3.0", "2.5.79.0"), 0);
	ck_assert_int_gt(compare("2.10", "2.9"), 0);
	ck_assert_int_lt(compare("2.9", "2.10"), 0);
	ck_assert_int_lt(compare("1.6.16.0", "2.0.3.0"), 0);
	ck_assert_int_gt(compare("2.0.3.0", "1.6.16.0"), 0);
	ck_assert_int_gt(compare("4294967295", "4294967294"), 0);
	ck_assert_int_lt(compare("0", "4294967295"), 0);
	ck_assert_int_gt(compare("1.0.0.0.0.1", "1"), 0);
}
END_TEST

START_TEST(compare_equal_forms) {
	ck_assert_int_eq(compare("1.0.494.0501", "1.0.494.501"), 0);
	ck_assert_int_eq(compare("2.5", "2.5.0.0"), 0);
	ck_assert_int_eq(compare("2.5.0.0", "2.5"), 0);
	ck_assert_int_eq(compare("2", "2.0.0.0.0.0"), 0);
	ck_assert_int_eq(compare("2.6.92.0", "2.6.92.0"), 0);
	ck_assert_int_eq(compare("0", "0.0"), 0);
	/* A missing part is 0, so a shorter version is older only when the rest is not 0. */
	ck_assert_int_lt(compare("2.5", "2.5.0.1"), 0);
	ck_assert_int_gt(compare("2.5.0.1", "2.5"), 0);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("version");
	TCase *tc = tcase_create("version");
	tcase_add_test(tc, parse_parts_and_text);
	tcase_add_test(tc, parse_keeps_leading_zeros_in_text_only);
	tcase_add_test(tc, parse_32_bit_limit);
	tcase_add_test(tc, parse_text_length_limit);
	tcase_add_test(tc, parse_rejects_malformed_text);
	tcase_add_test(tc, parse_error_sentences);
	tcase_add_test(tc, compare_numerically);
	tcase_add_test(tc, compare_equal_forms);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
