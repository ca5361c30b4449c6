/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Prints what the Windows event readers make of their input, for t/wine/event.t:
 *   event_probe xml FILE [MAX]  one line per event (stop after MAX), or error=...
 *   event_probe xml-late FILE   the same with a deadline that has already passed
 *   event_probe xpath           ds_event_xpath for the plugin's default filter
 *   event_probe values          ds_event_from_values over constructed EVT_VARIANTs
 *   event_probe live            ds_event_log_read on the Application log
 * An event line is "provider|id|level|time|message"; time is UTC ISO 8601 or "-", and
 * CR, LF and TAB in the message are shown as \r, \n and \t. */
#include "core/deadline.h"
#include "event/event.h"
#include "event/log_values.h"
#include "event/source.h"
#include "core/sys.h"
#include "core/timestamp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2026-11-24T11:00:00Z, the day the examples in microsoft-facts.md E.4 use. */
#define EXAMPLE_EPOCH INT64_C(1795518000)
#define FT_PER_SECOND 10000000ULL
#define FT_TO_EPOCH   11644473600ULL

typedef struct printer {
	unsigned long max;
	unsigned long count;
} printer;

static void print_event(const ds_event *event) {
	char time[32] = "-";
	if (event->has_time) {
		ds_civil_time c;
		ds_civil_from_epoch(event->time, &c);
		(void)snprintf(time, sizeof time, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day,
		               c.hour, c.minute, c.second);
	}
	printf("%s|%u|%u|%s|", event->provider, event->id, event->level, time);
	for (const char *m = event->message; *m != '\0'; m++) {
		switch (*m) {
			case '\r':
				fputs("\\r", stdout);
				break;
			case '\n':
				fputs("\\n", stdout);
				break;
			case '\t':
				fputs("\\t", stdout);
				break;
			default:
				putchar(*m);
		}
	}
	putchar('\n');
}

static bool print_sink(const ds_event *event, void *context) {
	printer *p = context;
	print_event(event);
	p->count++;
	return p->max == 0 || p->count < p->max;
}

static int finish(bool ok, const ds_error *err) {
	if (!ok) {
		printf("error=%s%s\n", err->timed_out ? "(timed out) " : "", err->text);
	}
	return fflush(stdout) == 0 && ok ? 0 : 3;
}

static int run_xml(const char *path, const char *max, bool late) {
	printer p = {.max = max != NULL ? strtoul(max, NULL, 10) : 0};
	ds_deadline deadline = late ? ds_deadline_start_at(ds_monotonic_ms() - 5000, 1, DS_UNKNOWN)
	                            : ds_deadline_start(10, DS_UNKNOWN);
	ds_error err = {0};
	bool ok = ds_event_xml_read(path, print_sink, &p, &deadline, &err);
	if (ok) {
		printf("events=%lu\n", p.count);
	}
	return finish(ok, &err);
}

static void default_filter(ds_event_filter *filter) {
	ds_error err;
	memset(filter, 0, sizeof *filter);
	(void)snprintf(filter->log, sizeof filter->log, "Application");
	(void)ds_event_provider_add("Directory Synchronization", filter, &err);
	(void)ds_event_ids_parse("0,109", filter, &err);
	(void)snprintf(filter->message, sizeof filter->message, "no longer supported");
}

static int run_xpath(void) {
	ds_event_filter filter;
	char xpath[4096];
	default_filter(&filter);
	filter.since = EXAMPLE_EPOCH - 86400;
	if (!ds_event_xpath(&filter, EXAMPLE_EPOCH, xpath, sizeof xpath)) {
		printf("error=ds_event_xpath failed\n");
		return 3;
	}
	printf("%s\n", xpath);
	return fflush(stdout) == 0 ? 0 : 3;
}

static EVT_VARIANT null_value(void) {
	EVT_VARIANT v;
	memset(&v, 0, sizeof v);
	v.Type = EvtVarTypeNull;
	return v;
}

static EVT_VARIANT string_value(const wchar_t *text) {
	EVT_VARIANT v = null_value();
	v.Type = EvtVarTypeString;
	v.StringVal = text;
	return v;
}

static uint64_t filetime_of(int64_t epoch) {
	return ((uint64_t)epoch + FT_TO_EPOCH) * FT_PER_SECOND;
}

static void print_values(const char *name, const EVT_VARIANT *system, size_t count,
                         const wchar_t *message, const EVT_VARIANT *user, size_t user_count) {
	ds_event event;
	ds_error err = {0};
	printf("%s: ", name);
	if (ds_event_from_values(system, count, message, user, user_count, &event, &err)) {
		print_event(&event);
	} else {
		printf("error=%s\n", err.text);
	}
}

/* The message of a ds_event that had to be cut: its length, and whether it ends on a
 * character boundary (a complete UTF-8 sequence). */
static void print_cut(const char *name, const wchar_t *message) {
	EVT_VARIANT system[EvtSystemPropertyIdEND];
	ds_event event;
	ds_error err;
	for (size_t i = 0; i < EvtSystemPropertyIdEND; i++) {
		system[i] = null_value();
	}
	if (!ds_event_from_values(system, EvtSystemPropertyIdEND, message, NULL, 0, &event, &err)) {
		printf("%s: error=%s\n", name, err.text);
		return;
	}
	size_t len = strlen(event.message);
	size_t i = 0;
	bool whole = true;
	while (i < len) {
		unsigned char c = (unsigned char)event.message[i];
		size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (i + n > len) {
			whole = false;
		}
		i += n;
	}
	printf("%s: bytes=%zu whole=%s\n", name, len, whole ? "yes" : "no");
}

static int run_values(void) {
	EVT_VARIANT system[EvtSystemPropertyIdEND];
	for (size_t i = 0; i < EvtSystemPropertyIdEND; i++) {
		system[i] = null_value();
	}

	/* What EvtRenderContextSystem gives for the seed event. */
	system[EvtSystemProviderName] = string_value(L"Directory Synchronization");
	system[EvtSystemEventID].Type = EvtVarTypeUInt16;
	system[EvtSystemEventID].UInt16Val = 109;
	system[EvtSystemQualifiers].Type = EvtVarTypeUInt16;
	system[EvtSystemQualifiers].UInt16Val = 0;
	system[EvtSystemLevel].Type = EvtVarTypeByte;
	system[EvtSystemLevel].ByteVal = 2;
	system[EvtSystemTimeCreated].Type = EvtVarTypeFileTime;
	system[EvtSystemTimeCreated].FileTimeVal = filetime_of(EXAMPLE_EPOCH) + 1234567;
	print_values("formatted", system, EvtSystemPropertyIdEND,
	             L"This version of the Microsoft Online Services Directory Sync tool is no "
	             L"longer supported.\r\n",
	             NULL, 0);

	/* No message table: the insertion strings, of several types, joined. */
	GUID guid = {0x12345678, 0x9abc, 0xdef0, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
	EVT_VARIANT user[7];
	user[0] = string_value(L"Finished");
	user[1] = null_value();
	user[1].Type = EvtVarTypeUInt32;
	user[1].UInt32Val = 42;
	user[2] = null_value();
	user[3] = string_value(L"");
	user[4] = null_value();
	user[4].Type = EvtVarTypeHexInt32;
	user[4].UInt32Val = 0x8023044a;
	user[5] = null_value();
	user[5].Type = EvtVarTypeGuid;
	user[5].GuidVal = &guid;
	user[6] = string_value(L"caf\u00e9 \u20ac \U0001F600");
	print_values("insertions", system, EvtSystemPropertyIdEND, NULL, user, 7);
	print_values("empty-message", system, EvtSystemPropertyIdEND, L"", user, 1);

	/* A NULL-typed provider, level and time: empty fields, no error. */
	system[EvtSystemProviderName] = null_value();
	system[EvtSystemLevel] = null_value();
	system[EvtSystemTimeCreated] = null_value();
	print_values("nulls", system, EvtSystemPropertyIdEND, NULL, NULL, 0);

	/* Fewer values than properties: the missing ones are empty. */
	system[EvtSystemProviderName] = string_value(L"ADSync");
	print_values("short", system, EvtSystemEventID + 1, NULL, NULL, 0);

	/* A legacy id with its qualifiers in the high bits, a SYSTEMTIME time. */
	SYSTEMTIME st = {
	    .wYear = 2026, .wMonth = 9, .wDay = 30, .wHour = 23, .wMinute = 59, .wSecond = 58};
	system[EvtSystemEventID].Type = EvtVarTypeUInt32;
	system[EvtSystemEventID].UInt32Val = 0x40000000u | 6301u;
	system[EvtSystemTimeCreated].Type = EvtVarTypeSysTime;
	system[EvtSystemTimeCreated].SysTimeVal = &st;
	print_values("wide-id", system, EvtSystemPropertyIdEND, L"BAIL: MMS(1234)", NULL, 0);

	/* Types that make no sense for their field are errors, never a silent 0. */
	system[EvtSystemEventID] = string_value(L"109");
	print_values("string-id", system, EvtSystemPropertyIdEND, NULL, NULL, 0);
	system[EvtSystemEventID].Type = EvtVarTypeUInt16;
	system[EvtSystemEventID].UInt16Val = 0;
	system[EvtSystemProviderName].Type = EvtVarTypeUInt32;
	system[EvtSystemProviderName].UInt32Val = 7;
	print_values("number-provider", system, EvtSystemPropertyIdEND, NULL, NULL, 0);
	system[EvtSystemProviderName] = string_value(L"ADSync");
	system[EvtSystemTimeCreated] = string_value(L"2026-11-24T11:00:00Z");
	print_values("string-time", system, EvtSystemPropertyIdEND, NULL, NULL, 0);

	/* Messages longer than a ds_event holds are cut at a character boundary. */
	static wchar_t euros[700];
	static wchar_t smileys[2 * 400 + 1];
	static wchar_t mixed[1100];
	for (size_t i = 0; i < 699; i++) {
		euros[i] = 0x20AC; /* 3 bytes of UTF-8 */
	}
	for (size_t i = 0; i < 400; i++) {
		smileys[2 * i] = 0xD83D; /* U+1F600: a surrogate pair, 4 bytes of UTF-8 */
		smileys[2 * i + 1] = 0xDE00;
	}
	mixed[0] = L'x';
	for (size_t i = 1; i < 1099; i++) {
		mixed[i] = i % 2 != 0 ? 0x00E9 : L'y'; /* x, then 2 + 1 bytes repeated */
	}
	print_cut("cut-euro", euros);
	print_cut("cut-smiley", smileys);
	print_cut("cut-mixed", mixed);

	printf("filetime-epoch: %lld %lld %lld\n", (long long)ds_filetime_to_epoch(0),
	       (long long)ds_filetime_to_epoch(116444736000000000ULL),
	       (long long)ds_filetime_to_epoch(filetime_of(EXAMPLE_EPOCH) + 9999999));
	return fflush(stdout) == 0 ? 0 : 3;
}

static int run_live(void) {
	ds_event_filter filter;
	default_filter(&filter);
	int64_t now = ds_now_epoch();
	filter.since = now - 86400;
	printer p = {0};
	ds_deadline deadline = ds_deadline_start(10, DS_UNKNOWN);
	ds_error err = {0};
	bool ok = ds_event_log_read(&filter, now, print_sink, &p, &deadline, &err);
	if (ok) {
		printf("events=%lu\n", p.count);
	}
	return finish(ok, &err);
}

int main(int argc, char **argv) {
	ds_stdout_binary();
	if (argc >= 3 && strcmp(argv[1], "xml") == 0) {
		return run_xml(argv[2], argc >= 4 ? argv[3] : NULL, false);
	}
	if (argc == 3 && strcmp(argv[1], "xml-late") == 0) {
		return run_xml(argv[2], NULL, true);
	}
	if (argc == 2 && strcmp(argv[1], "xpath") == 0) {
		return run_xpath();
	}
	if (argc == 2 && strcmp(argv[1], "values") == 0) {
		return run_values();
	}
	if (argc == 2 && strcmp(argv[1], "live") == 0) {
		return run_live();
	}
	fprintf(stderr, "usage: event_probe xml FILE [MAX] | xml-late FILE | xpath | values | live\n");
	return 3;
}
