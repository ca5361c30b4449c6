/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "event/event.h"

#define NOW 1795532301 /* 2026-11-24T14:58:21Z */
#define DAY 86400

static ds_event_filter empty_filter(void) {
	ds_event_filter filter;
	memset(&filter, 0, sizeof filter);
	return filter;
}

/* What the plugin uses by default: the seed event in the last 24 hours. */
static ds_event_filter default_filter(void) {
	ds_event_filter filter = empty_filter();
	ds_error err;
	ck_assert(ds_event_provider_add("Directory Synchronization", &filter, &err));
	ck_assert(ds_event_ids_parse("0,109", &filter, &err));
	memcpy(filter.message, "no longer supported", sizeof "no longer supported");
	filter.since = NOW - DAY;
	return filter;
}

static ds_event seed_event(void) {
	ds_event event;
	memset(&event, 0, sizeof event);
	memcpy(event.provider, "Directory Synchronization", sizeof "Directory Synchronization");
	event.id = 109;
	event.level = 2;
	event.time = NOW - 3600;
	event.has_time = true;
	const char *text = "This version of the Microsoft Online Services Directory Sync tool is no "
	                   "longer supported.";
	memcpy(event.message, text, strlen(text) + 1);
	return event;
}

static void ids_fail(const char *text, const char *expect) {
	ds_event_filter filter = empty_filter();
	ds_error err;
	ck_assert(ds_event_ids_parse("7", &filter, &err));
	memset(&err, 0, sizeof err);
	ck_assert_msg(!ds_event_ids_parse(text, &filter, &err), "'%s' parsed", text);
	ck_assert_msg(strstr(err.text, expect) != NULL, "'%s': error '%s' lacks '%s'", text, err.text,
	              expect);
	/* A failed parse leaves the earlier list alone. */
	ck_assert_uint_eq(filter.id_count, 1);
	ck_assert_uint_eq(filter.ids[0].first, 7);
}

START_TEST(ids_and_ranges) {
	ds_event_filter filter = empty_filter();
	ds_error err;
	ck_assert(ds_event_ids_parse("0,109", &filter, &err));
	ck_assert_uint_eq(filter.id_count, 2);
	ck_assert_uint_eq(filter.ids[0].first, 0);
	ck_assert_uint_eq(filter.ids[0].last, 0);
	ck_assert_uint_eq(filter.ids[1].first, 109);
	ck_assert_uint_eq(filter.ids[1].last, 109);

	ck_assert(ds_event_ids_parse("611,652-655", &filter, &err));
	ck_assert_uint_eq(filter.id_count, 2);
	ck_assert_uint_eq(filter.ids[0].first, 611);
	ck_assert_uint_eq(filter.ids[0].last, 611);
	ck_assert_uint_eq(filter.ids[1].first, 652);
	ck_assert_uint_eq(filter.ids[1].last, 655);

	ck_assert(ds_event_ids_parse(" 611 ,\t652-655 ", &filter, &err));
	ck_assert_uint_eq(filter.id_count, 2);
	ck_assert_uint_eq(filter.ids[1].last, 655);

	ck_assert(ds_event_ids_parse("0-65535,7-7,65535,00109", &filter, &err));
	ck_assert_uint_eq(filter.id_count, 4);
	ck_assert_uint_eq(filter.ids[0].last, 65535);
	ck_assert_uint_eq(filter.ids[1].first, 7);
	ck_assert_uint_eq(filter.ids[1].last, 7);
	ck_assert_uint_eq(filter.ids[2].first, 65535);
	ck_assert_uint_eq(filter.ids[3].first, 109);

	/* A new list replaces the old one. */
	ck_assert(ds_event_ids_parse("6900", &filter, &err));
	ck_assert_uint_eq(filter.id_count, 1);
	ck_assert_uint_eq(filter.ids[0].first, 6900);

	char many[256] = "";
	size_t len = 0;
	for (int i = 0; i < DS_EVENT_MAX_ID_RANGES; i++) {
		len += (size_t)snprintf(many + len, sizeof many - len, "%s%d", i == 0 ? "" : ",", i);
	}
	ck_assert(ds_event_ids_parse(many, &filter, &err));
	ck_assert_uint_eq(filter.id_count, DS_EVENT_MAX_ID_RANGES);
}
END_TEST

START_TEST(id_errors_quote_the_text_and_say_what_is_expected) {
	ids_fail("", "empty event id list: give ids such as 0,109");
	ids_fail("   ", "empty event id list");
	ids_fail(NULL, "empty event id list");
	ids_fail("0,,109", "empty item in the event id list '0,,109'");
	ids_fail(",109", "empty item in the event id list ',109'");
	ids_fail("109,", "empty item in the event id list '109,'");
	ids_fail("0, ,109", "empty item");
	ids_fail("65536", "event id '65536' in '65536' is too large: Windows event ids are 0 to 65535");
	ids_fail("1-99999999999999999999", "event id '1-99999999999999999999' in");
	ids_fail("1-99999999999999999999", "too large");
	ids_fail("655-652", "event id range '655-652' in '655-652' runs backwards: write the lower id "
	                    "first (652-655)");
	ids_fail("0,abc",
	         "invalid event id 'abc' in '0,abc': expected an id 0 to 65535 or a range such as "
	         "652-655");
	ids_fail("6 52", "invalid event id '6 52'");
	ids_fail("652 - 655", "invalid event id '652 - 655'");
	ids_fail("-5", "invalid event id '-5'");
	ids_fail("5-", "invalid event id '5-'");
	ids_fail("1-2-3", "invalid event id '1-2-3'");
	ids_fail("+5", "invalid event id '+5'");
	ids_fail("0x10", "invalid event id '0x10'");
	ids_fail("109;0", "invalid event id '109;0'");

	char many[256] = "";
	size_t len = 0;
	for (int i = 0; i <= DS_EVENT_MAX_ID_RANGES; i++) {
		len += (size_t)snprintf(many + len, sizeof many - len, "%s%d", i == 0 ? "" : ",", i);
	}
	ids_fail(many, "has more than 32 ids and ranges: join neighbouring ids into ranges");

	/* A long text is quoted cut, and the hint still fits. */
	char long_text[400];
	memset(long_text, '1', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	long_text[0] = 'x';
	ids_fail(long_text, "...': expected an id 0 to 65535");
}
END_TEST

START_TEST(levels) {
	ds_event_filter filter = empty_filter();
	ds_error err;
	ck_assert(ds_event_levels_parse("error,warning", &filter, &err));
	ck_assert_uint_eq(filter.levels, (1u << 2) | (1u << 3));
	ck_assert(ds_event_levels_parse("Critical", &filter, &err));
	ck_assert_uint_eq(filter.levels, 1u << 1);
	/* Event Viewer's "Information" includes level 0 (classic success events). */
	ck_assert(ds_event_levels_parse("INFO", &filter, &err));
	ck_assert_uint_eq(filter.levels, (1u << 4) | 1u);
	ck_assert(ds_event_levels_parse("information", &filter, &err));
	ck_assert_uint_eq(filter.levels, (1u << 4) | 1u);
	ck_assert(ds_event_levels_parse("Verbose", &filter, &err));
	ck_assert_uint_eq(filter.levels, 1u << 5);
	ck_assert(ds_event_levels_parse(" 1 , 2,3,4,5 ", &filter, &err));
	ck_assert_uint_eq(filter.levels, 0x3fu);
	ck_assert(ds_event_levels_parse("error,2,ERROR", &filter, &err));
	ck_assert_uint_eq(filter.levels, 1u << 2);

	const char *bad[] = {"err", "6", "0", "errors", "error warning", "informational"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		ck_assert_msg(!ds_event_levels_parse(bad[i], &filter, &err), "'%s' parsed", bad[i]);
		ck_assert_msg(strstr(err.text, "expected critical, error, warning, information, verbose "
		                               "or 1 to 5") != NULL,
		              "%s", err.text);
		ck_assert_uint_eq(filter.levels, 1u << 2);
	}
	ck_assert(!ds_event_levels_parse("error,bogus", &filter, &err));
	ck_assert_str_eq(err.text, "unknown event level 'bogus' in 'error,bogus': expected critical, "
	                           "error, warning, information, verbose or 1 to 5");
	ck_assert(!ds_event_levels_parse("", &filter, &err));
	ck_assert(strstr(err.text, "empty event level list") != NULL);
	ck_assert(!ds_event_levels_parse(NULL, &filter, &err));
	ck_assert(!ds_event_levels_parse("error,", &filter, &err));
	ck_assert(strstr(err.text, "empty item in the event level list 'error,'") != NULL);
	ck_assert(!ds_event_levels_parse("error,,warning", &filter, &err));
	ck_assert(strstr(err.text, "empty item") != NULL);
	ck_assert_uint_eq(filter.levels, 1u << 2);
}
END_TEST

START_TEST(providers) {
	ds_event_filter filter = empty_filter();
	ds_error err;
	ck_assert(ds_event_provider_add("Directory Synchronization", &filter, &err));
	ck_assert(ds_event_provider_add("ADSync", &filter, &err));
	/* The same name in another case is the same provider to Windows. */
	ck_assert(ds_event_provider_add("adsync", &filter, &err));
	ck_assert_uint_eq(filter.provider_count, 2);
	ck_assert_str_eq(filter.providers[1], "ADSync");
	ck_assert(ds_event_provider_add("O'Brien Sync", &filter, &err));
	ck_assert(ds_event_provider_add("The \"Sync\"", &filter, &err));
	ck_assert_uint_eq(filter.provider_count, 4);

	ck_assert(!ds_event_provider_add("", &filter, &err));
	ck_assert(strstr(err.text, "empty event provider name") != NULL);
	ck_assert(!ds_event_provider_add(NULL, &filter, &err));
	ck_assert(!ds_event_provider_add("It's \"odd\"", &filter, &err));
	ck_assert_str_eq(err.text, "event provider name 'It's \"odd\"' contains both ' and \": the "
	                           "event log query language (XPath 1.0) cannot quote such a name");

	char name[300];
	memset(name, 'p', sizeof name);
	name[256] = '\0';
	ck_assert(!ds_event_provider_add(name, &filter, &err));
	ck_assert(strstr(err.text, "is 256 bytes long: provider names have at most 255") != NULL);
	name[255] = '\0';
	ck_assert(ds_event_provider_add(name, &filter, &err));
	ck_assert_uint_eq(filter.provider_count, 5);
	ck_assert_str_eq(filter.providers[4], name);

	ck_assert(ds_event_provider_add("Six", &filter, &err));
	ck_assert(ds_event_provider_add("Seven", &filter, &err));
	ck_assert(ds_event_provider_add("Eight", &filter, &err));
	ck_assert_uint_eq(filter.provider_count, DS_EVENT_MAX_PROVIDERS);
	ck_assert(!ds_event_provider_add("Nine", &filter, &err));
	ck_assert_str_eq(err.text, "too many event providers ('Nine' would be number 9): give at most "
	                           "8, or run the check once per group of providers");
	/* A name already there is still fine when the list is full. */
	ck_assert(ds_event_provider_add("EIGHT", &filter, &err));
	ck_assert_uint_eq(filter.provider_count, DS_EVENT_MAX_PROVIDERS);
}
END_TEST

START_TEST(matches_ids_ranges_and_providers) {
	ds_event_filter filter = default_filter();
	ds_event event = seed_event();
	ck_assert(ds_event_matches(&filter, &event));
	event.id = 0;
	ck_assert(ds_event_matches(&filter, &event));
	event.id = 110;
	ck_assert(!ds_event_matches(&filter, &event));
	event.id = 109;

	ck_assert(ds_event_ids_parse("611,652-655", &filter, NULL));
	filter.message[0] = '\0';
	unsigned in[] = {611, 652, 653, 655};
	unsigned out[] = {610, 612, 651, 656, 0, 109};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		event.id = in[i];
		ck_assert_msg(ds_event_matches(&filter, &event), "id %u", in[i]);
	}
	for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
		event.id = out[i];
		ck_assert_msg(!ds_event_matches(&filter, &event), "id %u", out[i]);
	}
	event.id = 611;

	/* Provider names ignore case, as Windows does, but not other differences. */
	memcpy(event.provider, "DIRECTORY synchronization", sizeof "DIRECTORY synchronization");
	ck_assert(ds_event_matches(&filter, &event));
	memcpy(event.provider, "Directory Synchronization ", sizeof "Directory Synchronization ");
	ck_assert(!ds_event_matches(&filter, &event));
	memcpy(event.provider, "ADSync", sizeof "ADSync");
	ck_assert(!ds_event_matches(&filter, &event));
	ck_assert(ds_event_provider_add("ADSync", &filter, NULL));
	ck_assert(ds_event_matches(&filter, &event));
	event.provider[0] = '\0';
	ck_assert(!ds_event_matches(&filter, &event));

	/* No provider and no id in the filter: any. */
	ds_event_filter any = empty_filter();
	ck_assert(ds_event_matches(&any, &event));
	event.id = 65535;
	ck_assert(ds_event_matches(&any, &event));
}
END_TEST

START_TEST(matches_levels) {
	ds_event_filter filter = default_filter();
	ds_event event = seed_event();
	ck_assert(ds_event_levels_parse("error,warning", &filter, NULL));
	event.level = 2;
	ck_assert(ds_event_matches(&filter, &event));
	event.level = 3;
	ck_assert(ds_event_matches(&filter, &event));
	event.level = 4;
	ck_assert(!ds_event_matches(&filter, &event));
	event.level = 0;
	ck_assert(!ds_event_matches(&filter, &event));
	event.level = 99;
	ck_assert(!ds_event_matches(&filter, &event));
	ck_assert(ds_event_levels_parse("information", &filter, NULL));
	event.level = 0;
	ck_assert(ds_event_matches(&filter, &event));
	event.level = 4;
	ck_assert(ds_event_matches(&filter, &event));
	filter.levels = 0;
	event.level = 99;
	ck_assert(ds_event_matches(&filter, &event));
}
END_TEST

START_TEST(matches_window_edges_and_missing_time) {
	ds_event_filter filter = default_filter();
	ds_event event = seed_event();
	event.time = filter.since;
	ck_assert(ds_event_matches(&filter, &event));
	event.time = filter.since - 1;
	ck_assert(!ds_event_matches(&filter, &event));
	event.time = NOW + 3600; /* a clock ahead is still inside the window */
	ck_assert(ds_event_matches(&filter, &event));

	/* Without a time an event cannot be shown to be in the window. */
	event.has_time = false;
	event.time = 0;
	ck_assert(!ds_event_matches(&filter, &event));
	event.time = NOW;
	ck_assert(!ds_event_matches(&filter, &event));
	/* Without a window it matches. */
	filter.since = 0;
	ck_assert(ds_event_matches(&filter, &event));
	event.has_time = true;
	event.time = 1;
	ck_assert(ds_event_matches(&filter, &event));
}
END_TEST

START_TEST(matches_message_ignoring_ascii_case) {
	ds_event_filter filter = default_filter();
	ds_event event = seed_event();
	ck_assert(ds_event_matches(&filter, &event));
	memcpy(filter.message, "NO LONGER Supported", sizeof "NO LONGER Supported");
	ck_assert(ds_event_matches(&filter, &event));
	memcpy(filter.message, "no longer supported!", sizeof "no longer supported!");
	ck_assert(!ds_event_matches(&filter, &event));
	memcpy(filter.message, "nolonger", sizeof "nolonger");
	ck_assert(!ds_event_matches(&filter, &event));
	memcpy(filter.message, "this version", sizeof "this version");
	ck_assert(ds_event_matches(&filter, &event));
	memcpy(filter.message, "SUPPORTED.", sizeof "SUPPORTED.");
	ck_assert(ds_event_matches(&filter, &event));

	/* Bytes of UTF-8 sequences are compared as they are; ASCII around them folds. */
	memcpy(event.message,
	       "Die Gr\xc3\xb6\xc3\x9f"
	       "e ist falsch",
	       sizeof "Die Gr\xc3\xb6\xc3\x9f"
	              "e ist falsch");
	memcpy(filter.message,
	       "GR\xc3\xb6\xc3\x9f"
	       "E",
	       sizeof "GR\xc3\xb6\xc3\x9f"
	              "E");
	ck_assert(ds_event_matches(&filter, &event));
	memcpy(filter.message,
	       "GR\xc3\x96\xc3\x9f"
	       "E",
	       sizeof "GR\xc3\x96\xc3\x9f"
	              "E"); /* Ö */
	ck_assert(!ds_event_matches(&filter, &event));
	/* 0xC3 and 0xE3 differ by the ASCII case bit: they must not fold together. */
	memcpy(filter.message, "gr\xe3\xb6", sizeof "gr\xe3\xb6");
	ck_assert(!ds_event_matches(&filter, &event));

	/* An empty filter message matches every message, the empty one too. */
	filter.message[0] = '\0';
	ck_assert(ds_event_matches(&filter, &event));
	event.message[0] = '\0';
	ck_assert(ds_event_matches(&filter, &event));
	memcpy(filter.message, "x", sizeof "x");
	ck_assert(!ds_event_matches(&filter, &event));
}
END_TEST

static const char *xpath(const ds_event_filter *filter) {
	static char text[4096];
	ck_assert(ds_event_xpath(filter, NOW, text, sizeof text));
	return text;
}

START_TEST(xpath_default_filter) {
	ds_event_filter filter = default_filter();
	ck_assert_str_eq(xpath(&filter), "*[System[(Provider[@Name='Directory Synchronization']) and "
	                                 "(EventID=0 or EventID=109) and "
	                                 "TimeCreated[timediff(@SystemTime) <= 86400000]]]");
	/* A window that starts in the future is empty, not negative. */
	filter.since = NOW + 10;
	ck_assert_str_eq(xpath(&filter), "*[System[(Provider[@Name='Directory Synchronization']) and "
	                                 "(EventID=0 or EventID=109) and "
	                                 "TimeCreated[timediff(@SystemTime) <= 0]]]");
}
END_TEST

START_TEST(xpath_ranges_and_levels) {
	ds_event_filter filter = empty_filter();
	ck_assert(ds_event_provider_add("Directory Synchronization", &filter, NULL));
	ck_assert(ds_event_ids_parse("611,652-655", &filter, NULL));
	ck_assert(ds_event_levels_parse("error,warning", &filter, NULL));
	ck_assert_str_eq(xpath(&filter), "*[System[(Provider[@Name='Directory Synchronization']) and "
	                                 "(EventID=611 or (EventID >= 652 and EventID <= 655)) and "
	                                 "(Level=2 or Level=3)]]");

	ds_event_filter only = empty_filter();
	ck_assert(ds_event_ids_parse("300-399", &only, NULL));
	ck_assert(ds_event_levels_parse("information", &only, NULL));
	only.since = NOW - 3600;
	ck_assert_str_eq(xpath(&only), "*[System[((EventID >= 300 and EventID <= 399)) and "
	                               "(Level=0 or Level=4) and "
	                               "TimeCreated[timediff(@SystemTime) <= 3600000]]]");
}
END_TEST

START_TEST(xpath_two_providers) {
	ds_event_filter filter = empty_filter();
	ck_assert(ds_event_provider_add("Microsoft Entra Connect Upgrade", &filter, NULL));
	ck_assert(ds_event_provider_add("Azure AD Connect Upgrade", &filter, NULL));
	ck_assert_str_eq(xpath(&filter), "*[System[(Provider[@Name='Microsoft Entra Connect Upgrade'] "
	                                 "or Provider[@Name='Azure AD Connect Upgrade'])]]");
}
END_TEST

START_TEST(xpath_apostrophe_and_both_quotes) {
	ds_event_filter filter = empty_filter();
	ck_assert(ds_event_provider_add("O'Brien Sync", &filter, NULL));
	ck_assert(ds_event_provider_add("Plain", &filter, NULL));
	ck_assert(ds_event_ids_parse("5", &filter, NULL));
	ck_assert_str_eq(xpath(&filter), "*[System[(Provider[@Name=\"O'Brien Sync\"] or "
	                                 "Provider[@Name='Plain']) and (EventID=5)]]");

	/* A name put into the filter directly with both quotes cannot be queried. */
	memcpy(filter.providers[1], "It's \"odd\"", sizeof "It's \"odd\"");
	char text[512] = "junk";
	ck_assert(!ds_event_xpath(&filter, NOW, text, sizeof text));
	ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(xpath_without_filter_parts_is_star) {
	ds_event_filter filter = empty_filter();
	ck_assert_str_eq(xpath(&filter), "*");
	/* The log name and the message are not part of the query. */
	memcpy(filter.log, "Application", sizeof "Application");
	memcpy(filter.message, "no longer supported", sizeof "no longer supported");
	ck_assert_str_eq(xpath(&filter), "*");
	char two[2];
	ck_assert(ds_event_xpath(&filter, NOW, two, sizeof two));
	ck_assert_str_eq(two, "*");
	char one[1] = "";
	ck_assert(!ds_event_xpath(&filter, NOW, one, sizeof one));
}
END_TEST

START_TEST(xpath_too_small_buffer) {
	ds_event_filter filter = default_filter();
	char full[512];
	ck_assert(ds_event_xpath(&filter, NOW, full, sizeof full));
	size_t len = strlen(full);
	char exact[512];
	ck_assert(ds_event_xpath(&filter, NOW, exact, len + 1));
	ck_assert_str_eq(exact, full);
	for (size_t size = 0; size <= len; size++) {
		char small[512];
		memset(small, 'x', sizeof small);
		ck_assert_msg(!ds_event_xpath(&filter, NOW, small, size), "size %zu", size);
		if (size > 0) {
			ck_assert_str_eq(small, "");
		}
		ck_assert_int_eq(small[size], 'x'); /* nothing written past the end */
	}
	ck_assert(!ds_event_xpath(&filter, NOW, NULL, 0));
}
END_TEST

int main(void) {
	Suite *suite = suite_create("event");
	TCase *tc = tcase_create("event");
	tcase_add_test(tc, ids_and_ranges);
	tcase_add_test(tc, id_errors_quote_the_text_and_say_what_is_expected);
	tcase_add_test(tc, levels);
	tcase_add_test(tc, providers);
	tcase_add_test(tc, matches_ids_ranges_and_providers);
	tcase_add_test(tc, matches_levels);
	tcase_add_test(tc, matches_window_edges_and_missing_time);
	tcase_add_test(tc, matches_message_ignoring_ascii_case);
	tcase_add_test(tc, xpath_default_filter);
	tcase_add_test(tc, xpath_ranges_and_levels);
	tcase_add_test(tc, xpath_two_providers);
	tcase_add_test(tc, xpath_apostrophe_and_both_quotes);
	tcase_add_test(tc, xpath_without_filter_parts_is_star);
	tcase_add_test(tc, xpath_too_small_buffer);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
