/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
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

#define SECRET     "s3cr3t-VALUE"
#define LINE_LIMIT (1024 * 1024)

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

/* A real FILE, as the plugin will have, but without a name on disk. */
static FILE *stream_of(const char *text, size_t len) {
	FILE *stream = tmpfile();
	ck_assert_ptr_nonnull(stream);
	ck_assert_uint_eq(fwrite(text, 1, len, stream), len);
	rewind(stream);
	return stream;
}

static bool read_text(const char *text, const char *section, ds_argv *out, ds_error *err) {
	FILE *stream = stream_of(text, strlen(text));
	bool ok = ds_ini_read_section(stream, "test.ini", section, out, err);
	fclose(stream);
	return ok;
}

static void format_arg(char *buf, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void format_arg(char *buf, const char *format, ...) {
	va_list ap;
	va_start(ap, format);
	int written = vsnprintf(buf, DS_TEST_PATH_MAX, format, ap);
	va_end(ap);
	ck_assert(written > 0 && written < DS_TEST_PATH_MAX);
}

/* ---- ds_argv ------------------------------------------------------------------------ */

START_TEST(argv_push_copies_and_stays_null_terminated) {
	ds_argv list = {0};
	ds_error err = {0};
	char text[16];
	for (int i = 0; i < 40; i++) {
		snprintf(text, sizeof text, "arg%d", i);
		ck_assert(ds_argv_push(&list, text, &err));
		ck_assert_int_eq(list.argc, i + 1);
		ck_assert_ptr_null(list.argv[list.argc]);
		ck_assert_uint_ge(list.capacity, (size_t)list.argc + 1);
	}
	/* The list owns copies: changing the source afterwards must not show. */
	snprintf(text, sizeof text, "changed");
	ck_assert_str_eq(list.argv[0], "arg0");
	ck_assert_str_eq(list.argv[39], "arg39");
	ck_assert_ptr_ne(list.argv[39], text);
	ck_assert(ds_argv_push(&list, "", &err));
	ck_assert_str_eq(list.argv[40], "");
	ck_assert_ptr_null(list.argv[41]);

	ds_argv_free(&list);
	ck_assert_int_eq(list.argc, 0);
	ck_assert_ptr_null(list.argv);
	ck_assert_uint_eq(list.capacity, 0);
	ds_argv_free(&list);
	ds_argv_free(NULL);

	ck_assert(ds_argv_push(&list, "again", &err));
	ASSERT_ARGS(&list, "again");
	ds_argv_free(&list);
}
END_TEST

START_TEST(argv_push_rejects_null) {
	ds_argv list = {0};
	ds_error err = {0};
	ck_assert(!ds_argv_push(&list, NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "NULL"));
	ck_assert_int_eq(list.argc, 0);
	ck_assert(!ds_argv_push(NULL, "x", NULL));
	ds_argv_free(&list);
}
END_TEST

/* ---- ds_ini_read_section ------------------------------------------------------------ */

START_TEST(ini_key_value_forms) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(read_text("[check_x]\n"
	                    "warning = 10\n"
	                    "t=20\n"
	                    "verbose\n"
	                    "v\n"
	                    "label =\n"
	                    "k =\n"
	                    "url = http://h/?a=b&c=d\n"
	                    "password = a;b#c\n",
	                    "check_x", &out, &err));
	ASSERT_ARGS(&out, "--warning=10", "-t", "20", "--verbose", "-v", "--label=", "-k", "",
	            "--url=http://h/?a=b&c=d", "--password=a;b");
	ds_argv_free(&out);
}
END_TEST

/* What the Monitoring Plugins' own reader (lib/parse_ini.c, read_defaults and add_option)
 * reads, read the same way: '#' starts a comment line; in a value, text from '#' on is
 * dropped and the blanks before it trimmed; blanks around '=' and around the section
 * name are trimmed, and what follows a header's ']' is skipped; CRLF line ends (CR is
 * blank); a section that appears again goes on where it stopped; a one-letter key
 * becomes -k. (Its "-k=value" for a one-letter key reaches getopt as the value "=value":
 * here it is "-k" "value".) */
START_TEST(ini_reads_what_the_monitoring_plugins_parse_ini_reads) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(read_text("# comment\r\n"
	                    "[ check_x ]   # the section of check_x\r\n"
	                    "since = 48h   # two days\r\n"
	                    "t = 20#no blank before the comment\r\n"
	                    "   warning   =   5   \r\n"
	                    "empty =   # only a comment\r\n"
	                    "flag   # a key without a value\r\n"
	                    "[other]\r\n"
	                    "since = 1h\r\n"
	                    "\t[\tcheck_x\t]\r\n"
	                    "critical = 9\r\n",
	                    "check_x", &out, &err));
	ASSERT_ARGS(&out, "--since=48h", "-t", "20", "--warning=5", "--empty=", "--flag",
	            "--critical=9");
	ds_argv_free(&out);
	/* Not a comment after a header: still the syntax error it was. */
	ck_assert(!read_text("[check_x] x\n", "check_x", &out, &err));
	ck_assert_str_eq(err.text, "syntax error in extra-opts file test.ini line 1: a section "
	                           "header must look like [name]");
}
END_TEST

/* A file of more than 10 000 lines (or 4 MiB) is not a plugins.ini: an error sentence,
 * and the memory it can make us take stays bounded. */
START_TEST(ini_files_are_capped_in_lines_and_bytes) {
	size_t size = 10001 * 8 + 64;
	char *text = malloc(size);
	ck_assert_ptr_nonnull(text);
	size_t len = (size_t)snprintf(text, size, "[s]\nk = v\n");
	for (int line = 3; line <= 10000; line++) {
		memcpy(text + len, "# c\n", 4);
		len += 4;
	}
	text[len] = '\0';
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert_msg(read_text(text, "s", &out, &err), "%s", err.text);
	ASSERT_ARGS(&out, "-k", "v");
	ds_argv_free(&out);
	memcpy(text + len, "k2 = " SECRET "\n", sizeof SECRET + 6);
	ck_assert(ds_argv_push(&out, "prog", &err));
	ck_assert(!read_text(text, "s", &out, &err));
	ck_assert_str_eq(err.text, "extra-opts file test.ini has more than 10000 lines: keep the "
	                           "plugins' options in a smaller file");
	ASSERT_ARGS(&out, "prog");
	free(text);

	/* Five lines of 1 MiB each: every line is allowed, the file is not. */
	size = 5 * (LINE_LIMIT / 2 + 1) * 2 + 16;
	text = malloc(size);
	ck_assert_ptr_nonnull(text);
	len = (size_t)snprintf(text, size, "[s]\n");
	for (int line = 0; line < 10; line++) {
		text[len++] = '#';
		memset(text + len, 'c', LINE_LIMIT / 2 - 2);
		len += LINE_LIMIT / 2 - 2;
		text[len++] = '\n';
	}
	text[len] = '\0';
	ck_assert(!read_text(text, "s", &out, &err));
	ck_assert_str_eq(err.text, "extra-opts file test.ini is larger than 4194304 bytes: keep the "
	                           "plugins' options in a smaller file");
	ASSERT_ARGS(&out, "prog");
	ds_argv_free(&out);
	free(text);
}
END_TEST

/* Whether a block of this size, allocated now, still holds SECRET: with glibc, a block
 * just freed is handed out again for the same size, with its old bytes (past the
 * allocator's own 16) unless they were wiped. Where the allocator does not reuse it
 * (sanitizers), this finds nothing, which proves nothing but does not fail. */
static bool reused_block_holds_secret(size_t size) {
	unsigned char *block = malloc(size);
	ck_assert_ptr_nonnull(block);
	bool found = false;
	for (size_t i = 0; i + strlen(SECRET) <= size && !found; i++) {
		found = memcmp(block + i, SECRET, strlen(SECRET)) == 0;
	}
	free(block);
	return found;
}

/* Values from the file may be secrets: the argument strings and the line buffer are
 * overwritten before they are freed. */
START_TEST(values_are_wiped_before_they_are_freed) {
	char arg[200];
	memset(arg, 'a', sizeof arg);
	memcpy(arg + 100, SECRET, strlen(SECRET));
	arg[sizeof arg - 1] = '\0';
	ds_argv list = {0};
	ds_error err = {0};
	ck_assert(ds_argv_push(&list, arg, &err));
	ds_argv_free(&list);
	ck_assert(!reused_block_holds_secret(sizeof arg));

	/* A 150-byte line: the reader's buffer grows from 128 to 256 bytes on the way. */
	char text[200];
	int len = snprintf(text, sizeof text, "[s]\nclient-secret = %0120d" SECRET "\n", 0);
	ck_assert(len > 0 && (size_t)len < sizeof text);
	ck_assert(read_text(text, "s", &list, &err));
	ck_assert_int_eq(list.argc, 1);
	size_t option_len = strlen(list.argv[0]) + 1;
	ds_argv_free(&list);
	ck_assert(!reused_block_holds_secret(option_len));
	ck_assert(!reused_block_holds_secret(256));
	ck_assert(!reused_block_holds_secret(128));
}
END_TEST

START_TEST(ini_appends_after_existing_arguments) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(ds_argv_push(&out, "prog", &err));
	ck_assert(read_text("[s]\nw = 1\n", "s", &out, &err));
	ASSERT_ARGS(&out, "prog", "-w", "1");
	ds_argv_free(&out);
}
END_TEST

START_TEST(ini_comments_blanks_and_trimming) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(read_text("# comment before any section\n"
	                    "; another one\n"
	                    "\n"
	                    " \t \n"
	                    "  [  check_x \t ]  \n"
	                    "   # indented comment\n"
	                    "\t; indented semicolon comment\n"
	                    "  \t key \t = \t value with  inner  blanks \t \n"
	                    "  flag  \n",
	                    "check_x", &out, &err));
	ASSERT_ARGS(&out, "--key=value with  inner  blanks", "--flag");
	ds_argv_free(&out);
}
END_TEST

START_TEST(ini_quotes_keep_blanks) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(read_text("[s]\n"
	                    "name = \"  padded  \"\n"
	                    "q = \"\"\n"
	                    "one = \"\n"
	                    "open = \"abc\n"
	                    "inner = a \"b\" c\n"
	                    "twice = \"\"x\"\"\n",
	                    "s", &out, &err));
	ASSERT_ARGS(&out, "--name=  padded  ", "-q", "", "--one=\"", "--open=\"abc",
	            "--inner=a \"b\" c", "--twice=\"x\"");
	ds_argv_free(&out);
}
END_TEST

START_TEST(ini_only_the_wanted_section_in_file_order) {
	ds_argv out = {0};
	ds_error err = {0};
	const char *text = "[a]\n"
	                   "first = 1\n"
	                   "[b]\n"
	                   "other = 2\n"
	                   "[A]\n"
	                   "upper = 3\n"
	                   "[a]\n"
	                   "second = 4\n"
	                   "x\n"
	                   "[ab]\n"
	                   "longer = 5\n";
	ck_assert(read_text(text, "a", &out, &err));
	ASSERT_ARGS(&out, "--first=1", "--second=4", "-x");
	ds_argv_free(&out);

	ck_assert(read_text(text, "b", &out, &err));
	ASSERT_ARGS(&out, "--other=2");
	ds_argv_free(&out);

	ck_assert(read_text(text, "A", &out, &err));
	ASSERT_ARGS(&out, "--upper=3");
	ds_argv_free(&out);
}
END_TEST

START_TEST(ini_other_sections_are_not_parsed) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(read_text("[other]\n= not ours\n--dashes = x\n[s]\nk = v\n", "s", &out, &err));
	ASSERT_ARGS(&out, "-k", "v");
	ds_argv_free(&out);
}
END_TEST

START_TEST(ini_empty_section_is_found) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(read_text("[s]\n# nothing\n[t]\nk = v\n", "s", &out, &err));
	ck_assert_int_eq(out.argc, 0);
	ds_argv_free(&out);
}
END_TEST

START_TEST(ini_crlf_and_missing_final_newline) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(read_text("\r\n# c\r\n[s]\r\nkey = value\r\nflag\r\nx = \" a \"\r\nlast = end", "s",
	                    &out, &err));
	ASSERT_ARGS(&out, "--key=value", "--flag", "-x", " a ", "--last=end");
	ds_argv_free(&out);
}
END_TEST

START_TEST(ini_utf8_bom_is_skipped) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(read_text("\xEF\xBB\xBF[s]\nk = v\n", "s", &out, &err));
	ASSERT_ARGS(&out, "-k", "v");
	ds_argv_free(&out);
}
END_TEST

START_TEST(ini_long_lines) {
	const size_t value_len = 10000;
	const size_t comment_len = 20000;
	size_t size = value_len + comment_len + 64;
	char *text = malloc(size);
	char *expected = malloc(value_len + 16);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(expected);
	size_t len = 0;
	text[len++] = '#';
	memset(text + len, 'c', comment_len);
	len += comment_len;
	memcpy(text + len, "\n[s]\nkey = ", 11);
	len += 11;
	memset(text + len, 'v', value_len);
	len += value_len;
	memcpy(text + len, "\nafter\n", 8);
	memcpy(expected, "--key=", 6);
	memset(expected + 6, 'v', value_len);
	expected[6 + value_len] = '\0';

	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(read_text(text, "s", &out, &err));
	ck_assert_int_eq(out.argc, 2);
	ck_assert_uint_eq(strlen(out.argv[0]), value_len + 6);
	ck_assert(strcmp(out.argv[0], expected) == 0);
	ck_assert_str_eq(out.argv[1], "--after");
	ds_argv_free(&out);
	free(text);
	free(expected);
}
END_TEST

START_TEST(ini_too_long_line_is_an_error) {
	size_t len = 0;
	char *text = malloc(LINE_LIMIT + 64);
	ck_assert_ptr_nonnull(text);
	memcpy(text, "[s]\nok = 1\npw = ", 16);
	len = 16;
	memset(text + len, 'x', LINE_LIMIT);
	len += LINE_LIMIT;
	memcpy(text + len, "\n", 2);

	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(ds_argv_push(&out, "prog", &err));
	ck_assert(!read_text(text, "s", &out, &err));
	ck_assert_str_eq(err.text, "extra-opts file test.ini line 3 is longer than 1048576 bytes");
	ASSERT_ARGS(&out, "prog");
	ds_argv_free(&out);
	free(text);
}
END_TEST

START_TEST(ini_missing_section) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(ds_argv_push(&out, "prog", &err));
	ck_assert(!read_text("[other]\npassword = " SECRET "\n[check_xy]\n", "check_x", &out, &err));
	ck_assert_str_eq(err.text, "section [check_x] not found in test.ini");
	ASSERT_ARGS(&out, "prog");

	ck_assert(!read_text("", "s", &out, &err));
	ck_assert_str_eq(err.text, "section [s] not found in test.ini");
	ck_assert(!read_text("# only comments\n", "s", &out, &err));
	ck_assert_str_eq(err.text, "section [s] not found in test.ini");
	ASSERT_ARGS(&out, "prog");
	ds_argv_free(&out);
}
END_TEST

typedef struct broken_case {
	const char *text;
	const char *error;
} broken_case;

/* Every broken line carries a secret: the sentence may name the line, never its value. */
START_TEST(ini_syntax_errors_name_the_line_not_the_value) {
	static const broken_case cases[] = {
	    {"password = " SECRET "\n[s]\n",
	     "syntax error in extra-opts file test.ini line 1: option before the first [section] "
	     "header (move it below one)"},
	    {"# c\n\n" SECRET "\n[s]\n",
	     "syntax error in extra-opts file test.ini line 3: option before the first [section] "
	     "header (move it below one)"},
	    {"[s]\nok = 1\n\n= " SECRET "\n",
	     "syntax error in extra-opts file test.ini line 4: '=' without a key before it (write key "
	     "= value)"},
	    {"[s]\n  \t= " SECRET "\n",
	     "syntax error in extra-opts file test.ini line 2: '=' without a key before it (write key "
	     "= value)"},
	    {"[s]\npassword " SECRET "\n", "syntax error in extra-opts file test.ini line 2: a key "
	                                   "must not contain blanks (write key "
	                                   "= value)"},
	    {"[s]\n--password = " SECRET "\n",
	     "syntax error in extra-opts file test.ini line 2: a key is written without leading dashes "
	     "(write timeout = 10, not --timeout = 10)"},
	    {"[s]\nok = 1\n[" SECRET "\n",
	     "syntax error in extra-opts file test.ini line 3: a section header must look like [name]"},
	    {"[s]\n[" SECRET "] = x\n",
	     "syntax error in extra-opts file test.ini line 2: a section header must look like [name]"},
	    {"[s]\n[ \t ]\n",
	     "syntax error in extra-opts file test.ini line 2: empty section name in []"},
	    {"[other]\nk = " SECRET "\n[\n[s]\n",
	     "syntax error in extra-opts file test.ini line 3: a section header must look like [name]"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ds_argv out = {0};
		ds_error err = {0};
		ck_assert(ds_argv_push(&out, "prog", &err));
		ck_assert_msg(!read_text(cases[i].text, "s", &out, &err), "case %u accepted", (unsigned)i);
		ck_assert_str_eq(err.text, cases[i].error);
		ck_assert_ptr_null(strstr(err.text, "s3cr3t"));
		/* Options read before the error are taken back. */
		ASSERT_ARGS(&out, "prog");
		ds_argv_free(&out);
	}
}
END_TEST

START_TEST(ini_nul_byte_is_an_error) {
	static const char text[] = "[s]\nok = 1\npw = s3cr\0t-VALUE\n";
	FILE *stream = stream_of(text, sizeof text - 1);
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(!ds_ini_read_section(stream, "bin.ini", "s", &out, &err));
	fclose(stream);
	ck_assert_str_eq(
	    err.text, "syntax error in extra-opts file bin.ini line 3: NUL byte (is it a text file?)");
	ck_assert_ptr_null(strstr(err.text, "s3cr"));
	ck_assert_int_eq(out.argc, 0);
	ds_argv_free(&out);
}
END_TEST

START_TEST(ini_unreadable_stream_is_an_error) {
	char dir[DS_TEST_PATH_MAX];
	ds_test_temp_dir(dir, "ds_extra_opts");
	/* Linux opens a directory for reading; the first read then fails. */
	FILE *stream = fopen(dir, "r");
	ck_assert_ptr_nonnull(stream);
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(!ds_ini_read_section(stream, "dir.ini", "s", &out, &err));
	fclose(stream);
	char expected[DS_TEST_PATH_MAX];
	format_arg(expected, "cannot read extra-opts file dir.ini: %s", strerror(EISDIR));
	ck_assert_str_eq(err.text, expected);
	ds_argv_free(&out);
	ds_test_remove_tree(dir);
}
END_TEST

START_TEST(ini_null_arguments) {
	ds_argv out = {0};
	ds_error err = {0};
	ck_assert(!ds_ini_read_section(NULL, "x.ini", "s", &out, &err));
	ck_assert_ptr_nonnull(strstr(err.text, "internal error"));
	FILE *stream = stream_of("[s]\n", 4);
	ck_assert(!ds_ini_read_section(stream, "x.ini", NULL, &out, NULL));
	ck_assert(!ds_ini_read_section(stream, "x.ini", "s", NULL, NULL));
	/* A missing file name still gives a sentence. */
	ck_assert(!ds_ini_read_section(stream, NULL, "t", &out, &err));
	ck_assert_str_eq(err.text, "section [t] not found in (unnamed)");
	fclose(stream);
	ds_argv_free(&out);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("extra_opts");
	TCase *tc = tcase_create("extra_opts");
	tcase_add_test(tc, argv_push_copies_and_stays_null_terminated);
	tcase_add_test(tc, argv_push_rejects_null);
	tcase_add_test(tc, ini_key_value_forms);
	tcase_add_test(tc, ini_reads_what_the_monitoring_plugins_parse_ini_reads);
	tcase_add_test(tc, ini_files_are_capped_in_lines_and_bytes);
	tcase_add_test(tc, values_are_wiped_before_they_are_freed);
	tcase_add_test(tc, ini_appends_after_existing_arguments);
	tcase_add_test(tc, ini_comments_blanks_and_trimming);
	tcase_add_test(tc, ini_quotes_keep_blanks);
	tcase_add_test(tc, ini_only_the_wanted_section_in_file_order);
	tcase_add_test(tc, ini_other_sections_are_not_parsed);
	tcase_add_test(tc, ini_empty_section_is_found);
	tcase_add_test(tc, ini_crlf_and_missing_final_newline);
	tcase_add_test(tc, ini_utf8_bom_is_skipped);
	tcase_add_test(tc, ini_long_lines);
	tcase_add_test(tc, ini_too_long_line_is_an_error);
	tcase_add_test(tc, ini_missing_section);
	tcase_add_test(tc, ini_syntax_errors_name_the_line_not_the_value);
	tcase_add_test(tc, ini_nul_byte_is_an_error);
	tcase_add_test(tc, ini_unreadable_stream_is_an_error);
	tcase_add_test(tc, ini_null_arguments);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
