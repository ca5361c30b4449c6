/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/timestamp.h"
#include "os/winserver.h"

/* t/table-age (a step of t/run-all) fails past this age; make check only says so. */
#define MAX_TABLE_AGE_DAYS 120

static const char good[] =
    "# comment\n"
    "as-of: 2026-11-25\n"
    "\n"
    "6.3  |  9600 | Windows Server 2012 R2 | 2023-10-10 | unsupported | old\n"
    "10.0 | 17763 | Windows Server 2019    | 2029-01-09 | supported   |\n"
    "10.0 | 26100 | Windows Server 2025    | 2034-11-14 | not-yet     | KB\r\n";

START_TEST(parses_rows_and_as_of) {
	ds_winserver_table table;
	ds_error err;
	ck_assert_msg(ds_winserver_parse(good, "test", &table, &err), "%s", err.text);
	ck_assert_uint_eq(table.count, 3);
	int64_t as_of = 0;
	ck_assert(ds_date_parse("2026-11-25", &as_of, NULL));
	ck_assert_int_eq(table.as_of, as_of);
	const ds_winserver_release *row = ds_winserver_find(&table, 10, 0, 17763);
	ck_assert_ptr_nonnull(row);
	ck_assert_str_eq(row->name, "Windows Server 2019");
	ck_assert_int_eq(row->support, DS_SYNC_SUPPORTED);
	ck_assert_str_eq(row->note, "");
	char day[16];
	ck_assert(ds_date_format(row->extended_end, day, sizeof day));
	ck_assert_str_eq(day, "2029-01-09");
	row = ds_winserver_find(&table, 10, 0, 26100);
	ck_assert_ptr_nonnull(row);
	ck_assert_int_eq(row->support, DS_SYNC_NOT_YET);
	ck_assert_str_eq(row->note, "KB");
	ck_assert_ptr_null(ds_winserver_find(&table, 10, 0, 14393));
	ck_assert_ptr_null(ds_winserver_find(&table, 6, 2, 9600));
	ck_assert_ptr_eq(ds_winserver_oldest_supported(&table), &table.rows[1]);
}
END_TEST

static void assert_rejected(const char *text, const char *expected) {
	ds_winserver_table table;
	ds_error err = {0};
	ck_assert_msg(!ds_winserver_parse(text, "bad.txt", &table, &err), "accepted: %s", text);
	ck_assert_msg(strstr(err.text, expected) != NULL, "'%s' does not contain '%s'", err.text,
	              expected);
}

START_TEST(rejects_malformed_tables_with_line_numbers) {
	assert_rejected("as-of: 2026-11-25\n10.0 | 17763 | X | 2029-01-09 | supported\n",
	                "bad.txt, line 2: expected 6 fields");
	assert_rejected("as-of: 2026-11-25\n10.0 | 1 | X | 2029-01-09 | supported | a | b\n",
	                "line 2: expected 6 fields");
	assert_rejected("as-of: 2026-11-25\n\n10 | 17763 | X | 2029-01-09 | supported |\n",
	                "line 3: the version");
	assert_rejected("as-of: 2026-11-25\n10.0 | 17x63 | X | 2029-01-09 | supported |\n",
	                "line 2: the build");
	assert_rejected("as-of: 2026-11-25\n10.0 | 17763 |  | 2029-01-09 | supported |\n",
	                "line 2: the release name");
	assert_rejected("as-of: 2026-11-25\n10.0 | 17763 | X | 2029-02-30 | supported |\n",
	                "line 2: the end of extended support");
	assert_rejected("as-of: 2026-11-25\n10.0 | 17763 | X | 2029-01-09 | yes |\n",
	                "line 2: Entra Connect Sync support");
	assert_rejected("as-of: 2026-11-25\n10.0 | 17763 | X | 2029-01-09 | supported |\n"
	                "10.0 | 14393 | Y | 2027-01-12 | supported |\n",
	                "line 3: rows must be in ascending build order");
	assert_rejected("as-of: yesterday\n", "line 1: the as-of date");
	/* Two dates of freshness: which one is true? (the release table says the same) */
	assert_rejected("as-of: 2026-11-25\nas-of: 2026-11-26\n", "line 2: duplicate as-of line");
	assert_rejected("10.0 | 17763 | X | 2029-01-09 | supported |\n", "has no 'as-of");
	assert_rejected("as-of: 2026-11-25\n# nothing\n", "has no rows");
}
END_TEST

START_TEST(loads_files_and_reports_missing_ones) {
	char path[] = "/tmp/winserver-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, good, strlen(good)), (ssize_t)strlen(good));
	close(fd);
	ds_winserver_table table;
	ds_error err;
	ck_assert_msg(ds_winserver_load(path, &table, &err), "%s", err.text);
	ck_assert_uint_eq(table.count, 3);
	ck_assert_str_eq(table.origin, path);
	unlink(path);
	ck_assert(!ds_winserver_load(path, &table, &err));
	ck_assert(strstr(err.text, "cannot read Windows Server table") != NULL);
	ck_assert(strstr(err.text, path) != NULL);
}
END_TEST

/* The shipped table must parse, cover the releases the plugin talks about, and not be
 * stale: a table older than MAX_TABLE_AGE_DAYS fails here rather than ship quietly. */
START_TEST(builtin_table_is_valid) {
	ds_winserver_table table;
	ds_error err;
	ck_assert_msg(ds_winserver_parse(ds_winserver_builtin_text, "built-in", &table, &err), "%s",
	              err.text);
	ck_assert_ptr_nonnull(ds_winserver_find(&table, 6, 3, 9600));
	ck_assert_int_eq(ds_winserver_find(&table, 6, 3, 9600)->support, DS_SYNC_UNSUPPORTED);
	ck_assert_int_eq(ds_winserver_find(&table, 10, 0, 14393)->support, DS_SYNC_SUPPORTED);
	ck_assert_int_eq(ds_winserver_find(&table, 10, 0, 17763)->support, DS_SYNC_SUPPORTED);
	ck_assert_int_eq(ds_winserver_find(&table, 10, 0, 20348)->support, DS_SYNC_SUPPORTED);
	ck_assert_int_eq(ds_winserver_find(&table, 10, 0, 26100)->support, DS_SYNC_NOT_YET);
	ck_assert(strstr(ds_winserver_find(&table, 10, 0, 26100)->note, "KB5070773") != NULL);
	char day[16];
	ck_assert(
	    ds_date_format(ds_winserver_find(&table, 10, 0, 14393)->extended_end, day, sizeof day));
	ck_assert_str_eq(day, "2027-01-12");
}
END_TEST

/* Keeping the table current is the maintainers' job, checked in CI (t/table-age): a
 * make check on a later day, with no change, must not fail because of the date. A stale
 * table is a TAP comment here, printed before the suite forks its tests. */
static void note_table_age(void) {
	ds_winserver_table table;
	ds_error err;
	if (!ds_winserver_parse(ds_winserver_builtin_text, "built-in", &table, &err)) {
		return; /* builtin_table_is_valid reports it */
	}
	int64_t age_days = (time(NULL) - table.as_of) / 86400;
	if (age_days > MAX_TABLE_AGE_DAYS) {
		printf("# notice: data/windows-server.txt is %lld days old (more than %d): %s\n",
		       (long long)age_days, MAX_TABLE_AGE_DAYS,
		       "re-check Microsoft's prerequisites and lifecycle pages and update its as-of date");
		(void)fflush(stdout);
	}
}

int main(void) {
	Suite *suite = suite_create("winserver");
	TCase *tc = tcase_create("winserver");
	tcase_add_test(tc, parses_rows_and_as_of);
	tcase_add_test(tc, rejects_malformed_tables_with_line_numbers);
	tcase_add_test(tc, loads_files_and_reports_missing_ones);
	tcase_add_test(tc, builtin_table_is_valid);
	suite_add_tcase(suite, tc);
	note_table_age();
	return ds_run_suite(suite);
}
