/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* What the fuzz harnesses share: inputs as C strings, a fixed clock, and the checks
 * that turn a broken promise of a parser into a crash that libFuzzer keeps. */
#ifndef DIRSYNC_FUZZ_H
#define DIRSYNC_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

/* libFuzzer's entry point, which every harness defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2026-11-24T14:58:21Z: a fixed "now", so that a crash reproduces on any day. */
#define FUZZ_NOW INT64_C(1795532301)

#define FUZZ_ASSERT(condition)                                                                     \
	do {                                                                                           \
		if (!(condition)) {                                                                        \
			fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #condition);        \
			abort();                                                                               \
		}                                                                                          \
	} while (0)

/* libFuzzer's bytes are not terminated; the parsers take C strings. */
static inline char *fuzz_text(const uint8_t *data, size_t size) {
	char *text = malloc(size + 1);
	FUZZ_ASSERT(text != NULL);
	if (size > 0) {
		memcpy(text, data, size);
	}
	text[size] = '\0';
	return text;
}

/* Harnesses that need a parameter besides the document (an HTTP status, a section
 * name) take it from the first line, so that the seeds stay readable text. The line
 * is terminated in place; body may hold NUL bytes. */
typedef struct fuzz_parts {
	char *head;
	const char *body;
	size_t body_len;
} fuzz_parts;

static inline fuzz_parts fuzz_split(char *text, size_t size) {
	char *newline = memchr(text, '\n', size);
	if (newline == NULL) {
		return (fuzz_parts){text, text + size, 0};
	}
	*newline = '\0';
	size_t head_len = (size_t)(newline - text);
	return (fuzz_parts){text, newline + 1, size - head_len - 1};
}

/* A failure is one sentence: never empty, never cut short (the hint that follows a
 * quoted value must still fit). */
static inline void fuzz_check_error(const ds_error *err) {
	size_t len = strnlen(err->text, sizeof err->text);
	if (len == 0 || len >= sizeof err->text - 1) {
		fprintf(stderr, "error sentence (%zu bytes): %.*s\n", len, (int)len, err->text);
	}
	FUZZ_ASSERT(len > 0);
	FUZZ_ASSERT(len < sizeof err->text - 1);
}

/* Well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF). */
static inline bool fuzz_utf8_valid(const char *text, size_t len) {
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t extra = 0;
		unsigned char low = 0x80;
		unsigned char high = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			extra = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			extra = 2;
			low = c == 0xE0 ? 0xA0 : low;
			high = c == 0xED ? 0x9F : high;
		} else if (c >= 0xF0 && c <= 0xF4) {
			extra = 3;
			low = c == 0xF0 ? 0x90 : low;
			high = c == 0xF4 ? 0x8F : high;
		} else {
			return false;
		}
		if (len - i <= extra) {
			return false;
		}
		for (size_t k = 1; k <= extra; k++) {
			unsigned char next = p[i + k];
			if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) {
				return false;
			}
		}
		i += extra + 1;
	}
	return true;
}

#endif
