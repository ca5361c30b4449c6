/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "core/lifecycle.h"
#include "core/timestamp.h"
#include "version/judge.h"

static ds_release_table table;

static void load_builtin(void) {
	ds_error err;
	ck_assert_msg(ds_releases_parse(ds_releases_builtin_text, "built-in table", &table, &err), "%s",
	              err.text);
}

static int64_t at(const char *day, int seconds) {
	int64_t epoch = 0;
	ck_assert_msg(ds_date_parse(day, &epoch, NULL), "bad test date %s", day);
	return epoch + seconds;
}

/* Midday, so that day arithmetic is tested off midnight. */
static int64_t day(const char *text) {
	return at(text, 12 * 3600);
}

static ds_version_facts installed(const char *build) {
	ds_version_facts f;
	memset(&f, 0, sizeof f);
	if (build != NULL) {
		ds_error err;
		ck_assert_msg(ds_version_parse(build, &f.version, &err), "%s", err.text);
		f.has_version = true;
	}
	(void)snprintf(f.source, sizeof f.source, "%s", "--installed-version");
	return f;
}

static ds_verdict judge_with(const ds_version_facts *facts, const ds_release_table *t, int64_t now,
                             unsigned warning_days, unsigned critical_days) {
	ds_version_policy policy = {
	    .warning_days = warning_days, .critical_days = critical_days, .now = now};
	ds_verdict v;
	ds_verdict_init(&v, "VERSION");
	ds_version_judge(facts, t, &policy, &v);
	return v;
}

static ds_verdict judge(const char *build, int64_t now) {
	ds_version_facts f = installed(build);
	return judge_with(&f, &table, now, DS_LIFECYCLE_DEFAULT_WARNING_DAYS,
	                  DS_LIFECYCLE_DEFAULT_CRITICAL_DAYS);
}

/* The first line of the plugin output, which must stay under 200 bytes. */
static const char *first_line(const ds_verdict *v) {
	static char text[DS_SUMMARY_MAX + DS_DETAILS_MAX + 1024];
	ck_assert(ds_verdict_format(v, text, sizeof text));
	char *nl = strchr(text, '\n');
	if (nl != NULL) {
		*nl = '\0';
	}
	ck_assert_msg(strlen(text) < 200, "first line is %zu bytes: %s", strlen(text), text);
	return text;
}

static void assert_details(const ds_verdict *v, const char *expected) {
	ck_assert_msg(strstr(v->details, expected) != NULL, "details lack '%s':\n%s", expected,
	              v->details);
}

/* A build judged with the default thresholds at a moment: the state, and the whole first
 * line or a part of the summary. */
typedef struct judged_case {
	const char *build;
	const char *day;
	int second; /* of the day; -1: midday */
	ds_state state;
	const char *first_line; /* NULL: only part is checked */
	const char *part;       /* of the summary; NULL: the first line is checked */
} judged_case;

static const judged_case judged[] = {
    {"1.0.100.0", "2026-11-25", -1, DS_CRITICAL,
     "DIRSYNC VERSION CRITICAL - 1.0.100.0 is older than every known sync tool build: it no "
     "longer syncs; install the current Microsoft Entra Connect Sync (2.6.92.0)",
     NULL},
    /* Below the minimum, on the cut-off day itself and before it: CRITICAL, with the right
     * tense. */
    {"2.5.76.0", "2026-09-30", 0, DS_CRITICAL, NULL, "no longer syncs since 2026-09-30"},
    {"2.5.76.0", "2026-09-01", -1, DS_CRITICAL, NULL,
     "Entra Connect 2.5.76.0 stops syncing on 2026-09-30 (in 29 days) (builds below "
     "2.5.79.0): upgrade to 2.6.92.0"},
    {"2.5.76.0", "2026-09-29", 86399, DS_CRITICAL, NULL, "(in 1 day)"},
    /* The end of support of 2.5.190.0 (2027-02-02): the day before, 1 day left. */
    {"2.5.190.0", "2027-02-01", 86399, DS_WARNING,
     "DIRSYNC VERSION WARNING - Entra Connect 2.5.190.0 retires 2027-02-02 (1 day); upgrade to "
     "2.6.92.0 | support_days_left=1;60:;0:",
     NULL},
    /* The last supported day, from its first to its last second: 0 left, WARNING (0 < 60)
     * but not CRITICAL (0 is not below 0). */
    {"2.5.190.0", "2027-02-02", 0, DS_WARNING,
     "DIRSYNC VERSION WARNING - Entra Connect 2.5.190.0 retires today (2027-02-02); upgrade to "
     "2.6.92.0 | support_days_left=0;60:;0:",
     NULL},
    {"2.5.190.0", "2027-02-02", 86399, DS_WARNING,
     "DIRSYNC VERSION WARNING - Entra Connect 2.5.190.0 retires today (2027-02-02); upgrade to "
     "2.6.92.0 | support_days_left=0;60:;0:",
     NULL},
    /* The day after: retired, CRITICAL. */
    {"2.5.190.0", "2027-02-03", 0, DS_CRITICAL,
     "DIRSYNC VERSION CRITICAL - Entra Connect 2.5.190.0 retired on 2027-02-02 (1 day ago) and "
     "may stop working any time; upgrade to 2.6.92.0 | support_days_left=-1;60:;0:",
     NULL},
    /* Far ahead: OK. */
    {"2.5.190.0", "2026-11-25", -1, DS_OK, NULL,
     "Entra Connect 2.5.190.0 retires 2027-02-02 (69 days); upgrade to 2.6.92.0"},
    {"2.6.91.0", "2026-11-25", -1, DS_OK,
     "DIRSYNC VERSION OK - Entra Connect 2.6.91.0 retires 2027-09-23 (302 days); upgrade to "
     "2.6.92.0 | support_days_left=302;60:;0:",
     NULL},
};

START_TEST(judged_builds) {
	const judged_case *c = &judged[_i];
	int64_t now = c->second < 0 ? day(c->day) : at(c->day, c->second);
	ds_verdict v = judge(c->build, now);
	ck_assert_msg(v.state == c->state, "%s at %s: state %d, not %d", c->build, c->day, (int)v.state,
	              (int)c->state);
	if (c->first_line != NULL) {
		ck_assert_str_eq(first_line(&v), c->first_line);
	} else {
		ck_assert_msg(strstr(v.summary, c->part) != NULL, "%s at %s: '%s' lacks '%s'", c->build,
		              c->day, v.summary, c->part);
	}
}
END_TEST

START_TEST(dirsync_without_a_build_is_critical) {
	ds_version_facts f = installed(NULL);
	f.dirsync_without_version = true;
	(void)snprintf(f.source, sizeof f.source, "%s",
	               "registry HKLM\\SOFTWARE\\Microsoft\\MSOLCoExistence");
	ds_verdict v = judge_with(&f, &table, day("2026-11-25"), 60, 0);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC VERSION CRITICAL - DirSync is installed (build unknown): it no "
	                 "longer syncs since 2021-04-01: install the current Microsoft Entra Connect "
	                 "Sync (2.6.92.0)");
	assert_details(&v, "version from: registry HKLM\\SOFTWARE\\Microsoft\\MSOLCoExistence\n");
	assert_details(&v, "generation: DirSync\n");
	ck_assert_uint_eq(v.perf_count, 0);
}
END_TEST

START_TEST(no_version_is_unknown) {
	ds_version_facts f = installed(NULL);
	ds_verdict v = judge_with(&f, &table, day("2026-11-25"), 60, 0);
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert_str_eq(first_line(&v), "DIRSYNC VERSION UNKNOWN - no sync tool version was found");
	assert_details(&v, "version from: --installed-version\n");
}
END_TEST

START_TEST(a_version_without_four_parts_is_unknown) {
	ds_verdict v = judge("2.6", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert_str_eq(first_line(&v), "DIRSYNC VERSION UNKNOWN - invalid version '2.6': expected "
	                                 "four dotted numbers such as 2.6.92.0");
	v = judge("2.6.92.0.1", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert(strstr(v.summary, "'2.6.92.0.1'") != NULL);
}
END_TEST

START_TEST(every_old_generation_is_critical_and_named) {
	ds_verdict v = judge("1.0.7020.0", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC VERSION CRITICAL - DirSync 1.0.7020.0 no longer syncs (since "
	                 "2021-04-01): install the current Microsoft Entra Connect Sync (2.6.92.0)");
	assert_details(&v, "generation: DirSync\n");
	assert_details(&v, "end of support: 2017-04-13\n");

	v = judge("1.0.6385.12", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(v.summary, "DirSync 1.0.6385.12 no longer syncs (since 2021-04-01): install "
	                            "the current Microsoft Entra Connect Sync (2.6.92.0)");
	assert_details(&v, "released: 2013-06-01\n");

	v = judge("1.0.494.0501", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(v.summary, "Azure AD Sync 1.0.494.0501 no longer syncs (since 2021-04-01): "
	                            "install the current Microsoft Entra Connect Sync (2.6.92.0)");
	assert_details(&v, "generation: Azure AD Sync\n");
	assert_details(&v, "released: 2015-05-01\n");

	v = judge("1.0.419.0911", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "Azure AD Sync 1.0.419.0911 no longer syncs") == v.summary);

	v = judge("1.6.16.0", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC VERSION CRITICAL - Azure AD Connect 1.x 1.6.16.0 no longer syncs "
	                 "(since 2023-10-01): install the current Microsoft Entra Connect Sync "
	                 "(2.6.92.0)");
	assert_details(&v, "generation: Azure AD Connect 1.x\n");
	assert_details(&v, "released: 2021-10-13\n");
	assert_details(&v, "end of support: 2022-08-31\n");
	assert_details(&v, "stops syncing: 2023-10-01\n");

	/* A 1.x build between the rows is still 1.x, whatever the thresholds. */
	ds_version_facts f = installed("1.1.105.0");
	v = judge_with(&f, &table, day("2026-11-25"), 0, 0);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(v.summary, "Azure AD Connect 1.x 1.1.105.0 no longer syncs") == v.summary);
	assert_details(&v, "note: 1.1.105.0 is not in the table; judged as 1.0.8641.0\n");
	ck_assert_uint_eq(v.perf_count, 0);
}
END_TEST

START_TEST(builds_below_the_minimum_no_longer_sync) {
	ds_verdict v = judge("2.5.78.0", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC VERSION CRITICAL - Entra Connect 2.5.78.0 no longer syncs since "
	                 "2026-09-30 (builds below 2.5.79.0): upgrade to 2.6.92.0");
	assert_details(&v, "note: 2.5.78.0 is not in the table; judged as 2.5.76.0\n");
	ck_assert_uint_eq(v.perf_count, 0);

	v = judge("2.4.18.0", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(v.summary, "Entra Connect 2.4.18.0 no longer syncs since 2026-09-30 (builds "
	                            "below 2.5.79.0): upgrade to 2.6.92.0");
	assert_details(&v, "released: 2024-10-01\n");
	assert_details(&v, "end of support: 2025-10-09\n");

	v = judge("2.0.3.0", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_CRITICAL);
	assert_details(&v, "end of support: passed, date unknown\n");
}
END_TEST

START_TEST(the_minimum_build_is_judged_by_its_end_of_support) {
	/* 2.5.79.0 still syncs, but its support ended on 2026-10-23. */
	ds_verdict v = judge("2.5.79.0", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC VERSION CRITICAL - Entra Connect 2.5.79.0 retired on 2026-10-23 (33 "
	                 "days ago) and may stop working any time; upgrade to 2.6.92.0 | "
	                 "support_days_left=-33;60:;0:");
	assert_details(&v, "generation: Entra Connect\n");
	assert_details(&v, "released: 2025-09-01\n");
	assert_details(&v, "end of support: 2026-10-23\n");
}
END_TEST

START_TEST(warning_before_end_of_support) {
	ds_version_facts f = installed("2.5.190.0");
	(void)snprintf(f.server, sizeof f.server, "%s", "SYNC01");
	ds_verdict v = judge_with(&f, &table, day("2026-12-20"), 60, 0);
	ck_assert_int_eq(v.state, DS_WARNING);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC VERSION WARNING - Entra Connect 2.5.190.0 retires 2027-02-02 (44 "
	                 "days); upgrade to 2.6.92.0 | support_days_left=44;60:;0:");
	ck_assert_uint_eq(v.perf_count, 1);
	ck_assert_str_eq(v.perf[0].label, "support_days_left");
	ck_assert_str_eq(v.perf[0].uom, "");
	ck_assert(v.perf[0].value == 44.0);
	/* The long output, in order. */
	ck_assert_str_eq(v.details, "version from: --installed-version\n"
	                            "sync server: SYNC01\n"
	                            "generation: Entra Connect\n"
	                            "released: 2025-10-23\n"
	                            "end of support: 2027-02-02\n"
	                            "release table as of 2026-11-25, 25 days old (built-in table; row "
	                            "source: 3P; GA derived)\n");
}
END_TEST

START_TEST(thresholds_from_the_command_line) {
	ds_version_facts f = installed("2.5.190.0");
	ds_verdict v = judge_with(&f, &table, day("2026-12-20"), 90, 50);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert(strstr(first_line(&v), "| support_days_left=44;90:;50:") != NULL);
	v = judge_with(&f, &table, day("2026-12-20"), 30, 0);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert(strstr(first_line(&v), "| support_days_left=44;30:;0:") != NULL);
	v = judge_with(&f, &table, day("2026-12-20"), 45, 0);
	ck_assert_int_eq(v.state, DS_WARNING);
	v = judge_with(&f, &table, day("2026-12-20"), 44, 0);
	ck_assert_int_eq(v.state, DS_OK);
	/* A retired build is CRITICAL by -c 0 (fewer than 0 days left), even with -w 0... */
	f = installed("2.5.79.0");
	v = judge_with(&f, &table, day("2026-11-25"), 0, 0);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	/* ... but builds that no longer sync are CRITICAL whatever the thresholds. */
	f = installed("2.5.78.0");
	v = judge_with(&f, &table, day("2026-11-25"), 0, 0);
	ck_assert_int_eq(v.state, DS_CRITICAL);
}
END_TEST

START_TEST(a_build_between_rows_is_judged_as_the_one_below) {
	ds_verdict v = judge("2.6.2.0", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC VERSION OK - Entra Connect 2.6.2.0 retires 2027-03-10 (105 days); "
	                 "upgrade to 2.6.92.0 | support_days_left=105;60:;0:");
	assert_details(&v, "note: 2.6.2.0 is not in the table; judged as 2.6.1.0\n");
	assert_details(&v, "released: unknown (2.6.1.0 was released: 2026-02-02)\n");
	assert_details(&v, "end of support: 2027-03-10 (that of 2.6.1.0)\n");
	/* The withdrawn 2.6.79.0 is judged as 2.6.3.0. */
	v = judge("2.6.79.0", day("2026-11-25"));
	ck_assert(strstr(v.summary, "retires 2027-07-07") != NULL);
}
END_TEST

START_TEST(the_newest_build_is_supported) {
	ds_verdict v = judge("2.6.92.0", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC VERSION OK - Entra Connect 2.6.92.0 is supported (end of support "
	                 "not announced); newest is 2.6.92.0");
	ck_assert_uint_eq(v.perf_count, 0);
	assert_details(&v, "end of support: not announced\n");
}
END_TEST

START_TEST(a_build_beyond_the_newest_is_ok_with_a_note) {
	ds_verdict v = judge("2.7.0.0", day("2026-11-25"));
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(first_line(&v),
	                 "DIRSYNC VERSION OK - Entra Connect 2.7.0.0 is newer than the newest known "
	                 "build 2.6.92.0 (table as of 2026-11-25): supported");
	assert_details(&v, "note: 2.7.0.0 is not in the release table (built-in table, as of "
	                   "2026-11-25), which may be old");
	assert_details(&v, "--releases=FILE");
	ck_assert_uint_eq(v.perf_count, 0);
}
END_TEST

/* The table's age is in the long output on every path; the clock is a parameter, so the
 * days are exact. The built-in table is as of 2026-11-25. */
START_TEST(the_long_output_says_how_old_the_table_is) {
	ds_verdict v = judge("2.6.92.0", day("2026-11-25"));
	assert_details(&v, "release table as of 2026-11-25, 0 days old (built-in table; row source: ");
	v = judge("2.6.92.0", day("2026-11-26"));
	assert_details(&v, "release table as of 2026-11-25, 1 day old (built-in table; ");
	v = judge("2.5.190.0", day("2026-12-02"));
	assert_details(&v, "release table as of 2026-11-25, 7 days old (built-in table; ");
	v = judge("0.9.0.0", day("2026-12-02"));
	assert_details(&v, "release table as of 2026-11-25, 7 days old (built-in table)\n");
	ds_version_facts f = installed(NULL);
	f.dirsync_without_version = true;
	v = judge_with(&f, &table, day("2026-12-02"), 60, 0);
	assert_details(&v, "release table as of 2026-11-25, 7 days old (built-in table)\n");
	/* A clock before the as-of day is named rather than giving a negative age. */
	v = judge("2.6.92.0", day("2026-11-22"));
	assert_details(&v, "release table as of 2026-11-25, 3 days after today (is the clock right?)");
}
END_TEST

/* Over DS_RELEASES_STALE_DAYS (180) days, the newest build the table knows may no longer
 * be the newest: the long output says so, and the state does not change. */
START_TEST(an_old_table_says_a_newer_build_may_exist) {
	static const char note[] = "a newer build may exist: update the plugin or pass --releases";
	int64_t as_of = day("2026-11-25");
	ds_verdict v = judge("2.6.92.0", as_of + 180 * 86400LL);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_ptr_null(strstr(v.details, note));
	v = judge("2.6.92.0", as_of + 181 * 86400LL);
	ck_assert_int_eq(v.state, DS_OK);
	assert_details(&v, "release table as of 2026-11-25, 181 days old");
	assert_details(&v, note);
	v = judge("2.7.0.0", as_of + 200 * 86400LL);
	ck_assert_int_eq(v.state, DS_OK);
	assert_details(&v, note);
	/* Not for an older build: its upgrade target is already named. */
	v = judge("2.6.1.0", as_of + 400 * 86400LL);
	ck_assert_ptr_null(strstr(v.details, note));
	v = judge("1.6.16.0", as_of + 400 * 86400LL);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_ptr_null(strstr(v.details, note));
}
END_TEST

/* Tables given with --releases may hold what the shipped one does not. */
START_TEST(other_tables) {
	ds_release_table custom;
	ds_error err;
	ck_assert_msg(ds_releases_parse("as-of: 2026-11-25\nminimum: 2.0.0.0 since 2020-01-01\n"
	                                "1.0.1.0 | dirsync32 | - | 2010-01-01 | - | x\n"
	                                "1.0.2.0 | dirsync | - | 2017-04-13 | - | x\n"
	                                "1.5.0.0 | connect1 | - | 2022-08-31 | 2030-01-01 | x\n"
	                                "2.1.0.0 | connect2 | - | 2026-01-01 | 2026-06-01 | x\n"
	                                "2.2.0.0 | connect2 | 2026-01-01 | 2027-01-01 | - | x\n",
	                                "custom.txt", &custom, &err),
	              "%s", err.text);
	ds_version_facts f = installed("1.0.1.5");
	ds_verdict v = judge_with(&f, &custom, day("2026-11-25"), 60, 0);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(v.summary, "DirSync (32-bit) 1.0.1.5 no longer syncs: install the current "
	                            "Microsoft Entra Connect Sync (2.2.0.0)");
	/* No stops-syncing date for DirSync in this table. */
	f = installed(NULL);
	f.dirsync_without_version = true;
	v = judge_with(&f, &custom, day("2026-11-25"), 60, 0);
	ck_assert_str_eq(v.summary, "DirSync is installed (build unknown): it no longer syncs: "
	                            "install the current Microsoft Entra Connect Sync (2.2.0.0)");
	/* A future cut-off is named as such, and is still CRITICAL. */
	f = installed("1.5.0.0");
	v = judge_with(&f, &custom, day("2029-12-31"), 60, 0);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(v.summary, "Azure AD Connect 1.x 1.5.0.0 stops syncing on 2030-01-01 (in 1 "
	                            "day): install the current Microsoft Entra Connect Sync (2.2.0.0)");
	/* A 2.x row with its own cut-off. */
	f = installed("2.1.0.0");
	v = judge_with(&f, &custom, day("2026-11-25"), 60, 0);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	ck_assert_str_eq(v.summary,
	                 "Entra Connect 2.1.0.0 no longer syncs since 2026-06-01: upgrade to 2.2.0.0");
	/* The newest build is not told to upgrade to itself. */
	f = installed("2.2.0.0");
	v = judge_with(&f, &custom, day("2026-11-25"), 60, 0);
	ck_assert_int_eq(v.state, DS_WARNING);
	ck_assert_str_eq(first_line(&v), "DIRSYNC VERSION WARNING - Entra Connect 2.2.0.0 retires "
	                                 "2027-01-01 (37 days) | support_days_left=37;60:;0:");
	assert_details(&v, "release table as of 2026-11-25, 0 days old (custom.txt; row source: x)\n");
	/* Beyond a newest row that has an end date: still supported. */
	f = installed("2.3.0.0");
	v = judge_with(&f, &custom, day("2026-11-25"), 60, 0);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert(strstr(v.summary, "is newer than the newest known build 2.2.0.0") != NULL);

	ds_release_table empty;
	memset(&empty, 0, sizeof empty);
	(void)snprintf(empty.origin, sizeof empty.origin, "%s", "empty.txt");
	v = judge_with(&f, &empty, day("2026-11-25"), 60, 0);
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	ck_assert_str_eq(v.summary, "the release table empty.txt has no rows");
}
END_TEST

START_TEST(long_versions_keep_the_first_line_short) {
	ds_version_facts f = installed("0000000002.0000000007.0000000000.0000000000");
	ds_verdict v = judge_with(&f, &table, day("2026-11-25"), 60, 0);
	ck_assert_int_eq(v.state, DS_OK);
	(void)first_line(&v);
	f = installed("0000000002.0000000005.0000000078.0000000000");
	v = judge_with(&f, &table, day("2026-11-25"), 60, 0);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	(void)first_line(&v);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("version_judge");
	TCase *tc = tcase_create("version_judge");
	tcase_add_checked_fixture(tc, load_builtin, NULL);
	tcase_add_test(tc, dirsync_without_a_build_is_critical);
	tcase_add_test(tc, no_version_is_unknown);
	tcase_add_test(tc, a_version_without_four_parts_is_unknown);
	tcase_add_test(tc, every_old_generation_is_critical_and_named);
	tcase_add_loop_test(tc, judged_builds, 0, (int)(sizeof judged / sizeof judged[0]));
	tcase_add_test(tc, builds_below_the_minimum_no_longer_sync);
	tcase_add_test(tc, the_minimum_build_is_judged_by_its_end_of_support);
	tcase_add_test(tc, warning_before_end_of_support);
	tcase_add_test(tc, thresholds_from_the_command_line);
	tcase_add_test(tc, a_build_between_rows_is_judged_as_the_one_below);
	tcase_add_test(tc, the_newest_build_is_supported);
	tcase_add_test(tc, a_build_beyond_the_newest_is_ok_with_a_note);
	tcase_add_test(tc, the_long_output_says_how_old_the_table_is);
	tcase_add_test(tc, an_old_table_says_a_newer_build_may_exist);
	tcase_add_test(tc, other_tables);
	tcase_add_test(tc, long_versions_keep_the_first_line_short);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
