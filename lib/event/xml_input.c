/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The bytes of an event export as the XML parsers read them (see xml_input.h). */
#include "event/xml_input.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "core/text.h"

static const char wrapper_open[] = "<" DS_XML_WRAPPER_NAME ">";
static const char wrapper_close[] = "</" DS_XML_WRAPPER_NAME ">";

static bool input_fail(ds_xml_input *s, const char *fmt, ...) DS_PRINTF(2, 3);

static bool input_fail(ds_xml_input *s, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	ds_error_vset(&s->error, fmt, ap);
	va_end(ap);
	s->failed = true;
	return false;
}

static bool read_error(ds_xml_input *s) {
	return input_fail(s, "cannot read %s: %s", s->name,
	                  errno != 0 ? strerror(errno) : "read error");
}

static bool check_deadline(ds_xml_input *s) {
	if (s->deadline != NULL && ds_deadline_expired(s->deadline)) {
		input_fail(s, "reading %s (%zu events read)", s->name, *s->events);
		s->error.timed_out = true;
		return false;
	}
	return true;
}

static unsigned utf16_unit(const ds_xml_input *s, const unsigned char *p) {
	return s->encoding == DS_XML_UTF16LE ? (unsigned)p[0] | (unsigned)p[1] << 8
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

static bool unpaired(ds_xml_input *s, unsigned unit, uint64_t offset) {
	return input_fail(s,
	                  "invalid UTF-16 in %s at byte %llu (line %llu): unpaired surrogate "
	                  "0x%04X; re-export the events",
	                  s->name, (unsigned long long)offset, (unsigned long long)s->lines + 1, unit);
}

/* Appends the UTF-8 for the UTF-16 in raw[0..len) to out; raw starts at file offset
 * `offset`. A trailing odd byte is kept for the next read. */
static bool decode_utf16(ds_xml_input *s, const unsigned char *raw, size_t len, uint64_t offset) {
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
static bool finish_utf16(ds_xml_input *s) {
	if (s->has_odd) {
		return input_fail(s,
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
static bool handle_prolog(ds_xml_input *s) {
	unsigned char *text = s->out;
	size_t len = s->out_len;
	size_t pos = 0;
	if (len > 5 && memcmp(text, "<?xml", 5) == 0 && is_xml_space(text[5])) {
		size_t end = 5;
		while (end + 1 < len && !(text[end] == '?' && text[end + 1] == '>')) {
			end++;
		}
		if (end + 1 >= len) {
			return true; /* unterminated: the parser reports it */
		}
		size_t value_len = 0;
		const char *value = declared_encoding((const char *)text, end, &value_len);
		if (value != NULL && !ascii_iequal(value, value_len, "utf-8") &&
		    !ascii_iequal(value, value_len, "utf-16") &&
		    !ascii_iequal(value, value_len, "utf-16le") &&
		    !ascii_iequal(value, value_len, "utf-16be")) {
			return input_fail(s,
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
		return input_fail(s,
		                  "malformed XML in %s at line %llu, column %zu: text outside any element: "
		                  "this is not an event export",
		                  s->name, (unsigned long long)line, column);
	}
	static const char doctype[] = "<!DOCTYPE";
	if (len - pos >= sizeof doctype - 1 && memcmp(text + pos, doctype, sizeof doctype - 1) == 0) {
		return input_fail(s,
		                  "unsupported DOCTYPE in %s at line %llu: event exports have none "
		                  "(entities are not expanded)",
		                  s->name, (unsigned long long)line_at(text, pos));
	}
	return true;
}

/* The first read: the byte order mark or the first bytes tell the encoding. */
static bool fill_first(ds_xml_input *s) {
	size_t got = fread(s->raw, 1, DS_XML_CHUNK, s->file);
	if (got < DS_XML_CHUNK) {
		if (ferror(s->file)) {
			return read_error(s);
		}
		s->eof = true;
	}
	s->offset = got;
	const unsigned char *r = s->raw;
	size_t skip = 0;
	s->encoding = DS_XML_UTF8;
	if (got >= 3 && r[0] == 0xEF && r[1] == 0xBB && r[2] == 0xBF) {
		skip = 3;
	} else if (got >= 2 && r[0] == 0xFF && r[1] == 0xFE) {
		s->encoding = DS_XML_UTF16LE;
		skip = 2;
	} else if (got >= 2 && r[0] == 0xFE && r[1] == 0xFF) {
		s->encoding = DS_XML_UTF16BE;
		skip = 2;
	} else if (got >= 2 && r[1] == 0 && (r[0] == '<' || is_xml_space(r[0]))) {
		s->encoding = DS_XML_UTF16LE; /* no BOM, but "<\0" is how UTF-16LE XML starts */
	} else if (got >= 2 && r[0] == 0 && (r[1] == '<' || is_xml_space(r[1]))) {
		s->encoding = DS_XML_UTF16BE;
	}
	if (s->encoding == DS_XML_UTF8) {
		memcpy(s->out, r + skip, got - skip);
		s->out_len = got - skip;
	} else if (!decode_utf16(s, r + skip, got - skip, skip)) {
		return false;
	}
	if (s->eof && s->encoding != DS_XML_UTF8 && !finish_utf16(s)) {
		return false;
	}
	return handle_prolog(s) && check_deadline(s);
}

/* The next chunk of the file, in UTF-8, in out. */
/* The next chunk of a UTF-8 file, as it is, into to[0..DS_XML_CHUNK). */
static bool read_utf8(ds_xml_input *s, unsigned char *to, size_t *len) {
	size_t got = fread(to, 1, DS_XML_CHUNK, s->file);
	if (got < DS_XML_CHUNK) {
		if (ferror(s->file)) {
			return read_error(s);
		}
		s->eof = true;
	}
	s->offset += got;
	*len = got;
	return check_deadline(s);
}

static bool fill_next(ds_xml_input *s) {
	s->out_len = 0;
	if (s->encoding == DS_XML_UTF8) {
		return read_utf8(s, s->out, &s->out_len);
	}
	size_t carried = 0;
	if (s->has_odd) {
		s->raw[0] = s->odd;
		carried = 1;
	}
	size_t got = fread(s->raw + carried, 1, DS_XML_CHUNK, s->file);
	if (got < DS_XML_CHUNK) {
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

bool ds_xml_input_in_time(ds_xml_input *in) {
	return check_deadline(in);
}

bool ds_xml_input_start(ds_xml_input *in, FILE *file, const char *name, const ds_deadline *deadline,
                        const size_t *events) {
	in->file = file;
	in->name = name;
	in->deadline = deadline;
	in->events = events;
	in->phase = DS_XML_OPEN;
	in->failed = false;
	errno = 0;
	return fill_first(in);
}

bool ds_xml_input_next(ds_xml_input *in, const unsigned char **piece, size_t *len, bool *last) {
	*last = false;
	switch (in->phase) {
		case DS_XML_OPEN:
			/* fill_first() has already put the start of the file in out. */
			in->phase = DS_XML_BODY;
			*piece = (const unsigned char *)wrapper_open;
			*len = sizeof wrapper_open - 1;
			in->given += *len;
			return true;
		case DS_XML_BODY:
			if (in->out_len > 0) {
				*piece = in->out;
				*len = in->out_len;
				in->out_len = 0;
				in->given += *len;
				return true;
			}
			if (!in->eof) {
				if (!fill_next(in)) {
					return false;
				}
				*piece = in->out;
				*len = in->out_len;
				in->out_len = 0;
				in->given += *len;
				return true;
			}
			in->phase = DS_XML_CLOSE;
			in->file_end = in->given;
			*piece = (const unsigned char *)wrapper_close;
			*len = sizeof wrapper_close - 1;
			in->given += *len;
			*last = true;
			return true;
		case DS_XML_CLOSE:
		case DS_XML_DONE:
			in->phase = DS_XML_DONE;
			*piece = NULL;
			*len = 0;
			*last = true;
			return true;
	}
	return true;
}

bool ds_xml_input_next_into(ds_xml_input *in, unsigned char *buffer, size_t *len, bool *last) {
	if (in->phase == DS_XML_BODY && in->encoding == DS_XML_UTF8 && in->out_len == 0 && !in->eof) {
		/* Most of a file: read straight into the parser's buffer, no copy. */
		*last = false;
		if (!read_utf8(in, buffer, len)) {
			return false;
		}
		in->given += *len;
		return true;
	}
	const unsigned char *piece = NULL;
	if (!ds_xml_input_next(in, &piece, len, last)) {
		return false;
	}
	if (*len > 0) {
		memcpy(buffer, piece, *len);
	}
	return true;
}
