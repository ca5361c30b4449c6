/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "version/releases.h"
#include "core/timestamp.h"

/* t/table-age (a step of t/run-all) fails past this age; make check only says so. */
#define MAX_TABLE_AGE_DAYS 120

static const char good[] =
    "# comment\n"
    "as-of: 2026-11-25\n"
    "minimum: 2.5.79.0 since 2026-09-30\n"
    "\n"
    "1.0.494.0501 | aadsync  | 2015-05    | 2017-04-13 | 2021-04-01 | MS\n"
    "1.0.7020.0   | dirsync  | -          | 2017-04-13 | 2021-04-01 | 3P\n"
    "1.6.16.0     | connect1 | 2021-10-13 | 2022-08-31 | 2023-10-01 | MS\n"
    "2.5.76.0     | connect2 | 2025-07-31 | 2026-09-01 | 2026-09-30 | 3P\n"
    "2.5.79.0     | connect2 | 2025-09-01 | 2026-10-23 | -          | 3P\n"
    "2.6.92.0     | connect2 | 2026-09-23 | TBD        | -          | 3P\r\n";

static int64_t day(const char *text) {
	int64_t epoch = 0;
	ck_assert_msg(ds_date_parse(text, &epoch, NULL), "bad test date %s", text);
	return epoch;
}

static ds_version version(const char *text) {
	ds_version v;
	ds_error err;
	ck_assert_msg(ds_version_parse(text, &v, &err), "%s", err.text);
	return v;
}

static const ds_release *find(const ds_release_table *table, const char *build) {
	ds_version v = version(build);
	const ds_release *row = ds_releases_at_or_below(table, &v);
	if (row == NULL || ds_version_compare(&row->build, &v) != 0) {
		return NULL;
	}
	return row;
}

START_TEST(parses_rows_as_of_and_minimum) {
	ds_release_table table;
	ds_error err;
	ck_assert_msg(ds_releases_parse(good, "test", &table, &err), "%s", err.text);
	ck_assert_uint_eq(table.count, 6);
	ck_assert_str_eq(table.origin, "test");
	ck_assert_int_eq(table.as_of, day("2026-11-25"));
	ck_assert_str_eq(table.minimum_syncing.text, "2.5.79.0");
	ck_assert_int_eq(table.minimum_since, day("2026-09-30"));

	const ds_release *row = &table.rows[0];
	ck_assert_str_eq(row->build.text, "1.0.494.0501");
	ck_assert_uint_eq(row->build.parts[3], 501);
	ck_assert_int_eq(row->generation, DS_GEN_AADSYNC);
	ck_assert_int_eq(row->released, day("2015-05-01"));
	ck_assert_int_eq(row->end_of_support, day("2017-04-13"));
	ck_assert_int_eq(row->stops_syncing, day("2021-04-01"));
	ck_assert_str_eq(row->source, "MS");

	row = &table.rows[1];
	ck_assert_int_eq(row->generation, DS_GEN_DIRSYNC);
	ck_assert_int_eq(row->released, -1);

	row = &table.rows[4];
	ck_assert_str_eq(row->build.text, "2.5.79.0");
	ck_assert_int_eq(row->stops_syncing, -1);

	row = ds_releases_newest(&table);
	ck_assert_ptr_eq(row, &table.rows[5]);
	ck_assert_str_eq(row->build.text, "2.6.92.0");
	ck_assert_int_eq(row->end_of_support, -1);
	ck_assert_str_eq(row->source, "3P");
}
END_TEST

START_TEST(generation_names) {
	ck_assert_str_eq(ds_generation_name(DS_GEN_DIRSYNC32), "DirSync (32-bit)");
	ck_assert_str_eq(ds_generation_name(DS_GEN_DIRSYNC), "DirSync");
	ck_assert_str_eq(ds_generation_name(DS_GEN_AADSYNC), "Azure AD Sync");
	ck_assert_str_eq(ds_generation_name(DS_GEN_CONNECT1), "Azure AD Connect 1.x");
	ck_assert_str_eq(ds_generation_name(DS_GEN_CONNECT2), "Entra Connect");
}
END_TEST

START_TEST(at_or_below_exact_between_below_and_above) {
	ds_release_table table;
	ds_error err;
	ck_assert_msg(ds_releases_parse(good, "test", &table, &err), "%s", err.text);
	ds_version v = version("2.5.79.0");
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[4]);
	v = version("1.0.494.501"); /* leading zeros do not matter */
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[0]);
	v = version("1.0.494.0501");
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[0]);
	v = version("2.6.92.0");
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[5]);
	v = version("2.5.78.9");
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[3]);
	v = version("2.5.100.0");
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[4]);
	v = version("1.5.0.0");
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[1]);
	v = version("1.7.0.0");
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[2]);
	v = version("1.0.494.500");
	ck_assert_ptr_null(ds_releases_at_or_below(&table, &v));
	v = version("0.9.0.0");
	ck_assert_ptr_null(ds_releases_at_or_below(&table, &v));
	v = version("2.7.0.0");
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[5]);
	v = version("4294967295.0.0.0");
	ck_assert_ptr_eq(ds_releases_at_or_below(&table, &v), &table.rows[5]);

	ds_release_table empty;
	memset(&empty, 0, sizeof empty);
	ck_assert_ptr_null(ds_releases_at_or_below(&empty, &v));
	ck_assert_ptr_null(ds_releases_newest(&empty));
}
END_TEST

static void assert_rejected(const char *text, const char *expected) {
	ds_release_table table;
	ds_error err = {0};
	ck_assert_msg(!ds_releases_parse(text, "bad.txt", &table, &err), "accepted: %s", text);
	ck_assert_msg(strstr(err.text, expected) != NULL, "'%s' does not contain '%s'", err.text,
	              expected);
}

#define HEAD "as-of: 2026-11-25\nminimum: 2.5.79.0 since 2026-09-30\n"
#define ROW1 "2.5.79.0 | connect2 | 2025-09-01 | 2026-10-23 | - | 3P\n"

START_TEST(rejects_malformed_tables_with_line_numbers) {
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-01 | 2026-10-23 | -\n",
	                "release table bad.txt, line 3: expected 6 fields");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-01 | 2026-10-23 | - | 3P | x\n",
	                "bad.txt, line 3: expected 6 fields");
	assert_rejected(HEAD "\n2.5.79 | connect2 | 2025-09-01 | 2026-10-23 | - | 3P\n",
	                "bad.txt, line 4: the build must be four dotted numbers");
	assert_rejected(HEAD "2.5.79.0.1 | connect2 | 2025-09-01 | 2026-10-23 | - | 3P\n",
	                "line 3: the build must be four");
	assert_rejected(HEAD "2.5.x.0 | connect2 | 2025-09-01 | 2026-10-23 | - | 3P\n",
	                "line 3: the build must be four");
	assert_rejected(HEAD "v2.5.79.0 | connect2 | 2025-09-01 | 2026-10-23 | - | 3P\n",
	                "line 3: the build must be four");
	assert_rejected(HEAD "2.5.79.0 | connect3 | 2025-09-01 | 2026-10-23 | - | 3P\n",
	                "line 3: the generation must be dirsync32, dirsync, aadsync");
	assert_rejected(HEAD "2.5.79.0 | Connect2 | 2025-09-01 | 2026-10-23 | - | 3P\n",
	                "line 3: the generation");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-13 | 2026-10-23 | - | 3P\n",
	                "line 3: the release date must be");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-31 | 2026-10-23 | - | 3P\n",
	                "line 3: the release date must be");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-01 | 2026-02-30 | - | 3P\n",
	                "line 3: the end of support must be");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-01 | 2026-10 | - | 3P\n",
	                "line 3: the end of support must be");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-01 | tbd | - | 3P\n",
	                "line 3: the end of support must be");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-01 | - | - | 3P\n",
	                "line 3: an unknown end of support ('-') needs a stops-syncing date");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-01 | 2026-10-23 | soon | 3P\n",
	                "line 3: the stops-syncing date must be");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-01 | 2026-10-23 | - |\n",
	                "line 3: the source is empty");
	assert_rejected(HEAD "2.5.79.0 | connect2 | 2025-09-01 | 2026-10-23 | - | "
	                     "a source tag that is far too long\n",
	                "line 3: the source is empty or longer than 31 bytes");
	assert_rejected(HEAD ROW1 "2.5.76.0 | connect2 | 2025-07-31 | 2026-09-01 | 2026-09-30 | 3P\n",
	                "line 4: rows must be in strictly ascending build order");
	assert_rejected(HEAD ROW1 "2.5.79.00 | connect2 | 2025-09-01 | 2026-10-23 | - | 3P\n",
	                "line 4: rows must be in strictly ascending build order");
	assert_rejected(HEAD ROW1 "2.6.0.0 | connect1 | 2025-09-01 | 2026-10-23 | - | 3P\n",
	                "line 4: the generation goes backwards");
	assert_rejected(HEAD "1.6.16.0 | connect1 | 2021-10-13 | 2022-08-31 | 2023-10-01 | MS\n"
	                     "1.7.0.0 | dirsync | - | 2017-04-13 | 2021-04-01 | MS\n",
	                "line 4: the generation goes backwards");
	assert_rejected("minimum: 2.5.79.0 since 2026-09-30\n" ROW1, "has no 'as-of: YYYY-MM-DD' line");
	assert_rejected("as-of: 2026-11-25\n" ROW1, "has no 'minimum: BUILD since YYYY-MM-DD' line");
	assert_rejected(HEAD "# no rows\n", "bad.txt has no rows");
	assert_rejected(HEAD ROW1 "as-of: 2026-11-26\n", "bad.txt, line 4: duplicate as-of line");
	assert_rejected(HEAD ROW1 "minimum: 2.5.79.0 since 2026-09-30\n",
	                "line 4: duplicate minimum line");
	assert_rejected("as-of: 26-11-25\n", "line 1: the as-of date must be YYYY-MM-DD");
	assert_rejected("as-of: 2026-11-25\nminimum: 2.5.79 since 2026-09-30\n",
	                "line 2: the minimum must look like 'minimum: 2.5.79.0 since 2026-09-30'");
	assert_rejected("as-of: 2026-11-25\nminimum: 2.5.79.0\n", "line 2: the minimum must look");
	assert_rejected("as-of: 2026-11-25\nminimum: 2.5.79.0 from 2026-09-30\n",
	                "line 2: the minimum must look");
	assert_rejected("as-of: 2026-11-25\nminimum: 2.5.79.0 since 2026-09\n",
	                "line 2: the minimum must look");

	char long_line[700];
	memset(long_line, 'x', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\0';
	char text[800];
	(void)snprintf(text, sizeof text, HEAD "%s\n", long_line);
	assert_rejected(text, "line 3: line too long");
}
END_TEST

START_TEST(legacy_generations_share_a_rank) {
	/* Azure AD Sync is numbered below DirSync although it came later. */
	ds_release_table table;
	ds_error err;
	ck_assert_msg(ds_releases_parse(HEAD "1.0.1.0 | dirsync32 | - | 2017-04-13 | 2021-04-01 | x\n"
	                                     "1.0.2.0 | dirsync | - | 2017-04-13 | 2021-04-01 | x\n"
	                                     "1.0.3.0 | aadsync | - | 2017-04-13 | 2021-04-01 | x\n"
	                                     "1.0.4.0 | dirsync | - | 2017-04-13 | 2021-04-01 | x\n"
	                                     "1.0.5.0 | connect1 | - | 2022-08-31 | 2023-10-01 | x\n"
	                                     "2.0.0.0 | connect2 | - | TBD | - | x\n",
	                                "legacy", &table, &err),
	              "%s", err.text);
	ck_assert_uint_eq(table.count, 6);
	ck_assert_int_eq(table.rows[0].generation, DS_GEN_DIRSYNC32);
}
END_TEST

START_TEST(too_many_rows_are_rejected) {
	size_t size = 40 + (DS_RELEASES_MAX_ROWS + 1) * 64;
	char *text = malloc(size);
	ck_assert_ptr_nonnull(text);
	size_t len = (size_t)snprintf(text, size, HEAD);
	for (unsigned i = 0; i <= DS_RELEASES_MAX_ROWS; i++) {
		len +=
		    (size_t)snprintf(text + len, size - len, "2.0.%u.0 | connect2 | - | TBD | - | x\n", i);
	}
	assert_rejected(text, "line 259: too many rows (at most 256)");
	free(text);
}
END_TEST

START_TEST(loads_files_and_reports_missing_ones) {
	char path[] = "/tmp/releases-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, good, strlen(good)), (ssize_t)strlen(good));
	close(fd);
	ds_release_table table;
	ds_error err;
	ck_assert_msg(ds_releases_load(path, &table, &err), "%s", err.text);
	ck_assert_uint_eq(table.count, 6);
	ck_assert_str_eq(table.origin, path);

	/* A NUL byte makes it a binary file. */
	FILE *file = fopen(path, "ab");
	ck_assert_ptr_nonnull(file);
	ck_assert_int_eq(fputc('\0', file), 0);
	ck_assert_int_eq(fclose(file), 0);
	ck_assert(!ds_releases_load(path, &table, &err));
	ck_assert_msg(strstr(err.text, "is not a text file") != NULL, "%s", err.text);

	/* Errors in a file name the file and the line. */
	file = fopen(path, "wb");
	ck_assert_ptr_nonnull(file);
	ck_assert_int_ge(fputs(HEAD "2.5.79 | connect2 | - | TBD | - | x\n", file), 0);
	ck_assert_int_eq(fclose(file), 0);
	ck_assert(!ds_releases_load(path, &table, &err));
	ck_assert_msg(strstr(err.text, path) != NULL && strstr(err.text, "line 3") != NULL, "%s",
	              err.text);

	unlink(path);
	ck_assert(!ds_releases_load(path, &table, &err));
	ck_assert_msg(strstr(err.text, "cannot read release table") != NULL, "%s", err.text);
	ck_assert(strstr(err.text, path) != NULL);
}
END_TEST

START_TEST(files_over_256_kib_are_rejected) {
	char path[] = "/tmp/releases-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *file = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(file);
	ck_assert_int_ge(fputs(good, file), 0);
	for (size_t written = strlen(good); written <= 256 * 1024; written += 32) {
		ck_assert_int_ge(fputs("# padding padding padding paddi\n", file), 0);
	}
	ck_assert_int_eq(fclose(file), 0);
	ds_release_table table;
	ds_error err;
	ck_assert(!ds_releases_load(path, &table, &err));
	ck_assert_msg(strstr(err.text, "larger than 256 KiB") != NULL, "%s", err.text);
	unlink(path);
}
END_TEST

/* The shipped table must parse, hold the rows the check's messages depend on, and not be
 * stale: a table older than MAX_TABLE_AGE_DAYS fails here rather than ship quietly. */
START_TEST(builtin_table_is_valid) {
	ds_release_table table;
	ds_error err;
	ck_assert_msg(ds_releases_parse(ds_releases_builtin_text, "built-in table", &table, &err), "%s",
	              err.text);
	ck_assert_str_eq(table.minimum_syncing.text, "2.5.79.0");
	ck_assert_int_eq(table.minimum_since, day("2026-09-30"));

	const ds_release *row = find(&table, "2.5.79.0");
	ck_assert_ptr_nonnull(row);
	ck_assert_int_eq(row->generation, DS_GEN_CONNECT2);
	ck_assert_int_eq(row->end_of_support, day("2026-10-23"));
	ck_assert_int_eq(row->stops_syncing, -1);

	row = ds_releases_newest(&table);
	ck_assert_str_eq(row->build.text, "2.6.92.0");
	ck_assert_int_eq(row->end_of_support, -1);

	ck_assert_ptr_null(find(&table, "2.6.79.0")); /* withdrawn, left out */
	ck_assert_int_eq(find(&table, "2.5.76.0")->stops_syncing, day("2026-09-30"));
	ck_assert_int_eq(find(&table, "2.5.190.0")->end_of_support, day("2027-02-02"));
	ck_assert_int_eq(find(&table, "2.0.3.0")->released, day("2021-07-20"));
	ck_assert_int_eq(find(&table, "2.4.18.0")->released, day("2024-10-01"));
	ck_assert_int_eq(find(&table, "1.6.16.0")->generation, DS_GEN_CONNECT1);
	ck_assert_int_eq(find(&table, "1.6.16.0")->end_of_support, day("2022-08-31"));
	ck_assert_int_eq(find(&table, "1.6.16.0")->stops_syncing, day("2023-10-01"));
	ck_assert_int_eq(find(&table, "1.0.8641.0")->released, day("2015-06-01"));
	ck_assert_int_eq(find(&table, "1.0.419.0911")->generation, DS_GEN_AADSYNC);
	ck_assert_int_eq(find(&table, "1.0.494.0501")->generation, DS_GEN_AADSYNC);
	ck_assert_int_eq(find(&table, "1.0.7020.0")->generation, DS_GEN_DIRSYNC);
	ck_assert_int_eq(find(&table, "1.0.6385.12")->stops_syncing, day("2021-04-01"));
	/* Every 2.x row below the minimum stops syncing on the minimum's day; none above. */
	for (size_t i = 0; i < table.count; i++) {
		const ds_release *r = &table.rows[i];
		if (r->generation != DS_GEN_CONNECT2) {
			ck_assert_msg(r->stops_syncing >= 0, "%s has no stops-syncing date", r->build.text);
		} else if (ds_version_compare(&r->build, &table.minimum_syncing) < 0) {
			ck_assert_msg(r->stops_syncing == table.minimum_since, "%s", r->build.text);
		} else {
			ck_assert_msg(r->stops_syncing == -1, "%s", r->build.text);
		}
	}
}
END_TEST

/* Keeping the table current is the maintainers' job, checked in CI (t/table-age): a
 * make check on a later day, with no change, must not fail because of the date. A stale
 * table is a TAP comment here, printed before the suite forks its tests. */
static void note_table_age(void) {
	ds_release_table table;
	ds_error err;
	if (!ds_releases_parse(ds_releases_builtin_text, "built-in", &table, &err)) {
		return; /* builtin_table_is_valid reports it */
	}
	int64_t age_days = (time(NULL) - table.as_of) / 86400;
	if (age_days > MAX_TABLE_AGE_DAYS) {
		printf("# notice: data/sync-releases.txt is %lld days old (more than %d): %s\n",
		       (long long)age_days, MAX_TABLE_AGE_DAYS,
		       "re-check Microsoft's Entra Connect version history "
		       "(reference-connect-version-history), add the new builds and end-of-support dates, "
		       "and update its as-of date");
		(void)fflush(stdout);
	}
}

int main(void) {
	Suite *suite = suite_create("releases");
	TCase *tc = tcase_create("releases");
	tcase_add_test(tc, parses_rows_as_of_and_minimum);
	tcase_add_test(tc, generation_names);
	tcase_add_test(tc, at_or_below_exact_between_below_and_above);
	tcase_add_test(tc, rejects_malformed_tables_with_line_numbers);
	tcase_add_test(tc, legacy_generations_share_a_rank);
	tcase_add_test(tc, too_many_rows_are_rejected);
	tcase_add_test(tc, loads_files_and_reports_missing_ones);
	tcase_add_test(tc, files_over_256_kib_are_rejected);
	tcase_add_test(tc, builtin_table_is_valid);
	suite_add_tcase(suite, tc);
	note_table_age();
	return ds_run_suite(suite);
}
