/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "event/tally.h"

#define NOW  1795532301 /* 2026-11-24T14:58:21Z */
#define SEED 1795518000 /* 2026-11-24T11:00:00Z */
#define DAY  86400

#define SEED_TEXT                                                                                  \
	"This version of the Microsoft Online Services Directory Sync tool is no longer supported. "   \
	"Uninstall this version, and then download and install the latest version from your Admin "    \
	"Portal page."

static ds_event_filter default_filter(void) {
	ds_event_filter filter;
	memset(&filter, 0, sizeof filter);
	memcpy(filter.log, "Application", sizeof "Application");
	ck_assert(ds_event_provider_add("Directory Synchronization", &filter, NULL));
	ck_assert(ds_event_ids_parse("0,109", &filter, NULL));
	memcpy(filter.message, "no longer supported", sizeof "no longer supported");
	filter.since = NOW - DAY;
	return filter;
}

static ds_event make_event(unsigned id, int64_t time, const char *message) {
	ds_event event;
	memset(&event, 0, sizeof event);
	memcpy(event.provider, "Directory Synchronization", sizeof "Directory Synchronization");
	event.id = id;
	event.level = 2;
	event.time = time;
	event.has_time = true;
	(void)snprintf(event.message, sizeof event.message, "%s", message);
	return event;
}

static ds_range range_of(const char *text) {
	ds_range range;
	ds_error err;
	ck_assert_msg(ds_range_parse(text, &range, &err), "range %s: %s", text, err.text);
	return range;
}

/* What the plugin passes without -w and -c: any match is CRITICAL. */
static ds_thresholds default_thresholds(void) {
	ds_thresholds t = {.has_warning = false, .has_critical = true, .critical = range_of("0")};
	return t;
}

static ds_thresholds thresholds(const char *warning, const char *critical) {
	ds_thresholds t = {.has_warning = true,
	                   .warning = range_of(warning),
	                   .has_critical = true,
	                   .critical = range_of(critical)};
	return t;
}

static ds_verdict judge(const ds_event_tally *tally, const ds_thresholds *t) {
	ds_verdict v;
	ds_verdict_init(&v, "EVENT");
	ds_event_judge(tally, t, "24h", &v);
	return v;
}

static const char *format(const ds_verdict *v) {
	static char text[8192];
	ck_assert(ds_verdict_format(v, text, sizeof text));
	return text;
}

static size_t first_line_len(const char *text) {
	return strcspn(text, "\n");
}

/* Whole UTF-8 sequences only (a cut must not leave half a character). */
static bool valid_utf8(const char *text) {
	const unsigned char *p = (const unsigned char *)text;
	while (*p != '\0') {
		size_t extra = *p < 0x80             ? 0
		               : (*p & 0xE0) == 0xC0 ? 1
		               : (*p & 0xF0) == 0xE0 ? 2
		               : (*p & 0xF8) == 0xF0 ? 3
		                                     : 9;
		if (extra == 9) {
			return false;
		}
		p++;
		for (size_t i = 0; i < extra; i++, p++) {
			if ((*p & 0xC0) != 0x80) {
				return false;
			}
		}
	}
	return true;
}

static void add(ds_event_tally *tally, const ds_event *event) {
	ck_assert(ds_event_tally_add(event, tally));
}

START_TEST(keeps_the_newest_first_and_counts) {
	ds_event_filter filter = default_filter();
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	ck_assert_uint_eq(tally.seen, 0);
	ck_assert_uint_eq(tally.matched, 0);
	ck_assert_uint_eq(tally.newest_count, 0);
	int hours[] = {3, 7, 1, 5, 2, 6, 4};
	for (size_t i = 0; i < sizeof hours / sizeof hours[0]; i++) {
		ds_event event = make_event(109, SEED - 3600 * (8 - hours[i]), SEED_TEXT);
		event.level = (unsigned)hours[i]; /* marks which one it is */
		add(&tally, &event);
	}
	ds_event other = make_event(110, SEED, SEED_TEXT);
	add(&tally, &other);
	ds_event old = make_event(109, NOW - DAY - 1, SEED_TEXT);
	add(&tally, &old);
	ck_assert_uint_eq(tally.seen, 9);
	ck_assert_uint_eq(tally.matched, 7);
	ck_assert_uint_eq(tally.newest_count, DS_EVENT_TALLY_NEWEST);
	for (size_t i = 0; i < DS_EVENT_TALLY_NEWEST; i++) {
		ck_assert_uint_eq(tally.newest[i].level, 7 - i);
		ck_assert_int_eq(tally.newest[i].time, SEED - 3600 * (int64_t)(1 + i));
	}
}
END_TEST

START_TEST(equal_times_and_missing_times) {
	ds_event_filter filter = default_filter();
	filter.since = 0; /* without a window an event without a time matches */
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	ds_event untimed = make_event(0, 0, SEED_TEXT);
	untimed.has_time = false;
	untimed.level = 10;
	add(&tally, &untimed);
	ds_event first = make_event(109, SEED, SEED_TEXT);
	first.level = 11;
	add(&tally, &first);
	ds_event second = make_event(109, SEED, SEED_TEXT);
	second.level = 12;
	add(&tally, &second);
	ds_event older = make_event(109, SEED - 60, SEED_TEXT);
	older.level = 13;
	add(&tally, &older);
	ck_assert_uint_eq(tally.newest_count, 4);
	/* Logs are read oldest first: of two at the same second the later read is newer. */
	ck_assert_uint_eq(tally.newest[0].level, 12);
	ck_assert_uint_eq(tally.newest[1].level, 11);
	ck_assert_uint_eq(tally.newest[2].level, 13);
	ck_assert_uint_eq(tally.newest[3].level, 10);

	/* A full list of timed events keeps no untimed one. */
	for (int i = 0; i < 3; i++) {
		add(&tally, &older);
	}
	add(&tally, &untimed);
	ck_assert_uint_eq(tally.matched, 8);
	for (size_t i = 0; i < tally.newest_count; i++) {
		ck_assert(tally.newest[i].has_time);
	}

	/* No filter: every event counts. */
	ds_event_tally all;
	ds_event_tally_init(&all, NULL);
	ds_event stranger = make_event(4242, 5, "");
	add(&all, &stranger);
	ck_assert_uint_eq(all.matched, 1);
}
END_TEST

START_TEST(equal_times_read_newest_first) {
	ds_event_filter filter = default_filter();
	filter.since = 0;
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	ck_assert(!tally.newest_first);
	tally.newest_first = true; /* the live log */
	int64_t times[] = {SEED, SEED, SEED - 60, SEED - 60, SEED - 60, SEED - 60};
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		ds_event event = make_event(109, times[i], SEED_TEXT);
		event.level = (unsigned)(20 + i); /* the order of reading */
		add(&tally, &event);
	}
	ds_event untimed = make_event(109, 0, SEED_TEXT);
	untimed.has_time = false;
	add(&tally, &untimed);
	ck_assert_uint_eq(tally.matched, 7);
	ck_assert_uint_eq(tally.newest_count, DS_EVENT_TALLY_NEWEST);
	/* Of events in the same second, the first read is the newest; the sixth is dropped. */
	for (size_t i = 0; i < DS_EVENT_TALLY_NEWEST; i++) {
		ck_assert_uint_eq(tally.newest[i].level, 20 + i);
	}
}
END_TEST

START_TEST(default_thresholds_none_is_ok) {
	ds_event_filter filter = default_filter();
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	ds_event other = make_event(110, SEED, SEED_TEXT);
	for (int i = 0; i < 3; i++) {
		add(&tally, &other);
	}
	ds_thresholds t = default_thresholds();
	ds_verdict v = judge(&tally, &t);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(format(&v),
	                 "DIRSYNC EVENT OK - no event 0, 109 from Directory Synchronization in the "
	                 "last 24h (3 events read) | events=0;;0;0\n"
	                 "filter: log Application; provider Directory Synchronization; id 0, 109; "
	                 "level any; message containing \"no longer supported\"; since 2026-11-23 "
	                 "14:58:21 UTC\n");

	ds_event_tally empty;
	ds_event_tally_init(&empty, &filter);
	v = judge(&empty, &t);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(v.summary, "no event 0, 109 from Directory Synchronization in the last 24h "
	                            "(0 events read)");
	add(&empty, &other);
	ck_assert_str_eq(judge(&empty, &t).summary, "no event 0, 109 from Directory Synchronization "
	                                            "in the last 24h (1 event read)");
}
END_TEST

START_TEST(default_thresholds_one_match_is_critical) {
	ds_event_filter filter = default_filter();
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	ds_event seed = make_event(109, SEED, SEED_TEXT);
	add(&tally, &seed);
	ds_thresholds t = default_thresholds();
	ds_verdict v = judge(&tally, &t);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	const char *text = format(&v);
	ck_assert_str_eq(text,
	                 "DIRSYNC EVENT CRITICAL - 1 event 109 from Directory Synchronization "
	                 "in the last 24h, newest 2026-11-24 11:00 UTC: \"This version of the "
	                 "Microsoft Online Services Directory Sync...\" | events=1;;0;0\n"
	                 "2026-11-24 11:00:00 UTC  id 109  Directory Synchronization  " SEED_TEXT "\n");
	ck_assert_uint_lt(first_line_len(text), 200);
}
END_TEST

START_TEST(warning_and_critical_counts) {
	ds_event_filter filter = default_filter();
	ds_thresholds t = thresholds("1", "3");
	ds_state expected[] = {DS_OK, DS_OK, DS_WARNING, DS_WARNING, DS_CRITICAL, DS_CRITICAL};
	for (size_t n = 0; n < sizeof expected / sizeof expected[0]; n++) {
		ds_event_tally tally;
		ds_event_tally_init(&tally, &filter);
		for (size_t i = 0; i < n; i++) {
			ds_event event = make_event(i % 2 == 0 ? 109 : 0, SEED + (int64_t)i, SEED_TEXT);
			add(&tally, &event);
		}
		ds_verdict v = judge(&tally, &t);
		ck_assert_msg(v.state == expected[n], "%zu events: %s", n, ds_state_name(v.state));
		char perf[64];
		ck_assert(ds_perfdata_format(&v.perf[0], perf, sizeof perf));
		char want[64];
		(void)snprintf(want, sizeof want, "events=%zu;1;3;0", n);
		ck_assert_str_eq(perf, want);
		if (n == 2) {
			ck_assert_str_eq(v.summary, "2 events: 0 \xC3\x97"
			                            "1, 109 \xC3\x97"
			                            "1 from Directory "
			                            "Synchronization in the last 24h, newest 2026-11-24 11:00 "
			                            "UTC: \"This version of the Microsoft Online Services "
			                            "Direc...\"");
		}
	}

	/* "@0" alerts when there is none: a heartbeat that stopped. */
	ds_thresholds heartbeat = {.has_critical = true, .critical = range_of("@0")};
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	ck_assert_int_eq(judge(&tally, &heartbeat).state, DS_CRITICAL);
	ds_thresholds none = {.has_warning = false, .has_critical = false};
	ds_event seed = make_event(109, SEED, SEED_TEXT);
	add(&tally, &seed);
	ds_verdict v = judge(&tally, &none);
	ck_assert_int_eq(v.state, DS_OK);
	char perf[64];
	ck_assert(ds_perfdata_format(&v.perf[0], perf, sizeof perf));
	ck_assert_str_eq(perf, "events=1;;;0");
}
END_TEST

START_TEST(whitespace_collapses_and_ids_are_distinct) {
	ds_event_filter filter = default_filter();
	ck_assert(ds_event_ids_parse("0-65535", &filter, NULL));
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	unsigned ids[] = {611, 109, 0, 109, 652};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		ds_event event = make_event(ids[i], SEED - 60 * (int64_t)i, SEED_TEXT);
		add(&tally, &event);
	}
	ds_event newest = make_event(655, SEED + 60,
	                             "  Failed\r\n\tping.   no longer supported | Error:\r\n\r\n  x  ");
	memcpy(newest.provider, "ADSync", sizeof "ADSync");
	filter.provider_count = 0;
	add(&tally, &newest);
	ds_thresholds t = default_thresholds();
	ds_verdict v = judge(&tally, &t);
	ck_assert_int_eq(v.state, DS_CRITICAL);
	/* Every id and provider counted, not only those of the kept five (655, 611, 109, 0,
	 * 109): the most frequent first, four named. */
	ck_assert_str_eq(v.summary, "6 events: 109 \xC3\x97"
	                            "2, 0 \xC3\x97"
	                            "1, 611 \xC3\x97"
	                            "1, 652 "
	                            "\xC3\x97"
	                            "1, others \xC3\x97"
	                            "1 from Directory Synchronization "
	                            "and 1 other in the last 24h, newest 2026-11-24 11:01 UTC: "
	                            "\"Failed pi...\"");
	ck_assert(strstr(v.details, "2026-11-24 11:01:00 UTC  id 655  ADSync  Failed ping. no longer "
	                            "supported / Error: x\n") == v.details);
	ck_assert(strstr(v.details, "\n(and 1 more)\n") != NULL);
}
END_TEST

/* The summary names the ids and providers of every match, counted, not those of the
 * newest five only (which said "1100, 4624, 4647, 4672 from Microsoft-Windows-Eventlog"
 * for 126 events that were nearly all 4624 from Security-Auditing). */
START_TEST(summary_counts_every_id_and_provider) {
	ds_event_filter filter = default_filter();
	filter.provider_count = 0;
	filter.message[0] = '\0';
	ck_assert(ds_event_ids_parse("0-65535", &filter, NULL));
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	struct {
		unsigned id;
		const char *provider;
		int count;
	} kinds[] = {{4624, "Microsoft-Windows-Security-Auditing", 90},
	             {4672, "Microsoft-Windows-Security-Auditing", 30},
	             {4647, "Microsoft-Windows-Security-Auditing", 5},
	             {1100, "Microsoft-Windows-Eventlog", 1}};
	int64_t time = SEED - 1000;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (int i = 0; i < kinds[k].count; i++) {
			ds_event event = make_event(kinds[k].id, time++, "audit");
			(void)snprintf(event.provider, sizeof event.provider, "%s", kinds[k].provider);
			add(&tally, &event);
		}
	}
	ds_thresholds t = default_thresholds();
	ds_verdict v = judge(&tally, &t);
	ck_assert_str_eq(v.summary, "126 events: 4624 \xC3\x97"
	                            "90, 4672 \xC3\x97"
	                            "30, 4647 \xC3\x97"
	                            "5, "
	                            "1100 \xC3\x97"
	                            "1 from Microsoft-Windows-Security-Auditing and 1 "
	                            "other in the last 24h, newest 2026-11-24 10:45 UTC");
	ck_assert(strstr(v.details, "id 4624 from Microsoft-Windows-Security-Auditing: 90\n") != NULL);
	ck_assert(strstr(v.details, "id 1100 from Microsoft-Windows-Eventlog: 1\n") != NULL);
}
END_TEST

/* More distinct (id, provider) pairs than the table holds: the rest are counted as
 * others, memory stays fixed, and the first line stays under 200 bytes, cut between
 * whole UTF-8 characters, whatever the provider names. */
START_TEST(summary_kinds_are_bounded) {
	ds_event_filter filter = default_filter();
	filter.provider_count = 0;
	filter.message[0] = '\0';
	ck_assert(ds_event_ids_parse("0-65535", &filter, NULL));
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	for (unsigned i = 0; i < 3 * DS_EVENT_TALLY_KINDS; i++) {
		ds_event event = make_event(60000 + i, SEED + i, "x");
		/* 250 bytes of two-byte characters */
		size_t len = 0;
		while (len + 2 < 250) {
			event.provider[len++] = '\xC3';
			event.provider[len++] = '\xA9';
		}
		event.provider[len] = (char)('A' + i % 3);
		event.provider[len + 1] = '\0';
		add(&tally, &event);
		add(&tally, &event);
	}
	ck_assert_uint_eq(tally.kind_count, DS_EVENT_TALLY_KINDS);
	ck_assert_uint_eq(tally.other_kinds, 2 * 2 * DS_EVENT_TALLY_KINDS);
	ds_thresholds t = default_thresholds();
	ds_verdict v = judge(&tally, &t);
	const char *out = format(&v);
	ck_assert_msg(first_line_len(out) < 200, "%zu: %s", first_line_len(out), out);
	ck_assert(valid_utf8(out));
	ck_assert_msg(strncmp(v.summary,
	                      "96 events: 60000 \xC3\x97"
	                      "2, 60001 \xC3\x97"
	                      "2, ",
	                      30) == 0,
	              "%s", v.summary);
}
END_TEST

START_TEST(and_n_more) {
	ds_event_filter filter = default_filter();
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	for (int i = 0; i < 8; i++) {
		ds_event event = make_event(109, SEED - 60 * i, "no longer supported");
		add(&tally, &event);
	}
	ds_thresholds t = default_thresholds();
	ds_verdict v = judge(&tally, &t);
	ck_assert_str_eq(v.details, "2026-11-24 11:00:00 UTC  id 109  Directory Synchronization  no "
	                            "longer supported\n"
	                            "2026-11-24 10:59:00 UTC  id 109  Directory Synchronization  no "
	                            "longer supported\n"
	                            "2026-11-24 10:58:00 UTC  id 109  Directory Synchronization  no "
	                            "longer supported\n"
	                            "2026-11-24 10:57:00 UTC  id 109  Directory Synchronization  no "
	                            "longer supported\n"
	                            "2026-11-24 10:56:00 UTC  id 109  Directory Synchronization  no "
	                            "longer supported\n"
	                            "(and 3 more)\n");
	ck_assert_str_eq(v.summary, "8 events 109 from Directory Synchronization in the last 24h, "
	                            "newest 2026-11-24 11:00 UTC: \"no longer supported\"");

	ds_event_tally five;
	ds_event_tally_init(&five, &filter);
	for (int i = 0; i < DS_EVENT_TALLY_NEWEST; i++) {
		ds_event event = make_event(109, SEED - 60 * i, "no longer supported");
		add(&five, &event);
	}
	v = judge(&five, &t);
	ck_assert(strstr(v.details, "more)") == NULL);
}
END_TEST

/* A source hands over at most DS_EVENT_TEXT_MAX - 1 bytes of a long message: build one
 * from 5000 bytes of mixed 1- to 4-byte characters, cut whole characters at a time. */
static void long_message(char *out, size_t size, size_t shift) {
	static const char *const pieces[] = {"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
	char text[5200];
	size_t len = 0;
	for (size_t i = 0; len < 5000; i++) {
		const char *piece = pieces[(i + shift) % 4];
		memcpy(text + len, piece, strlen(piece));
		len += strlen(piece);
	}
	text[len] = '\0';
	size_t keep = size - 1;
	while (keep > 0 && ((unsigned char)text[keep] & 0xC0) == 0x80) {
		keep--;
	}
	memcpy(out, text, keep);
	out[keep] = '\0';
}

START_TEST(summary_stays_short_and_whole_with_long_messages) {
	ds_event_filter filter = default_filter();
	filter.message[0] = '\0';
	ds_thresholds t = default_thresholds();
	for (size_t shift = 0; shift < 4; shift++) {
		ds_event_tally tally;
		ds_event_tally_init(&tally, &filter);
		ds_event event = make_event(109, SEED, "");
		long_message(event.message, sizeof event.message, shift);
		ck_assert_uint_gt(strlen(event.message), 1000);
		ck_assert(valid_utf8(event.message));
		add(&tally, &event);
		ds_verdict v = judge(&tally, &t);
		ck_assert_uint_lt(strlen(v.summary), 200);
		ck_assert(valid_utf8(v.summary));
		ck_assert(valid_utf8(v.details));
		size_t len = strlen(v.summary);
		ck_assert_str_eq(v.summary + len - 4, "...\"");
		ck_assert_uint_lt(first_line_len(format(&v)), 200);
		/* The long output line carries 200 characters and "...". */
		const char *message = strstr(v.details, "Directory Synchronization  ");
		ck_assert_ptr_nonnull(message);
		message += strlen("Directory Synchronization  ");
		size_t chars = 0;
		for (const char *p = message; *p != '\n'; p++) {
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		}
		ck_assert_uint_eq(chars, 203);

		/* A provider of 255 bytes of 2-byte characters leaves no room for the message,
		 * and is itself cut between characters. */
		ds_event_filter any = filter;
		any.provider_count = 0;
		ds_event_tally wide;
		ds_event_tally_init(&wide, &any);
		memset(event.provider, 'x', shift); /* shifts the boundaries byte by byte */
		size_t at = shift;
		for (; at + 2 < sizeof event.provider; at += 2) {
			memcpy(event.provider + at, "\xc3\xa9", 2);
		}
		event.provider[at] = '\0';
		ck_assert_uint_ge(strlen(event.provider), 253);
		add(&wide, &event);
		v = judge(&wide, &t);
		ck_assert_uint_lt(strlen(v.summary), 200);
		ck_assert(valid_utf8(v.summary));
		ck_assert(valid_utf8(v.details));
		len = strlen(v.summary);
		ck_assert_str_eq(v.summary + len - 3, "...");
	}
}
END_TEST

START_TEST(events_without_time_and_provider) {
	ds_event_filter filter;
	memset(&filter, 0, sizeof filter);
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	ds_event event = make_event(7, 0, "");
	event.has_time = false;
	event.provider[0] = '\0';
	add(&tally, &event);
	ds_thresholds t = default_thresholds();
	ds_verdict v;
	ds_verdict_init(&v, "EVENT");
	ds_event_judge(&tally, &t, NULL, &v);
	ck_assert_str_eq(v.summary, "1 event 7 from (no provider), newest (time unknown)");
	ck_assert_str_eq(v.details, "(time unknown)  id 7  (no provider)  (no message)\n");

	ds_event_tally none;
	ds_event_tally_init(&none, &filter);
	ds_verdict_init(&v, "EVENT");
	ds_event_judge(&none, &t, "", &v);
	ck_assert_int_eq(v.state, DS_OK);
	ck_assert_str_eq(v.summary, "no event (0 events read)");
	ck_assert_str_eq(v.details, "filter: log (not given); provider any; id any; level any; "
	                            "message any; since any time\n");
}
END_TEST

START_TEST(filter_line_names_levels_and_many_ids) {
	ds_event_filter filter = default_filter();
	ck_assert(ds_event_provider_add("ADSync", &filter, NULL));
	ck_assert(ds_event_ids_parse("611,652-655,6900,0,109,115", &filter, NULL));
	ck_assert(ds_event_levels_parse("critical,error,information", &filter, NULL));
	ds_event_tally tally;
	ds_event_tally_init(&tally, &filter);
	ds_thresholds t = default_thresholds();
	ds_verdict v = judge(&tally, &t);
	ck_assert_str_eq(v.summary, "no event 611, 652-655, 6900, 0, ... from Directory "
	                            "Synchronization or ADSync in the last 24h (0 events read)");
	ck_assert_str_eq(v.details, "filter: log Application; provider Directory Synchronization or "
	                            "ADSync; id 611, 652-655, 6900, 0, ...; level critical, error, "
	                            "information; message containing \"no longer supported\"; since "
	                            "2026-11-23 14:58:21 UTC\n");
}
END_TEST

int main(void) {
	Suite *suite = suite_create("event_tally");
	TCase *tc = tcase_create("event_tally");
	tcase_add_test(tc, keeps_the_newest_first_and_counts);
	tcase_add_test(tc, equal_times_and_missing_times);
	tcase_add_test(tc, equal_times_read_newest_first);
	tcase_add_test(tc, default_thresholds_none_is_ok);
	tcase_add_test(tc, default_thresholds_one_match_is_critical);
	tcase_add_test(tc, warning_and_critical_counts);
	tcase_add_test(tc, whitespace_collapses_and_ids_are_distinct);
	tcase_add_test(tc, and_n_more);
	tcase_add_test(tc, summary_counts_every_id_and_provider);
	tcase_add_test(tc, summary_kinds_are_bounded);
	tcase_add_test(tc, summary_stays_short_and_whole_with_long_messages);
	tcase_add_test(tc, events_without_time_and_provider);
	tcase_add_test(tc, filter_line_names_levels_and_many_ids);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
