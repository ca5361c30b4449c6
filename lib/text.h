/* Small text helpers shared by the parsers of outside input. */
#ifndef DIRSYNC_TEXT_H
#define DIRSYNC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

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

/* snprintf for texts that may be cut to fit (names in messages, notes): false when the
 * text was cut or could not be formatted; out is always terminated. */
bool ds_format_text(char *out, size_t size, const char *fmt, ...) DS_PRINTF(3, 4);

/* Reads a whole text file of at most max_bytes into a malloc'd, NUL-terminated string.
 * what names the file in error sentences ("release table"). A NUL byte means it is not
 * a text file. */
bool ds_read_text_file(const char *path, size_t max_bytes, const char *what, char **text,
                       ds_error *err);

#endif
