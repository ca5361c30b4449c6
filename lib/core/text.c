/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/wipe.h"

/* strchr also finds the terminating NUL, which is never a blank. */
static bool in_set(char c, const char *set) {
	return c != '\0' && strchr(set, c) != NULL;
}

ds_span ds_span_trim_set(ds_span s, const char *blanks) {
	while (s.len > 0 && in_set(s.start[0], blanks)) {
		s.start++;
		s.len--;
	}
	while (s.len > 0 && in_set(s.start[s.len - 1], blanks)) {
		s.len--;
	}
	return s;
}

ds_span ds_span_trim(ds_span s) {
	return ds_span_trim_set(s, " \t\r");
}

bool ds_span_is(ds_span s, const char *word) {
	return s.len == strlen(word) && memcmp(s.start, word, s.len) == 0;
}

int ds_span_which(ds_span s, const char *const *words, size_t count) {
	for (size_t i = 0; i < count; i++) {
		if (ds_span_is(s, words[i])) {
			return (int)i;
		}
	}
	return -1;
}

bool ds_span_after_key(ds_span line, const char *key, ds_span *value) {
	size_t key_len = strlen(key);
	if (line.len < key_len || memcmp(line.start, key, key_len) != 0) {
		return false;
	}
	*value = ds_span_trim((ds_span){line.start + key_len, line.len - key_len});
	return true;
}

bool ds_span_copy(ds_span s, char *out, size_t size) {
	if (s.len >= size) {
		return false;
	}
	memcpy(out, s.start, s.len);
	out[s.len] = '\0';
	return true;
}

bool ds_span_fields(ds_span line, char separator, ds_span *fields, size_t count) {
	const char *p = line.start;
	const char *end = line.start + line.len;
	size_t found = 0;
	bool more = true;
	while (more && found < count) {
		const char *bar = memchr(p, separator, (size_t)(end - p));
		const char *stop = bar != NULL ? bar : end;
		fields[found++] = ds_span_trim((ds_span){p, (size_t)(stop - p)});
		more = bar != NULL;
		p = stop + 1;
	}
	return found == count && !more;
}

bool ds_span_next_line(const char **cursor, ds_span *line) {
	const char *p = *cursor;
	if (*p == '\0') {
		return false;
	}
	const char *newline = strchr(p, '\n');
	line->start = p;
	line->len = newline != NULL ? (size_t)(newline - p) : strlen(p);
	*cursor = p + line->len + (newline != NULL ? 1 : 0);
	return true;
}

size_t ds_utf8_decode(const char *s, size_t len, unsigned long *code) {
	const unsigned char *u = (const unsigned char *)s;
	if (len == 0) {
		return 0;
	}
	if (u[0] < 0x80) {
		*code = u[0];
		return 1;
	}
	size_t need;
	unsigned long min;
	unsigned long value;
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		need = 2, min = 0x80, value = u[0] & 0x1Fu;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		need = 3, min = 0x800, value = u[0] & 0x0Fu;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		need = 4, min = 0x10000, value = u[0] & 0x07u;
	} else {
		return 0;
	}
	if (len < need) {
		return 0;
	}
	for (size_t i = 1; i < need; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			return 0;
		}
		value = value << 6 | (u[i] & 0x3Fu);
	}
	if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
		return 0;
	}
	*code = value;
	return need;
}

size_t ds_utf8_char_len(const char *s, size_t len) {
	unsigned long code;
	return ds_utf8_decode(s, len, &code);
}

size_t ds_utf8_cut(const char *text, size_t len, size_t max) {
	if (len <= max) {
		return len;
	}
	size_t end = 0;
	while (end < len) {
		size_t step = ds_utf8_char_len(text + end, len - end);
		/* A byte that starts no character is a unit of its own: cutting after it splits
		 * nothing. */
		if (step == 0) {
			step = 1;
		}
		if (end + step > max) {
			break;
		}
		end += step;
	}
	return end;
}

void ds_utf8_copy_cut(const char *text, char *out, size_t size) {
	size_t len = strlen(text);
	if (len < size) {
		memcpy(out, text, len + 1);
		return;
	}
	size_t keep = ds_utf8_cut(text, len, size - 4);
	memcpy(out, text, keep);
	memcpy(out + keep, "...", 4);
}

void ds_writer_put(ds_writer *w, const char *fmt, ...) {
	if (w->truncated) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	int written = vsnprintf(w->buf + w->len, w->size - w->len, fmt, ap);
	va_end(ap);
	if (written < 0 || (size_t)written >= w->size - w->len) {
		w->truncated = true;
		w->len = w->size - 1;
		return;
	}
	w->len += (size_t)written;
}

void ds_hex_encode(const unsigned char *data, size_t len, char *out) {
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[data[i] >> 4];
		out[2 * i + 1] = digits[data[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

bool ds_vformat_text(char *out, size_t size, const char *fmt, va_list ap) {
	if (size == 0) {
		return false;
	}
	int written = vsnprintf(out, size, fmt, ap);
	if (written < 0) {
		out[0] = '\0';
		return false;
	}
	return (size_t)written < size;
}

bool ds_format_text(char *out, size_t size, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	bool whole = ds_vformat_text(out, size, fmt, ap);
	va_end(ap);
	return whole;
}

bool ds_read_file(const char *path, size_t max_bytes, const char *what, unsigned flags, char **text,
                  ds_error *err) {
	*text = NULL;
	bool hide = (flags & DS_READ_HIDE_PATH) != 0;
	const char *shown = hide ? "" : path;
	const char *space = hide ? "" : " ";
	FILE *file = fopen(path, "rb");
	if (file == NULL) {
		return ds_error_set(err, "cannot read %s%s%s: %s", what, space, shown, strerror(errno));
	}
	if ((flags & DS_READ_SECRET) != 0) {
		/* Failure only weakens the wipe. */
		(void)setvbuf(file, NULL, _IONBF, 0);
	}
	char *buffer = malloc(max_bytes + 1);
	if (buffer == NULL) {
		(void)fclose(file);
		return ds_error_set(err, "out of memory reading %s%s%s", what, space, shown);
	}
	errno = 0;
	size_t len = fread(buffer, 1, max_bytes + 1, file);
	/* The cause ("Is a directory") says what to fix; stdio need not set errno. */
	int read_errno = ferror(file) != 0 ? (errno != 0 ? errno : EIO) : 0;
	(void)fclose(file);
	if (read_errno != 0) {
		ds_error_set(err, "cannot read %s%s%s: %s", what, space, shown, strerror(read_errno));
	} else if (len > max_bytes) {
		ds_error_set(err, "%s%s%s is larger than %zu KiB", what, space, shown, max_bytes / 1024);
	} else if (memchr(buffer, '\0', len) != NULL) {
		ds_error_set(err, "%s%s%s is not a text file", what, space, shown);
	} else {
		buffer[len] = '\0';
		*text = buffer;
		return true;
	}
	if ((flags & DS_READ_SECRET) != 0) {
		ds_wipe(buffer, len < max_bytes + 1 ? len : max_bytes + 1);
	}
	free(buffer);
	return false;
}

bool ds_read_text_file(const char *path, size_t max_bytes, const char *what, char **text,
                       ds_error *err) {
	return ds_read_file(path, max_bytes, what, 0, text, err);
}
