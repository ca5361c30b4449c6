/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "core/error.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool ds_error_vset(ds_error *err, const char *fmt, va_list ap) {
	if (err == NULL) {
		return false;
	}
	err->timed_out = false;
	(void)ds_vformat_text(err->text, sizeof err->text, fmt, ap);
	return false;
}

bool ds_error_set(ds_error *err, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	ds_error_vset(err, fmt, ap);
	va_end(ap);
	return false;
}

bool ds_error_timeout(ds_error *err, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	ds_error_vset(err, fmt, ap);
	va_end(ap);
	if (err != NULL) {
		err->timed_out = true;
	}
	return false;
}

bool ds_error_prefix(ds_error *err, const char *fmt, ...) {
	if (err == NULL) {
		return false;
	}
	char prefix[DS_ERROR_TEXT_MAX];
	va_list ap;
	va_start(ap, fmt);
	(void)ds_vformat_text(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	/* Truncation is acceptable: the sentence stays readable, only shorter. */
	size_t prefix_len = strlen(prefix);
	size_t text_len = strlen(err->text);
	if (prefix_len + text_len >= sizeof err->text) {
		text_len = sizeof err->text - 1 - prefix_len;
	}
	memmove(err->text + prefix_len, err->text, text_len);
	memcpy(err->text, prefix, prefix_len);
	err->text[prefix_len + text_len] = '\0';
	return false;
}
