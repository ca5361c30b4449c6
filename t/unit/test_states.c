/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include "core/states.h"

START_TEST(names_and_exit_codes) {
	ck_assert_str_eq(ds_state_name(DS_OK), "OK");
	ck_assert_str_eq(ds_state_name(DS_WARNING), "WARNING");
	ck_assert_str_eq(ds_state_name(DS_CRITICAL), "CRITICAL");
	ck_assert_str_eq(ds_state_name(DS_UNKNOWN), "UNKNOWN");
	ck_assert_str_eq(ds_state_name((ds_state)7), "UNKNOWN");
	ck_assert_int_eq(DS_OK, 0);
	ck_assert_int_eq(DS_WARNING, 1);
	ck_assert_int_eq(DS_CRITICAL, 2);
	ck_assert_int_eq(DS_UNKNOWN, 3);
}
END_TEST

START_TEST(parse_words_and_digits) {
	ds_state s = DS_OK;
	ck_assert(ds_state_parse("critical", &s));
	ck_assert_int_eq(s, DS_CRITICAL);
	ck_assert(ds_state_parse("Warning", &s));
	ck_assert_int_eq(s, DS_WARNING);
	ck_assert(ds_state_parse("3", &s));
	ck_assert_int_eq(s, DS_UNKNOWN);
	ck_assert(ds_state_parse("OK", &s));
	ck_assert_int_eq(s, DS_OK);
	ck_assert(!ds_state_parse("4", &s));
	ck_assert(!ds_state_parse("", &s));
	ck_assert(!ds_state_parse("crit", &s));
	ck_assert(!ds_state_parse("okay", &s));
	ck_assert(!ds_state_parse(NULL, &s));
}
END_TEST

START_TEST(worse_never_hides_a_problem) {
	ck_assert_int_eq(ds_state_worse(DS_OK, DS_UNKNOWN), DS_UNKNOWN);
	ck_assert_int_eq(ds_state_worse(DS_UNKNOWN, DS_WARNING), DS_WARNING);
	ck_assert_int_eq(ds_state_worse(DS_CRITICAL, DS_UNKNOWN), DS_CRITICAL);
	ck_assert_int_eq(ds_state_worse(DS_WARNING, DS_CRITICAL), DS_CRITICAL);
	ck_assert_int_eq(ds_state_worse(DS_OK, DS_OK), DS_OK);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("states");
	TCase *tc = tcase_create("states");
	tcase_add_test(tc, names_and_exit_codes);
	tcase_add_test(tc, parse_words_and_digits);
	tcase_add_test(tc, worse_never_hides_a_problem);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
