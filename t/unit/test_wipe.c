/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "core/wipe.h"

START_TEST(wipe_zeroes_every_byte) {
	char secret[64];
	memset(secret, 'S', sizeof secret);
	ds_wipe(secret, sizeof secret - 8);
	for (size_t i = 0; i < sizeof secret - 8; i++) {
		ck_assert_int_eq(secret[i], 0);
	}
	/* Not one byte more. */
	ck_assert_int_eq(secret[sizeof secret - 8], 'S');
}
END_TEST

START_TEST(wipe_nothing_is_fine) {
	ds_wipe(NULL, 10);
	char one = 'x';
	ds_wipe(&one, 0);
	ck_assert_int_eq(one, 'x');
	ds_wipe_free_string(NULL);
}
END_TEST

/* The string is freed (AddressSanitizer and valgrind see a leak or a double free). */
START_TEST(wipe_free_string_frees) {
	char *copy = malloc(32);
	ck_assert_ptr_nonnull(copy);
	strcpy(copy, "Kx8Q~not.a.real.secret");
	ds_wipe_free_string(copy);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("wipe");
	TCase *tc = tcase_create("wipe");
	tcase_add_test(tc, wipe_zeroes_every_byte);
	tcase_add_test(tc, wipe_nothing_is_fine);
	tcase_add_test(tc, wipe_free_string_frees);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
