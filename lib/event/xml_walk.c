/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* XML nodes to events, for both builds (see xml_walk.h). Depths below count the
 * wrapper as 0: a top-level element is at depth 1, its text at depth 2. */
#include "event/xml_walk.h"

#include <stdarg.h>
#include <string.h>

#include "core/number.h"
#include "core/text.h"

/* How often the walk looks at the deadline (the input also looks once per chunk). */
#define DEADLINE_EVERY 1000

static bool walk_fail(ds_xml_walk *w, const char *fmt, ...) DS_PRINTF(2, 3);

static bool walk_fail(ds_xml_walk *w, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	ds_error_vset(&w->error, fmt, ap);
	va_end(ap);
	w->failed = true;
	return false;
}

static bool is_xml_space(unsigned char c) {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The name without its namespace prefix. */
static const char *local_name(const char *name, size_t len, size_t *local_len) {
	const char *colon = memchr(name, ':', len);
	const char *last = colon;
	while (colon != NULL) {
		last = colon;
		colon = memchr(colon + 1, ':', len - (size_t)(colon + 1 - name));
	}
	if (last == NULL) {
		*local_len = len;
		return name;
	}
	*local_len = len - (size_t)(last + 1 - name);
	return last + 1;
}

static bool name_is(const char *name, size_t len, const char *expected) {
	return strlen(expected) == len && memcmp(name, expected, len) == 0;
}

/* "line 7, column 142", or only the line when the column is not known. */
static void place_text(uint64_t line, uint64_t column, char *out, size_t size) {
	if (column > 0) {
		(void)ds_format_text(out, size, "line %llu, column %llu", (unsigned long long)line,
		                     (unsigned long long)column);
	} else {
		(void)ds_format_text(out, size, "line %llu", (unsigned long long)line);
	}
}

/* Appends text to out[0..size), cut once at a character boundary when it fills. Each
 * ill-formed byte becomes U+FFFD: the text ends up in the plugin's output. */
static void copy_text(char *out, size_t size, const char *text, size_t len) {
	static const char replacement[] = "\xEF\xBF\xBD";
	size_t used = 0;
	size_t i = 0;
	while (i < len) {
		size_t char_len = ds_utf8_char_len(text + i, len - i);
		const char *piece = char_len > 0 ? text + i : replacement;
		size_t piece_len = char_len > 0 ? char_len : sizeof replacement - 1;
		if (piece_len > size - 1 - used) {
			break;
		}
		memcpy(out + used, piece, piece_len);
		used += piece_len;
		i += char_len > 0 ? char_len : 1;
	}
	out[used] = '\0';
}

static void number_begin(ds_xml_number *number, uint64_t line, uint64_t column) {
	number->seen = true;
	number->len = 0;
	number->text[0] = '\0';
	number->line = line;
	number->column = column;
}

static void number_append(ds_xml_number *number, const char *add, size_t add_len) {
	size_t room = DS_XML_NUMBER_MAX - number->len;
	if (add_len > room) {
		add_len = room;
	}
	memcpy(number->text + number->len, add, add_len);
	number->len += add_len;
	number->text[number->len] = '\0';
}

/* A whole number in [0, max], with blanks around it allowed (pretty-printed XML), of at
 * most 10 digits. */
static bool number_parse(const ds_xml_number *number, unsigned max, unsigned *value) {
	ds_span digits = ds_span_trim_set((ds_span){number->text, number->len}, " \t\r\n");
	uint64_t n = 0;
	if (digits.len > 10 || ds_number_parse(digits, max, &n) != DS_NUMBER_OK) {
		return false;
	}
	*value = (unsigned)n;
	return true;
}

void ds_xml_walk_init(ds_xml_walk *w, const char *name, const ds_event_search *search,
                      ds_event_sink sink, void *context, const ds_deadline *deadline) {
	memset(w, 0, sizeof *w);
	w->name = name;
	w->search = search;
	w->sink = sink;
	w->context = context;
	w->deadline = deadline;
}

static void begin_event(ds_xml_walk *w, unsigned depth, uint64_t line) {
	w->in_event = true;
	w->event_depth = depth;
	w->event_line = line;
	w->section = DS_XML_SECTION_NONE;
	w->field = DS_XML_FIELD_NONE;
	memset(&w->event, 0, sizeof w->event);
	ds_event_text_reset(&w->rendered, w->search);
	ds_event_text_reset(&w->data, w->search);
	ds_event_text_reset(&w->user, w->search);
	w->id.seen = false;
	w->level.seen = false;
}

static bool read_provider(ds_xml_walk *w, ds_xml_attribute_fn attribute, void *tag) {
	char value[sizeof w->event.provider];
	if ((!attribute(tag, "Name", value, sizeof value) || value[0] == '\0') &&
	    !attribute(tag, "EventSourceName", value, sizeof value)) {
		return true;
	}
	copy_text(w->event.provider, sizeof w->event.provider, value, strlen(value));
	return true;
}

static bool read_time(ds_xml_walk *w, uint64_t line, ds_xml_attribute_fn attribute, void *tag) {
	char value[128];
	if (!attribute(tag, "SystemTime", value, sizeof value)) {
		return true; /* @RawTime only, or nothing: the event has no time */
	}
	ds_error why;
	if (!ds_event_time_parse(value, &w->event.time, &why)) {
		return walk_fail(w, "invalid TimeCreated/@SystemTime in %s at line %llu: %s", w->name,
		                 (unsigned long long)line, why.text);
	}
	w->event.has_time = true;
	return true;
}

static void begin_field(ds_xml_walk *w, ds_xml_field f, unsigned depth) {
	w->field = f;
	w->field_depth = depth;
}

/* The first element says whether this is an event export at all: a PowerShell
 * Export-Clixml file (<Objs>) or any other XML holds no <Event> to count, and reading
 * it as "0 events" would be OK where nothing was checked. */
static bool check_first(ds_xml_walk *w, const char *name, size_t len, const char *local,
                        size_t local_len) {
	w->seen_first = true;
	if (name_is(local, local_len, "Event") || name_is(local, local_len, "Events")) {
		return true;
	}
	return walk_fail(w,
	                 "%s is not a Windows event export: it starts with <%.*s%s>, not <Event> or "
	                 "<Events> (as wevtutil qe /f:xml writes)",
	                 w->name, ds_quote_len(len), name, ds_quote_cut(len));
}

/* A child of <System>, <EventData> or <RenderingInfo>. */
static bool start_in_section(ds_xml_walk *w, const char *local, size_t len, unsigned depth,
                             uint64_t line, uint64_t column, ds_xml_attribute_fn attribute,
                             void *tag) {
	switch (w->section) {
		case DS_XML_SECTION_SYSTEM:
			if (name_is(local, len, "Provider")) {
				return read_provider(w, attribute, tag);
			}
			if (name_is(local, len, "EventID")) {
				number_begin(&w->id, line, column);
				begin_field(w, DS_XML_FIELD_EVENT_ID, depth);
			} else if (name_is(local, len, "Level")) {
				number_begin(&w->level, line, column);
				begin_field(w, DS_XML_FIELD_LEVEL, depth);
			} else if (name_is(local, len, "TimeCreated")) {
				return read_time(w, line, attribute, tag);
			}
			return true;
		case DS_XML_SECTION_EVENT_DATA:
			if (name_is(local, len, "Data")) {
				begin_field(w, DS_XML_FIELD_DATA, depth);
			}
			return true;
		case DS_XML_SECTION_RENDERING:
			if (name_is(local, len, "Message")) {
				begin_field(w, DS_XML_FIELD_MESSAGE, depth);
			}
			return true;
		case DS_XML_SECTION_USER_DATA:
		case DS_XML_SECTION_NONE:
			return true;
	}
	return true;
}

bool ds_xml_walk_start(ds_xml_walk *w, const char *name, size_t name_len, uint64_t line,
                       uint64_t column, ds_xml_attribute_fn attribute, void *tag) {
	if (w->depth >= DS_XML_MAX_DEPTH) {
		return ds_xml_walk_malformed(w, line, column,
		                             "elements nested deeper than 256 levels: this is not an "
		                             "event export");
	}
	ds_xml_open *open = &w->open[w->depth];
	size_t keep = name_len < DS_XML_NAME_MAX ? name_len : DS_XML_NAME_MAX;
	memcpy(open->name, name, keep);
	open->name[keep] = '\0';
	open->line = line;
	unsigned depth = ++w->depth;
	size_t len = 0;
	const char *local = local_name(name, name_len, &len);
	if (!w->seen_first && !check_first(w, name, name_len, local, len)) {
		return false;
	}
	if (!w->in_event) {
		if (name_is(local, len, "Event")) {
			begin_event(w, depth, line);
		}
		return true;
	}
	unsigned level = depth - w->event_depth;
	if (w->section == DS_XML_SECTION_USER_DATA && level >= 2) {
		ds_event_text_end_piece(&w->user); /* each value is a piece of its own */
		return true;
	}
	if (level == 1) {
		w->section = name_is(local, len, "System")          ? DS_XML_SECTION_SYSTEM
		             : name_is(local, len, "EventData")     ? DS_XML_SECTION_EVENT_DATA
		             : name_is(local, len, "UserData")      ? DS_XML_SECTION_USER_DATA
		             : name_is(local, len, "RenderingInfo") ? DS_XML_SECTION_RENDERING
		                                                    : DS_XML_SECTION_NONE;
		return true;
	}
	if (level != 2 || w->field != DS_XML_FIELD_NONE) {
		return true;
	}
	return start_in_section(w, local, len, depth, line, column, attribute, tag);
}

bool ds_xml_walk_text(ds_xml_walk *w, const char *text, size_t len, uint64_t line,
                      uint64_t column) {
	unsigned depth = w->depth + 1; /* of the text */
	if (w->in_event && w->section == DS_XML_SECTION_USER_DATA && depth - w->event_depth >= 3) {
		ds_event_text_add(&w->user, text, len);
		return true;
	}
	if (!w->in_event || w->field == DS_XML_FIELD_NONE) {
		if (depth != 1) {
			return true;
		}
		/* Directly in the wrapper: a file of text rather than XML. */
		for (size_t i = 0; i < len; i++) {
			if (!is_xml_space((unsigned char)text[i])) {
				return ds_xml_walk_malformed(w, line, column,
				                             "text outside any element: an event export holds "
				                             "<Event> elements");
			}
			if (text[i] == '\n') {
				line++;
				column = column > 0 ? 1 : 0;
			} else if (column > 0) {
				column++;
			}
		}
		return true;
	}
	switch (w->field) {
		case DS_XML_FIELD_EVENT_ID:
			number_append(&w->id, text, len);
			break;
		case DS_XML_FIELD_LEVEL:
			number_append(&w->level, text, len);
			break;
		case DS_XML_FIELD_DATA:
			ds_event_text_add(&w->data, text, len);
			break;
		case DS_XML_FIELD_MESSAGE:
			ds_event_text_add(&w->rendered, text, len);
			break;
		case DS_XML_FIELD_NONE:
			break;
	}
	return true;
}

bool ds_xml_walk_wants_text(const ds_xml_walk *w) {
	return w->depth == 0 || (w->in_event && (w->field != DS_XML_FIELD_NONE ||
	                                         w->section == DS_XML_SECTION_USER_DATA));
}

static bool finish_event(ds_xml_walk *w) {
	w->in_event = false;
	if (!w->id.seen) {
		return walk_fail(w, "invalid event in %s at line %llu: it has no System/EventID", w->name,
		                 (unsigned long long)w->event_line);
	}
	/* An export writes the Qualifiers of a legacy id apart: a number above 65535 is
	 * damage, not an id to cut to its low 16 bits (65645 is not 109). */
	char place[48];
	if (!number_parse(&w->id, 65535, &w->event.id)) {
		place_text(w->id.line, w->id.column, place, sizeof place);
		return walk_fail(w,
		                 "invalid EventID '%.*s%s' in %s at %s: expected a number from 0 to "
		                 "65535",
		                 ds_quote_len(w->id.len), w->id.text, ds_quote_cut(w->id.len), w->name,
		                 place);
	}
	/* An empty <Level/> is level 0, as an absent one; a blank one is no number. */
	if (w->level.seen && w->level.len > 0 && !number_parse(&w->level, 255, &w->event.level)) {
		place_text(w->level.line, w->level.column, place, sizeof place);
		return walk_fail(w, "invalid Level '%.*s%s' in %s at %s: expected a number from 0 to 255",
		                 ds_quote_len(w->level.len), w->level.text, ds_quote_cut(w->level.len),
		                 w->name, place);
	}
	ds_event_text_end_piece(&w->rendered);
	ds_event_text_end_piece(&w->data);
	ds_event_text_finish(ds_event_text_has_text(&w->rendered) ? &w->rendered
	                     : ds_event_text_has_text(&w->data)   ? &w->data
	                                                          : &w->user,
	                     &w->event);
	w->events++;
	if (!w->sink(&w->event, w->context)) {
		w->stopped = true;
		return false;
	}
	if (w->events % DEADLINE_EVERY == 0 && w->deadline != NULL &&
	    ds_deadline_expired(w->deadline)) {
		walk_fail(w, "reading %s (%zu events read)", w->name, w->events);
		w->error.timed_out = true;
		return false;
	}
	return true;
}

bool ds_xml_walk_end(ds_xml_walk *w) {
	if (w->depth == 0) {
		return true; /* the wrapper: the parser has already matched it */
	}
	unsigned depth = w->depth--;
	if (!w->in_event) {
		return true;
	}
	if (w->field != DS_XML_FIELD_NONE && depth == w->field_depth) {
		/* Each Data value and the Message are pieces of their own. */
		if (w->field == DS_XML_FIELD_DATA) {
			ds_event_text_end_piece(&w->data);
		} else if (w->field == DS_XML_FIELD_MESSAGE) {
			ds_event_text_end_piece(&w->rendered);
		}
		w->field = DS_XML_FIELD_NONE;
	}
	if (w->section == DS_XML_SECTION_USER_DATA && depth > w->event_depth + 1) {
		ds_event_text_end_piece(&w->user);
	}
	if (depth == w->event_depth + 1) {
		w->section = DS_XML_SECTION_NONE;
	}
	if (depth == w->event_depth) {
		return finish_event(w);
	}
	return true;
}

bool ds_xml_walk_malformed(ds_xml_walk *w, uint64_t line, uint64_t column, const char *why) {
	char place[48];
	place_text(line, column, place, sizeof place);
	return walk_fail(w, "malformed XML in %s at %s: %s", w->name, place, why);
}

bool ds_xml_walk_end_mismatch(ds_xml_walk *w, uint64_t line, uint64_t column, const char *name,
                              size_t name_len) {
	char tag[DS_XML_NAME_MAX + 16] = "an end tag";
	if (name != NULL) {
		(void)ds_format_text(tag, sizeof tag, "end tag </%.*s%s>", ds_quote_len(name_len), name,
		                     ds_quote_cut(name_len));
	}
	char why[DS_XML_NAME_MAX * 2 + 96];
	if (w->depth == 0) {
		(void)ds_format_text(why, sizeof why, "%s without its start tag", tag);
	} else {
		const ds_xml_open *open = &w->open[w->depth - 1];
		(void)ds_format_text(why, sizeof why, "%s does not match <%s> opened at line %llu", tag,
		                     open->name, (unsigned long long)open->line);
	}
	return ds_xml_walk_malformed(w, line, column, why);
}

bool ds_xml_walk_cut_short(ds_xml_walk *w, uint64_t line, uint64_t column) {
	char why[DS_XML_NAME_MAX + 96];
	if (w->depth == 0) {
		(void)ds_format_text(why, sizeof why, "the file ends too early: truncated?");
	} else {
		const ds_xml_open *open = &w->open[w->depth - 1];
		(void)ds_format_text(why, sizeof why,
		                     "the file ends inside <%s> opened at line %llu: truncated?",
		                     open->name, (unsigned long long)open->line);
	}
	return ds_xml_walk_malformed(w, line, column, why);
}

bool ds_xml_walk_doctype(ds_xml_walk *w, uint64_t line) {
	return walk_fail(w,
	                 "unsupported DOCTYPE in %s at line %llu: event exports have none (entities "
	                 "are not expanded)",
	                 w->name, (unsigned long long)line);
}
