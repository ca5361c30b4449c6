/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Event XML exports on POSIX, through libxml2's streaming reader (xmlTextReader): the
 * file is read in 64 KiB chunks, converted to UTF-8 here when it is UTF-16, and handed
 * to libxml2 inside a synthetic <dirsync-events> element, because `wevtutil qe /f:xml`
 * writes a stream of <Event> elements with no root. The reader frees each subtree once
 * it has passed it, so memory stays bounded whatever the size of the export.
 *
 * The wrapper adds no newline, and the XML declaration (which cannot stand inside an
 * element) is blanked out rather than removed, so the lines and columns libxml2 reports
 * are those of the file (the wrapper is taken off the columns of line 1). No DTD can
 * appear inside the wrapper, and entities are never substituted (no XML_PARSE_NOENT, no
 * XML_PARSE_HUGE), so an entity bomb cannot expand. */
#include "event/source.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>

#include "core/text.h"
#include "event/message.h"

#define CHUNK_SIZE (64 * 1024)
/* UTF-16 grows to at most 3 bytes of UTF-8 per 2-byte unit (a surrogate pair: 4 per 4). */
#define OUT_SIZE (CHUNK_SIZE / 2 * 3 + 16)
/* How often the walk looks at the deadline (the reading also looks once per chunk). */
#define DEADLINE_EVERY 1000
/* EventID and Level texts longer than this are not numbers anyway. */
#define NUMBER_TEXT_MAX 24
/* libxml2 2.12 made the error of a structured handler const. */
#if LIBXML_VERSION >= 21200
#define DS_XML_ERROR const xmlError
#else
#define DS_XML_ERROR xmlError
#endif

static const char wrapper_open[] = "<dirsync-events>";
static const char wrapper_close[] = "</dirsync-events>";
#define WRAPPER_OPEN_LEN (sizeof wrapper_open - 1)
#define WRAPPER_NAME     "dirsync-events"
/* Start tags of EventID and Level whose places (line, column) are kept for the
 * messages: the reader's nodes know their line only. The parser reads a few KiB ahead
 * of the walk, which is far fewer tags than this. */
#define TAG_PLACES   1024
#define TAG_NAME_MAX 8

typedef enum { TAG_EVENT_ID, TAG_LEVEL, TAG_KINDS } tag_kind;

typedef struct tag_place {
	uint64_t ordinal; /* the how-many-th tag of its kind in the file, from 1 */
	uint64_t line;
	uint64_t column;
} tag_place;

typedef enum { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE } text_encoding;
typedef enum { PHASE_OPEN, PHASE_BODY, PHASE_DONE } source_phase;

/* The bytes libxml2 reads: the wrapper's start tag, the file in UTF-8, its end tag. */
typedef struct source {
	FILE *file;
	const char *name; /* the file as messages name it */
	text_encoding encoding;
	source_phase phase;
	bool eof;
	const char *piece; /* what the read callback hands out next */
	size_t piece_len;
	bool piece_is_file; /* not the wrapper's tags */
	uint64_t offset;    /* file offset of the next byte to read */
	/* UTF-16: a byte left over from an odd-sized read, a high surrogate waiting for
	 * its low half, and the line count for the messages. */
	bool has_odd;
	unsigned char odd;
	unsigned high;
	uint64_t high_offset;
	uint64_t lines;
	const ds_deadline *deadline;
	const size_t *events; /* the walk's count, for the time-out message */
	/* Where the bytes handed to libxml2 have got to, and the start tag being looked at
	 * (tag_len -1: none), for the places of the EventID and Level tags. */
	uint64_t at_line;
	uint64_t at_column;
	int tag_len;
	char tag[TAG_NAME_MAX + 1];
	uint64_t tag_line;
	uint64_t tag_column;
	uint64_t tag_count[TAG_KINDS];
	tag_place places[TAG_KINDS][TAG_PLACES];
	bool failed;
	ds_error error;
	unsigned char raw[CHUNK_SIZE + 1];
	unsigned char out[OUT_SIZE];
	size_t out_len;
} source;

/* The first error libxml2 reported (warnings are not errors). */
typedef struct xml_problem {
	bool seen;
	int line;
	int column;
	char message[160];
} xml_problem;

typedef enum {
	SECTION_NONE,
	SECTION_SYSTEM,
	SECTION_EVENT_DATA,
	SECTION_USER_DATA,
	SECTION_RENDERING
} section;
typedef enum { FIELD_NONE, FIELD_EVENT_ID, FIELD_LEVEL, FIELD_DATA, FIELD_MESSAGE } field;

/* A text of fixed size that is cut, once, at a UTF-8 boundary. */
typedef struct text_buffer {
	char *text;
	size_t size;
	size_t len;
	bool full;
} text_buffer;

typedef struct walker {
	const char *name;
	const source *source;
	bool seen_first; /* the first element has been seen */
	ds_event_sink sink;
	void *context;
	const ds_deadline *deadline;
	size_t events;
	bool stopped; /* the sink asked to stop */
	bool failed;
	ds_error error;

	bool in_event;
	int event_depth;
	long event_line;
	section section;
	field field;
	int field_depth;
	ds_event event;
	/* The three places a message may come from, in the order they win. */
	ds_event_text rendered; /* RenderingInfo/Message */
	ds_event_text data;     /* EventData/Data */
	ds_event_text user;     /* the values under UserData */
	const ds_event_search *search;
	char id_text[NUMBER_TEXT_MAX + 1];
	size_t id_len;
	bool has_id;
	char level_text[NUMBER_TEXT_MAX + 1];
	size_t level_len;
	bool has_level;
	/* The EventID and Level tags counted as the source counts them, and the places of
	 * this event's ones. */
	uint64_t tag_seen[TAG_KINDS];
	char id_place[48];
	char level_place[48];
} walker;

/* --- reading and decoding ---------------------------------------------------- */

static bool source_fail(source *s, const char *fmt, ...) DS_PRINTF(2, 3);

static bool source_fail(source *s, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	ds_error_vset(&s->error, fmt, ap);
	va_end(ap);
	s->failed = true;
	return false;
}

static bool read_error(source *s) {
	return source_fail(s, "cannot read %s: %s", s->name,
	                   errno != 0 ? strerror(errno) : "read error");
}

static bool check_deadline(source *s) {
	if (s->deadline != NULL && ds_deadline_expired(s->deadline)) {
		return source_fail(s, "timed out after %u s: reading %s (%zu events read)",
		                   s->deadline->seconds, s->name, *s->events);
	}
	return true;
}

static unsigned utf16_unit(const source *s, const unsigned char *p) {
	return s->encoding == ENC_UTF16LE ? (unsigned)p[0] | (unsigned)p[1] << 8
	                                  : (unsigned)p[0] << 8 | (unsigned)p[1];
}

static unsigned char *put_utf8(unsigned char *o, unsigned c) {
	if (c < 0x80) {
		*o++ = (unsigned char)c;
	} else if (c < 0x800) {
		*o++ = (unsigned char)(0xC0 | c >> 6);
		*o++ = (unsigned char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*o++ = (unsigned char)(0xE0 | c >> 12);
		*o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		*o++ = (unsigned char)(0x80 | (c & 0x3F));
	} else {
		*o++ = (unsigned char)(0xF0 | c >> 18);
		*o++ = (unsigned char)(0x80 | (c >> 12 & 0x3F));
		*o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		*o++ = (unsigned char)(0x80 | (c & 0x3F));
	}
	return o;
}

static bool unpaired(source *s, unsigned unit, uint64_t offset) {
	return source_fail(s,
	                   "invalid UTF-16 in %s at byte %llu (line %llu): unpaired surrogate "
	                   "0x%04X; re-export the events",
	                   s->name, (unsigned long long)offset, (unsigned long long)s->lines + 1, unit);
}

/* Appends the UTF-8 for the UTF-16 in raw[0..len) to out; raw starts at file offset
 * `offset`. A trailing odd byte is kept for the next read. */
static bool decode_utf16(source *s, const unsigned char *raw, size_t len, uint64_t offset) {
	unsigned char *o = s->out + s->out_len;
	size_t i = 0;
	for (; i + 1 < len; i += 2) {
		unsigned unit = utf16_unit(s, raw + i);
		if (s->high != 0) {
			if (unit < 0xDC00 || unit > 0xDFFF) {
				return unpaired(s, s->high, s->high_offset);
			}
			o = put_utf8(o, 0x10000 + ((s->high - 0xD800) << 10) + (unit - 0xDC00));
			s->high = 0;
		} else if (unit >= 0xD800 && unit <= 0xDBFF) {
			s->high = unit;
			s->high_offset = offset + i;
		} else if (unit >= 0xDC00 && unit <= 0xDFFF) {
			return unpaired(s, unit, offset + i);
		} else {
			if (unit == '\n') {
				s->lines++;
			}
			o = put_utf8(o, unit);
		}
	}
	s->has_odd = i < len;
	if (s->has_odd) {
		s->odd = raw[i];
	}
	s->out_len = (size_t)(o - s->out);
	return true;
}

/* At the end of a UTF-16 file nothing may be left half read. */
static bool finish_utf16(source *s) {
	if (s->has_odd) {
		return source_fail(s,
		                   "invalid UTF-16 in %s at byte %llu (line %llu): the file has an odd "
		                   "number of bytes; re-export the events",
		                   s->name, (unsigned long long)s->offset - 1,
		                   (unsigned long long)s->lines + 1);
	}
	if (s->high != 0) {
		return unpaired(s, s->high, s->high_offset);
	}
	return true;
}

static bool ascii_iequal(const char *a, size_t len, const char *b) {
	if (strlen(b) != len) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
		if (x != b[i]) {
			return false;
		}
	}
	return true;
}

static bool is_xml_space(unsigned char c) {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static uint64_t line_at(const unsigned char *text, size_t pos) {
	uint64_t line = 1;
	for (size_t i = 0; i < pos; i++) {
		line += text[i] == '\n';
	}
	return line;
}

/* The encoding="..." of an XML declaration text[0..len), or NULL. */
static const char *declared_encoding(const char *text, size_t len, size_t *value_len) {
	static const char key[] = "encoding";
	for (size_t i = 0; i + sizeof key - 1 <= len; i++) {
		if (memcmp(text + i, key, sizeof key - 1) != 0) {
			continue;
		}
		size_t p = i + sizeof key - 1;
		while (p < len && is_xml_space((unsigned char)text[p])) {
			p++;
		}
		if (p >= len || text[p] != '=') {
			continue;
		}
		p++;
		while (p < len && is_xml_space((unsigned char)text[p])) {
			p++;
		}
		if (p >= len || (text[p] != '"' && text[p] != '\'')) {
			continue;
		}
		char quote = text[p++];
		size_t start = p;
		while (p < len && text[p] != quote) {
			p++;
		}
		*value_len = p - start;
		return text + start;
	}
	return NULL;
}

/* The start of the decoded file: an XML declaration is blanked out (keeping its line
 * ends) after its encoding has been checked, and a DOCTYPE is refused. */
static bool handle_prolog(source *s) {
	unsigned char *text = s->out;
	size_t len = s->out_len;
	size_t pos = 0;
	if (len > 5 && memcmp(text, "<?xml", 5) == 0 && is_xml_space(text[5])) {
		size_t end = 5;
		while (end + 1 < len && !(text[end] == '?' && text[end + 1] == '>')) {
			end++;
		}
		if (end + 1 >= len) {
			return true; /* unterminated: libxml2 reports it */
		}
		size_t value_len = 0;
		const char *value = declared_encoding((const char *)text, end, &value_len);
		if (value != NULL && !ascii_iequal(value, value_len, "utf-8") &&
		    !ascii_iequal(value, value_len, "utf-16") &&
		    !ascii_iequal(value, value_len, "utf-16le") &&
		    !ascii_iequal(value, value_len, "utf-16be")) {
			return source_fail(s,
			                   "unsupported encoding %.*s%s in %s at line 1: re-export as UTF-8 "
			                   "or UTF-16",
			                   ds_quote_len(value_len), value, ds_quote_cut(value_len), s->name);
		}
		for (size_t i = 0; i < end + 2; i++) {
			if (text[i] != '\n' && text[i] != '\r') {
				text[i] = ' ';
			}
		}
		pos = end + 2;
	}
	while (pos < len && is_xml_space(text[pos])) {
		pos++;
	}
	if (pos < len && text[pos] != '<') {
		uint64_t line = line_at(text, pos);
		size_t column = 1;
		while (column <= pos && text[pos - column] != '\n') {
			column++;
		}
		return source_fail(
		    s,
		    "malformed XML in %s at line %llu, column %zu: text outside any element: "
		    "this is not an event export",
		    s->name, (unsigned long long)line, column);
	}
	static const char doctype[] = "<!DOCTYPE";
	if (len - pos >= sizeof doctype - 1 && memcmp(text + pos, doctype, sizeof doctype - 1) == 0) {
		return source_fail(s,
		                   "unsupported DOCTYPE in %s at line %llu: event exports have none "
		                   "(entities are not expanded)",
		                   s->name, (unsigned long long)line_at(text, pos));
	}
	return true;
}

/* The first read: the byte order mark or the first bytes tell the encoding. */
static bool fill_first(source *s) {
	size_t got = fread(s->raw, 1, CHUNK_SIZE, s->file);
	if (got < CHUNK_SIZE) {
		if (ferror(s->file)) {
			return read_error(s);
		}
		s->eof = true;
	}
	s->offset = got;
	const unsigned char *r = s->raw;
	size_t skip = 0;
	s->encoding = ENC_UTF8;
	if (got >= 3 && r[0] == 0xEF && r[1] == 0xBB && r[2] == 0xBF) {
		skip = 3;
	} else if (got >= 2 && r[0] == 0xFF && r[1] == 0xFE) {
		s->encoding = ENC_UTF16LE;
		skip = 2;
	} else if (got >= 2 && r[0] == 0xFE && r[1] == 0xFF) {
		s->encoding = ENC_UTF16BE;
		skip = 2;
	} else if (got >= 2 && r[1] == 0 && (r[0] == '<' || is_xml_space(r[0]))) {
		s->encoding = ENC_UTF16LE; /* no BOM, but "<\0" is how UTF-16LE XML starts */
	} else if (got >= 2 && r[0] == 0 && (r[1] == '<' || is_xml_space(r[1]))) {
		s->encoding = ENC_UTF16BE;
	}
	if (s->encoding == ENC_UTF8) {
		memcpy(s->out, r + skip, got - skip);
		s->out_len = got - skip;
	} else if (!decode_utf16(s, r + skip, got - skip, skip)) {
		return false;
	}
	if (s->eof && s->encoding != ENC_UTF8 && !finish_utf16(s)) {
		return false;
	}
	return handle_prolog(s) && check_deadline(s);
}

/* The next chunk of the file, in UTF-8, in out. */
static bool fill_next(source *s) {
	s->out_len = 0;
	if (s->encoding == ENC_UTF8) {
		size_t got = fread(s->out, 1, CHUNK_SIZE, s->file);
		if (got < CHUNK_SIZE) {
			if (ferror(s->file)) {
				return read_error(s);
			}
			s->eof = true;
		}
		s->offset += got;
		s->out_len = got;
		return check_deadline(s);
	}
	size_t carried = 0;
	if (s->has_odd) {
		s->raw[0] = s->odd;
		carried = 1;
	}
	size_t got = fread(s->raw + carried, 1, CHUNK_SIZE, s->file);
	if (got < CHUNK_SIZE) {
		if (ferror(s->file)) {
			return read_error(s);
		}
		s->eof = true;
	}
	uint64_t start = s->offset - carried;
	s->offset += got;
	if (!decode_utf16(s, s->raw, carried + got, start)) {
		return false;
	}
	if (s->eof && !finish_utf16(s)) {
		return false;
	}
	return check_deadline(s);
}

static bool tag_name_char(unsigned char c) {
	return c >= 0x80 || c == ':' || c == '_' || c == '-' || c == '.' || ds_is_digit((char)c) ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The start tag at s->tag ends: keeps its place when it is an EventID or a Level. */
static void end_tag_name(source *s) {
	int kind = -1;
	if (s->tag_len == 7 && memcmp(s->tag, "EventID", 7) == 0) {
		kind = TAG_EVENT_ID;
	} else if (s->tag_len == 5 && memcmp(s->tag, "Level", 5) == 0) {
		kind = TAG_LEVEL;
	}
	if (kind >= 0) {
		uint64_t ordinal = ++s->tag_count[kind];
		s->places[kind][ordinal % TAG_PLACES] =
		    (tag_place){.ordinal = ordinal, .line = s->tag_line, .column = s->tag_column};
	}
	s->tag_len = -1;
}

/* Characters (not continuation bytes) in text[0..len): the columns they take. */
static uint64_t chars_in(const unsigned char *text, size_t len) {
	size_t continuation = 0;
	for (size_t i = 0; i < len; i++) {
		continuation += (text[i] & 0xC0) == 0x80;
	}
	return len - continuation;
}

/* Moves the line and column over text[0..len), which holds no '<'. */
static void follow_plain(source *s, const unsigned char *text, size_t len) {
	const unsigned char *last = NULL;
	for (const unsigned char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL;
	     p++) {
		s->at_line++;
		last = p;
	}
	if (last != NULL) {
		s->at_column = 1 + chars_in(last + 1, (size_t)(text + len - last - 1));
	} else {
		s->at_column += chars_in(text, len);
	}
}

/* Follows the file's text as it goes to libxml2: lines, columns (in characters, as
 * XmlLite counts them) and the places of the EventID and Level start tags. Text between
 * tags is skipped a run at a time: this runs over every byte of the export. */
static void follow_text(source *s, const char *chars, size_t len) {
	const unsigned char *text = (const unsigned char *)chars;
	size_t i = 0;
	while (i < len) {
		if (s->tag_len < 0) {
			const unsigned char *lt = memchr(text + i, '<', len - i);
			size_t end = lt != NULL ? (size_t)(lt - text) : len;
			follow_plain(s, text + i, end - i);
			i = end;
			if (lt == NULL) {
				break;
			}
			s->tag_len = 0;
			s->tag_line = s->at_line;
			s->tag_column = s->at_column;
			s->at_column++;
			i++;
			continue;
		}
		unsigned char c = text[i];
		if (!tag_name_char(c)) {
			end_tag_name(s);
			continue; /* the delimiter is looked at again outside the name */
		}
		if (s->tag_len < TAG_NAME_MAX) {
			s->tag[s->tag_len++] = (char)c;
		} else {
			s->tag_len = -1; /* longer than any name looked for */
		}
		s->at_column += (c & 0xC0) != 0x80;
		i++;
	}
}

/* libxml2's input callback: the wrapper's start tag, the file, the wrapper's end tag.
 * -1 stops the parser; the reason is in s->error. */
static int read_callback(void *context, char *buffer, int len) {
	source *s = context;
	size_t want = len > 0 ? (size_t)len : 0;
	size_t given = 0;
	while (given < want) {
		if (s->piece_len > 0) {
			size_t take = s->piece_len < want - given ? s->piece_len : want - given;
			memcpy(buffer + given, s->piece, take);
			if (s->piece_is_file) {
				follow_text(s, s->piece, take);
			}
			s->piece += take;
			s->piece_len -= take;
			given += take;
			continue;
		}
		if (s->phase == PHASE_DONE || s->failed) {
			break;
		}
		if (s->phase == PHASE_OPEN) {
			/* fill_first() has already put the start of the file in out. */
			s->phase = PHASE_BODY;
		} else if (s->eof) {
			s->piece = wrapper_close;
			s->piece_len = sizeof wrapper_close - 1;
			s->piece_is_file = false;
			s->phase = PHASE_DONE;
			continue;
		} else if (!fill_next(s)) {
			return -1;
		}
		s->piece = (const char *)s->out;
		s->piece_len = s->out_len;
		s->piece_is_file = true;
	}
	return (int)given;
}

/* --- libxml2's errors ------------------------------------------------------------- */

static void ignore_generic_error(void *context, const char *message, ...) {
	(void)context;
	(void)message;
}

static void ignore_structured_error(void *context, DS_XML_ERROR *error) {
	(void)context;
	(void)error;
}

static void keep_structured_error(void *context, DS_XML_ERROR *error) {
	xml_problem *problem = context;
	if (problem->seen || error == NULL || error->level < XML_ERR_ERROR) {
		return;
	}
	problem->seen = true;
	problem->line = error->line;
	problem->column = error->int2;
	/* One line: libxml2 ends its messages with a newline and some have one inside. */
	const char *message = error->message != NULL ? error->message : "unknown error";
	size_t len = 0;
	bool blank = false;
	for (const char *c = message; *c != '\0' && len + 1 < sizeof problem->message; c++) {
		if (is_xml_space((unsigned char)*c)) {
			blank = len > 0;
			continue;
		}
		if (blank) {
			problem->message[len++] = ' ';
			blank = false;
			if (len + 1 >= sizeof problem->message) {
				break;
			}
		}
		problem->message[len++] = *c;
	}
	problem->message[len] = '\0';
}

/* libxml2's sentence, with the synthetic wrapper translated back into what it means
 * for the file. */
static void explain_problem(const xml_problem *problem, char *out, size_t size) {
	const char *m = problem->message;
	if (strstr(m, WRAPPER_NAME) == NULL) {
		if (strstr(m, "not proper UTF-8") != NULL) {
			/* "Input is not proper UTF-8, indicate encoding ! Bytes: 0xFC 0x6E ..." */
			const char *bytes = strstr(m, "Bytes: ");
			ds_format_text(out, size, "not UTF-8 (bytes %s): re-export as UTF-8 or UTF-16",
			               bytes != NULL ? bytes + 7 : "?");
			return;
		}
		ds_format_text(out, size, "%s", m);
		return;
	}
	static const char mismatch[] = "Opening and ending tag mismatch: ";
	if (strncmp(m, mismatch, sizeof mismatch - 1) == 0) {
		const char *open = m + sizeof mismatch - 1;
		const char *open_end = strchr(open, ' ');
		const char *joint = strstr(open, " and ");
		if (open_end != NULL && joint != NULL) {
			size_t open_len = (size_t)(open_end - open);
			const char *close = joint + 5;
			if (open_len == sizeof WRAPPER_NAME - 1 && memcmp(open, WRAPPER_NAME, open_len) == 0) {
				ds_format_text(out, size, "end tag </%s> without its start tag", close);
				return;
			}
			/* "Event line 3": what was still open when the file ended. */
			ds_format_text(out, size, "the file ends inside <%.*s> opened at %.*s: truncated?",
			               (int)open_len, open, (int)(joint - open_end - 1), open_end + 1);
			return;
		}
	}
	ds_format_text(out, size, "the file ends too early (%s): truncated?", m);
}

/* --- the walk ---------------------------------------------------------------------- */

static bool walk_fail(walker *w, const char *fmt, ...) DS_PRINTF(2, 3);

static bool walk_fail(walker *w, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	ds_error_vset(&w->error, fmt, ap);
	va_end(ap);
	w->failed = true;
	return false;
}

/* Appends text, cut at a character boundary when the buffer fills. libxml2 lets some
 * ill-formed UTF-8 through (overlong forms such as C0 BE in CDATA), and the text ends up
 * in the plugin's output, so each ill-formed byte becomes U+FFFD. */
static void text_append(text_buffer *b, const char *text, size_t len) {
	static const char replacement[] = "\xEF\xBF\xBD";
	size_t i = 0;
	while (!b->full && i < len) {
		size_t room = b->size - 1 - b->len;
		/* Runs of ASCII, nearly all of an event, are copied without a closer look. */
		size_t run = 0;
		while (i + run < len && run < room && (unsigned char)text[i + run] < 0x80) {
			run++;
		}
		if (run > 0) {
			memcpy(b->text + b->len, text + i, run);
			b->len += run;
			i += run;
			b->full = run == room && i < len;
			continue;
		}
		size_t char_len = ds_utf8_char_len(text + i, len - i);
		const char *piece = char_len > 0 ? text + i : replacement;
		size_t piece_len = char_len > 0 ? char_len : sizeof replacement - 1;
		if (piece_len > room) {
			b->full = true;
			break;
		}
		memcpy(b->text + b->len, piece, piece_len);
		b->len += piece_len;
		i += char_len > 0 ? char_len : 1;
	}
	b->text[b->len] = '\0';
}

static void number_append(char *text, size_t *len, const char *add, size_t add_len) {
	size_t room = NUMBER_TEXT_MAX - *len;
	if (add_len > room) {
		add_len = room;
		text[NUMBER_TEXT_MAX] = '\0';
	}
	memcpy(text + *len, add, add_len);
	*len += add_len;
	text[*len] = '\0';
}

/* A whole number in [0, max], with blanks around it allowed (pretty-printed XML). */
static bool number_parse(const char *text, size_t len, unsigned max, unsigned *value) {
	size_t start = 0;
	while (start < len && is_xml_space((unsigned char)text[start])) {
		start++;
	}
	while (len > start && is_xml_space((unsigned char)text[len - 1])) {
		len--;
	}
	if (start == len || len - start > 10) {
		return false;
	}
	unsigned long long n = 0;
	for (size_t i = start; i < len; i++) {
		if (!ds_is_digit(text[i])) {
			return false;
		}
		n = n * 10 + (unsigned)(text[i] - '0');
	}
	if (n > max) {
		return false;
	}
	*value = (unsigned)n;
	return true;
}

static long node_line(xmlTextReaderPtr reader) {
	xmlNodePtr node = xmlTextReaderCurrentNode(reader);
	long line = node != NULL ? xmlGetLineNo(node) : -1;
	/* Elements keep 16-bit lines; further down the parser's line is near enough. */
	if (line <= 0 || line >= 65535) {
		line = xmlTextReaderGetParserLineNumber(reader);
	}
	return line;
}

/* Counts an EventID or Level start tag as the source did, and writes where it is:
 * "line 7, column 142", or only the line when the source lost track of it. */
static void tag_place_text(walker *w, xmlTextReaderPtr reader, tag_kind kind, char *out,
                           size_t size) {
	uint64_t ordinal = ++w->tag_seen[kind];
	long line = node_line(reader);
	const tag_place *place = &w->source->places[kind][ordinal % TAG_PLACES];
	if (place->ordinal == ordinal && (long)place->line == line) {
		(void)ds_format_text(out, size, "line %ld, column %llu", line,
		                     (unsigned long long)place->column);
	} else {
		(void)ds_format_text(out, size, "line %ld", line);
	}
}

static void begin_event(walker *w, xmlTextReaderPtr reader, int depth) {
	w->in_event = true;
	w->event_depth = depth;
	w->event_line = node_line(reader);
	w->section = SECTION_NONE;
	w->field = FIELD_NONE;
	w->event.provider[0] = '\0';
	w->event.id = 0;
	w->event.level = 0;
	w->event.time = 0;
	w->event.has_time = false;
	ds_event_text_reset(&w->rendered, w->search);
	ds_event_text_reset(&w->data, w->search);
	ds_event_text_reset(&w->user, w->search);
	w->has_id = false;
	w->id_len = 0;
	w->has_level = false;
	w->level_len = 0;
}

static bool copy_attribute(xmlTextReaderPtr reader, const char *name, char *out, size_t size) {
	xmlChar *value = xmlTextReaderGetAttribute(reader, (const xmlChar *)name);
	if (value == NULL) {
		return false;
	}
	bool found = value[0] != '\0';
	if (found) {
		text_buffer b = {out, size, 0, false};
		text_append(&b, (const char *)value, strlen((const char *)value));
	}
	xmlFree(value);
	return found;
}

static bool read_time(walker *w, xmlTextReaderPtr reader) {
	xmlChar *value = xmlTextReaderGetAttribute(reader, (const xmlChar *)"SystemTime");
	if (value == NULL) {
		return true; /* @RawTime only, or nothing: the event has no time */
	}
	ds_error why;
	bool ok = ds_event_time_parse((const char *)value, &w->event.time, &why);
	xmlFree(value);
	if (!ok) {
		return walk_fail(w, "invalid TimeCreated/@SystemTime in %s at line %ld: %s", w->name,
		                 node_line(reader), why.text);
	}
	w->event.has_time = true;
	return true;
}

static void begin_field(walker *w, field f, int depth) {
	w->field = f;
	w->field_depth = depth;
}

/* The first element says whether this is an event export at all: a PowerShell
 * Export-Clixml file (<Objs>) or any other XML holds no <Event> to count, and reading
 * it as "0 events" would be OK where nothing was checked. */
static bool check_first(walker *w, xmlTextReaderPtr reader, const char *name, int depth) {
	if (w->seen_first || depth != 1) {
		return true;
	}
	w->seen_first = true;
	if (strcmp(name, "Event") == 0 || strcmp(name, "Events") == 0) {
		return true;
	}
	const char *qualified = (const char *)xmlTextReaderConstName(reader);
	size_t len = strlen(qualified != NULL ? qualified : name);
	return walk_fail(w,
	                 "%s is not a Windows event export: it starts with <%.*s%s>, not <Event> or "
	                 "<Events> (as wevtutil qe /f:xml writes)",
	                 w->name, ds_quote_len(len), qualified != NULL ? qualified : name,
	                 ds_quote_cut(len));
}

static bool start_element(walker *w, xmlTextReaderPtr reader, int depth) {
	const char *name = (const char *)xmlTextReaderConstLocalName(reader);
	if (name == NULL) {
		return true;
	}
	if (!check_first(w, reader, name, depth)) {
		return false;
	}
	/* Every EventID and Level tag is counted, as the source counts them. */
	const char *qualified = (const char *)xmlTextReaderConstName(reader);
	bool is_id = qualified != NULL && strcmp(qualified, "EventID") == 0;
	bool is_level = qualified != NULL && strcmp(qualified, "Level") == 0;
	char place[sizeof w->id_place];
	if (is_id || is_level) {
		tag_place_text(w, reader, is_id ? TAG_EVENT_ID : TAG_LEVEL, place, sizeof place);
	}
	if (!w->in_event) {
		if (strcmp(name, "Event") == 0) {
			begin_event(w, reader, depth);
		}
		return true;
	}
	int level = depth - w->event_depth;
	if (w->section == SECTION_USER_DATA && level >= 2) {
		ds_event_text_end_piece(&w->user); /* each value is a piece of its own */
		return true;
	}
	if (level == 1) {
		w->section = strcmp(name, "System") == 0          ? SECTION_SYSTEM
		             : strcmp(name, "EventData") == 0     ? SECTION_EVENT_DATA
		             : strcmp(name, "UserData") == 0      ? SECTION_USER_DATA
		             : strcmp(name, "RenderingInfo") == 0 ? SECTION_RENDERING
		                                                  : SECTION_NONE;
		return true;
	}
	if (level != 2) {
		return true;
	}
	switch (w->section) {
		case SECTION_SYSTEM:
			if (strcmp(name, "Provider") == 0) {
				if (!copy_attribute(reader, "Name", w->event.provider, sizeof w->event.provider)) {
					copy_attribute(reader, "EventSourceName", w->event.provider,
					               sizeof w->event.provider);
				}
			} else if (strcmp(name, "EventID") == 0) {
				w->has_id = true;
				w->id_len = 0;
				w->id_text[0] = '\0';
				memcpy(w->id_place, place, sizeof place);
				begin_field(w, FIELD_EVENT_ID, depth);
			} else if (strcmp(name, "Level") == 0) {
				w->has_level = true;
				w->level_len = 0;
				w->level_text[0] = '\0';
				memcpy(w->level_place, place, sizeof place);
				begin_field(w, FIELD_LEVEL, depth);
			} else if (strcmp(name, "TimeCreated") == 0) {
				return read_time(w, reader);
			}
			break;
		case SECTION_EVENT_DATA:
			if (strcmp(name, "Data") == 0) {
				begin_field(w, FIELD_DATA, depth);
			}
			break;
		case SECTION_RENDERING:
			if (strcmp(name, "Message") == 0) {
				begin_field(w, FIELD_MESSAGE, depth);
			}
			break;
		case SECTION_USER_DATA:
		case SECTION_NONE:
			break;
	}
	return true;
}

static bool add_text(walker *w, xmlTextReaderPtr reader, int depth, int type) {
	const char *text = (const char *)xmlTextReaderConstValue(reader);
	if (text == NULL) {
		return true;
	}
	size_t len = strlen(text);
	if (w->in_event && w->section == SECTION_USER_DATA && depth - w->event_depth >= 3) {
		ds_event_text_add(&w->user, text, len);
		return true;
	}
	if (!w->in_event || w->field == FIELD_NONE) {
		/* Directly in the wrapper: a file of text rather than XML. */
		if (depth == 1 && type != XML_READER_TYPE_SIGNIFICANT_WHITESPACE &&
		    type != XML_READER_TYPE_WHITESPACE) {
			for (size_t i = 0; i < len; i++) {
				if (!is_xml_space((unsigned char)text[i])) {
					return walk_fail(w,
					                 "malformed XML in %s at line %ld: text outside any "
					                 "element: an event export holds <Event> elements",
					                 w->name, node_line(reader));
				}
			}
		}
		return true;
	}
	switch (w->field) {
		case FIELD_EVENT_ID:
			number_append(w->id_text, &w->id_len, text, len);
			break;
		case FIELD_LEVEL:
			number_append(w->level_text, &w->level_len, text, len);
			break;
		case FIELD_DATA:
			ds_event_text_add(&w->data, text, len);
			break;
		case FIELD_MESSAGE:
			ds_event_text_add(&w->rendered, text, len);
			break;
		case FIELD_NONE:
			break;
	}
	return true;
}

static bool finish_event(walker *w) {
	w->in_event = false;
	if (!w->has_id) {
		return walk_fail(w, "invalid event in %s at line %ld: it has no System/EventID", w->name,
		                 w->event_line);
	}
	if (!number_parse(w->id_text, w->id_len, 65535, &w->event.id)) {
		return walk_fail(w,
		                 "invalid EventID '%.*s%s' in %s at %s: expected a number from 0 to "
		                 "65535",
		                 ds_quote_len(w->id_len), w->id_text, ds_quote_cut(w->id_len), w->name,
		                 w->id_place);
	}
	/* An empty <Level/> is level 0, as an absent one; a blank one is no number. */
	if (w->has_level && w->level_len > 0 &&
	    !number_parse(w->level_text, w->level_len, 255, &w->event.level)) {
		return walk_fail(w, "invalid Level '%.*s%s' in %s at %s: expected a number from 0 to 255",
		                 ds_quote_len(w->level_len), w->level_text, ds_quote_cut(w->level_len),
		                 w->name, w->level_place);
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
		return true;
	}
	if (w->events % DEADLINE_EVERY == 0 && w->deadline != NULL &&
	    ds_deadline_expired(w->deadline)) {
		return walk_fail(w, "timed out after %u s: reading %s (%zu events read)",
		                 w->deadline->seconds, w->name, w->events);
	}
	return true;
}

static bool end_element(walker *w, int depth) {
	if (!w->in_event) {
		return true;
	}
	if (w->field != FIELD_NONE && depth == w->field_depth) {
		/* Each Data value and the Message are pieces of their own. */
		ds_event_text_end_piece(w->field == FIELD_DATA ? &w->data : &w->rendered);
		w->field = FIELD_NONE;
	}
	if (w->section == SECTION_USER_DATA && depth > w->event_depth + 1) {
		ds_event_text_end_piece(&w->user);
	}
	if (depth == w->event_depth + 1) {
		w->section = SECTION_NONE;
	}
	if (depth == w->event_depth) {
		return finish_event(w);
	}
	return true;
}

static bool visit(walker *w, xmlTextReaderPtr reader) {
	int type = xmlTextReaderNodeType(reader);
	int depth = xmlTextReaderDepth(reader);
	switch (type) {
		case XML_READER_TYPE_ELEMENT:
			if (!start_element(w, reader, depth)) {
				return false;
			}
			if (xmlTextReaderIsEmptyElement(reader) == 1) {
				return end_element(w, depth);
			}
			return true;
		case XML_READER_TYPE_END_ELEMENT:
			return end_element(w, depth);
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			return add_text(w, reader, depth, type);
		default:
			return true;
	}
}

/* --- the whole ---------------------------------------------------------------------- */

static bool pass_error(ds_error *err, const ds_error *why) {
	if (err != NULL) {
		*err = *why;
	}
	return false;
}

static bool report_problem(const xml_problem *problem, xmlTextReaderPtr reader, const char *name,
                           ds_error *err) {
	long line = problem->seen ? problem->line : xmlTextReaderGetParserLineNumber(reader);
	long column = problem->seen ? problem->column : xmlTextReaderGetParserColumnNumber(reader);
	if (line == 1 && column > (long)WRAPPER_OPEN_LEN) {
		column -= (long)WRAPPER_OPEN_LEN;
	}
	char why[200];
	if (problem->seen) {
		explain_problem(problem, why, sizeof why);
	} else {
		ds_format_text(why, sizeof why, "libxml2 could not parse it");
	}
	if (column > 0) {
		return ds_error_set(err, "malformed XML in %s at line %ld, column %ld: %s", name, line,
		                    column, why);
	}
	return ds_error_set(err, "malformed XML in %s at line %ld: %s", name, line, why);
}

static bool parse(source *s, walker *w, ds_error *err) {
	xml_problem problem = {0};
	/* XML_PARSE_NONET: no fetching; no XML_PARSE_NOENT, XML_PARSE_DTDLOAD or
	 * XML_PARSE_HUGE: entities stay unexpanded and libxml2's size limits apply. */
	xmlTextReaderPtr reader =
	    xmlReaderForIO(read_callback, NULL, s, NULL, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	if (reader == NULL) {
		if (s->failed) {
			return pass_error(err, &s->error);
		}
		return ds_error_set(err, "cannot read %s: libxml2 could not start a reader", s->name);
	}
	xmlTextReaderSetStructuredErrorHandler(reader, keep_structured_error, &problem);
	int status;
	while ((status = xmlTextReaderRead(reader)) == 1) {
		if (s->failed || problem.seen || !visit(w, reader) || w->stopped) {
			break;
		}
	}
	bool ok;
	if (s->failed) {
		ok = pass_error(err, &s->error);
	} else if (w->failed) {
		ok = pass_error(err, &w->error);
	} else if (w->stopped) {
		ok = true;
	} else if (problem.seen || status < 0) {
		ok = report_problem(&problem, reader, s->name, err);
	} else {
		ok = true;
	}
	xmlFreeTextReader(reader);
	return ok;
}

bool ds_event_xml_read(const char *path, ds_event_sink sink, void *context,
                       const ds_deadline *deadline, ds_error *err) {
	return ds_event_xml_read_filtered(path, NULL, sink, context, deadline, err);
}

bool ds_event_xml_read_filtered(const char *path, const ds_event_filter *filter, ds_event_sink sink,
                                void *context, const ds_deadline *deadline, ds_error *err) {
	/* libxml2 must never print: everything it says goes through the reader's handler. */
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, ignore_generic_error);
	xmlSetStructuredErrorFunc(NULL, ignore_structured_error);

	bool from_stdin = strcmp(path, "-") == 0;
	const char *name = from_stdin ? "standard input" : path;
	FILE *file = from_stdin ? stdin : fopen(path, "rb");
	if (file == NULL) {
		return ds_error_set(err, "cannot read %s: %s", name, strerror(errno));
	}
	source *s = calloc(1, sizeof *s);
	walker *w = calloc(1, sizeof *w);
	ds_event_search *search = calloc(1, sizeof *search);
	if (s == NULL || w == NULL || search == NULL) {
		free(s);
		free(w);
		free(search);
		if (!from_stdin) {
			fclose(file);
		}
		return ds_error_set(err, "cannot read %s: out of memory", name);
	}
	s->file = file;
	s->name = name;
	s->phase = PHASE_OPEN;
	s->piece = wrapper_open;
	s->piece_len = WRAPPER_OPEN_LEN;
	s->deadline = deadline;
	s->events = &w->events;
	s->at_line = 1;
	s->at_column = 1;
	s->tag_len = -1;
	w->source = s;
	w->name = name;
	w->sink = sink;
	w->context = context;
	w->deadline = deadline;
	ds_event_search_init(search, filter);
	w->search = search;

	errno = 0;
	bool ok = fill_first(s) ? parse(s, w, err) : pass_error(err, &s->error);
	if (!from_stdin) {
		fclose(file);
	}
	free(s);
	free(w);
	free(search);
	return ok;
}
