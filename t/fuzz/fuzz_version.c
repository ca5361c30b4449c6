/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Dotted versions (--installed-version, Graph's synchronizationClientVersion): two
 * per input, one per line, parsed and compared. */
#include "fuzz.h"
#include "version/version.h"

static int sign(int value) {
	return (value > 0) - (value < 0);
}

static bool parse(const char *text, ds_version *out) {
	ds_error err = {0};
	if (!ds_version_parse(text, out, &err)) {
		fuzz_check_error(&err);
		return false;
	}
	FUZZ_ASSERT(out->count >= 1 && out->count <= DS_VERSION_MAX_PARTS);
	FUZZ_ASSERT(strcmp(out->text, text) == 0);
	FUZZ_ASSERT(ds_version_compare(out, out) == 0);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	char *text = fuzz_text(data, size);
	fuzz_parts parts = fuzz_split(text, size);
	ds_version a;
	ds_version b;
	bool has_a = parse(parts.head, &a);
	bool has_b = parse(parts.body, &b);
	if (has_a && has_b) {
		FUZZ_ASSERT(sign(ds_version_compare(&a, &b)) == -sign(ds_version_compare(&b, &a)));
	}
	free(text);
	return 0;
}
