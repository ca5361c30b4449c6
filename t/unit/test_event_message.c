/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The message of an event as both readers build it (event/message.h), the search of a
 * whole message however long, SystemTime without an offset, and the POSIX reader's
 * use of them: long messages, UserData, blanks, the first element, ids and levels. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event/message.h"
#include "event/source.h"

static ds_event_filter filter_for(const char *needle) {
	ds_event_filter filter;
	memset(&filter, 0, sizeof filter);
	(void)snprintf(filter.message, sizeof filter.message, "%s", needle);
	return filter;
}

/* Feeds text one byte at a time: a match must not depend on how the text is cut. */
static void add_bytewise(ds_event_text *t, const char *text) {
	for (const char *c = text; *c != '\0'; c++) {
		ds_event_text_add(t, c, 1);
	}
}

START_TEST(search_finds_the_needle_past_the_kept_start) {
	ds_event_filter filter = filter_for("Invoke-Mimikatz");
	ds_event_search search;
	ds_event_search_init(&search, &filter);
	ds_event_text t;
	ds_event_text_reset(&t, &search);
	for (int i = 0; i < 5000; i++) {
		ds_event_text_add(&t, "Get-Content chunk; ", 19); /* about 95 KB */
	}
	ds_event_text_add(&t, "INVOKE-MIMIKAT", 14);
	ds_event_text_add(&t, "Z -DumpCreds", 12);
	ds_event event;
	memset(&event, 0, sizeof event);
	ds_event_text_finish(&t, &event);
	ck_assert(event.message_searched);
	ck_assert(event.message_found);
	ck_assert_uint_lt(strlen(event.message), DS_EVENT_TEXT_MAX);
	ck_assert(strncmp(event.message, "Get-Content chunk; Get", 22) == 0);
	/* The filter takes the reader's answer, not the kept start. */
	ck_assert(ds_event_matches(&filter, &event));
	event.message_found = false;
	ck_assert(!ds_event_matches(&filter, &event));
}
END_TEST

START_TEST(search_backs_off_like_kmp) {
	/* A partial match that fails must not hide a match that starts inside it. */
	const char *cases[][3] = {
	    {"aab", "aaab", "1"}, {"abab", "ababab", "1"}, {"abac", "ababac", "1"},
	    {"aaa", "aa a", "0"}, {"xyz", "xyxyz", "1"},   {"no longer", "NO LONGER", "1"},
	    {"supp", "sup", "0"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ds_event_filter filter = filter_for(cases[i][0]);
		ds_event_search search;
		ds_event_search_init(&search, &filter);
		ds_event_text t;
		ds_event_text_reset(&t, &search);
		add_bytewise(&t, cases[i][1]);
		ds_event event;
		ds_event_text_finish(&t, &event);
		ck_assert_msg(event.message_found == (cases[i][2][0] == '1'), "%s in %s", cases[i][0],
		              cases[i][1]);
	}
}
END_TEST

START_TEST(pieces_are_trimmed_and_joined) {
	ds_event_filter filter = filter_for("supported. uninstall");
	ds_event_search search;
	ds_event_search_init(&search, &filter);
	ds_event_text t;
	ds_event_text_reset(&t, &search);
	add_bytewise(&t, "\r\n   no longer supported.\r\n  ");
	ds_event_text_end_piece(&t);
	add_bytewise(&t, " \t ");
	ds_event_text_end_piece(&t); /* blank: dropped */
	add_bytewise(&t, "  Uninstall ");
	add_bytewise(&t, " it.  \n");
	ds_event event;
	ds_event_text_finish(&t, &event);
	ck_assert_str_eq(event.message, "no longer supported. Uninstall  it.");
	ck_assert(event.message_found);

	/* A needle that only matches the trailing blanks does not match. */
	filter = filter_for("it. ");
	ds_event_search_init(&search, &filter);
	ds_event_text_reset(&t, &search);
	add_bytewise(&t, "take it.  ");
	ds_event_text_finish(&t, &event);
	ck_assert_str_eq(event.message, "take it.");
	ck_assert(!event.message_found);

	/* Ill-formed UTF-8 becomes U+FFFD; the kept start is cut between characters. */
	ds_event_text_reset(&t, NULL);
	ds_event_text_add(&t,
	                  "a\xC0\xBE"
	                  "b",
	                  4);
	ds_event_text_finish(&t, &event);
	ck_assert_str_eq(event.message, "a\xEF\xBF\xBD\xEF\xBF\xBD"
	                                "b");
	ck_assert(!event.message_searched);
	ds_event_text_reset(&t, NULL);
	for (int i = 0; i < 600; i++) {
		ds_event_text_add(&t, "\xC3\xA9", 2);
	}
	ds_event_text_finish(&t, &event);
	ck_assert_uint_eq(strlen(event.message), DS_EVENT_TEXT_MAX - 2);
}
END_TEST

START_TEST(system_time_without_offset_is_utc) {
	int64_t t = 0;
	ds_error err;
	ck_assert_msg(ds_event_time_parse("2012-03-14 04:17:43.354563", &t, &err), "%s", err.text);
	ck_assert_int_eq(t, 1331698663);
	ck_assert(ds_event_time_parse("2012-03-14T04:17:43", &t, &err));
	ck_assert_int_eq(t, 1331698663);
	ck_assert(ds_event_time_parse("2012-03-14T04:17:43.1Z", &t, &err));
	ck_assert_int_eq(t, 1331698663);
	ck_assert(ds_event_time_parse("2012-03-14T05:17:43+01:00", &t, &err));
	ck_assert_int_eq(t, 1331698663);
	ck_assert(!ds_event_time_parse("2012-03-14", &t, &err));
	ck_assert(!ds_event_time_parse("2012-02-30 04:17:43", &t, &err));
	ck_assert(!ds_event_time_parse("", &t, &err));
}
END_TEST

/* --- through the reader --------------------------------------------------------- */

#define MAX_EVENTS 4

typedef struct collected {
	ds_event events[MAX_EVENTS];
	size_t count;
} collected;

static bool collect(const ds_event *event, void *context) {
	collected *c = context;
	if (c->count < MAX_EVENTS) {
		c->events[c->count] = *event;
	}
	c->count++;
	return true;
}

static bool read_text(const char *text, const ds_event_filter *filter, collected *c,
                      ds_error *err) {
	char path[] = "/tmp/ds_event_message_XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	size_t len = strlen(text);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
	memset(c, 0, sizeof *c);
	memset(err, 0, sizeof *err);
	bool ok = ds_event_xml_read_filtered(path, filter, collect, c, NULL, err);
	unlink(path);
	return ok;
}

START_TEST(reader_searches_the_whole_message) {
	/* 200 KB of script block, the needle at the end, entities and CDATA on the way. */
	size_t size = 220 * 1024;
	char *xml = malloc(size);
	ck_assert_ptr_nonnull(xml);
	size_t len = (size_t)snprintf(xml, size,
	                              "<Event><System><Provider Name='Microsoft-Windows-PowerShell'/>"
	                              "<EventID>4104</EventID></System><EventData><Data>1</Data>"
	                              "<Data Name='ScriptBlockText'>");
	while (len < 200 * 1024) {
		len += (size_t)snprintf(xml + len, size - len, "$x = 1 &amp;&amp; <![CDATA[<y>]]>;\r\n");
	}
	(void)snprintf(xml + len, size - len, "Invoke-<![CDATA[Mimi]]>katz</Data></EventData></Event>");
	ds_event_filter filter = filter_for("invoke-mimikatz");
	collected c;
	ds_error err;
	ck_assert_msg(read_text(xml, &filter, &c, &err), "%s", err.text);
	ck_assert_uint_eq(c.count, 1);
	ck_assert(c.events[0].message_searched && c.events[0].message_found);
	ck_assert(strncmp(c.events[0].message, "1 $x = 1 && <y>;", 16) == 0);
	filter = filter_for("invoke-mimikatz2");
	ck_assert_msg(read_text(xml, &filter, &c, &err), "%s", err.text);
	ck_assert(c.events[0].message_searched && !c.events[0].message_found);
	free(xml);
}
END_TEST

START_TEST(reader_message_sources_in_order) {
	ds_event_filter filter = filter_for("admin");
	collected c;
	ds_error err;
	/* Security 1102: the values under UserData are the message. */
	ck_assert_msg(read_text("<Event><System><EventID>1102</EventID></System><UserData>"
	                        "<LogFileCleared xmlns='x'>\n  <SubjectUserName>admin</SubjectUserName>"
	                        "\n  <SubjectDomainName> CONTOSO </SubjectDomainName>\n"
	                        "</LogFileCleared></UserData></Event>",
	                        &filter, &c, &err),
	              "%s", err.text);
	ck_assert_str_eq(c.events[0].message, "admin CONTOSO");
	ck_assert(c.events[0].message_found);
	/* EventData wins over UserData, a rendered Message over both; a blank Message does
	 * not count. */
	ck_assert_msg(read_text("<Events><Event><System><EventID>1</EventID></System><EventData>"
	                        "<Data> d1 </Data><Data/><Data>d2</Data></EventData><UserData><u>"
	                        "admin</u></UserData></Event><Event><System><EventID>2</EventID>"
	                        "</System><EventData><Data>admin</Data></EventData><RenderingInfo>"
	                        "<Message>\r\n  rendered text \r\n</Message></RenderingInfo></Event>"
	                        "<Event><System><EventID>3</EventID></System><EventData><Data>admin"
	                        "</Data></EventData><RenderingInfo><Message> </Message>"
	                        "</RenderingInfo></Event></Events>",
	                        &filter, &c, &err),
	              "%s", err.text);
	ck_assert_uint_eq(c.count, 3);
	ck_assert_str_eq(c.events[0].message, "d1 d2");
	ck_assert(!c.events[0].message_found);
	ck_assert_str_eq(c.events[1].message, "rendered text");
	ck_assert(!c.events[1].message_found);
	ck_assert_str_eq(c.events[2].message, "admin");
	ck_assert(c.events[2].message_found);
}
END_TEST

START_TEST(reader_refuses_what_is_not_an_export) {
	collected c;
	ds_error err;
	ck_assert(!read_text("<Foo/>", NULL, &c, &err));
	ck_assert_msg(strstr(err.text, " is not a Windows event export: it starts with <Foo>, not "
	                               "<Event> or <Events>") != NULL,
	              "%s", err.text);
	ck_assert(!read_text("<?xml version='1.0'?>\n<Objs><Obj><Event><System><EventID>109"
	                     "</EventID></System></Event></Obj></Objs>",
	                     NULL, &c, &err));
	ck_assert_msg(strstr(err.text, "<Objs>") != NULL, "%s", err.text);
	ck_assert_uint_eq(c.count, 0);
	/* Exports, with or without a root, and a namespace prefix. */
	ck_assert_msg(read_text("<Events/>", NULL, &c, &err), "%s", err.text);
	ck_assert_msg(read_text("<e:Event xmlns:e='x'><e:System><e:EventID>1</e:EventID>"
	                        "</e:System></e:Event>",
	                        NULL, &c, &err),
	              "%s", err.text);
	ck_assert_uint_eq(c.count, 1);
}
END_TEST

START_TEST(reader_ids_and_levels_name_line_and_column) {
	collected c;
	ds_error err;
	ck_assert(!read_text("<Events>\n  <Event><System><Level>2</Level>\n   <EventID>65645</EventID>"
	                     "</System></Event></Events>",
	                     NULL, &c, &err));
	ck_assert_msg(strstr(err.text, "invalid EventID '65645' in ") != NULL &&
	                  strstr(err.text, " at line 3, column 4: expected a number from 0 to 65535"),
	              "%s", err.text);
	ck_assert(!read_text("<Event><System><EventID>1</EventID><Level> </Level></System></Event>",
	                     NULL, &c, &err));
	ck_assert_msg(strstr(err.text, "invalid Level ' ' in ") != NULL &&
	                  strstr(err.text, " at line 1, column 36: expected a number from 0 to 255"),
	              "%s", err.text);
	/* An empty Level is level 0, as an absent one. */
	ck_assert_msg(read_text("<Event><System><EventID>1</EventID><Level></Level></System></Event>",
	                        NULL, &c, &err),
	              "%s", err.text);
	ck_assert_uint_eq(c.events[0].level, 0);
	/* A tag named EventID elsewhere (in UserData) keeps the count of tags right. */
	ck_assert(!read_text("<Event><System><EventID>1</EventID></System><UserData><EventID>x"
	                     "</EventID></UserData></Event>\n<Event><System><EventID>x</EventID>"
	                     "</System></Event>",
	                     NULL, &c, &err));
	ck_assert_msg(strstr(err.text, " at line 2, column 16: ") != NULL, "%s", err.text);
}
END_TEST

int main(void) {
	Suite *suite = suite_create("event_message");
	TCase *tc = tcase_create("event_message");
	tcase_add_test(tc, search_finds_the_needle_past_the_kept_start);
	tcase_add_test(tc, search_backs_off_like_kmp);
	tcase_add_test(tc, pieces_are_trimmed_and_joined);
	tcase_add_test(tc, system_time_without_offset_is_utc);
	tcase_add_test(tc, reader_searches_the_whole_message);
	tcase_add_test(tc, reader_message_sources_in_order);
	tcase_add_test(tc, reader_refuses_what_is_not_an_export);
	tcase_add_test(tc, reader_ids_and_levels_name_line_and_column);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
