/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The bounded unsigned decimal parser that every reader of digits in lib/ uses. */
#include "unit.h"

#include <string.h>

#include "core/number.h"

#define U64_MAX_TEXT "18446744073709551615"

typedef struct whole_case {
	const char *text;
	uint64_t max;
	ds_number_result result;
	uint64_t value; /* for DS_NUMBER_OK */
} whole_case;

static const whole_case whole_cases[] = {
    {"", 10, DS_NUMBER_NO_DIGITS, 0},
    {"0", 10, DS_NUMBER_OK, 0},
    {"0", 0, DS_NUMBER_OK, 0},
    {"1", 0, DS_NUMBER_TOO_LARGE, 0},
    {"7", 10, DS_NUMBER_OK, 7},
    {"007", 10, DS_NUMBER_OK, 7},
    /* Leading zeros, however many, never overflow. */
    {"0000000000000000000000000000000042", UINT64_MAX, DS_NUMBER_OK, 42},
    {"3600", 3600, DS_NUMBER_OK, 3600},
    {"3601", 3600, DS_NUMBER_TOO_LARGE, 0},
    {"65535", 65535, DS_NUMBER_OK, 65535},
    {"65536", 65535, DS_NUMBER_TOO_LARGE, 0},
    {"4294967295", UINT32_MAX, DS_NUMBER_OK, UINT32_MAX},
    {"4294967296", UINT32_MAX, DS_NUMBER_TOO_LARGE, 0},
    {U64_MAX_TEXT, UINT64_MAX, DS_NUMBER_OK, UINT64_MAX},
    {"18446744073709551616", UINT64_MAX, DS_NUMBER_TOO_LARGE, 0},
    {"18446744073709551620", UINT64_MAX, DS_NUMBER_TOO_LARGE, 0},
    {"99999999999999999999999999", UINT64_MAX, DS_NUMBER_TOO_LARGE, 0},
    {"99999999999999999999999999", 99, DS_NUMBER_TOO_LARGE, 0},
    /* Too large is said before what follows the digits. */
    {"99999x", 65535, DS_NUMBER_TOO_LARGE, 0},
    {"-1", 10, DS_NUMBER_NO_DIGITS, 0},
    {"+1", 10, DS_NUMBER_NO_DIGITS, 0},
    {"-0", 10, DS_NUMBER_NO_DIGITS, 0},
    {" 1", 10, DS_NUMBER_NO_DIGITS, 0},
    {"\t1", 10, DS_NUMBER_NO_DIGITS, 0},
    {"1 ", 10, DS_NUMBER_TRAILING, 0},
    {"1\r", 10, DS_NUMBER_TRAILING, 0},
    {"1x", 10, DS_NUMBER_TRAILING, 0},
    {"1.5", 10, DS_NUMBER_TRAILING, 0},
    {"1e3", 10000, DS_NUMBER_TRAILING, 0},
    {"0x10", 100, DS_NUMBER_TRAILING, 0},
    /* Digits of other scripts are not digits here, whatever the locale says. */
    {"\xd9\xa1", 10, DS_NUMBER_NO_DIGITS, 0},     /* ARABIC-INDIC DIGIT ONE */
    {"\xef\xbc\x91", 10, DS_NUMBER_NO_DIGITS, 0}, /* FULLWIDTH DIGIT ONE */
    {"\xc2\xb2", 10, DS_NUMBER_NO_DIGITS, 0},     /* SUPERSCRIPT TWO */
    {"\xb2", 10, DS_NUMBER_NO_DIGITS, 0},         /* the same in Latin-1 */
    {"1\xd9\xa1", 100, DS_NUMBER_TRAILING, 0},
};

START_TEST(parse_whole_span) {
	const whole_case *c = &whole_cases[_i];
	uint64_t value = 12345;
	ds_number_result result = ds_number_parse(ds_span_of(c->text), c->max, &value);
	ck_assert_msg(result == c->result, "'%s' max %llu: got %d, expected %d", c->text,
	              (unsigned long long)c->max, (int)result, (int)c->result);
	if (c->result == DS_NUMBER_OK) {
		ck_assert_msg(value == c->value, "'%s': got %llu", c->text, (unsigned long long)value);
	} else {
		ck_assert_msg(value == 12345, "'%s': value changed on failure", c->text);
	}
}
END_TEST

typedef struct prefix_case {
	const char *text;
	size_t len; /* of the span; 0 for the whole text */
	uint64_t max;
	ds_number_result result;
	uint64_t value;
	size_t used;
} prefix_case;

static const prefix_case prefix_cases[] = {
    {"", 0, 10, DS_NUMBER_NO_DIGITS, 0, 0},
    {"x1", 0, 10, DS_NUMBER_NO_DIGITS, 0, 0},
    {"652-655", 0, 65535, DS_NUMBER_OK, 652, 3},
    {"1h30m", 0, 1000, DS_NUMBER_OK, 1, 1},
    {"2.5.79.0", 0, UINT32_MAX, DS_NUMBER_OK, 2, 1},
    {"0501.", 0, UINT32_MAX, DS_NUMBER_OK, 501, 4},
    /* Every digit is counted also when the value is too large, so that it can be named. */
    {"99999-1", 0, 65535, DS_NUMBER_TOO_LARGE, 0, 5},
    {"123456789012345678901234", 0, UINT64_MAX, DS_NUMBER_TOO_LARGE, 0, 24},
    /* A span shorter than the text: the digits after it are not read. */
    {"2026-11-24", 4, 9999, DS_NUMBER_OK, 2026, 4},
    {"123456", 3, 999, DS_NUMBER_OK, 123, 3},
    /* A fixed width over a shorter text stops at its NUL. */
    {"20", 4, 9999, DS_NUMBER_OK, 20, 2},
    {"", 2, 99, DS_NUMBER_NO_DIGITS, 0, 0},
};

START_TEST(parse_prefix) {
	const prefix_case *c = &prefix_cases[_i];
	ds_span s = {c->text, c->len != 0 ? c->len : strlen(c->text)};
	uint64_t value = 12345;
	size_t used = 99;
	ds_number_result result = ds_number_prefix(s, c->max, &value, &used);
	ck_assert_msg(result == c->result, "'%s': got %d, expected %d", c->text, (int)result,
	              (int)c->result);
	ck_assert_msg(used == c->used, "'%s': used %zu, expected %zu", c->text, used, c->used);
	ck_assert_msg(value == (c->result == DS_NUMBER_OK ? c->value : 12345), "'%s': value %llu",
	              c->text, (unsigned long long)value);
	ck_assert_uint_eq(ds_number_digits(s), c->used);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("number");
	TCase *tc = tcase_create("number");
	tcase_add_loop_test(tc, parse_whole_span, 0, (int)(sizeof whole_cases / sizeof whole_cases[0]));
	tcase_add_loop_test(tc, parse_prefix, 0, (int)(sizeof prefix_cases / sizeof prefix_cases[0]));
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
