/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "event/event.h"
#include "event/source.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sys/stat.h>

#include "core/duration.h"
#include "core/number.h"
#include "core/text.h"
#include "core/timestamp.h"

#define ID_MAX 65535u

/* ASCII only: tolower() follows the locale, and Windows compares provider names
 * without regard to ASCII case. */
static char fold(char c) {
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool equal_folded(const char *a, const char *b) {
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		if (fold(*a) != fold(*b)) {
			return false;
		}
	}
	return *a == *b;
}

static bool equal_folded_n(const char *a, size_t len, const char *word) {
	size_t i = 0;
	for (; i < len && word[i] != '\0'; i++) {
		if (fold(a[i]) != fold(word[i])) {
			return false;
		}
	}
	return i == len && word[i] == '\0';
}

static bool contains_folded(const char *haystack, const char *needle) {
	size_t needle_len = strlen(needle);
	if (needle_len == 0) {
		return true;
	}
	for (const char *start = haystack; *start != '\0'; start++) {
		size_t i = 0;
		while (i < needle_len && start[i] != '\0' && fold(start[i]) == fold(needle[i])) {
			i++;
		}
		if (i == needle_len) {
			return true;
		}
		if (start[i] == '\0') {
			return false;
		}
	}
	return false;
}

/* Blanks around a list item: space and tab only, as ever (a CR is no blank here). */
#define LIST_BLANKS " \t"

/* Moves *cursor past the next comma-separated item and its comma, blanks around the item
 * dropped; false at the end of the text. */
static bool next_item(const char **cursor, bool *done, ds_span *out) {
	if (*done) {
		return false;
	}
	const char *start = *cursor;
	const char *comma = strchr(start, ',');
	size_t len = comma != NULL ? (size_t)(comma - start) : strlen(start);
	*done = comma == NULL;
	*cursor = start + len + (comma != NULL ? 1 : 0);
	*out = ds_span_trim_set((ds_span){start, len}, LIST_BLANKS);
	return true;
}

static bool blank_text(const char *text) {
	return ds_span_trim_set(ds_span_of(text), LIST_BLANKS).len == 0;
}

/* Digits of one id at *pos; advances *pos. false when there are none or the value
 * is above 65535 (*too_big tells which). */
static bool parse_id(ds_span it, size_t *pos, unsigned *out, bool *too_big) {
	uint64_t value = 0;
	size_t used = 0;
	ds_number_result found =
	    ds_number_prefix((ds_span){it.start + *pos, it.len - *pos}, ID_MAX, &value, &used);
	*pos += used;
	*too_big = found == DS_NUMBER_TOO_LARGE;
	if (found != DS_NUMBER_OK) {
		return false;
	}
	*out = (unsigned)value;
	return true;
}

#define QUOTE(text, len) ds_quote_len(len), (text), ds_quote_cut(len)

/* A comma-separated list of ids or levels: what it is called and how to write one. */
typedef struct list_kind {
	const char *name;       /* "event id" */
	const char *empty_hint; /* for an empty list */
	const char *item_hint;  /* for an empty item, before ", separated by single commas" */
} list_kind;

/* Takes one item of text (the whole list, for the sentences); false with a sentence. */
typedef bool (*list_item_taker)(ds_span item, const char *text, size_t text_len, void *context,
                                ds_error *err);

static bool walk_list(const char *text, const list_kind *kind, list_item_taker take, void *context,
                      ds_error *err) {
	if (blank_text(text)) {
		return ds_error_set(err, "empty %s list: %s", kind->name, kind->empty_hint);
	}
	size_t text_len = strlen(text);
	const char *cursor = text;
	bool done = false;
	ds_span it;
	while (next_item(&cursor, &done, &it)) {
		if (it.len == 0) {
			return ds_error_set(err,
			                    "empty item in the %s list '%.*s%s': %s, separated by single "
			                    "commas",
			                    kind->name, QUOTE(text, text_len), kind->item_hint);
		}
		if (!take(it, text, text_len, context, err)) {
			return false;
		}
	}
	return true;
}

typedef struct id_list {
	ds_id_range ranges[DS_EVENT_MAX_ID_RANGES];
	size_t count;
} id_list;

static bool take_id(ds_span it, const char *text, size_t text_len, void *context, ds_error *err) {
	id_list *list = context;
	if (list->count == DS_EVENT_MAX_ID_RANGES) {
		return ds_error_set(err,
		                    "the event id list '%.*s%s' has more than %d ids and ranges: "
		                    "join neighbouring ids into ranges such as 600-699",
		                    QUOTE(text, text_len), DS_EVENT_MAX_ID_RANGES);
	}
	size_t pos = 0;
	ds_id_range range;
	bool too_big = false;
	bool ok = parse_id(it, &pos, &range.first, &too_big);
	range.last = range.first;
	if (ok && pos < it.len && it.start[pos] == '-') {
		pos++;
		ok = parse_id(it, &pos, &range.last, &too_big);
	}
	if (too_big) {
		return ds_error_set(err,
		                    "event id '%.*s%s' in '%.*s%s' is too large: Windows event ids "
		                    "are 0 to 65535",
		                    QUOTE(it.start, it.len), QUOTE(text, text_len));
	}
	if (!ok || pos != it.len) {
		return ds_error_set(err,
		                    "invalid event id '%.*s%s' in '%.*s%s': expected an id 0 to "
		                    "65535 or a range such as 652-655",
		                    QUOTE(it.start, it.len), QUOTE(text, text_len));
	}
	if (range.first > range.last) {
		return ds_error_set(err,
		                    "event id range '%.*s%s' in '%.*s%s' runs backwards: write the "
		                    "lower id first (%u-%u)",
		                    QUOTE(it.start, it.len), QUOTE(text, text_len), range.last,
		                    range.first);
	}
	list->ranges[list->count++] = range;
	return true;
}

bool ds_event_ids_parse(const char *text, ds_event_filter *filter, ds_error *err) {
	static const list_kind ids = {
	    "event id", "give ids such as 0,109 or ranges such as 652-655, separated by commas",
	    "give ids such as 0,109 or ranges such as 652-655"};
	id_list list = {.count = 0};
	if (!walk_list(text, &ids, take_id, &list, err)) {
		return false;
	}
	memcpy(filter->ids, list.ranges, list.count * sizeof list.ranges[0]);
	filter->id_count = list.count;
	return true;
}

typedef struct level_word {
	const char *word;
	unsigned bits;
} level_word;

/* Event Viewer's "Information" also selects level 0 (LogAlways), which classic event
 * sources write for success events and which an event without a Level has. */
#define LEVEL_INFORMATION_BITS ((1u << 4) | (1u << 0))

static const level_word level_words[] = {
    {"critical", 1u << 1},
    {"1", 1u << 1},
    {"error", 1u << 2},
    {"2", 1u << 2},
    {"warning", 1u << 3},
    {"3", 1u << 3},
    {"information", LEVEL_INFORMATION_BITS},
    {"info", LEVEL_INFORMATION_BITS},
    {"4", LEVEL_INFORMATION_BITS},
    {"verbose", 1u << 5},
    {"5", 1u << 5},
};

static bool take_level(ds_span it, const char *text, size_t text_len, void *context,
                       ds_error *err) {
	unsigned *levels = context;
	for (size_t i = 0; i < sizeof level_words / sizeof level_words[0]; i++) {
		if (equal_folded_n(it.start, it.len, level_words[i].word)) {
			*levels |= level_words[i].bits;
			return true;
		}
	}
	return ds_error_set(err,
	                    "unknown event level '%.*s%s' in '%.*s%s': expected critical, "
	                    "error, warning, information, verbose or 1 to 5",
	                    QUOTE(it.start, it.len), QUOTE(text, text_len));
}

bool ds_event_levels_parse(const char *text, ds_event_filter *filter, ds_error *err) {
	static const list_kind levels_kind = {
	    "event level",
	    "give levels such as error,warning (critical, error, warning, information, verbose or 1 "
	    "to 5)",
	    "give levels such as error,warning"};
	unsigned levels = 0;
	if (!walk_list(text, &levels_kind, take_level, &levels, err)) {
		return false;
	}
	filter->levels = levels;
	return true;
}

bool ds_event_provider_add(const char *name, ds_event_filter *filter, ds_error *err) {
	if (name == NULL || name[0] == '\0') {
		return ds_error_set(err, "empty event provider name: give the source as Event Viewer "
		                         "shows it, such as \"Directory Synchronization\"");
	}
	size_t len = strlen(name);
	if (len >= sizeof filter->providers[0]) {
		return ds_error_set(err,
		                    "event provider name '%.*s%s' is %zu bytes long: provider names "
		                    "have at most %zu",
		                    QUOTE(name, len), len, sizeof filter->providers[0] - 1);
	}
	if (strchr(name, '\'') != NULL && strchr(name, '"') != NULL) {
		return ds_error_set(err,
		                    "event provider name '%.*s%s' contains both ' and \": the event "
		                    "log query language (XPath 1.0) cannot quote such a name",
		                    QUOTE(name, len));
	}
	for (size_t i = 0; i < filter->provider_count; i++) {
		if (equal_folded(filter->providers[i], name)) {
			return true; /* already there: Windows ignores the case of the name */
		}
	}
	if (filter->provider_count >= DS_EVENT_MAX_PROVIDERS) {
		return ds_error_set(err,
		                    "too many event providers ('%.*s%s' would be number %d): give at "
		                    "most %d, or run the check once per group of providers",
		                    QUOTE(name, len), DS_EVENT_MAX_PROVIDERS + 1, DS_EVENT_MAX_PROVIDERS);
	}
	memcpy(filter->providers[filter->provider_count], name, len + 1);
	filter->provider_count++;
	return true;
}

/* A window needs a time: an event without one (a damaged export) cannot be shown to
 * be inside it, so it does not match. Without a window (since <= 0) it may. */
bool ds_event_matches(const ds_event_filter *filter, const ds_event *event) {
	if (filter->provider_count > 0) {
		bool found = false;
		for (size_t i = 0; i < filter->provider_count && !found; i++) {
			found = equal_folded(filter->providers[i], event->provider);
		}
		if (!found) {
			return false;
		}
	}
	if (filter->id_count > 0) {
		bool found = false;
		for (size_t i = 0; i < filter->id_count && !found; i++) {
			found = event->id >= filter->ids[i].first && event->id <= filter->ids[i].last;
		}
		if (!found) {
			return false;
		}
	}
	if (filter->levels != 0 &&
	    (event->level > 31 || (filter->levels & (1u << event->level)) == 0)) {
		return false;
	}
	if (filter->since > 0 && (!event->has_time || event->time < filter->since)) {
		return false;
	}
	if (filter->message[0] == '\0') {
		return true;
	}
	if (event->message_searched) {
		return event->message_found;
	}
	return contains_folded(event->message, filter->message);
}

/* "and " between the parts of the System predicate. */
static void put_and(ds_writer *w, bool *first) {
	if (!*first) {
		ds_writer_put(w, " and ");
	}
	*first = false;
}

/* XPath 1.0 string literals have no escape: a name with ' goes in double quotes. */
static bool put_provider(ds_writer *w, const char *name) {
	bool apostrophe = strchr(name, '\'') != NULL;
	if (apostrophe && strchr(name, '"') != NULL) {
		return false;
	}
	ds_writer_put(w, apostrophe ? "Provider[@Name=\"%s\"]" : "Provider[@Name='%s']", name);
	return true;
}

bool ds_event_xpath(const ds_event_filter *filter, int64_t now, char *buf, size_t size) {
	if (size == 0) {
		return false;
	}
	ds_writer w = {.buf = buf, .size = size, .len = 0, .truncated = false};
	buf[0] = '\0';
	bool any = filter->provider_count > 0 || filter->id_count > 0 || filter->levels != 0 ||
	           filter->since > 0;
	if (!any) {
		ds_writer_put(&w, "*");
		return !w.truncated;
	}
	bool first = true;
	ds_writer_put(&w, "*[System[");
	if (filter->provider_count > 0) {
		put_and(&w, &first);
		ds_writer_put(&w, "(");
		for (size_t i = 0; i < filter->provider_count; i++) {
			ds_writer_put(&w, i == 0 ? "" : " or ");
			if (!put_provider(&w, filter->providers[i])) {
				buf[0] = '\0';
				return false;
			}
		}
		ds_writer_put(&w, ")");
	}
	if (filter->id_count > 0) {
		put_and(&w, &first);
		ds_writer_put(&w, "(");
		for (size_t i = 0; i < filter->id_count; i++) {
			const ds_id_range *range = &filter->ids[i];
			ds_writer_put(&w, i == 0 ? "" : " or ");
			if (range->first == range->last) {
				ds_writer_put(&w, "EventID=%u", range->first);
			} else {
				ds_writer_put(&w, "(EventID >= %u and EventID <= %u)", range->first, range->last);
			}
		}
		ds_writer_put(&w, ")");
	}
	if (filter->levels != 0) {
		put_and(&w, &first);
		ds_writer_put(&w, "(");
		bool first_level = true;
		for (unsigned level = 0; level < 32; level++) {
			if ((filter->levels & (1u << level)) != 0) {
				ds_writer_put(&w, "%sLevel=%u", first_level ? "" : " or ", level);
				first_level = false;
			}
		}
		ds_writer_put(&w, ")");
	}
	if (filter->since > 0) {
		int64_t seconds = now - filter->since;
		if (seconds < 0) {
			seconds = 0;
		} else if (seconds > INT64_MAX / 1000) {
			seconds = INT64_MAX / 1000;
		}
		put_and(&w, &first);
		ds_writer_put(&w, "TimeCreated[timediff(@SystemTime) <= %" PRId64 "]", seconds * 1000);
	}
	ds_writer_put(&w, "]]");
	if (w.truncated) {
		buf[0] = '\0';
	}
	return !w.truncated;
}

/* Windows writes "2026-11-24T11:00:00.0000000Z"; python-evtx writes "2012-03-14
 * 04:17:43.354563", without an offset, because SystemTime is always UTC. */
bool ds_event_time_parse(const char *text, int64_t *epoch, ds_error *err) {
	size_t len = strlen(text);
	/* An offset is a Z, or a sign after the date's own hyphens (from the time on). */
	bool has_offset = len > 0 && (text[len - 1] == 'Z' || text[len - 1] == 'z');
	for (size_t i = 11; i < len && !has_offset; i++) {
		has_offset = text[i] == '+' || text[i] == '-';
	}
	char utc[96];
	if (!has_offset && len > 0 && ds_format_text(utc, sizeof utc, "%sZ", text)) {
		return ds_timestamp_parse(utc, epoch, err);
	}
	return ds_timestamp_parse(text, epoch, err);
}

bool ds_event_export_fresh(const char *path, int64_t now, int64_t max_age, ds_error *err) {
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		return true; /* reading it says why (or a FIFO, which has no age to judge) */
	}
	int64_t age = now - (int64_t)st.st_mtime;
	if (age <= max_age) {
		return true;
	}
	char text[40];
	if (!ds_duration_format(age, text, sizeof text)) {
		(void)ds_format_text(text, sizeof text, "%" PRId64 "s", age);
	}
	return ds_error_set(err,
	                    "%s is %s old: is the export job still running? (--max-file-age allows "
	                    "an older export)",
	                    path, text);
}
