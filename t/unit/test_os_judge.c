/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "os/judge.h"
#include "core/timestamp.h"

static ds_winserver_table table;

static void load_builtin(void) {
	ds_error err;
	ck_assert_msg(ds_winserver_parse(ds_winserver_builtin_text, "built-in table", &table, &err),
	              "%s", err.text);
}

static int64_t day(const char *text) {
	int64_t epoch = 0;
	ck_assert(ds_date_parse(text, &epoch, NULL));
	return epoch + 12 * 3600; /* midday, so that day arithmetic is tested off midnight */
}

static ds_os_facts windows(unsigned major, unsigned minor, unsigned build, const char *install) {
	ds_os_facts f;
	memset(&f, 0, sizeof f);
	f.is_windows = true;
	f.native_bits = 64;
	snprintf(f.machine, sizeof f.machine, "AMD64");
	f.major = major;
	f.minor = minor;
	f.build = build;
	f.product_type = DS_PRODUCT_SERVER;
	snprintf(f.installation_type, sizeof f.installation_type, "%s", install);
	return f;
}

static ds_verdict judge_on(const ds_os_facts *facts, const char *today) {
	ds_os_policy policy = ds_os_policy_default(day(today));
	ds_verdict v;
	ds_verdict_init(&v, "OS");
	ds_os_judge(facts, &table, &policy, &v);
	return v;
}

static char *first_line(const ds_verdict *v) {
	static char text[DS_SUMMARY_MAX + DS_DETAILS_MAX + 1024];
	ck_assert(ds_verdict_format(v, text, sizeof text));
	char *nl = strchr(text, '\n');
	if (nl != NULL) {
		*nl = '\0';
	}
	return text;
}

START_TEST(posix_64_bit_is_ok) {
	ds_os_facts f;
	memset(&f, 0, sizeof f);
	f.native_bits = ds_machine_bits("x86_64");
	snprintf(f.machine, sizeof f.machine, "x86_64");
	snprintf(f.system, sizeof f.system, "Linux 6.1.0");
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(first_line(&v), "DIRSYNC OS OK - Linux 6.1.0 on x86_64 is a 64-bit OS");
}
END_TEST

START_TEST(posix_32_bit_is_critical_and_unknown_machine_is_unknown) {
	ds_os_facts f;
	memset(&f, 0, sizeof f);
	f.native_bits = ds_machine_bits("i686");
	snprintf(f.machine, sizeof f.machine, "i686");
	snprintf(f.system, sizeof f.system, "Linux 6.1.0");
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "32-bit OS") != NULL);

	f.native_bits = ds_machine_bits("pdp11");
	snprintf(f.machine, sizeof f.machine, "pdp11");
	v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert(strstr(v.summary, "'pdp11'") != NULL);
}
END_TEST

START_TEST(machine_bits_table) {
	ck_assert_int_eq(ds_machine_bits("x86_64"), 64);
	ck_assert_int_eq(ds_machine_bits("aarch64"), 64);
	ck_assert_int_eq(ds_machine_bits("AMD64"), 64);
	ck_assert_int_eq(ds_machine_bits("ARM64"), 64);
	ck_assert_int_eq(ds_machine_bits("s390x"), 64);
	ck_assert_int_eq(ds_machine_bits("i686"), 32);
	ck_assert_int_eq(ds_machine_bits("armv7l"), 32);
	ck_assert_int_eq(ds_machine_bits("x86"), 32);
	ck_assert_int_eq(ds_machine_bits(""), 0);
	ck_assert_int_eq(ds_machine_bits(NULL), 0);
	ck_assert_int_eq(ds_machine_bits("x86_6"), 0);
}
END_TEST

START_TEST(server_2019_and_2022_are_ok_with_days_left) {
	ds_os_facts f = windows(10, 0, 17763, "Server");
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC OS OK - Windows Server 2019 (build 17763, 64-bit), full GUI, is "
	                 "supported by Microsoft Entra Connect Sync | support_days_left=776;60:;0:");
	ck_assert(strstr(v.details, "ends on 2029-01-09, in 776 days") != NULL);

	f = windows(10, 0, 20348, "Server");
	v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert(strstr(v.summary, "Windows Server 2022") != NULL);
}
END_TEST

START_TEST(server_2016_warns_as_extended_support_ends) {
	ds_os_facts f = windows(10, 0, 14393, "Server");
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_WARNING);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC OS WARNING - extended support of Windows Server 2016 ends on "
	                 "2027-01-12, in 48 days | support_days_left=48;60:;0:");
	v = judge_on(&f, "2026-11-14"); /* 59 days left */
	ck_assert_int_eq(v.state, DS_WARNING);
	v = judge_on(&f, "2026-11-13"); /* 60 days left: not fewer than 60 */
	ck_assert_int_eq(v.state, DS_OK);
}
END_TEST

START_TEST(lifecycle_edges) {
	ds_os_facts f = windows(10, 0, 14393, "Server");
	ds_verdict v = judge_on(&f, "2026-11-12"); /* 61 days */
	ck_assert_int_eq(v.state, DS_OK);
	v = judge_on(&f, "2027-01-12"); /* last day of support */
	ck_assert_int_eq(v.state, DS_WARNING);
	ck_assert(strstr(v.summary, "in 0 days") != NULL);
	v = judge_on(&f, "2027-01-13");
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "ended on 2027-01-12 (1 days ago)") != NULL);

	ds_os_policy policy = ds_os_policy_default(day("2026-11-25"));
	policy.warning_days = 10;
	policy.critical_days = 49;
	ds_verdict_init(&v, "OS");
	ds_os_judge(&f, &table, &policy, &v);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	policy.warning_days = 48;
	policy.critical_days = 48;
	ds_verdict_init(&v, "OS");
	ds_os_judge(&f, &table, &policy, &v);
	ck_assert_int_eq(v.state, DS_OK);
}
END_TEST

START_TEST(server_2012_r2_is_critical) {
	ds_os_facts f = windows(6, 3, 9600, "Server");
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "Windows Server 2012 R2 (build 9600, 64-bit) is not supported by "
	                            "Microsoft Entra Connect Sync: move to Windows Server 2016, 2019 "
	                            "or 2022 (64-bit, full GUI)") == v.summary);
	ck_assert(strstr(first_line(&v), "support_days_left=-1142;60:;0:") != NULL);
}
END_TEST

START_TEST(server_2025_warns_and_names_the_kb) {
	ds_os_facts f = windows(10, 0, 26100, "Server");
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_WARNING);
	ck_assert(strstr(v.summary, "Windows Server 2025") != NULL);
	ck_assert(strstr(v.summary, "KB5070773") != NULL);
}
END_TEST

START_TEST(client_edition_is_critical) {
	ds_os_facts f = windows(10, 0, 19045, "Client");
	f.product_type = DS_PRODUCT_WORKSTATION;
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(v.summary, "Windows 10.0 build 19045 (client edition, 64-bit) is a client "
	                            "edition: Microsoft Entra Connect Sync needs Windows Server 2016, "
	                            "2019 or 2022 (64-bit, full GUI)");
	ck_assert_uint_eq(v.perf_count, 0);
}
END_TEST

START_TEST(server_core_is_critical) {
	ds_os_facts f = windows(10, 0, 20348, "Server Core");
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(v.summary, "Server Core installation: Microsoft Entra Connect Sync needs the "
	                            "full GUI (Server with Desktop Experience)");
}
END_TEST

START_TEST(domain_controller_is_judged_as_a_server) {
	ds_os_facts f = windows(10, 0, 17763, "Server");
	f.product_type = DS_PRODUCT_DOMAIN_CONTROLLER;
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert(strstr(v.details, "domain controller") != NULL);
}
END_TEST

START_TEST(thirty_two_bit_windows_is_critical) {
	ds_os_facts f = windows(6, 1, 7601, "Server");
	f.native_bits = 32;
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "is 32-bit") != NULL);
	ck_assert(strstr(v.summary, "more problems below") != NULL);
}
END_TEST

START_TEST(arch_only_ignores_the_release) {
	ds_os_facts f = windows(6, 3, 9600, "Server Core");
	ds_os_policy policy = ds_os_policy_default(day("2026-11-25"));
	policy.arch_only = true;
	ds_verdict v;
	ds_verdict_init(&v, "OS");
	ds_os_judge(&f, &table, &policy, &v);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(v.summary, "Windows Server 2012 R2 (build 9600, 64-bit) is a 64-bit Windows");

	f.native_bits = 32;
	ds_verdict_init(&v, "OS");
	ds_os_judge(&f, &table, &policy, &v);
	ck_assert_int_eq(v.state, DS_CRITICAL);
}
END_TEST

START_TEST(unknown_builds) {
	ds_os_facts newer = windows(10, 0, 30000, "Server");
	ds_verdict v = judge_on(&newer, "2026-11-25");
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert(strstr(v.summary, "not a Windows Server release in the built-in table") != NULL);
	ck_assert(strstr(v.summary, "--os-table") != NULL);

	ds_os_facts older = windows(6, 1, 7600, "Server");
	v = judge_on(&older, "2026-11-25");
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "older than Windows Server 2016") != NULL);

	ds_os_facts unknown_width = windows(10, 0, 17763, "Server");
	unknown_width.native_bits = 0;
	v = judge_on(&unknown_width, "2026-11-25");
	ck_assert_int_eq(v.state, DS_UNKNOWN);
}
END_TEST

START_TEST(missing_facts_are_unknown_never_ok) {
	ds_os_facts f = windows(10, 0, 17763, "");
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert(strstr(v.summary, "InstallationType") != NULL);

	f = windows(10, 0, 17763, "Server");
	f.product_type = DS_PRODUCT_UNKNOWN;
	v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_UNKNOWN);

	f = windows(10, 0, 17763, "Nano Server");
	v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_CRITICAL);

	f = windows(10, 0, 17763, "Weird");
	v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert(strstr(v.summary, "'Weird'") != NULL);
}
END_TEST

START_TEST(worst_problem_leads_and_all_are_listed) {
	ds_os_facts f = windows(10, 0, 14393, "Server Core");
	ds_verdict v = judge_on(&f, "2026-11-25");
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "Server Core") == v.summary);
	ck_assert(strstr(v.details, "CRITICAL: Server Core") != NULL);
	ck_assert(strstr(v.details, "WARNING: extended support of Windows Server 2016") != NULL);
}
END_TEST

/* The table's age is in the long output whenever the release is judged; the clock is a
 * parameter. The built-in table is as of 2026-11-25. */
START_TEST(the_long_output_says_how_old_the_table_is) {
	ds_os_facts f = windows(10, 0, 20348, "Server");
	ds_verdict v = judge_on(&f, "2026-12-02");
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_msg(strstr(v.details, "Windows Server table as of 2026-11-25, 7 days old (built-in "
	                                "table)\n") != NULL,
	              "%s", v.details);
	v = judge_on(&f, "2026-11-26");
	ck_assert(strstr(v.details, "Windows Server table as of 2026-11-25, 1 day old") != NULL);
	/* Years on, the table's age changes no state (2022 is supported until 2031). */
	v = judge_on(&f, "2028-01-01");
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert(strstr(v.details, "Windows Server table as of 2026-11-25, 402 days old") != NULL);
	v = judge_on(&f, "2026-11-20");
	ck_assert(strstr(v.details, "5 days after today (is the clock right?)") != NULL);
	/* --arch-only does not consult the table. */
	ds_os_policy policy = ds_os_policy_default(day("2026-12-02"));
	policy.arch_only = true;
	ds_verdict_init(&v, "OS");
	ds_os_judge(&f, &table, &policy, &v);
	ck_assert_ptr_null(strstr(v.details, "Windows Server table"));
}
END_TEST

int main(void) {
	Suite *suite = suite_create("os_judge");
	TCase *tc = tcase_create("os_judge");
	tcase_add_checked_fixture(tc, load_builtin, NULL);
	tcase_add_test(tc, posix_64_bit_is_ok);
	tcase_add_test(tc, posix_32_bit_is_critical_and_unknown_machine_is_unknown);
	tcase_add_test(tc, machine_bits_table);
	tcase_add_test(tc, server_2019_and_2022_are_ok_with_days_left);
	tcase_add_test(tc, server_2016_warns_as_extended_support_ends);
	tcase_add_test(tc, lifecycle_edges);
	tcase_add_test(tc, server_2012_r2_is_critical);
	tcase_add_test(tc, server_2025_warns_and_names_the_kb);
	tcase_add_test(tc, client_edition_is_critical);
	tcase_add_test(tc, server_core_is_critical);
	tcase_add_test(tc, domain_controller_is_judged_as_a_server);
	tcase_add_test(tc, thirty_two_bit_windows_is_critical);
	tcase_add_test(tc, arch_only_ignores_the_release);
	tcase_add_test(tc, unknown_builds);
	tcase_add_test(tc, missing_facts_are_unknown_never_ok);
	tcase_add_test(tc, worst_problem_leads_and_all_are_listed);
	tcase_add_test(tc, the_long_output_says_how_old_the_table_is);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
