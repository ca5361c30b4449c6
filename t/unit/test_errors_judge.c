/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "core/range.h"
#include "errors/judge.h"

#define KEPT DS_ERRORS_LIST_VERBOSE
static ds_errored_object kept[KEPT];

static ds_errors_policy policy(const char *warning, const char *critical) {
	ds_errors_policy p = {.list_max = DS_ERRORS_LIST_DEFAULT, .types = {true, true, true}};
	p.thresholds.has_warning = true;
	ck_assert(ds_range_parse(warning, &p.thresholds.warning, NULL));
	if (critical != NULL) {
		p.thresholds.has_critical = true;
		ck_assert(ds_range_parse(critical, &p.thresholds.critical, NULL));
	}
	return p;
}

static ds_errors_scan scan_with(size_t users, size_t groups) {
	ds_errors_scan s = {.kept = kept, .kept_max = KEPT, .pages = 3};
	s.scanned[DS_OBJECT_USER] = 100;
	s.scanned[DS_OBJECT_GROUP] = 10;
	s.scanned[DS_OBJECT_CONTACT] = 1;
	for (size_t i = 0; i < users + groups && i < KEPT; i++) {
		ds_errored_object *o = &kept[i];
		memset(o, 0, sizeof *o);
		o->type = i < users ? DS_OBJECT_USER : DS_OBJECT_GROUP;
		snprintf(o->name, sizeof o->name, i == 0 ? "bob@contoso.com" : "object%zu@contoso.com", i);
		snprintf(o->category, sizeof o->category, "PropertyConflict");
		snprintf(o->property, sizeof o->property, "ProxyAddress");
		/* The names above are short; a cut value would only shorten the expected text. */
		int written = snprintf(o->value, sizeof o->value, "smtp:%.64s", o->name);
		ck_assert(written > 0 && (size_t)written < sizeof o->value);
		o->has_since = true;
		o->since = 1795168800;
		s.kept_count++;
	}
	s.in_error[DS_OBJECT_USER] = users;
	s.in_error[DS_OBJECT_GROUP] = groups;
	return s;
}

static const char *format(const ds_verdict *v) {
	static char text[8192];
	ck_assert(ds_verdict_format(v, text, sizeof text));
	return text;
}

static ds_verdict judge(const ds_errors_scan *s, const ds_errors_policy *p) {
	ds_verdict v;
	ds_verdict_init(&v, "ERRORS");
	ds_errors_judge(s, p, &v);
	return v;
}

START_TEST(the_documented_first_line) {
	ds_errors_scan s = scan_with(2, 1);
	ds_errors_policy p = policy(DS_ERRORS_DEFAULT_WARNING, NULL);
	ds_verdict v = judge(&s, &p);
	ck_assert_int_eq(v.state, DS_WARNING);
	const char *text = format(&v);
	ck_assert_msg(strncmp(text,
	                      "DIRSYNC ERRORS WARNING - 3 objects do not sync (2 users, 1 group): "
	                      "bob@contoso.com ProxyAddress smtp:bob@contoso.com taken by another "
	                      "object | errors=3;0;;0 users=2 groups=1 contacts=0\n",
	                      strlen("DIRSYNC ERRORS WARNING - 3 objects do not sync (2 users, 1 "
	                             "group): bob@contoso.com ProxyAddress smtp:bob@contoso.com "
	                             "taken by another object | errors=3;0;;0 users=2 groups=1 "
	                             "contacts=0\n")) == 0,
	              "%s", text);
	ck_assert(strstr(text, "100 users, 10 groups and 1 contact read in 3 pages\n") != NULL);
	ck_assert(strstr(text, "user bob@contoso.com: ProxyAddress smtp:bob@contoso.com taken by "
	                       "another object since 2026-11-20 10:00:00 UTC\n") != NULL);
	ck_assert(strstr(text, "\ngroup object2@contoso.com: ") != NULL);
}
END_TEST

START_TEST(no_error_is_ok) {
	ds_errors_scan s = scan_with(0, 0);
	ds_errors_policy p = policy("0", NULL);
	ds_verdict v = judge(&s, &p);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(v.summary,
	                 "no object is refused by the cloud (100 users, 10 groups and 1 contact read)");
}
END_TEST

START_TEST(thresholds_on_the_count) {
	ds_errors_scan s = scan_with(3, 0);
	ds_errors_policy p = policy("3", "5");
	ck_assert_int_eq(judge(&s, &p).state, DS_OK);
	s = scan_with(4, 0);
	ck_assert_int_eq(judge(&s, &p).state, DS_WARNING);
	s = scan_with(6, 0);
	ck_assert_int_eq(judge(&s, &p).state, DS_CRITICAL);
	s = scan_with(1, 0);
	ds_verdict v = judge(&s, &p);
	ck_assert(strncmp(v.summary, "1 object does not sync (1 user): ", 33) == 0);
}
END_TEST

START_TEST(only_the_types_read_have_perfdata) {
	ds_errors_scan s = scan_with(1, 0);
	ds_errors_policy p = policy("0", NULL);
	p.types[DS_OBJECT_GROUP] = false;
	p.types[DS_OBJECT_CONTACT] = false;
	ds_verdict v = judge(&s, &p);
	ck_assert_uint_eq(v.perf_count, 2);
	ck_assert_str_eq(v.perf[1].label, "users");
	ck_assert(strstr(v.details, "100 users read in 3 pages") != NULL);
}
END_TEST

/* Names and values as long as Graph's texts are kept (the longest lines there are). */
static void make_long(size_t count) {
	for (size_t i = 0; i < count; i++) {
		int n = snprintf(kept[i].name, sizeof kept[i].name, "%zu", i);
		memset(kept[i].name + n, 'n', sizeof kept[i].name - 1 - (size_t)n);
		kept[i].name[sizeof kept[i].name - 1] = '\0';
		memset(kept[i].value, 'v', sizeof kept[i].value - 1);
		kept[i].value[sizeof kept[i].value - 1] = '\0';
		kept[i].further_errors = 3;
	}
}

static size_t lines_naming_objects(const char *details) {
	size_t count = 0;
	for (const char *at = details; (at = strstr(at, "\nuser ")) != NULL; at++) {
		count++;
	}
	return count;
}

START_TEST(the_list_is_bounded_and_says_how_many_more) {
	ds_errors_scan s = scan_with(25, 0);
	ds_errors_policy p = policy("0", NULL);
	ds_verdict v = judge(&s, &p);
	ck_assert(strstr(v.details, "and 5 more objects in error (-v lists up to 1000)") != NULL);
	ck_assert(strstr(v.details, "object19@") != NULL);
	ck_assert(strstr(v.details, "object20@") == NULL);
}
END_TEST

START_TEST(twenty_objects_of_the_longest_kind_are_all_listed) {
	ds_errors_scan s = scan_with(20, 0);
	make_long(20);
	ds_errors_policy p = policy("0", NULL);
	ds_verdict v = judge(&s, &p);
	ck_assert_uint_eq(lines_naming_objects(v.details), 20);
	ck_assert(strstr(v.details, "more object") == NULL);
}
END_TEST

START_TEST(verbose_lists_hundreds_then_says_the_output_is_full) {
	ds_errors_scan s = scan_with(300, 0);
	ds_errors_policy p = policy("0", NULL);
	p.list_max = DS_ERRORS_LIST_VERBOSE;
	ds_verdict v = judge(&s, &p);
	ck_assert_uint_eq(lines_naming_objects(v.details), 300);
	ck_assert(strstr(v.details, "more object") == NULL);

	s = scan_with(KEPT, 0);
	make_long(KEPT);
	s.in_error[DS_OBJECT_USER] = 2000;
	v = judge(&s, &p);
	size_t listed = lines_naming_objects(v.details);
	ck_assert_uint_gt(listed, 100);
	char closing[128];
	snprintf(closing, sizeof closing,
	         "\nand %zu more objects in error (the long output holds no more: 60 KiB, the most "
	         "NRPE carries)\n",
	         (size_t)2000 - listed);
	ck_assert_msg(strstr(v.details, closing) != NULL, "%s", v.details + v.details_len - 200);
	ck_assert_uint_lt(v.details_len, sizeof v.details - 1);
}
END_TEST

START_TEST(the_summary_stays_short) {
	ds_errors_scan s = scan_with(1, 0);
	memset(kept[0].name, 'n', sizeof kept[0].name - 1);
	kept[0].name[sizeof kept[0].name - 1] = '\0';
	memset(kept[0].value, 'v', sizeof kept[0].value - 1);
	kept[0].value[sizeof kept[0].value - 1] = '\0';
	ds_errors_policy p = policy("0", NULL);
	ds_verdict v = judge(&s, &p);
	ck_assert_uint_lt(strlen(v.summary), 200);
	ck_assert(strstr(v.summary, "n... ProxyAddress vvv") != NULL);
}
END_TEST

START_TEST(other_categories_are_named) {
	ds_errors_scan s = scan_with(1, 0);
	snprintf(kept[0].category, sizeof kept[0].category, "SomethingNew");
	ds_errors_policy p = policy("0", NULL);
	ds_verdict v = judge(&s, &p);
	ck_assert(strstr(v.summary, "smtp:bob@contoso.com refused (SomethingNew)") != NULL);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("errors_judge");
	TCase *tc = tcase_create("errors_judge");
	tcase_add_test(tc, the_documented_first_line);
	tcase_add_test(tc, no_error_is_ok);
	tcase_add_test(tc, thresholds_on_the_count);
	tcase_add_test(tc, only_the_types_read_have_perfdata);
	tcase_add_test(tc, the_list_is_bounded_and_says_how_many_more);
	tcase_add_test(tc, twenty_objects_of_the_longest_kind_are_all_listed);
	tcase_add_test(tc, verbose_lists_hundreds_then_says_the_output_is_full);
	tcase_add_test(tc, the_summary_stays_short);
	tcase_add_test(tc, other_categories_are_named);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
