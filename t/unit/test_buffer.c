/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The one growable buffer: bytes kept across growth, always NUL-terminated, what is cut
 * wiped, sizes that would overflow refused. */
#include "unit.h"

#include <stdint.h>
#include <string.h>

#include "core/buffer.h"

START_TEST(appends_grow_and_keep_the_bytes) {
	ds_buffer b = {0};
	ck_assert(ds_buffer_reserve(&b, 0));
	ck_assert_str_eq(b.data, "");
	char expected[5000];
	for (size_t i = 0; i < sizeof expected - 1; i++) {
		char c = (char)('a' + i % 26);
		expected[i] = c;
		ck_assert(ds_buffer_append(&b, &c, 1));
		ck_assert_uint_eq(b.len, i + 1);
		ck_assert_int_eq(b.data[b.len], '\0');
		ck_assert_uint_gt(b.capacity, b.len);
	}
	expected[sizeof expected - 1] = '\0';
	ck_assert_str_eq(b.data, expected);
	ck_assert(ds_buffer_append(&b, "\0x", 2)); /* bytes, not text */
	ck_assert_uint_eq(b.len, sizeof expected + 1);
	ds_buffer_free(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len + b.capacity, 0);
}
END_TEST

START_TEST(truncate_wipes_what_it_cuts) {
	ds_buffer b = {0};
	ck_assert(ds_buffer_append(&b, "client_secret=S3cr3t", 20));
	ds_buffer_truncate(&b, 14);
	ck_assert_str_eq(b.data, "client_secret=");
	for (size_t i = 14; i < 20; i++) {
		ck_assert_int_eq(b.data[i], 0);
	}
	ds_buffer_truncate(&b, 99); /* longer than the content: nothing to cut */
	ck_assert_uint_eq(b.len, 14);
	ds_buffer_free(&b);
}
END_TEST

START_TEST(sizes_that_overflow_are_refused) {
	ds_buffer b = {0};
	ck_assert(ds_buffer_append(&b, "abc", 3));
	ck_assert(!ds_buffer_reserve(&b, SIZE_MAX - 1));
	ck_assert(!ds_buffer_reserve(&b, SIZE_MAX / 2));
	ck_assert_str_eq(b.data, "abc");
	ds_buffer_free(&b);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("buffer");
	TCase *tc = tcase_create("buffer");
	tcase_add_test(tc, appends_grow_and_keep_the_bytes);
	tcase_add_test(tc, truncate_wipes_what_it_cuts);
	tcase_add_test(tc, sizes_that_overflow_are_refused);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
