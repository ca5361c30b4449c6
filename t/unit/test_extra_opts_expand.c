/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* ds_extra_opts_default_file and ds_extra_opts_expand: where the file is found and how
 * its options join the command line (test_extra_opts.c reads the ini text itself). */
/* setenv, mkdtemp and the directory functions are POSIX, not C11. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/extra_opts.h"

#define SECRET         "s3cr3t-VALUE"
#define ERROR_TEXT_MAX 300

/* ---- helpers ------------------------------------------------------------------------ */

static void assert_args(const ds_argv *list, const char *const expected[], int count) {
	ck_assert_int_eq(list->argc, count);
	ck_assert_ptr_nonnull(list->argv);
	for (int i = 0; i < count; i++) {
		ck_assert_str_eq(list->argv[i], expected[i]);
	}
	ck_assert_ptr_null(list->argv[count]);
}

#define ASSERT_ARGS(list, ...)                                                                     \
	assert_args((list), (const char *const[]){__VA_ARGS__},                                        \
	            (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

static void set_env(const char *name, const char *value) {
	if (value == NULL) {
		ck_assert_int_eq(unsetenv(name), 0);
	} else {
		ck_assert_int_eq(setenv(name, value, 1), 0);
	}
}

static void format_arg(char *buf, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void format_arg(char *buf, const char *format, ...) {
	va_list ap;
	va_start(ap, format);
	int written = vsnprintf(buf, DS_TEST_PATH_MAX, format, ap);
	va_end(ap);
	ck_assert(written > 0 && written < DS_TEST_PATH_MAX);
}

/* ---- ds_extra_opts_default_file ----------------------------------------------------- */

START_TEST(default_file_mp_config_file_wins_even_if_missing) {
	char dir[DS_TEST_PATH_MAX];
	char path[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_extra_opts");
	ds_test_write_file(path, dir, "monitoring-plugins.ini", "[s]\n");
	set_env("NAGIOS_CONFIG_PATH", dir);
	set_env("MP_CONFIG_FILE", "/nonexistent/ds-test/custom.ini");

	char buf[DS_TEST_PATH_MAX];
	ds_error err = {0};
	ck_assert(ds_extra_opts_default_file(buf, sizeof buf, &err));
	ck_assert_str_eq(buf, "/nonexistent/ds-test/custom.ini");

	/* An empty MP_CONFIG_FILE counts as unset. */
	set_env("MP_CONFIG_FILE", "");
	ck_assert(ds_extra_opts_default_file(buf, sizeof buf, &err));
	ck_assert_str_eq(buf, path);

	set_env("MP_CONFIG_FILE", NULL);
	set_env("NAGIOS_CONFIG_PATH", NULL);
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(default_file_nagios_config_path_order) {
	char root[DS_TEST_PATH_MAX];
	char d1[DS_TEST_PATH_MAX];
	char d2[DS_TEST_PATH_MAX];
	char d3[DS_TEST_PATH_MAX];
	char path[DS_TEST_PATH_MAX];
	char expected[DS_TEST_PATH_MAX];
	char list[4 * DS_TEST_PATH_MAX];
	ds_test_temp_dir(root, "ds_extra_opts");
	ds_test_make_dir(d1, root, "d1");
	ds_test_make_dir(d2, root, "d2");
	ds_test_make_dir(d3, root, "d3");
	/* A directory with a wanted name is not a file. */
	ds_test_make_dir(path, d1, "monitoring-plugins.ini");
	ds_test_write_file(path, d2, "nagios-plugins.ini", "[s]\n");
	ds_test_write_file(expected, d2, "plugins.ini", "[s]\n");
	ds_test_write_file(path, d3, "monitoring-plugins.ini", "[s]\n");
	int written = snprintf(list, sizeof list, "::/nonexistent/ds-test:%s::%s:%s:", d1, d2, d3);
	ck_assert(written > 0 && (size_t)written < sizeof list);
	set_env("MP_CONFIG_FILE", NULL);
	set_env("NAGIOS_CONFIG_PATH", list);

	char buf[DS_TEST_PATH_MAX];
	ds_error err = {0};
	/* Directory order first, then name order within a directory. */
	ck_assert(ds_extra_opts_default_file(buf, sizeof buf, &err));
	ck_assert_str_eq(buf, expected);

	ds_test_write_file(expected, d2, "monitoring-plugins.ini", "[s]\n");
	ck_assert(ds_extra_opts_default_file(buf, sizeof buf, &err));
	ck_assert_str_eq(buf, expected);

	/* A trailing slash does not double. */
	written = snprintf(list, sizeof list, "%s/", d3);
	ck_assert(written > 0 && (size_t)written < sizeof list);
	set_env("NAGIOS_CONFIG_PATH", list);
	ds_test_join(expected, d3, "monitoring-plugins.ini");
	ck_assert(ds_extra_opts_default_file(buf, sizeof buf, &err));
	ck_assert_str_eq(buf, expected);

	set_env("NAGIOS_CONFIG_PATH", NULL);
	ds_test_remove_tree(root);
}
END_TEST

/* The system paths may exist on the test machine: the expectation follows them. */
static const char *first_system_file(void) {
	static const char *const paths[] = {
	    "/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
	    "/usr/local/etc/monitoring-plugins.ini",
	    "/etc/monitoring-plugins/monitoring-plugins.ini",
	    "/etc/monitoring-plugins.ini",
	    "/etc/nagios/plugins.ini",
	    "/usr/local/nagios/etc/plugins.ini",
	    "/usr/local/etc/nagios/plugins.ini",
	    "/etc/opt/nagios/plugins.ini",
	    "/etc/nagios-plugins.ini",
	    "/usr/local/etc/nagios-plugins.ini",
	    "/etc/opt/nagios-plugins.ini",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct stat info;
		if (stat(paths[i], &info) == 0 && !S_ISDIR(info.st_mode)) {
			return paths[i];
		}
	}
	return NULL;
}

START_TEST(default_file_falls_back_to_system_paths) {
	char dir[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_extra_opts");
	set_env("MP_CONFIG_FILE", NULL);
	set_env("NAGIOS_CONFIG_PATH", dir);
	const char *system_file = first_system_file();

	char buf[DS_TEST_PATH_MAX];
	ds_error err = {0};
	bool ok = ds_extra_opts_default_file(buf, sizeof buf, &err);
	if (system_file != NULL) {
		ck_assert(ok);
		ck_assert_str_eq(buf, system_file);
	} else {
		ck_assert(!ok);
		ck_assert_str_eq(err.text, "no extra-opts file found: set MP_CONFIG_FILE or give "
		                           "--extra-opts=SECTION@FILE (looked in $NAGIOS_CONFIG_PATH, "
		                           "/etc/monitoring-plugins.ini, /etc/nagios/plugins.ini and the "
		                           "other Monitoring Plugins default paths)");
		ck_assert_uint_lt(strlen(err.text), ERROR_TEXT_MAX);
	}

	set_env("NAGIOS_CONFIG_PATH", NULL);
	ok = ds_extra_opts_default_file(buf, sizeof buf, &err);
	if (system_file != NULL) {
		ck_assert(ok);
		ck_assert_str_eq(buf, system_file);
	} else {
		ck_assert(!ok);
		ck_assert_str_eq(err.text, "no extra-opts file found: set MP_CONFIG_FILE or give "
		                           "--extra-opts=SECTION@FILE (looked in "
		                           "/etc/monitoring-plugins.ini, /etc/nagios/plugins.ini and the "
		                           "other Monitoring Plugins default paths)");
	}
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(default_file_buffer_too_small) {
	set_env("MP_CONFIG_FILE", "/tmp/abc.ini");
	char buf[16];
	ds_error err = {0};
	ck_assert(!ds_extra_opts_default_file(buf, 12, &err));
	ck_assert_str_eq(err.text, "the extra-opts file name is too long (12 bytes, at most 11)");
	ck_assert(ds_extra_opts_default_file(buf, 13, &err));
	ck_assert_str_eq(buf, "/tmp/abc.ini");
	ck_assert(!ds_extra_opts_default_file(buf, 0, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "internal error"));
	ck_assert(!ds_extra_opts_default_file(NULL, 10, NULL));
	set_env("MP_CONFIG_FILE", NULL);
}
END_TEST

/* ---- ds_extra_opts_expand ----------------------------------------------------------- */

START_TEST(expand_ini_options_come_before_command_line) {
	char dir[DS_TEST_PATH_MAX];
	char file[DS_TEST_PATH_MAX];
	char arg[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_extra_opts");
	ds_test_write_file(file, dir, "x.ini", "[check_x]\nw = 1\nlong = 2\nflag\n[other]\nc = 9\n");
	format_arg(arg, "--extra-opts=@%s", file);
	char *argv[] = {"prog", "-c", "5", arg, "host", NULL};

	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(ds_extra_opts_expand(5, argv, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-w", "1", "--long=2", "--flag", "-c", "5", "host");
	/* The plugin checks these four against its options and never quotes them. */
	ck_assert_int_eq(out.from_files, 4);
	ds_argv_free(&out);
	ck_assert_int_eq(out.from_files, 0);
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(expand_multiple_occurrences_in_order) {
	char dir[DS_TEST_PATH_MAX];
	char one[DS_TEST_PATH_MAX];
	char two[DS_TEST_PATH_MAX];
	char arg1[DS_TEST_PATH_MAX];
	char arg2[DS_TEST_PATH_MAX];
	char arg3[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_extra_opts");
	ds_test_write_file(one, dir, "one.ini", "[check_x]\na = 1\n[extra]\nb = 2\n");
	ds_test_write_file(two, dir, "two.ini", "[check_x]\nthird = 3\n");
	format_arg(arg1, "--extra-opts=extra@%s", one);
	format_arg(arg2, "--extra-opts=@%s", two);
	format_arg(arg3, "--extra-opts=check_x@%s", one);
	char *argv[] = {"prog", arg1, "-v", arg2, "last", arg3, NULL};

	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(ds_extra_opts_expand(6, argv, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-b", "2", "--third=3", "-a", "1", "-v", "last");
	ck_assert_int_eq(out.from_files, 5);
	ds_argv_free(&out);
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(expand_default_file_and_section) {
	char dir[DS_TEST_PATH_MAX];
	char file[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_extra_opts");
	ds_test_write_file(file, dir, "mp.ini", "[check_x]\nw = 1\n[custom]\nc = 2\n");
	set_env("MP_CONFIG_FILE", file);
	set_env("NAGIOS_CONFIG_PATH", NULL);

	ds_argv out = {0};
	ds_error err = {0};
	char *bare[] = {"prog", "--extra-opts", "-x", NULL};
	ck_assert(ds_extra_opts_expand(3, bare, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-w", "1", "-x");

	char *empty[] = {"prog", "--extra-opts=", NULL};
	ck_assert(ds_extra_opts_expand(2, empty, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-w", "1");

	char *section[] = {"prog", "--extra-opts=custom", NULL};
	ck_assert(ds_extra_opts_expand(2, section, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-c", "2");

	char *section_at[] = {"prog", "--extra-opts=custom@", NULL};
	ck_assert(ds_extra_opts_expand(2, section_at, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-c", "2");

	char *only_at[] = {"prog", "--extra-opts=@", NULL};
	ck_assert(ds_extra_opts_expand(2, only_at, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-w", "1");

	/* Without a default section, a section must be named. */
	ck_assert(!ds_extra_opts_expand(2, only_at, NULL, &out, &err));
	ck_assert_str_eq(err.text, "--extra-opts needs a section name: give --extra-opts=SECTION or "
	                           "--extra-opts=SECTION@FILE");
	ck_assert(ds_extra_opts_expand(2, section, NULL, &out, &err));
	ASSERT_ARGS(&out, "prog", "-c", "2");

	ds_argv_free(&out);
	set_env("MP_CONFIG_FILE", NULL);
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(expand_splits_at_first_at_sign) {
	char dir[DS_TEST_PATH_MAX];
	char file[DS_TEST_PATH_MAX];
	char arg[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_extra_opts");
	ds_test_write_file(file, dir, "a@b.ini", "[sec]\nk = v@w\n");
	format_arg(arg, "--extra-opts=sec@%s", file);
	char *argv[] = {"prog", arg, NULL};

	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(ds_extra_opts_expand(2, argv, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-k", "v@w");
	ds_argv_free(&out);
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(expand_missing_file_leaves_out_untouched) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(ds_argv_push(&out, "previous", &err));
	char *argv[] = {"prog", "--extra-opts=s@/nonexistent/ds-test.ini", "-v", NULL};
	ck_assert(!ds_extra_opts_expand(3, argv, "check_x", &out, &err));
	char expected[DS_TEST_PATH_MAX];
	format_arg(expected, "cannot read extra-opts file /nonexistent/ds-test.ini: %s",
	           strerror(ENOENT));
	ck_assert_str_eq(err.text, expected);
	ASSERT_ARGS(&out, "previous");

	set_env("MP_CONFIG_FILE", "/nonexistent/ds-test-default.ini");
	char *bare[] = {"prog", "--extra-opts", NULL};
	ck_assert(!ds_extra_opts_expand(2, bare, "check_x", &out, &err));
	format_arg(expected, "cannot read extra-opts file /nonexistent/ds-test-default.ini: %s",
	           strerror(ENOENT));
	ck_assert_str_eq(err.text, expected);
	ASSERT_ARGS(&out, "previous");
	set_env("MP_CONFIG_FILE", NULL);
	ds_argv_free(&out);
}
END_TEST

START_TEST(expand_rejects_stdin) {
	ds_argv out = {0};
	ds_error err = {0};
	char *argv[] = {"prog", "--extra-opts=s@-", NULL};
	ck_assert(!ds_extra_opts_expand(2, argv, "check_x", &out, &err));
	ck_assert_str_eq(err.text, "--extra-opts cannot read options from standard input (\"-\"): "
	                           "give the path of an ini file");
	ck_assert_int_eq(out.argc, 0);
	ck_assert_ptr_null(out.argv);
}
END_TEST

START_TEST(expand_reports_ini_errors) {
	char dir[DS_TEST_PATH_MAX];
	char file[DS_TEST_PATH_MAX];
	char arg[DS_TEST_PATH_MAX];
	char expected[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_extra_opts");
	ds_test_write_file(file, dir, "bad.ini", "[check_x]\nok = 1\npassword " SECRET "\n[other]\n");
	ds_argv out = {0};
	ds_error err = {0};

	format_arg(arg, "--extra-opts=@%s", file);
	char *syntax[] = {"prog", arg, NULL};
	ck_assert(!ds_extra_opts_expand(2, syntax, "check_x", &out, &err));
	format_arg(expected,
	           "syntax error in extra-opts file %s line 3: a key must not contain blanks "
	           "(write key = value)",
	           file);
	ck_assert_str_eq(err.text, expected);
	ck_assert_ptr_null(strstr(err.text, "s3cr3t"));

	format_arg(arg, "--extra-opts=missing@%s", file);
	char *missing[] = {"prog", arg, NULL};
	ck_assert(!ds_extra_opts_expand(2, missing, "check_x", &out, &err));
	format_arg(expected, "section [missing] not found in %s", file);
	ck_assert_str_eq(err.text, expected);

	/* Other sections are not parsed: a broken line elsewhere does not matter. */
	format_arg(arg, "--extra-opts=other@%s", file);
	char *other[] = {"prog", arg, "x", NULL};
	ck_assert(ds_extra_opts_expand(3, other, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "x");

	ds_argv_free(&out);
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(expand_stops_at_double_dash) {
	char dir[DS_TEST_PATH_MAX];
	char file[DS_TEST_PATH_MAX];
	char arg[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_extra_opts");
	ds_test_write_file(file, dir, "x.ini", "[check_x]\nw = 1\n");
	format_arg(arg, "--extra-opts=@%s", file);
	char *argv[] = {"prog",         arg, "-v", "--", "--extra-opts=@/nonexistent/x.ini", "--",
	                "--extra-opts", NULL};

	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(ds_extra_opts_expand(7, argv, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-w", "1", "-v", "--", "--extra-opts=@/nonexistent/x.ini", "--",
	            "--extra-opts");

	char *only_after[] = {"prog", "--", "--extra-opts=@/nonexistent/x.ini", NULL};
	ck_assert(ds_extra_opts_expand(3, only_after, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "--", "--extra-opts=@/nonexistent/x.ini");
	ds_argv_free(&out);
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(expand_without_extra_opts_copies_argv) {
	char *argv[] = {"prog", "-w", "1", "--extra-optsX", "--extra", "-extra-opts", "", NULL};
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(ds_argv_push(&out, "replaced", &err));
	ck_assert(ds_extra_opts_expand(7, argv, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog", "-w", "1", "--extra-optsX", "--extra", "-extra-opts", "");
	ck_assert_int_eq(out.from_files, 0);
	for (int i = 0; i < 7; i++) {
		ck_assert_ptr_ne(out.argv[i], argv[i]);
	}
	ds_argv_free(&out);

	char *only_name[] = {"prog", NULL};
	ck_assert(ds_extra_opts_expand(1, only_name, "check_x", &out, &err));
	ASSERT_ARGS(&out, "prog");
	ds_argv_free(&out);

	char *none[] = {NULL};
	ck_assert(ds_extra_opts_expand(0, none, "check_x", &out, &err));
	ck_assert_int_eq(out.argc, 0);
	ck_assert_ptr_nonnull(out.argv);
	ck_assert_ptr_null(out.argv[0]);
	ds_argv_free(&out);

	ck_assert(!ds_extra_opts_expand(1, argv, "check_x", NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "internal error"));
}
END_TEST

int main(void) {
	Suite *suite = suite_create("extra_opts_expand");
	TCase *tc = tcase_create("extra_opts_expand");
	tcase_add_test(tc, default_file_mp_config_file_wins_even_if_missing);
	tcase_add_test(tc, default_file_nagios_config_path_order);
	tcase_add_test(tc, default_file_falls_back_to_system_paths);
	tcase_add_test(tc, default_file_buffer_too_small);
	tcase_add_test(tc, expand_ini_options_come_before_command_line);
	tcase_add_test(tc, expand_multiple_occurrences_in_order);
	tcase_add_test(tc, expand_default_file_and_section);
	tcase_add_test(tc, expand_splits_at_first_at_sign);
	tcase_add_test(tc, expand_missing_file_leaves_out_untouched);
	tcase_add_test(tc, expand_rejects_stdin);
	tcase_add_test(tc, expand_reports_ini_errors);
	tcase_add_test(tc, expand_stops_at_double_dash);
	tcase_add_test(tc, expand_without_extra_opts_copies_argv);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
