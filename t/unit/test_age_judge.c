/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <string.h>

#include "age/judge.h"
#include "core/duration.h"

#define NOW 1795532301 /* 2026-11-24T14:58:21Z */

static ds_age_policy policy(const char *warning, const char *critical) {
	ds_age_policy p = {.disabled_state = DS_CRITICAL, .now = NOW};
	p.thresholds.has_warning = true;
	p.thresholds.has_critical = true;
	ck_assert(ds_duration_range_parse(warning, &p.thresholds.warning, NULL));
	ck_assert(ds_duration_range_parse(critical, &p.thresholds.critical, NULL));
	return p;
}

static ds_org_sync synced(int64_t ago) {
	ds_org_sync f = {.sync_enabled = DS_TRUE, .has_last_sync = true, .last_sync = NOW - ago};
	return f;
}

static const char *format(const ds_verdict *v) {
	static char text[8192];
	ck_assert(ds_verdict_format(v, text, sizeof text));
	return text;
}

static ds_verdict judge(const ds_org_sync *f, const ds_age_policy *p) {
	ds_verdict v;
	ds_verdict_init(&v, "AGE");
	ds_age_judge(f, p, &v);
	return v;
}

START_TEST(fresh_sync_is_ok_with_the_documented_output) {
	ds_org_sync f = synced(721);
	ds_age_policy p = policy("1h", "3h");
	ds_verdict v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(format(&v), "DIRSYNC AGE OK - last sync 12m1s ago (2026-11-24 14:46:20 UTC) | "
	                             "sync_age=721s;3600;10800;0\n"
	                             "last directory sync 12m1s ago (2026-11-24 14:46:20 UTC)\n");
}
END_TEST

START_TEST(thresholds_edges) {
	ds_age_policy p = policy("1h", "3h");
	ds_org_sync f = synced(3600);
	ck_assert_int_eq(judge(&f, &p).state, DS_OK);
	f = synced(3601);
	ck_assert_int_eq(judge(&f, &p).state, DS_WARNING);
	f = synced(10800);
	ck_assert_int_eq(judge(&f, &p).state, DS_WARNING);
	f = synced(10801);
	ds_verdict v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "last sync 3h ago") == v.summary);
	ds_age_policy inverted = policy("@0:30m", "@0:10m");
	f = synced(300);
	ck_assert_int_eq(judge(&f, &inverted).state, DS_CRITICAL);
	f = synced(1200);
	ck_assert_int_eq(judge(&f, &inverted).state, DS_WARNING);
	f = synced(3600);
	ck_assert_int_eq(judge(&f, &inverted).state, DS_OK);
}
END_TEST

START_TEST(null_time_is_unknown_naming_both_causes) {
	ds_org_sync f = {.sync_enabled = DS_NULL, .has_last_sync = false};
	ds_age_policy p = policy("1h", "3h");
	ds_verdict v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert(strstr(v.summary, "Organization.Read.All") != NULL);
	ck_assert(strstr(v.summary, "never synced") != NULL);
	ck_assert_uint_eq(v.perf_count, 0);
}
END_TEST

START_TEST(disabled_sync_uses_the_disabled_state) {
	ds_org_sync f = synced(3 * 86400);
	f.sync_enabled = DS_FALSE;
	ds_age_policy p = policy("1h", "3h");
	ds_verdict v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "directory sync is turned off for this tenant") == v.summary);
	ck_assert(strstr(v.summary, "last sync 3d ago") != NULL);
	p.disabled_state = DS_WARNING;
	ck_assert_int_eq(judge(&f, &p).state, DS_WARNING);
	p.disabled_state = DS_OK;
	ck_assert_int_eq(judge(&f, &p).state, DS_OK);
}
END_TEST

/* Up to 5 minutes ahead is clock skew: age 0, and a detail names the clock. */
START_TEST(future_time_is_age_zero_with_a_note) {
	ds_org_sync f = synced(-300);
	ds_age_policy p = policy("1h", "3h");
	ds_verdict v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert(strstr(format(&v), "sync_age=0s;3600;10800;0") != NULL);
	ck_assert(strstr(v.details, "5m in the future: check this server's clock (NTP)") != NULL);
}
END_TEST

/* Further ahead, "synced 0 s ago" would hide a sync that stopped. */
START_TEST(time_far_in_the_future_is_unknown_naming_the_clock) {
	ds_age_policy p = policy("1h", "3h");
	ds_org_sync f = synced(-301);
	ds_verdict v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert_str_eq(v.summary, "Graph's last sync time 2026-11-24 15:03:22 UTC is 5m1s in the "
	                            "future: check this server's clock (NTP); if it is right, "
	                            "Graph's time is wrong and the age cannot be judged");
	ck_assert_uint_eq(v.perf_count, 0);
	f = synced(-600);
	ck_assert_int_eq(judge(&f, &p).state, DS_UNKNOWN);
	/* 9999-12-31T23:59:59Z, as a broken tenant sent it. */
	f.last_sync = INT64_C(253402300799);
	v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert(strstr(v.summary, "Graph's last sync time 9999-12-31 23:59:59 UTC is ") == v.summary);
	ck_assert(strstr(v.summary,
	                 " UTC is 2912115d9h in the future: check this server's clock (NTP)") != NULL);
	/* Whatever else is asked: a disabled sync, and a password sync time too far ahead. */
	f.sync_enabled = DS_FALSE;
	ck_assert_int_eq(judge(&f, &p).state, DS_UNKNOWN);
	f = synced(600);
	f.password_sync_asked = true;
	f.has_password_sync = true;
	f.password_sync = NOW + 3600;
	v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert(strstr(v.summary, "Graph's last password sync time ") == v.summary);
	ck_assert(strstr(v.summary, "is 1h in the future: check this server's clock") != NULL);
	ck_assert_uint_eq(v.perf_count, 0);
}
END_TEST

START_TEST(password_sync_older_decides) {
	ds_org_sync f = synced(600);
	f.password_sync_asked = true;
	f.has_password_sync = true;
	f.password_sync = NOW - 4 * 3600;
	ds_age_policy p = policy("1h", "3h");
	ds_verdict v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "last password sync 4h ago") == v.summary);
	ck_assert(strstr(format(&v),
	                 "sync_age=600s;3600;10800;0 password_sync_age=14400s;3600;10800;0") != NULL);

	f.password_sync = NOW - 60;
	v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert(strstr(v.summary, "last sync 10m ago") == v.summary);
}
END_TEST

START_TEST(password_sync_null_is_reported_not_failed) {
	ds_org_sync f = synced(600);
	f.password_sync_asked = true;
	f.has_password_sync = false;
	ds_age_policy p = policy("1h", "3h");
	ds_verdict v = judge(&f, &p);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert(strstr(v.details, "no password hash sync time") != NULL);
	ck_assert_uint_eq(v.perf_count, 1);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("age_judge");
	TCase *tc = tcase_create("age_judge");
	tcase_add_test(tc, fresh_sync_is_ok_with_the_documented_output);
	tcase_add_test(tc, thresholds_edges);
	tcase_add_test(tc, null_time_is_unknown_naming_both_causes);
	tcase_add_test(tc, disabled_sync_uses_the_disabled_state);
	tcase_add_test(tc, future_time_is_age_zero_with_a_note);
	tcase_add_test(tc, time_far_in_the_future_is_unknown_naming_the_clock);
	tcase_add_test(tc, password_sync_older_decides);
	tcase_add_test(tc, password_sync_null_is_reported_not_failed);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
