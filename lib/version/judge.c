/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "version/judge.h"

#include <string.h>

#include "core/lifecycle.h"
#include "core/text.h"
#include "core/timestamp.h"

#define UPGRADE_TO_CURRENT "install the current Microsoft Entra Connect Sync"

typedef struct day_text {
	char text[16];
} day_text;

/* "2026-10-23", or what stands for a missing date. */
static day_text format_day(int64_t epoch, const char *missing) {
	day_text day;
	if (epoch < 0 || !ds_date_format(epoch, day.text, sizeof day.text)) {
		(void)ds_format_text(day.text, sizeof day.text, "%s", missing);
	}
	return day;
}

static const char *plural(long long count) {
	return count == 1 || count == -1 ? "" : "s";
}

/* The day a generation stopped syncing, from its first row with one, or -1. */
static int64_t generation_stop(const ds_release_table *table, ds_generation generation) {
	for (size_t i = 0; i < table->count; i++) {
		if (table->rows[i].generation == generation && table->rows[i].stops_syncing >= 0) {
			return table->rows[i].stops_syncing;
		}
	}
	return -1;
}

/* "no longer syncs since 2021-04-01", "stops syncing on 2026-09-30 (in 3 days)" or,
 * without a date, "no longer syncs". */
static void stop_phrase(int64_t stop, int64_t now, char *buf, size_t size) {
	if (stop < 0) {
		(void)ds_format_text(buf, size, "no longer syncs");
		return;
	}
	int64_t days = ds_days_until(stop, now);
	day_text day = format_day(stop, "?");
	if (days <= 0) {
		(void)ds_format_text(buf, size, "no longer syncs since %s", day.text);
	} else {
		(void)ds_format_text(buf, size, "stops syncing on %s (in %lld day%s)", day.text,
		                     (long long)days, plural((long long)days));
	}
}

/* "as of 2026-11-25, 7 days old": how far the table may lag behind Microsoft's list.
 * A clock before the as-of day is named, since every other date judged is off too. */
static void age_phrase(int64_t as_of, int64_t now, char *buf, size_t size) {
	day_text day = format_day(as_of, "unknown");
	if (as_of < 0) {
		(void)ds_format_text(buf, size, "as of %s", day.text);
		return;
	}
	long long age = (long long)-ds_days_until(as_of, now);
	if (age >= 0) {
		(void)ds_format_text(buf, size, "as of %s, %lld day%s old", day.text, age, plural(age));
	} else {
		(void)ds_format_text(buf, size, "as of %s, %lld day%s after today (is the clock right?)",
		                     day.text, -age, plural(age));
	}
}

/* The table's line of the long output; row_source is NULL when no row was used. When the
 * build judged is the newest the table knows and the table is old, Microsoft may have
 * released newer builds (and so set an end of support for this one) since. */
static void describe_table(const ds_release_table *table, const char *row_source, bool newest,
                           int64_t now, ds_verdict *verdict) {
	char age[96];
	age_phrase(table->as_of, now, age, sizeof age);
	if (row_source != NULL) {
		ds_verdict_detail(verdict, "release table %s (%s; row source: %s)", age, table->origin,
		                  row_source);
	} else {
		ds_verdict_detail(verdict, "release table %s (%s)", age, table->origin);
	}
	if (newest && table->as_of >= 0 && -ds_days_until(table->as_of, now) > DS_RELEASES_STALE_DAYS) {
		ds_verdict_detail(verdict, "a newer build may exist: update the plugin or pass --releases");
	}
}

typedef enum match {
	MATCH_EXACT,   /* the build is a row */
	MATCH_BETWEEN, /* judged as the row below it */
	MATCH_BEYOND,  /* newer than the newest row */
} match;

/* The long-output lines about the build and the row it is judged by. */
static void describe_row(const ds_release_table *table, const ds_release *row, match how,
                         int64_t now, ds_verdict *verdict) {
	ds_verdict_detail(verdict, "generation: %s", ds_generation_name(row->generation));
	day_text released = format_day(row->released, "unknown");
	day_text eos = format_day(row->end_of_support, "?");
	switch (how) {
		case MATCH_EXACT:
			ds_verdict_detail(verdict, "released: %s", released.text);
			if (row->end_of_support >= 0) {
				ds_verdict_detail(verdict, "end of support: %s", eos.text);
			} else if (row->stops_syncing >= 0) {
				ds_verdict_detail(verdict, "end of support: passed, date unknown");
			} else {
				ds_verdict_detail(verdict, "end of support: not announced");
			}
			break;
		case MATCH_BETWEEN:
			ds_verdict_detail(verdict, "released: unknown (%s was released: %s)", row->build.text,
			                  released.text);
			if (row->end_of_support >= 0) {
				ds_verdict_detail(verdict, "end of support: %s (that of %s)", eos.text,
				                  row->build.text);
			} else if (row->stops_syncing >= 0) {
				ds_verdict_detail(verdict, "end of support: passed, date unknown (that of %s)",
				                  row->build.text);
			} else {
				ds_verdict_detail(verdict, "end of support: not announced (that of %s)",
				                  row->build.text);
			}
			break;
		case MATCH_BEYOND:
			ds_verdict_detail(verdict,
			                  "released: unknown (the newest known build, %s, was released: %s)",
			                  row->build.text, released.text);
			ds_verdict_detail(verdict, "end of support: not announced (newer than the table)");
			break;
	}
	if (row->stops_syncing >= 0 && how != MATCH_BEYOND) {
		ds_verdict_detail(verdict, "stops syncing: %s", format_day(row->stops_syncing, "?").text);
	}
	describe_table(table, row->source, row == ds_releases_newest(table), now, verdict);
}

static void judge_without_version(const ds_version_facts *facts, const ds_release_table *table,
                                  const ds_release *newest, const ds_version_policy *policy,
                                  ds_verdict *verdict) {
	if (!facts->dirsync_without_version) {
		ds_verdict_set(verdict, DS_UNKNOWN, "no sync tool version was found");
		return;
	}
	char stop[96];
	stop_phrase(generation_stop(table, DS_GEN_DIRSYNC), policy->now, stop, sizeof stop);
	ds_verdict_detail(verdict, "generation: %s", ds_generation_name(DS_GEN_DIRSYNC));
	describe_table(table, NULL, false, policy->now, verdict);
	ds_verdict_set(verdict, DS_CRITICAL,
	               "DirSync is installed (build unknown): it %s: " UPGRADE_TO_CURRENT " (%s)", stop,
	               newest->build.text);
}

/* A 2.x build at or above the minimum: judged by the days of support left. */
static void judge_support(const ds_version_facts *facts, const ds_release_table *table,
                          const ds_release *row, const ds_release *newest,
                          const ds_version_policy *policy, ds_verdict *verdict) {
	const char *build = facts->version.text;
	if (row == newest && ds_version_compare(&facts->version, &newest->build) > 0) {
		ds_verdict_detail(verdict,
		                  "note: %s is not in the release table (%s, as of %s), which may be "
		                  "old: check Microsoft's version history or give a newer table with "
		                  "--releases=FILE",
		                  build, table->origin, format_day(table->as_of, "unknown").text);
		ds_verdict_set(verdict, DS_OK,
		               "Entra Connect %s is newer than the newest known build %s (table as of "
		               "%s): supported",
		               build, newest->build.text, format_day(table->as_of, "unknown").text);
		return;
	}
	if (row->end_of_support < 0) {
		ds_verdict_set(verdict, DS_OK,
		               "Entra Connect %s is supported (end of support not announced); newest "
		               "is %s",
		               build, newest->build.text);
		return;
	}
	int64_t days = ds_days_until(row->end_of_support, policy->now);
	ds_thresholds thresholds = ds_days_left_thresholds(policy->warning_days, policy->critical_days);
	ds_perfdata perf = ds_perfdata_make("support_days_left", (double)days, "", &thresholds);
	(void)ds_verdict_add_perf(verdict, &perf);
	ds_state state = ds_thresholds_judge(&thresholds, (double)days);

	char upgrade[96] = "";
	if (row != newest) {
		(void)ds_format_text(upgrade, sizeof upgrade, "; upgrade to %s", newest->build.text);
	}
	day_text eos = format_day(row->end_of_support, "?");
	long long n = (long long)days;
	if (days > 0) {
		ds_verdict_set(verdict, state, "Entra Connect %s retires %s (%lld day%s)%s", build,
		               eos.text, n, plural(n), upgrade);
	} else if (days == 0) {
		ds_verdict_set(verdict, state, "Entra Connect %s retires today (%s)%s", build, eos.text,
		               upgrade);
	} else {
		ds_verdict_set(verdict, state,
		               "Entra Connect %s retired on %s (%lld day%s ago) and may stop working "
		               "any time%s",
		               build, eos.text, -n, plural(n), upgrade);
	}
}

void ds_version_judge(const ds_version_facts *facts, const ds_release_table *table,
                      const ds_version_policy *policy, ds_verdict *verdict) {
	ds_verdict_detail(verdict, "version from: %s",
	                  facts->source[0] != '\0' ? facts->source : "(not given)");
	if (facts->server[0] != '\0') {
		ds_verdict_detail(verdict, "sync server: %s", facts->server);
	}
	const ds_release *newest = ds_releases_newest(table);
	if (newest == NULL) {
		ds_verdict_set(verdict, DS_UNKNOWN, "the release table %s has no rows", table->origin);
		return;
	}
	if (!facts->has_version) {
		judge_without_version(facts, table, newest, policy, verdict);
		return;
	}
	const char *build = facts->version.text;
	if (facts->version.count != 4) {
		size_t len = strlen(build);
		ds_verdict_set(verdict, DS_UNKNOWN,
		               "invalid version '%.*s%s': expected four dotted numbers such as %s",
		               ds_quote_len(len), build, ds_quote_cut(len), newest->build.text);
		return;
	}
	const ds_release *row = ds_releases_at_or_below(table, &facts->version);
	if (row == NULL) {
		describe_table(table, NULL, false, policy->now, verdict);
		ds_verdict_set(
		    verdict, DS_CRITICAL,
		    "%s is older than every known sync tool build: it no longer syncs; " UPGRADE_TO_CURRENT
		    " (%s)",
		    build, newest->build.text);
		return;
	}
	match how = ds_version_compare(&facts->version, &row->build) == 0 ? MATCH_EXACT
	            : row == newest                                       ? MATCH_BEYOND
	                                                                  : MATCH_BETWEEN;
	if (how == MATCH_BETWEEN) {
		ds_verdict_detail(verdict, "note: %s is not in the table; judged as %s", build,
		                  row->build.text);
	}
	describe_row(table, row, how, policy->now, verdict);

	char stop[96];
	if (row->generation != DS_GEN_CONNECT2) {
		if (row->stops_syncing >= 0 && ds_days_until(row->stops_syncing, policy->now) <= 0) {
			ds_verdict_set(verdict, DS_CRITICAL,
			               "%s %s no longer syncs (since %s): " UPGRADE_TO_CURRENT " (%s)",
			               ds_generation_name(row->generation), build,
			               format_day(row->stops_syncing, "?").text, newest->build.text);
		} else {
			stop_phrase(row->stops_syncing, policy->now, stop, sizeof stop);
			ds_verdict_set(verdict, DS_CRITICAL, "%s %s %s: " UPGRADE_TO_CURRENT " (%s)",
			               ds_generation_name(row->generation), build, stop, newest->build.text);
		}
		return;
	}
	if (ds_version_compare(&facts->version, &table->minimum_syncing) < 0) {
		stop_phrase(table->minimum_since, policy->now, stop, sizeof stop);
		ds_verdict_set(verdict, DS_CRITICAL, "Entra Connect %s %s (builds below %s): upgrade to %s",
		               build, stop, table->minimum_syncing.text, newest->build.text);
		return;
	}
	if (row->stops_syncing >= 0 && how != MATCH_BEYOND) {
		/* Not in the shipped table (its cut-off is the minimum line), but a row may
		 * announce its own. */
		stop_phrase(row->stops_syncing, policy->now, stop, sizeof stop);
		ds_verdict_set(verdict, DS_CRITICAL, "Entra Connect %s %s: upgrade to %s", build, stop,
		               newest->build.text);
		return;
	}
	judge_support(facts, table, row, newest, policy, verdict);
}
