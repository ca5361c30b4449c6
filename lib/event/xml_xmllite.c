/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* ds_event_xml_read on Windows: XmlLite (a system DLL since Windows Vista) pulls the
 * nodes, a small state machine picks the fields of each <Event>. mingw-w64 has no import
 * library for xmllite.dll, so it is loaded from the system directory at run time. */
#define COBJMACROS
#include "event/log_values.h"
#include "event/message.h"
#include "event/source.h"
#include "core/text.h"

#include <windows.h>
#include <objidl.h>
#include <xmllite.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Defined here so that no uuid library is needed. */
static const IID iid_unknown = {
    0x00000000, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID iid_sequential_stream = {
    0x0c733a30, 0x2a1c, 0x11ce, {0xad, 0xe5, 0x00, 0xaa, 0x00, 0x44, 0x77, 0x3d}};
static const IID iid_stream = {
    0x0000000c, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID iid_xml_reader = {
    0x7279fc81, 0x709d, 0x4095, {0xb6, 0x3d, 0x69, 0xfe, 0x4b, 0x0d, 0x90, 0x30}};

typedef HRESULT(WINAPI *create_xml_reader_fn)(REFIID, void **, IMalloc *);

#define DEADLINE_EVERY_EVENTS 1000u
/* XmlLite gives an element's place as that of its name, one after the '<'. */
#define XMLLITE_NAME_OFFSET  1u
#define DEADLINE_EVERY_NODES 65536u

/* ------------------------------------------------------------ the stream --- */

/* Just enough of an IStream over a FILE* for XmlLite, which only calls Read (the
 * ISequentialStream part). The object lives on the caller's stack: Release does not
 * free it, and the reader is released before the stack frame ends.
 *
 * A `wevtutil qe /f:xml` export is a stream of <Event> elements with no root. XmlLite
 * on Windows can read that with XmlConformanceLevel_Fragment, but wine's XmlLite does
 * not implement the property and stops at the second <Event>; and whether a fragment
 * may start with an XML declaration is not documented. So the stream hands XmlLite
 * one well-formed document on every system: the file's XML declaration, a synthetic
 * <dirsync-events> start tag, the rest of the file, and the end tag. The tag adds no
 * line, so lines stay those of the file; columns on its line are corrected in the
 * messages.
 *
 * UTF-16 (a byte order mark, or "<\0" / "\0<" at the start) is converted to UTF-8 here
 * and its declaration blanked out: wine's XmlLite never frees its raw buffer for
 * UTF-16 and fails after the first 8 KiB or so, reads no big-endian at all (no nodes,
 * no error), and takes UTF-16 without a byte order mark for UTF-8. UTF-8 and anything
 * else go to XmlLite as they are, without a UTF-8 byte order mark. */
#define CHUNK        4096 /* even: UTF-16 units never straddle two chunks */
#define WRAPPER_NAME "dirsync-events"
static const char wrapper_open[] = "<" WRAPPER_NAME ">";
static const char wrapper_close[] = "</" WRAPPER_NAME ">";

typedef enum phase {
	PHASE_HEAD,      /* the XML declaration */
	PHASE_OPEN,      /* the wrapper's start tag */
	PHASE_HEAD_REST, /* the rest of the first chunk */
	PHASE_BODY,      /* the rest of the file, a chunk at a time */
	PHASE_CLOSE,     /* the wrapper's end tag */
	PHASE_DONE,
} phase;

typedef struct file_stream {
	IStream iface;
	LONG refs;
	FILE *file;
	int read_errno; /* not 0: reading failed */
	bool bad_text;  /* the file is not valid UTF-16: problem says why */
	char problem[160];
	bool utf16;
	bool big_endian;
	bool at_end;  /* the whole file has been read */
	wchar_t high; /* a high surrogate at the end of a chunk, waiting for its low half */
	phase phase;
	const unsigned char *piece; /* what Read hands out next */
	size_t piece_len;
	unsigned char raw[CHUNK];
	unsigned char out[(CHUNK / 2 + 1) * 3]; /* the chunk as XmlLite gets it */
	size_t out_len;
	size_t split; /* out[0..split) goes before the wrapper's start tag */
	size_t rest;  /* and out[rest..out_len) after it */
	/* The position after the last character read so far, in lines and columns (from
	 * 1) of the file, and how to turn XmlLite's columns on the line of the wrapper's
	 * start tag into those of the file: columns above fix_after move by fix_delta. */
	UINT line;
	UINT column;
	UINT fix_line;
	int fix_after;
	int fix_delta;
	UINT doctype_line; /* not 0: the file starts with a DTD */
} file_stream;

/* Moves the end position over text handed to XmlLite. */
static void track(file_stream *s, const unsigned char *text, size_t len) {
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n') {
			s->line++;
			s->column = 1;
		} else if ((text[i] & 0xC0) != 0x80) {
			s->column++;
		}
	}
}

static bool starts_with(const unsigned char *text, size_t len, const char *word) {
	size_t word_len = strlen(word);
	return len >= word_len && memcmp(text, word, word_len) == 0;
}

static bool is_space(unsigned char c) {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The length of the XML declaration at text, or 0 when there is none (or it does not
 * end within the first chunk: XmlLite then reports it). */
static size_t declaration_length(const unsigned char *text, size_t len) {
	if (!starts_with(text, len, "<?xml") || len <= 5 || !is_space(text[5])) {
		return 0; /* <?xml-stylesheet ...?> is a processing instruction */
	}
	for (size_t i = 5; i + 1 < len; i++) {
		if (text[i] == '?' && text[i + 1] == '>') {
			return i + 2;
		}
	}
	return 0;
}

static bool bad_utf16(file_stream *s, const char *why) {
	s->bad_text = true;
	(void)ds_format_text(s->problem, sizeof s->problem, "after line %u: %s", (unsigned)s->line,
	                     why);
	return false;
}

/* Reads the next chunk of the file into raw; false on a read error. */
static bool read_raw(file_stream *s, size_t *got) {
	*got = fread(s->raw, 1, CHUNK, s->file);
	if (*got < CHUNK) {
		if (ferror(s->file)) {
			s->read_errno = errno != 0 ? errno : EIO;
			return false;
		}
		s->at_end = true;
	}
	return true;
}

/* UTF-16 bytes to UTF-8 in out. */
static bool decode_utf16(file_stream *s, const unsigned char *bytes, size_t len) {
	wchar_t wide[CHUNK / 2 + 1];
	size_t n = 0;
	if (s->high != 0) {
		wide[n++] = s->high;
		s->high = 0;
	}
	if (len % 2 != 0) {
		return bad_utf16(s, "the file has an odd number of bytes");
	}
	for (size_t i = 0; i < len; i += 2) {
		wide[n++] = (wchar_t)(s->big_endian ? (unsigned)bytes[i] << 8 | bytes[i + 1]
		                                    : (unsigned)bytes[i] | (unsigned)bytes[i + 1] << 8);
	}
	if (n > 0 && IS_HIGH_SURROGATE(wide[n - 1]) && !s->at_end) {
		s->high = wide[--n];
	}
	s->out_len = 0;
	if (n == 0) {
		return true;
	}
	int made = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, wide, (int)n, (char *)s->out,
	                               (int)sizeof s->out, NULL, NULL);
	if (made <= 0) {
		return bad_utf16(s, "a surrogate without its other half");
	}
	s->out_len = (size_t)made;
	return true;
}

/* The next chunk of the file, as XmlLite gets it, in out. */
static bool fill(file_stream *s) {
	size_t got = 0;
	if (!read_raw(s, &got)) {
		return false;
	}
	if (s->utf16) {
		return decode_utf16(s, s->raw, got);
	}
	memcpy(s->out, s->raw, got);
	s->out_len = got;
	return true;
}

/* Reads the first chunk of the file: its encoding, byte order mark and declaration. */
static bool stream_start(file_stream *s) {
	size_t got = 0;
	if (!read_raw(s, &got)) {
		return false;
	}
	const unsigned char *r = s->raw;
	size_t bom = 0;
	if (got >= 3 && r[0] == 0xEF && r[1] == 0xBB && r[2] == 0xBF) {
		bom = 3;
	} else if (got >= 2 && ((r[0] == 0xFF && r[1] == 0xFE) || (r[0] == 0xFE && r[1] == 0xFF))) {
		s->utf16 = true;
		s->big_endian = r[0] == 0xFE;
		bom = 2;
	} else if (got >= 2 && (r[0] == 0) != (r[1] == 0)) {
		s->utf16 = true; /* "<\0" or "\0<": UTF-16 without a byte order mark */
		s->big_endian = r[0] == 0;
	}
	s->line = 1;
	s->column = 1;
	if (s->utf16) {
		if (!decode_utf16(s, r + bom, got - bom)) {
			return false;
		}
	} else {
		memcpy(s->out, r + bom, got - bom);
		s->out_len = got - bom;
	}
	size_t declaration = declaration_length(s->out, s->out_len);
	int wrapper_len = (int)(sizeof wrapper_open - 1);
	track(s, s->out, declaration);
	if (s->utf16 && declaration > 0) {
		/* It names UTF-16, which the text no longer is: drop it, but keep its line ends,
		 * after the wrapper (wine's XmlLite finds no nodes after leading blanks). */
		size_t newlines = 0;
		int after = 0; /* characters after its last line end */
		for (size_t i = 0; i < declaration; i++) {
			if (s->out[i] == '\n') {
				newlines++;
				after = 0;
			} else if ((s->out[i] & 0xC0) != 0x80) {
				after++;
			}
		}
		memset(s->out + declaration - newlines, '\n', newlines);
		s->split = 0;
		s->rest = declaration - newlines;
		s->fix_line = s->line;
		s->fix_after = newlines == 0 ? wrapper_len : 0;
		s->fix_delta = newlines == 0 ? after - wrapper_len : after;
	} else {
		s->split = declaration;
		s->rest = declaration;
		s->fix_line = s->line;
		s->fix_after = (int)s->column;
		s->fix_delta = -wrapper_len;
	}
	/* A DTD cannot stand inside the wrapper; say what it is rather than where it broke. */
	size_t at = declaration;
	while (at < s->out_len && is_space(s->out[at])) {
		at++;
	}
	track(s, s->out + declaration, at - declaration);
	if (starts_with(s->out + at, s->out_len - at, "<!DOCTYPE")) {
		s->doctype_line = s->line;
	}
	track(s, s->out + at, s->out_len - at);
	s->phase = PHASE_HEAD;
	s->piece = s->out;
	s->piece_len = s->split;
	return true;
}

static file_stream *stream_of(IStream *iface) {
	return (file_stream *)(void *)iface;
}

static HRESULT STDMETHODCALLTYPE stream_query_interface(IStream *iface, REFIID riid,
                                                        void **object) {
	if (object == NULL) {
		return E_POINTER;
	}
	if (IsEqualIID(riid, &iid_unknown) || IsEqualIID(riid, &iid_sequential_stream) ||
	    IsEqualIID(riid, &iid_stream)) {
		*object = iface;
		IStream_AddRef(iface);
		return S_OK;
	}
	*object = NULL;
	return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE stream_add_ref(IStream *iface) {
	return (ULONG)InterlockedIncrement(&stream_of(iface)->refs);
}

static ULONG STDMETHODCALLTYPE stream_release(IStream *iface) {
	return (ULONG)InterlockedDecrement(&stream_of(iface)->refs);
}

/* Moves to the next piece once the current one is used up; false at the end or on an
 * error. */
static bool next_piece(file_stream *s) {
	switch (s->phase) {
		case PHASE_HEAD:
			s->phase = PHASE_OPEN;
			s->piece = (const unsigned char *)wrapper_open;
			s->piece_len = sizeof wrapper_open - 1;
			return true;
		case PHASE_OPEN:
			s->phase = PHASE_HEAD_REST;
			s->piece = s->out + s->rest;
			s->piece_len = s->out_len - s->rest;
			return true;
		case PHASE_HEAD_REST:
		case PHASE_BODY:
			if (s->at_end) {
				s->phase = PHASE_CLOSE;
				s->piece = (const unsigned char *)wrapper_close;
				s->piece_len = sizeof wrapper_close - 1;
				return true;
			}
			s->phase = PHASE_BODY;
			if (!fill(s)) {
				return false;
			}
			track(s, s->out, s->out_len);
			s->piece = s->out;
			s->piece_len = s->out_len;
			return true;
		default:
			s->phase = PHASE_DONE;
			return false;
	}
}

static HRESULT STDMETHODCALLTYPE stream_read(IStream *iface, void *buffer, ULONG size,
                                             ULONG *done) {
	file_stream *s = stream_of(iface);
	unsigned char *out = buffer;
	size_t given = 0;
	while (given < size) {
		if (s->piece_len > 0) {
			size_t take = s->piece_len < size - given ? s->piece_len : size - given;
			memcpy(out + given, s->piece, take);
			s->piece += take;
			s->piece_len -= take;
			given += take;
		} else if (!next_piece(s)) {
			break;
		}
	}
	if (done != NULL) {
		*done = (ULONG)given;
	}
	if (s->read_errno != 0 || s->bad_text) {
		return STG_E_READFAULT;
	}
	return given == size ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE stream_write(IStream *iface, const void *buffer, ULONG size,
                                              ULONG *done) {
	(void)iface;
	(void)buffer;
	(void)size;
	if (done != NULL) {
		*done = 0;
	}
	return STG_E_ACCESSDENIED;
}

static HRESULT STDMETHODCALLTYPE stream_seek(IStream *iface, LARGE_INTEGER move, DWORD origin,
                                             ULARGE_INTEGER *position) {
	(void)iface;
	(void)move;
	(void)origin;
	(void)position;
	return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE stream_set_size(IStream *iface, ULARGE_INTEGER size) {
	(void)iface;
	(void)size;
	return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE stream_copy_to(IStream *iface, IStream *to, ULARGE_INTEGER size,
                                                ULARGE_INTEGER *read, ULARGE_INTEGER *written) {
	(void)iface;
	(void)to;
	(void)size;
	(void)read;
	(void)written;
	return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE stream_commit(IStream *iface, DWORD flags) {
	(void)iface;
	(void)flags;
	return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE stream_revert(IStream *iface) {
	(void)iface;
	return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE stream_lock_region(IStream *iface, ULARGE_INTEGER offset,
                                                    ULARGE_INTEGER size, DWORD type) {
	(void)iface;
	(void)offset;
	(void)size;
	(void)type;
	return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE stream_stat(IStream *iface, STATSTG *stat, DWORD flags) {
	(void)iface;
	(void)stat;
	(void)flags;
	return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE stream_clone(IStream *iface, IStream **clone) {
	(void)iface;
	if (clone != NULL) {
		*clone = NULL;
	}
	return E_NOTIMPL;
}

static IStreamVtbl stream_vtbl = {
    .QueryInterface = stream_query_interface,
    .AddRef = stream_add_ref,
    .Release = stream_release,
    .Read = stream_read,
    .Write = stream_write,
    .Seek = stream_seek,
    .SetSize = stream_set_size,
    .CopyTo = stream_copy_to,
    .Commit = stream_commit,
    .Revert = stream_revert,
    .LockRegion = stream_lock_region,
    .UnlockRegion = stream_lock_region,
    .Stat = stream_stat,
    .Clone = stream_clone,
};

/* ------------------------------------------------------------ the parser --- */

typedef enum section {
	SECTION_OTHER,
	SECTION_SYSTEM,
	SECTION_EVENT_DATA,
	SECTION_USER_DATA,
	SECTION_RENDERING,
} section;

typedef enum field {
	FIELD_NONE,
	FIELD_ID,
	FIELD_LEVEL,
	FIELD_DATA,
	FIELD_MESSAGE,
} field;

typedef struct parse {
	const char *path;
	IXmlReader *reader;
	const file_stream *stream;
	bool seen_first; /* the first element has been seen */
	ds_event_sink sink;
	void *context;
	const ds_deadline *deadline;
	unsigned long long events;
	bool stopped; /* the sink asked to stop */

	unsigned open;   /* elements open */
	int event_depth; /* depth of the open <Event>, -1 outside one */
	section section; /* the child of <Event> we are in */
	field field;     /* the element whose text is being collected */
	unsigned field_depth;
	char field_place[48]; /* "line 7, column 122" of the field's start tag */

	ds_event event;
	char text[64]; /* the text of the EventID or Level being collected */
	bool text_cut;
	/* The three places a message may come from, in the order they win. */
	ds_event_text rendered; /* RenderingInfo/Message */
	ds_event_text data;     /* EventData/Data */
	ds_event_text user;     /* the values under UserData */
	const ds_event_search *search;
	bool has_id;
	UINT event_line;
} parse;

static bool name_is(const wchar_t *name, UINT len, const wchar_t *expected) {
	size_t expected_len = wcslen(expected);
	return len == expected_len && wmemcmp(name, expected, expected_len) == 0;
}

static UINT line_now(IXmlReader *reader) {
	UINT line = 0;
	if (FAILED(IXmlReader_GetLineNumber(reader, &line))) {
		line = 0;
	}
	return line;
}

/* The value of an attribute (no namespace) of the current element as UTF-8 in out;
 * false when the element has no such attribute. Leaves the reader on the element. */
static bool attribute(parse *p, const wchar_t *name, char *out, size_t size) {
	const wchar_t *value = NULL;
	UINT len = 0;
	out[0] = '\0';
	HRESULT hr = IXmlReader_MoveToAttributeByName(p->reader, name, NULL);
	bool found = hr == S_OK && SUCCEEDED(IXmlReader_GetValue(p->reader, &value, &len));
	if (found) {
		(void)ds_utf16_append(out, size, value, len);
	}
	(void)IXmlReader_MoveToElement(p->reader);
	return found;
}

/* "line 7, column 122": where the current element's start tag begins, in the file's
 * lines and columns (XmlLite counts from the name, after the '<'). */
static void place_now(parse *p, char *out, size_t size) {
	UINT line = 0;
	UINT column = 0;
	(void)IXmlReader_GetLineNumber(p->reader, &line);
	(void)IXmlReader_GetLinePosition(p->reader, &column);
	if (line == p->stream->fix_line && (int)column > p->stream->fix_after) {
		column = (UINT)((int)column + p->stream->fix_delta);
	}
	if (column > 1) {
		(void)ds_format_text(out, size, "line %u, column %u", (unsigned)line,
		                     (unsigned)column - XMLLITE_NAME_OFFSET);
	} else {
		(void)ds_format_text(out, size, "line %u", (unsigned)line);
	}
}

static void start_event(parse *p) {
	memset(&p->event, 0, sizeof p->event);
	ds_event_text_reset(&p->rendered, p->search);
	ds_event_text_reset(&p->data, p->search);
	ds_event_text_reset(&p->user, p->search);
	p->has_id = false;
	p->event_line = line_now(p->reader);
	p->section = SECTION_OTHER;
	p->field = FIELD_NONE;
}

static bool finish_event(parse *p, ds_error *err) {
	if (!p->has_id) {
		return ds_error_set(err, "invalid event in %s at line %u: it has no System/EventID",
		                    p->path, (unsigned)p->event_line);
	}
	ds_event_text_end_piece(&p->rendered);
	ds_event_text_end_piece(&p->data);
	ds_event_text_finish(ds_event_text_has_text(&p->rendered) ? &p->rendered
	                     : ds_event_text_has_text(&p->data)   ? &p->data
	                                                          : &p->user,
	                     &p->event);
	p->event_depth = -1;
	p->events++;
	if (!p->sink(&p->event, p->context)) {
		p->stopped = true;
		return true;
	}
	if (p->events % DEADLINE_EVERY_EVENTS == 0 && ds_deadline_expired(p->deadline)) {
		return ds_error_set(err, "timed out after %u s: reading %s (%llu events read)",
		                    p->deadline->seconds, p->path, p->events);
	}
	return true;
}

static bool is_blank(char c) {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* "109", " 4 ": a decimal number up to 4294967295 with blanks around it allowed
 * (pretty-printed XML). */
static bool parse_number(const char *text, unsigned long long *out) {
	while (is_blank(*text)) {
		text++;
	}
	if (!ds_is_digit(*text)) {
		return false;
	}
	unsigned long long value = 0;
	for (; ds_is_digit(*text); text++) {
		value = value * 10 + (unsigned long long)(*text - '0');
		if (value > 0xFFFFFFFFull) {
			return false;
		}
	}
	while (is_blank(*text)) {
		text++;
	}
	*out = value;
	return *text == '\0';
}

static bool finish_field(parse *p, ds_error *err) {
	unsigned long long number = 0;
	field done = p->field;
	size_t len = strlen(p->text);
	p->field = FIELD_NONE;
	switch (done) {
		case FIELD_ID:
			p->has_id = true;
			/* An export writes the Qualifiers of a legacy id apart: a number above 65535
			 * is damage, not an id to cut to its low 16 bits (65645 is not 109). */
			if (p->text_cut || !parse_number(p->text, &number) || number > 65535) {
				return ds_error_set(err,
				                    "invalid EventID '%.*s%s' in %s at %s: expected a number "
				                    "from 0 to 65535",
				                    ds_quote_len(len), p->text, ds_quote_cut(len), p->path,
				                    p->field_place);
			}
			p->event.id = (unsigned)number;
			return true;
		case FIELD_LEVEL:
			/* An empty <Level/> is level 0, as an absent one; a blank one is no number. */
			if (!p->text_cut && len == 0) {
				return true;
			}
			if (p->text_cut || !parse_number(p->text, &number) || number > 255) {
				return ds_error_set(err,
				                    "invalid Level '%.*s%s' in %s at %s: expected a number from 0 "
				                    "to 255",
				                    ds_quote_len(len), p->text, ds_quote_cut(len), p->path,
				                    p->field_place);
			}
			p->event.level = (unsigned)number;
			return true;
		case FIELD_DATA:
			ds_event_text_end_piece(&p->data);
			return true;
		case FIELD_MESSAGE:
			ds_event_text_end_piece(&p->rendered);
			return true;
		default:
			return true;
	}
}

static bool read_time(parse *p, ds_error *err) {
	char text[80];
	if (!attribute(p, L"SystemTime", text, sizeof text)) {
		return true;
	}
	ds_error why;
	if (!ds_event_time_parse(text, &p->event.time, &why)) {
		return ds_error_set(err, "invalid TimeCreated/@SystemTime in %s at line %u: %s", p->path,
		                    (unsigned)line_now(p->reader), why.text);
	}
	p->event.has_time = true;
	return true;
}

static void read_provider(parse *p) {
	if (!attribute(p, L"Name", p->event.provider, sizeof p->event.provider) ||
	    p->event.provider[0] == '\0') {
		(void)attribute(p, L"EventSourceName", p->event.provider, sizeof p->event.provider);
	}
}

/* A child of <System>, <EventData> or <RenderingInfo>. */
static bool element_in_section(parse *p, const wchar_t *name, UINT len, bool empty, ds_error *err) {
	field start = FIELD_NONE;
	if (p->section == SECTION_SYSTEM) {
		if (name_is(name, len, L"Provider")) {
			read_provider(p);
		} else if (name_is(name, len, L"TimeCreated")) {
			return read_time(p, err);
		} else if (name_is(name, len, L"EventID")) {
			start = FIELD_ID;
		} else if (name_is(name, len, L"Level")) {
			start = FIELD_LEVEL;
		}
	} else if (p->section == SECTION_EVENT_DATA && name_is(name, len, L"Data")) {
		start = FIELD_DATA;
	} else if (p->section == SECTION_RENDERING && name_is(name, len, L"Message")) {
		start = FIELD_MESSAGE;
	}
	if (start == FIELD_NONE) {
		return true;
	}
	p->field = start;
	p->field_depth = p->open;
	if (start == FIELD_ID || start == FIELD_LEVEL) {
		place_now(p, p->field_place, sizeof p->field_place);
	}
	p->text[0] = '\0';
	p->text_cut = false;
	return empty ? finish_field(p, err) : true;
}

/* The first element says whether this is an event export at all: a PowerShell
 * Export-Clixml file (<Objs>) or any other XML holds no <Event> to count, and reading
 * it as "0 events" would be OK where nothing was checked. */
static bool not_an_export(parse *p, ds_error *err) {
	const wchar_t *name = NULL;
	UINT len = 0;
	char text[128] = "";
	if (SUCCEEDED(IXmlReader_GetQualifiedName(p->reader, &name, &len))) {
		(void)ds_utf16_append(text, sizeof text, name, len);
	}
	size_t text_len = strlen(text);
	return ds_error_set(err,
	                    "%s is not a Windows event export: it starts with <%.*s%s>, not <Event> or "
	                    "<Events> (as wevtutil qe /f:xml writes)",
	                    p->path, ds_quote_len(text_len), text, ds_quote_cut(text_len));
}

static bool on_element(parse *p, ds_error *err) {
	const wchar_t *name = NULL;
	UINT len = 0;
	if (FAILED(IXmlReader_GetLocalName(p->reader, &name, &len))) {
		return true;
	}
	bool empty = IXmlReader_IsEmptyElement(p->reader) != FALSE;
	bool ok = true;
	if (!p->seen_first && p->open == 1) {
		p->seen_first = true;
		if (!name_is(name, len, L"Event") && !name_is(name, len, L"Events")) {
			return not_an_export(p, err);
		}
	}
	if (p->event_depth >= 0 && p->section == SECTION_USER_DATA &&
	    p->open - (unsigned)p->event_depth >= 2) {
		ds_event_text_end_piece(&p->user); /* each value is a piece of its own */
	}
	if (p->event_depth < 0) {
		if (name_is(name, len, L"Event")) {
			start_event(p);
			p->event_depth = (int)p->open;
			if (empty) {
				return finish_event(p, err);
			}
		}
	} else if (p->field == FIELD_NONE) {
		unsigned relative = p->open - (unsigned)p->event_depth;
		if (relative == 1) {
			p->section = name_is(name, len, L"System")          ? SECTION_SYSTEM
			             : name_is(name, len, L"EventData")     ? SECTION_EVENT_DATA
			             : name_is(name, len, L"UserData")      ? SECTION_USER_DATA
			             : name_is(name, len, L"RenderingInfo") ? SECTION_RENDERING
			                                                    : SECTION_OTHER;
		} else if (relative == 2) {
			ok = element_in_section(p, name, len, empty, err);
		}
	}
	if (!empty) {
		p->open++;
	}
	return ok;
}

static bool on_end_element(parse *p, ds_error *err) {
	if (p->open > 0) {
		p->open--;
	}
	if (p->field != FIELD_NONE && p->open == p->field_depth && !finish_field(p, err)) {
		return false;
	}
	if (p->event_depth >= 0) {
		unsigned relative = p->open - (unsigned)p->event_depth;
		if (p->section == SECTION_USER_DATA && relative >= 2) {
			ds_event_text_end_piece(&p->user);
		}
		if (relative == 0) {
			return finish_event(p, err);
		}
		if (relative == 1) {
			p->section = SECTION_OTHER;
		}
	}
	return true;
}

/* UTF-16 text of any length to a message, a slice at a time (never splitting a
 * surrogate pair): the message is searched whole, however long. */
static void add_wide(ds_event_text *t, const wchar_t *text, UINT len) {
	char utf8[3 * 512];
	while (len > 0) {
		UINT take = len < 512 ? len : 512;
		if (take < len && IS_HIGH_SURROGATE(text[take - 1])) {
			take--;
		}
		int bytes =
		    WideCharToMultiByte(CP_UTF8, 0, text, (int)take, utf8, (int)sizeof utf8, NULL, NULL);
		if (bytes > 0) {
			ds_event_text_add(t, utf8, (size_t)bytes);
		}
		text += take;
		len -= take;
	}
}

static bool on_text(parse *p, XmlNodeType type, ds_error *err) {
	const wchar_t *value = NULL;
	UINT len = 0;
	if (FAILED(IXmlReader_GetValue(p->reader, &value, &len))) {
		return true;
	}
	if (p->open == 1 && type != XmlNodeType_Whitespace) {
		/* Directly in the wrapper: a file of text rather than XML. */
		for (UINT i = 0; i < len; i++) {
			if (value[i] != L' ' && value[i] != L'\t' && value[i] != L'\r' && value[i] != L'\n') {
				return ds_error_set(err,
				                    "malformed XML in %s at line %u: text outside any element: "
				                    "an event export holds <Event> elements",
				                    p->path, (unsigned)line_now(p->reader));
			}
		}
	}
	if (p->field == FIELD_DATA) {
		add_wide(&p->data, value, len);
	} else if (p->field == FIELD_MESSAGE) {
		add_wide(&p->rendered, value, len);
	} else if (p->field != FIELD_NONE) {
		if (!ds_utf16_append(p->text, sizeof p->text, value, len)) {
			p->text_cut = true;
		}
	} else if (p->event_depth >= 0 && p->section == SECTION_USER_DATA &&
	           p->open - (unsigned)p->event_depth >= 2) {
		add_wide(&p->user, value, len);
	}
	return true;
}

static const char *hresult_text(HRESULT hr) {
	switch ((unsigned long)hr) {
		case MX_E_INPUTEND:
			return ": the file ends inside the XML";
		case MX_E_ENCODING:
		case MX_E_ENCODINGSWITCH:
		case MX_E_ENCODINGSIGNATURE:
		case WC_E_ENCNAME:
			return ": an encoding XmlLite cannot read; re-export as UTF-8 or UTF-16";
		case WC_E_ELEMENTMATCH:
			return ": an end tag does not match its start tag";
		case WC_E_XMLCHARACTER:
			return ": a character that XML does not allow";
		case WC_E_DTDPROHIBITED:
			return ": a DTD, which event exports never have";
		case WC_E_UNDECLAREDENTITY:
			return ": an unknown entity";
		default:
			return "";
	}
}

static bool malformed(parse *p, const file_stream *stream, HRESULT hr, ds_error *err) {
	UINT line = 0;
	UINT column = 0;
	(void)IXmlReader_GetLineNumber(p->reader, &line);
	(void)IXmlReader_GetLinePosition(p->reader, &column);
	if (line == stream->fix_line && (int)column > stream->fix_after) {
		column = (UINT)((int)column + stream->fix_delta);
	}
	if (stream->at_end &&
	    (line > stream->line || (line == stream->line && column >= stream->column))) {
		/* The error is in the wrapper's end tag: the file stopped inside an element. */
		return ds_error_set(err,
		                    "malformed XML in %s at line %u, column %u (error 0x%08lX): the "
		                    "file ends inside an element: cut short?",
		                    p->path, (unsigned)stream->line, (unsigned)stream->column,
		                    (unsigned long)hr);
	}
	return ds_error_set(err, "malformed XML in %s at line %u, column %u (error 0x%08lX)%s", p->path,
	                    (unsigned)line, (unsigned)column, (unsigned long)hr, hresult_text(hr));
}

static bool pull(parse *p, file_stream *stream, ds_error *err) {
	unsigned long nodes = 0;
	for (;;) {
		XmlNodeType type = XmlNodeType_None;
		HRESULT hr = IXmlReader_Read(p->reader, &type);
		if (stream->read_errno != 0) {
			return ds_error_set(err, "cannot read %s: %s", p->path, strerror(stream->read_errno));
		}
		if (stream->bad_text) {
			return ds_error_set(err, "invalid UTF-16 in %s %s; re-export the events", p->path,
			                    stream->problem);
		}
		if (hr == S_FALSE) {
			break;
		}
		if (hr != S_OK) {
			return malformed(p, stream, hr, err);
		}
		bool ok = true;
		switch (type) {
			case XmlNodeType_Element:
				ok = on_element(p, err);
				break;
			case XmlNodeType_EndElement:
				ok = on_end_element(p, err);
				break;
			case XmlNodeType_Text:
			case XmlNodeType_CDATA:
			case XmlNodeType_Whitespace:
				ok = on_text(p, type, err);
				break;
			default:
				break;
		}
		if (!ok || p->stopped) {
			return ok;
		}
		if (++nodes % DEADLINE_EVERY_NODES == 0 && ds_deadline_expired(p->deadline)) {
			return ds_error_set(err, "timed out after %u s: reading %s (%llu events read)",
			                    p->deadline->seconds, p->path, p->events);
		}
	}
	if (p->open > 0) {
		return ds_error_set(err,
		                    "malformed XML in %s at line %u: the file ends inside an element "
		                    "(cut short?)",
		                    p->path, (unsigned)line_now(p->reader));
	}
	return true;
}

/* xmllite.dll from the system directory, never from the current one. */
static HMODULE load_xmllite(void) {
	wchar_t path[MAX_PATH];
	UINT len = GetSystemDirectoryW(path, MAX_PATH);
	static const wchar_t name[] = L"\\xmllite.dll";
	if (len == 0 || len + sizeof name / sizeof name[0] > MAX_PATH) {
		return NULL;
	}
	wmemcpy(path + len, name, sizeof name / sizeof name[0]);
	return LoadLibraryW(path);
}

static bool read_stream(FILE *file, const char *path, const ds_event_search *search,
                        ds_event_sink sink, void *context, const ds_deadline *deadline,
                        ds_error *err) {
	HMODULE xmllite = load_xmllite();
	if (xmllite == NULL) {
		return ds_error_set(err,
		                    "cannot load xmllite.dll (error %lu), which reads the XML export: it "
		                    "is part of Windows since Vista",
		                    (unsigned long)GetLastError());
	}
	create_xml_reader_fn create =
	    (create_xml_reader_fn)(void (*)(void))GetProcAddress(xmllite, "CreateXmlReader");
	IXmlReader *reader = NULL;
	HRESULT hr = create != NULL ? create(&iid_xml_reader, (void **)&reader, NULL) : E_NOINTERFACE;
	if (FAILED(hr) || reader == NULL) {
		FreeLibrary(xmllite);
		return ds_error_set(err, "cannot start XmlLite's reader (error 0x%08lX)",
		                    (unsigned long)hr);
	}
	file_stream stream = {.iface = {.lpVtbl = &stream_vtbl}, .refs = 1, .file = file};
	/* The stream makes one document of the file (see file_stream): no fragment needed,
	 * and no DTD, so no entity can expand. Wine implements neither property (it returns
	 * E_NOTIMPL), but reads documents and refuses a DTD by default. */
	(void)IXmlReader_SetProperty(reader, XmlReaderProperty_DtdProcessing, DtdProcessing_Prohibit);
	(void)IXmlReader_SetProperty(reader, XmlReaderProperty_ConformanceLevel,
	                             XmlConformanceLevel_Document);
	bool ok;
	if (!stream_start(&stream)) {
		ok = stream.bad_text
		         ? ds_error_set(err, "invalid UTF-16 in %s %s; re-export the events", path,
		                        stream.problem)
		         : ds_error_set(err, "cannot read %s: %s", path, strerror(stream.read_errno));
	} else if (stream.doctype_line != 0) {
		ok = ds_error_set(err,
		                  "unsupported DOCTYPE in %s at line %u: event exports have none "
		                  "(entities are not expanded)",
		                  path, (unsigned)stream.doctype_line);
	} else if (FAILED(hr = IXmlReader_SetInput(reader, (IUnknown *)&stream.iface))) {
		ok = ds_error_set(err, "cannot read %s: XmlLite refused the input (error 0x%08lX)", path,
		                  (unsigned long)hr);
	} else {
		parse p = {
		    .path = path,
		    .reader = reader,
		    .stream = &stream,
		    .search = search,
		    .sink = sink,
		    .context = context,
		    .deadline = deadline,
		    .event_depth = -1,
		};
		ok = pull(&p, &stream, err);
		(void)IXmlReader_SetInput(reader, NULL);
	}
	IXmlReader_Release(reader);
	FreeLibrary(xmllite);
	return ok;
}

bool ds_event_xml_read(const char *path, ds_event_sink sink, void *context,
                       const ds_deadline *deadline, ds_error *err) {
	return ds_event_xml_read_filtered(path, NULL, sink, context, deadline, err);
}

bool ds_event_xml_read_filtered(const char *path, const ds_event_filter *filter, ds_event_sink sink,
                                void *context, const ds_deadline *deadline, ds_error *err) {
	bool use_stdin = strcmp(path, "-") == 0;
	FILE *file = stdin;
	if (use_stdin) {
		(void)_setmode(_fileno(stdin), _O_BINARY);
		path = "standard input";
	} else {
		file = fopen(path, "rb");
		if (file == NULL) {
			return ds_error_set(err, "cannot read %s: %s", path, strerror(errno));
		}
	}
	ds_event_search *search = malloc(sizeof *search);
	bool ok;
	if (search == NULL) {
		ok = ds_error_set(err, "cannot read %s: out of memory", path);
	} else {
		ds_event_search_init(search, filter);
		ok = read_stream(file, path, search, sink, context, deadline, err);
		free(search);
	}
	if (!use_stdin) {
		(void)fclose(file);
	}
	return ok;
}
