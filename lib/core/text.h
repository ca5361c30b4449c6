/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Small text helpers shared by the parsers of outside input. */
#ifndef DIRSYNC_CORE_TEXT_H
#define DIRSYNC_CORE_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/* User text quoted in an error sentence is cut here, so that the hint after it (what
 * was expected) always fits in a ds_error. */
#define DS_QUOTE_MAX 64

/* Arguments for "'%.*s%s'": the length to print and "..." when the text was cut. */
static inline int ds_quote_len(size_t len) {
	return (int)(len > DS_QUOTE_MAX ? DS_QUOTE_MAX : len);
}

static inline const char *ds_quote_cut(size_t len) {
	return len > DS_QUOTE_MAX ? "..." : "";
}

/* ASCII digits only: isdigit() follows the locale. */
static inline bool ds_is_digit(char c) {
	return c >= '0' && c <= '9';
}

/* The length (1 to 4) of the well-formed UTF-8 character at s[0..len), or 0 where there
 * is none: a stray continuation byte, a cut sequence, an overlong form, a surrogate or a
 * value beyond U+10FFFF (RFC 3629). */
size_t ds_utf8_char_len(const char *s, size_t len);

/* The same, with the character's code point in *code (untouched when the answer is 0). */
size_t ds_utf8_decode(const char *s, size_t len, unsigned long *code);

/* The UTF-8-safe truncation: the length of the longest start of text[0..len) of at most
 * max bytes that does not end inside a well-formed character (a byte that starts none
 * counts as one unit). Every cut of outside text to a byte budget goes through here. */
size_t ds_utf8_cut(const char *text, size_t len, size_t max);

/* Copies text into out (size bytes, size >= 4), cut between characters and ended with
 * "..." when it does not fit: an alert names a value, it does not reproduce it. */
void ds_utf8_copy_cut(const char *text, char *out, size_t size);

/* Lower-case hex of data[0..len) into out, which holds 2 * len + 1 bytes (terminated):
 * the one hex encoder (cache keys, certificate fingerprints, UUIDs). */
void ds_hex_encode(const unsigned char *data, size_t len, char *out);

/* The blanks that table lines may carry around their fields (CR from CRLF files). */
static inline bool ds_is_blank(char c) {
	return c == ' ' || c == '\t' || c == '\r';
}

/* A piece of a larger text, not terminated: what the line-based table parsers split. */
typedef struct ds_span {
	const char *start;
	size_t len;
} ds_span;

/* The span of a NUL-terminated text (NULL gives the empty span). */
static inline ds_span ds_span_of(const char *text) {
	ds_span s = {text, 0};
	while (text != NULL && text[s.len] != '\0') {
		s.len++;
	}
	return s;
}

/* Without blanks (space, tab, CR) at either end. */
ds_span ds_span_trim(ds_span s);

/* Without the characters of blanks at either end, for the readers whose blanks differ
 * (an ini file also skips VT and FF, a command-line list only space and tab). */
ds_span ds_span_trim_set(ds_span s, const char *blanks);

/* The whole span is word. */
bool ds_span_is(ds_span s, const char *word);

/* Which of the count words the whole span is (a table's keyword, listed in the order of
 * its enum), or -1. */
int ds_span_which(ds_span s, const char *const *words, size_t count);

/* When line starts with key ("as-of:"), value is the trimmed rest and the answer true. */
bool ds_span_after_key(ds_span line, const char *key, ds_span *value);

/* Copies s terminated into out; false when it does not fit (nothing is cut). */
bool ds_span_copy(ds_span s, char *out, size_t size);

/* Splits line at separator into exactly count trimmed fields; false for more or fewer. */
bool ds_span_fields(ds_span line, char separator, ds_span *fields, size_t count);

/* The next line of the NUL-terminated text at *cursor (without its newline), moving the
 * cursor past it; false at the end of the text. */
bool ds_span_next_line(const char **cursor, ds_span *line);

/* A bounded writer, so that each piece of a composed text is appended with one check.
 * A piece that does not fit is cut (buf stays terminated and holds what fits), truncated
 * is set and later pieces are dropped. */
typedef struct ds_writer {
	char *buf;
	size_t size; /* at least 1 */
	size_t len;
	bool truncated;
} ds_writer;

void ds_writer_put(ds_writer *w, const char *fmt, ...) DS_PRINTF(2, 3);

/* snprintf for texts that may be cut to fit (names in messages, notes): false when the
 * text was cut or could not be formatted; out is always terminated. */
bool ds_format_text(char *out, size_t size, const char *fmt, ...) DS_PRINTF(3, 4);

/* ds_format_text for a function of its own that takes "...". */
bool ds_vformat_text(char *out, size_t size, const char *fmt, va_list ap) DS_PRINTF(3, 0);

/* Reads a whole text file of at most max_bytes into a malloc'd, NUL-terminated string.
 * what names the file in error sentences ("release table"). A NUL byte means it is not
 * a text file. The one bounded file reader of the plugins; flags: */
#define DS_READ_SECRET                                                                             \
	1u /* unbuffered (no copy in stdio's buffer) and wiped when                                    \
	      refused; the caller wipes what it gets (ds_wipe) */
#define DS_READ_HIDE_PATH                                                                          \
	2u /* sentences name what, not the path (a secret given as the                                 \
	      path by mistake must not show) */
bool ds_read_file(const char *path, size_t max_bytes, const char *what, unsigned flags, char **text,
                  ds_error *err);
bool ds_read_text_file(const char *path, size_t max_bytes, const char *what, char **text,
                       ds_error *err);

#endif
