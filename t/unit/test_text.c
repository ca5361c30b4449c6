/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The shared text helpers: spans, fields and lines of the table parsers, and the
 * bounded writer of the output and the event query. */
#include "unit.h"

#include <string.h>

#include "core/text.h"

static ds_span span_of(const char *text) {
	return (ds_span){text, strlen(text)};
}

static void assert_span(ds_span s, const char *expected) {
	ck_assert_uint_eq(s.len, strlen(expected));
	ck_assert(memcmp(s.start, expected, s.len) == 0);
}

START_TEST(trim_removes_blanks_at_both_ends_only) {
	assert_span(ds_span_trim(span_of(" \t a b \r")), "a b");
	assert_span(ds_span_trim(span_of("   ")), "");
	assert_span(ds_span_trim(span_of("")), "");
	assert_span(ds_span_trim(span_of("\na\n")), "\na\n"); /* newlines are not blanks */
}
END_TEST

START_TEST(trim_set_removes_only_the_given_characters) {
	assert_span(ds_span_trim_set(span_of(" \t a \r"), " \t"), "a \r");
	assert_span(ds_span_trim_set(span_of("\v\f a\f"), " \t\r\v\f"), "a");
	assert_span(ds_span_trim_set(span_of("  "), " "), "");
	assert_span(ds_span_trim_set(span_of("x"), ""), "x");
	/* The NUL that ends the set is no blank: a span may hold one. */
	ck_assert_uint_eq(ds_span_trim_set((ds_span){"\0a\0", 3}, " ").len, 3);
	assert_span(ds_span_of("abc"), "abc");
	ck_assert_uint_eq(ds_span_of(NULL).len, 0);
}
END_TEST

START_TEST(is_and_copy) {
	ck_assert(ds_span_is(span_of("TBD"), "TBD"));
	ck_assert(!ds_span_is(span_of("TBD"), "TB"));
	ck_assert(!ds_span_is(span_of("TB"), "TBD"));
	char out[4];
	ck_assert(ds_span_copy(span_of("abc"), out, sizeof out));
	ck_assert_str_eq(out, "abc");
	ck_assert(!ds_span_copy(span_of("abcd"), out, sizeof out));
}
END_TEST

START_TEST(after_key_gives_the_trimmed_rest) {
	ds_span value = {0};
	ck_assert(ds_span_after_key(span_of("as-of:  2026-11-25 "), "as-of:", &value));
	assert_span(value, "2026-11-25");
	ck_assert(ds_span_after_key(span_of("as-of:"), "as-of:", &value));
	assert_span(value, "");
	ck_assert(!ds_span_after_key(span_of("as-o"), "as-of:", &value));
	ck_assert(!ds_span_after_key(span_of(" as-of: x"), "as-of:", &value));
}
END_TEST

START_TEST(fields_must_be_exactly_count) {
	ds_span fields[3];
	ck_assert(ds_span_fields(span_of(" a | b|c "), '|', fields, 3));
	assert_span(fields[0], "a");
	assert_span(fields[1], "b");
	assert_span(fields[2], "c");
	ck_assert(ds_span_fields(span_of("||"), '|', fields, 3));
	assert_span(fields[1], "");
	ck_assert(!ds_span_fields(span_of("a|b"), '|', fields, 3));
	ck_assert(!ds_span_fields(span_of("a|b|c|d"), '|', fields, 3));
	ck_assert(!ds_span_fields(span_of("a|b|c|"), '|', fields, 3));
}
END_TEST

START_TEST(next_line_walks_every_line) {
	const char *cursor = "one\r\n\ntwo";
	ds_span line;
	ck_assert(ds_span_next_line(&cursor, &line));
	assert_span(line, "one\r");
	ck_assert(ds_span_next_line(&cursor, &line));
	assert_span(line, "");
	ck_assert(ds_span_next_line(&cursor, &line));
	assert_span(line, "two");
	ck_assert(!ds_span_next_line(&cursor, &line));
	const char *ends_with_newline = "x\n";
	ck_assert(ds_span_next_line(&ends_with_newline, &line));
	assert_span(line, "x");
	ck_assert(!ds_span_next_line(&ends_with_newline, &line));
}
END_TEST

START_TEST(writer_cuts_once_and_then_drops) {
	char buf[8];
	ds_writer w = {.buf = buf, .size = sizeof buf, .len = 0, .truncated = false};
	ds_writer_put(&w, "%s", "abc");
	ds_writer_put(&w, "%d", 12);
	ck_assert_str_eq(buf, "abc12");
	ck_assert(!w.truncated);
	ds_writer_put(&w, "%s", "xyz");
	ck_assert(w.truncated);
	ck_assert_str_eq(buf, "abc12xy");
	ck_assert_uint_eq(w.len, 7);
	ds_writer_put(&w, "%s", "more");
	ck_assert_str_eq(buf, "abc12xy");
}
END_TEST

/* A copy that does not fit ends in "..." after whole characters; one that fits is whole. */
START_TEST(utf8_copy_cut_marks_what_it_cut) {
	char out[8];
	ds_utf8_copy_cut("1234567", out, sizeof out);
	ck_assert_str_eq(out, "1234567");
	ds_utf8_copy_cut("12345678", out, sizeof out);
	ck_assert_str_eq(out, "1234...");
	ds_utf8_copy_cut("123\xe2\x82\xac"
	                 "56",
	                 out, sizeof out);
	ck_assert_str_eq(out, "123...");
}
END_TEST

/* The one UTF-8-safe truncation: never inside a character, whatever precedes it. */
START_TEST(utf8_cut_keeps_whole_characters) {
	const char *euro = "ab\xe2\x82\xac"; /* 5 bytes */
	ck_assert_uint_eq(ds_utf8_cut(euro, 5, 5), 5);
	ck_assert_uint_eq(ds_utf8_cut(euro, 5, 9), 5);
	ck_assert_uint_eq(ds_utf8_cut(euro, 5, 4), 2);
	ck_assert_uint_eq(ds_utf8_cut(euro, 5, 3), 2);
	ck_assert_uint_eq(ds_utf8_cut(euro, 5, 2), 2);
	ck_assert_uint_eq(ds_utf8_cut(euro, 5, 0), 0);
	const char *emoji = "\xf0\x9f\x98\x80\xf0\x9f\x98\x80";
	ck_assert_uint_eq(ds_utf8_cut(emoji, 8, 7), 4);
	ck_assert_uint_eq(ds_utf8_cut(emoji, 8, 3), 0);
	/* Bytes that start no character are units of their own. */
	const char *broken = "\xff\x80\x80\xe2\x82\xac";
	ck_assert_uint_eq(ds_utf8_cut(broken, 6, 2), 2);
	ck_assert_uint_eq(ds_utf8_cut(broken, 6, 5), 3);
	ck_assert_uint_eq(ds_utf8_cut("\xc2\x85x", 3, 1), 0);
}
END_TEST

START_TEST(utf8_decode_gives_the_code_point) {
	unsigned long c = 0;
	ck_assert_uint_eq(ds_utf8_decode("\x1b", 1, &c), 1);
	ck_assert_uint_eq(c, 0x1B);
	ck_assert_uint_eq(ds_utf8_decode("\xc2\x85", 2, &c), 2);
	ck_assert_uint_eq(c, 0x85);
	ck_assert_uint_eq(ds_utf8_decode("\xe2\x80\xae", 3, &c), 3);
	ck_assert_uint_eq(c, 0x202E);
	ck_assert_uint_eq(ds_utf8_decode("\xf4\x8f\xbf\xbf", 4, &c), 4);
	ck_assert_uint_eq(c, 0x10FFFF);
	c = 7;
	ck_assert_uint_eq(ds_utf8_decode("\xe2\x80", 2, &c), 0);
	ck_assert_uint_eq(ds_utf8_decode("\xc0\xaf", 2, &c), 0);
	ck_assert_uint_eq(ds_utf8_decode("\xed\xa0\x80", 3, &c), 0);
	ck_assert_uint_eq(c, 7);
}
END_TEST

START_TEST(hex_encode_is_lower_case_and_terminated) {
	char out[9];
	memset(out, '#', sizeof out);
	ds_hex_encode((const unsigned char *)"", 0, out);
	ck_assert_str_eq(out, "");
	ds_hex_encode((const unsigned char *)"\x00\x09\xa5\xff", 4, out);
	ck_assert_str_eq(out, "0009a5ff");
	memset(out, '#', sizeof out);
	ds_hex_encode((const unsigned char *)"\xde\xad", 2, out);
	ck_assert_str_eq(out, "dead");
	ck_assert_int_eq(out[5], '#');
}
END_TEST

int main(void) {
	Suite *suite = suite_create("text");
	TCase *tc = tcase_create("text");
	tcase_add_test(tc, trim_removes_blanks_at_both_ends_only);
	tcase_add_test(tc, trim_set_removes_only_the_given_characters);
	tcase_add_test(tc, is_and_copy);
	tcase_add_test(tc, utf8_copy_cut_marks_what_it_cut);
	tcase_add_test(tc, after_key_gives_the_trimmed_rest);
	tcase_add_test(tc, fields_must_be_exactly_count);
	tcase_add_test(tc, next_line_walks_every_line);
	tcase_add_test(tc, writer_cuts_once_and_then_drops);
	tcase_add_test(tc, utf8_cut_keeps_whole_characters);
	tcase_add_test(tc, utf8_decode_gives_the_code_point);
	tcase_add_test(tc, hex_encode_is_lower_case_and_terminated);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
