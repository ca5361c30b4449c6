/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "version/version.h"
#include "core/number.h"
#include "core/text.h"

#include <string.h>

#define VERSION_EXPECTED "dotted numbers such as 2.5.79.0"

/* The limits are spelled out in the messages below; keep them in step. */
_Static_assert(DS_VERSION_MAX_PARTS == 6, "update the 'more than 6 parts' message");
_Static_assert(DS_VERSION_TEXT_MAX == 64, "update the 'longer than 63 characters' message");

static bool report(ds_error *err, const char *text, const char *reason) {
	if (text == NULL) {
		return ds_error_set(err, "no version given: expected " VERSION_EXPECTED);
	}
	size_t len = strlen(text);
	if (reason == NULL) {
		return ds_error_set(err, "invalid version '%.*s%s': expected " VERSION_EXPECTED,
		                    ds_quote_len(len), text, ds_quote_cut(len));
	}
	return ds_error_set(err, "invalid version '%.*s%s': %s; expected " VERSION_EXPECTED,
	                    ds_quote_len(len), text, ds_quote_cut(len), reason);
}

/* One part at *at; leading zeros are allowed because versions like 1.0.494.0501
 * appear in the wild and mean 501. */
/* One part at *at; leading zeros are allowed because versions like 1.0.494.0501
 * appear in the wild and mean 501. */
static bool scan_part(const char **at, uint32_t *value, const char **reason) {
	uint64_t result = 0;
	size_t used = 0;
	ds_number_result found = ds_number_prefix(ds_span_of(*at), UINT32_MAX, &result, &used);
	if (found == DS_NUMBER_TOO_LARGE) {
		*reason = "a part is larger than 4294967295";
	}
	if (found != DS_NUMBER_OK) {
		return false;
	}
	*at += used;
	*value = (uint32_t)result;
	return true;
}

static bool scan_parts(const char *text, ds_version *v, const char **reason) {
	const char *at = text;
	for (;;) {
		if (v->count == DS_VERSION_MAX_PARTS) {
			*reason = "it has more than 6 parts";
			return false;
		}
		if (!scan_part(&at, &v->parts[v->count], reason)) {
			return false;
		}
		v->count++;
		if (*at == '\0') {
			return true;
		}
		if (*at != '.') {
			return false;
		}
		at++;
	}
}

bool ds_version_parse(const char *text, ds_version *out, ds_error *err) {
	if (text == NULL || *text == '\0') {
		return report(err, text, NULL);
	}
	size_t length = strlen(text);
	if (length >= DS_VERSION_TEXT_MAX) {
		return report(err, text, "it is longer than 63 characters");
	}
	/* Parsed into a copy so that *out is untouched when the text is rejected. */
	ds_version v = {.count = 0};
	const char *reason = NULL;
	if (!scan_parts(text, &v, &reason)) {
		return report(err, text, reason);
	}
	memcpy(v.text, text, length + 1);
	*out = v;
	return true;
}

int ds_version_compare(const ds_version *a, const ds_version *b) {
	size_t count = a->count > b->count ? a->count : b->count;
	for (size_t i = 0; i < count; i++) {
		uint32_t left = i < a->count ? a->parts[i] : 0;
		uint32_t right = i < b->count ? b->parts[i] : 0;
		if (left != right) {
			return left < right ? -1 : 1;
		}
	}
	return 0;
}
