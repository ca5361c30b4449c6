/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <math.h>
#include <string.h>

#include "core/output.h"

#include <stdio.h>
#include <unistd.h>

/* Runs ds_verdict_emit with stdout sent to a file, so the TAP stream stays clean, and
 * returns the exit code; the printed text lands in out. */
static int capture_emit(const ds_verdict *v, char *out, size_t size) {
	FILE *sink = tmpfile();
	ck_assert_ptr_nonnull(sink);
	ck_assert_int_eq(fflush(stdout), 0);
	int saved = dup(fileno(stdout));
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(fileno(sink), fileno(stdout)), 0);
	int code = ds_verdict_emit(v);
	ck_assert_int_ge(dup2(saved, fileno(stdout)), 0);
	close(saved);
	rewind(sink);
	size_t len = fread(out, 1, size - 1, sink);
	out[len] = '\0';
	fclose(sink);
	return code;
}

static ds_range range_of(const char *text) {
	ds_range range;
	ds_error err;
	ck_assert_msg(ds_range_parse(text, &range, &err), "range %s: %s", text, err.text);
	return range;
}

START_TEST(first_line_contract) {
	ds_verdict v;
	ds_verdict_init(&v, "OS");
	ds_verdict_set(&v, DS_OK, "Windows Server 2019 is %s", "fine");
	char text[512];
	ck_assert(ds_verdict_format(&v, text, sizeof text));
	ck_assert_str_eq(text, "DIRSYNC OS OK - Windows Server 2019 is fine\n");
	char printed[512];
	ck_assert_int_eq(capture_emit(&v, printed, sizeof printed), 0);
	ck_assert_str_eq(printed, text);
}
END_TEST

START_TEST(init_is_unknown_not_ok) {
	ds_verdict v;
	ds_verdict_init(&v, "AGE");
	ck_assert_int_eq(v.state, DS_UNKNOWN);
	char text[256];
	ck_assert(ds_verdict_format(&v, text, sizeof text));
	ck_assert_str_eq(text, "DIRSYNC AGE UNKNOWN - no verdict was reached\n");
}
END_TEST

START_TEST(perfdata_and_details) {
	ds_verdict v;
	ds_verdict_init(&v, "AGE");
	ds_verdict_set(&v, DS_WARNING, "last sync 2h ago");
	ds_verdict_detail(&v, "tenant %s", "contoso");
	ds_verdict_detail(&v, "second line");
	ds_thresholds t = {.has_warning = true,
	                   .warning = range_of("3600"),
	                   .has_critical = true,
	                   .critical = range_of("10800")};
	ds_perfdata p = ds_perfdata_make("sync_age", 7200, "s", &t);
	p.has_min = true;
	p.min = 0;
	ck_assert(ds_verdict_add_perf(&v, &p));
	ds_perfdata q = ds_perfdata_make("objects", 12, "", NULL);
	ck_assert(ds_verdict_add_perf(&v, &q));
	char text[512];
	ck_assert(ds_verdict_format(&v, text, sizeof text));
	ck_assert_str_eq(text, "DIRSYNC AGE WARNING - last sync 2h ago | sync_age=7200s;3600;10800;0 "
	                       "objects=12\ntenant contoso\nsecond line\n");
	char printed[512];
	ck_assert_int_eq(capture_emit(&v, printed, sizeof printed), 1);
	ck_assert_str_eq(printed, text);
}
END_TEST

START_TEST(pipes_and_newlines_cannot_break_the_format) {
	ds_verdict v;
	ds_verdict_init(&v, "EVENT");
	ds_verdict_set(&v, DS_CRITICAL, "a|b\nc");
	ds_verdict_detail(&v, "x|y");
	char text[256];
	ck_assert(ds_verdict_format(&v, text, sizeof text));
	ck_assert_str_eq(text, "DIRSYNC EVENT CRITICAL - a/b c\nx/y\n");
}
END_TEST

/* Every kind of character that must not reach the core, a web page or a terminal, and
 * bytes that are not UTF-8: the summary and the long output hold none of them. */
#define R "\xEF\xBF\xBD" /* U+FFFD */

START_TEST(controls_and_invalid_utf8_are_replaced) {
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
	    {"a\x1b[31mb", "a" R "[31mb"}, /* ESC */
	    {"a\x07"
	     "b",
	     "a" R "b"}, /* BEL */
	    {"a\x0b"
	     "b\x0c",
	     "a" R "b" R},    /* VT, FF */
	    {"a\x7f", "a" R}, /* DEL */
	    {"a\xc2\x85"
	     "b",
	     "a" R "b"},               /* NEL U+0085 */
	    {"\xc2\x80\xc2\x9b", R R}, /* C1: U+0080, CSI U+009B */
	    {"\xe2\x80\xae"
	     "evil",
	     R "evil"},                        /* RLO U+202E */
	    {"\xe2\x80\xaa\xe2\x80\xac", R R}, /* LRE, PDF */
	    {"\xe2\x81\xa6"
	     "x\xe2\x81\xa9",
	     R "x" R},                         /* LRI, PDI */
	    {"\xe2\x80\x8f\xe2\x80\xa8", R R}, /* RLM, LINE SEPARATOR */
	    {"a\xff"
	     "b",
	     "a" R "b"},                 /* not UTF-8 */
	    {"\xc0\xaf", R R},           /* overlong '/' */
	    {"\xed\xa0\x80", R R R},     /* a surrogate */
	    {"end\xe2\x82", "end" R R},  /* a cut character */
	    {"a\tb\r\nc|d", "a b  c/d"}, /* as before */
	    {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ds_verdict v;
		ds_verdict_init(&v, "AGE");
		ds_verdict_set(&v, DS_UNKNOWN, "Graph answered with error %s", cases[i].in);
		ds_verdict_detail(&v, "%s", cases[i].in);
		char expected[256];
		snprintf(expected, sizeof expected,
		         "DIRSYNC AGE UNKNOWN - Graph answered with error %s\n%s\n", cases[i].out,
		         cases[i].out);
		char text[512];
		ck_assert(ds_verdict_format(&v, text, sizeof text));
		ck_assert_msg(strcmp(text, expected) == 0, "case %zu: '%s'", i, text);
	}
}
END_TEST

/* A text longer than the summary or the long output is cut between characters. */
START_TEST(cuts_fall_between_characters) {
	ds_verdict v;
	ds_verdict_init(&v, "AGE");
	char text[DS_DETAILS_MAX * 2];
	/* 238 bytes, then a 3-byte character where only one byte is left. */
	memset(text, 'x', 238);
	memcpy(text + 238, "\xe2\x82\xac tail", 9);
	ds_verdict_set(&v, DS_OK, "%s", text);
	ck_assert_uint_eq(strlen(v.summary), 238);
	ck_assert(strchr(v.summary, '\xe2') == NULL);
	/* A character whose cleaning makes it longer (a C1 control, 2 bytes, becomes U+FFFD,
	 * 3 bytes) is never half written either. */
	memset(text, 'x', 237);
	memcpy(text + 237, "\xc2\x85", 3);
	ds_verdict_set(&v, DS_OK, "%s", text);
	ck_assert_uint_eq(strlen(v.summary), 237);
	/* The long output: 4-byte characters until it is full. */
	for (size_t i = 0; i + 4 < sizeof text; i += 4) {
		memcpy(text + i, "\xf0\x9f\x98\x80", 4);
		text[i + 4] = '\0';
	}
	ds_verdict_detail(&v, "%s", text);
	ck_assert_uint_eq(v.details_len % 4, 1); /* whole characters and the newline */
	ck_assert_int_eq(v.details[v.details_len - 1], '\n');
	ck_assert_uint_gt(v.details_len, DS_DETAILS_MAX - 8);
}
END_TEST

START_TEST(perfdata_formats) {
	char buf[128];
	ds_perfdata p = ds_perfdata_make("support days", 48, "", NULL);
	ck_assert(ds_perfdata_format(&p, buf, sizeof buf));
	ck_assert_str_eq(buf, "'support days'=48");

	p = ds_perfdata_make("it's", 1.5, "ms", NULL);
	ck_assert(ds_perfdata_format(&p, buf, sizeof buf));
	ck_assert_str_eq(buf, "'it''s'=1.5ms");

	ds_thresholds only_crit = {.has_critical = true, .critical = range_of("@10:20")};
	p = ds_perfdata_make("x", -3, "", &only_crit);
	ck_assert(ds_perfdata_format(&p, buf, sizeof buf));
	ck_assert_str_eq(buf, "x=-3;;@10:20");

	ds_thresholds days = {.has_warning = true,
	                      .warning = range_of("60:"),
	                      .has_critical = true,
	                      .critical = range_of("0:")};
	p = ds_perfdata_make("support_days_left", 430, "", &days);
	ck_assert(ds_perfdata_format(&p, buf, sizeof buf));
	ck_assert_str_eq(buf, "support_days_left=430;60:;0:");

	p = ds_perfdata_make("pct", 99.5, "%", NULL);
	p.has_max = true;
	p.max = 100;
	ck_assert(ds_perfdata_format(&p, buf, sizeof buf));
	ck_assert_str_eq(buf, "pct=99.5%;;;;100");

	p = ds_perfdata_make("a=b", NAN, "s", NULL);
	ck_assert(ds_perfdata_format(&p, buf, sizeof buf));
	ck_assert_str_eq(buf, "'a_b'=U");
}
END_TEST

START_TEST(small_buffers_are_cut_not_overrun) {
	char buf[8];
	ds_perfdata p = ds_perfdata_make("sync_age", 12345, "s", NULL);
	ck_assert(!ds_perfdata_format(&p, buf, sizeof buf));
	ck_assert_uint_eq(strlen(buf), 7);
	ds_verdict v;
	ds_verdict_init(&v, "OS");
	ds_verdict_set(&v, DS_OK, "%s", "a long summary that will not fit");
	char small[16];
	ck_assert(!ds_verdict_format(&v, small, sizeof small));
	ck_assert_uint_eq(strlen(small), 15);
}
END_TEST

START_TEST(summary_and_details_are_bounded) {
	ds_verdict v;
	ds_verdict_init(&v, "OS");
	char big[1000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ds_verdict_set(&v, DS_CRITICAL, "%s", big);
	ck_assert_uint_eq(strlen(v.summary), DS_SUMMARY_MAX - 1);
	for (int i = 0; i < 20; i++) {
		ds_verdict_detail(&v, "%s", big);
	}
	ck_assert_uint_lt(v.details_len, DS_DETAILS_MAX);
	ck_assert_uint_eq(strlen(v.details), v.details_len);
	ck_assert_int_eq(v.details[v.details_len - 1], '\n');
}
END_TEST

START_TEST(perfdata_slots_are_bounded) {
	ds_verdict v;
	ds_verdict_init(&v, "OS");
	ds_perfdata p = ds_perfdata_make("n", 1, "", NULL);
	for (int i = 0; i < DS_PERF_MAX; i++) {
		ck_assert(ds_verdict_add_perf(&v, &p));
	}
	ck_assert(!ds_verdict_add_perf(&v, &p));
	ck_assert_uint_eq(v.perf_count, DS_PERF_MAX);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("output");
	TCase *tc = tcase_create("output");
	tcase_add_test(tc, first_line_contract);
	tcase_add_test(tc, init_is_unknown_not_ok);
	tcase_add_test(tc, perfdata_and_details);
	tcase_add_test(tc, pipes_and_newlines_cannot_break_the_format);
	tcase_add_test(tc, controls_and_invalid_utf8_are_replaced);
	tcase_add_test(tc, cuts_fall_between_characters);
	tcase_add_test(tc, perfdata_formats);
	tcase_add_test(tc, small_buffers_are_cut_not_overrun);
	tcase_add_test(tc, summary_and_details_are_bounded);
	tcase_add_test(tc, perfdata_slots_are_bounded);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
